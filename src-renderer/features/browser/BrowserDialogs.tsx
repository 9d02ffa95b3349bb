/** The one dialog the browser may have open (new folder, rename, delete, move/copy), the failures of the last operation, and a move's or copy's question about taken destinations. */
import { DeleteDialog } from './DeleteDialog';
import { FailuresDialog } from './FailuresDialog';
import { FolderZipTargetDialog } from './FolderZipTargetDialog';
import { NewFolderDialog } from './NewFolderDialog';
import { RenameDialog } from './RenameDialog';
import { TransferConflictDialog } from './TransferConflictDialog';
import { TransferDialog } from './TransferDialog';
import type { BrowserDialog } from './use-browser-actions';

export function BrowserDialogs({ dialog, onClose }: { dialog: BrowserDialog | null; onClose: () => void }) {
  return (
    <>
      {dialog?.type === 'newFolder' && <NewFolderDialog onClose={onClose} />}
      {dialog?.type === 'rename' && <RenameDialog entry={dialog.entry} onClose={onClose} />}
      {dialog?.type === 'delete' && <DeleteDialog entries={dialog.entries} onClose={onClose} />}
      {dialog?.type === 'transfer' && <TransferDialog mode={dialog.mode} entries={dialog.entries} onClose={onClose} />}
      {dialog?.type === 'folderZip' && <FolderZipTargetDialog prefix={dialog.prefix} unpack={dialog.unpack} onClose={onClose} />}
      <FailuresDialog />
      <TransferConflictDialog />
    </>
  );
}
