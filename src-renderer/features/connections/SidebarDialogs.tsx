/** The one sidebar dialog that is open, if any: connection add/edit/remove, bucket and package create/delete. */
import { useBrowserStore } from '../../stores/browser-store';
import { CreateBucketDialog, CreatePackageDialog } from '../storage/CreateDialogs';
import { DeleteBucketDialog, DeletePackageDialog } from '../storage/DeleteDialogs';
import { ConnectionDialog } from './ConnectionDialog';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';
import type { SidebarDialog } from './sidebar-actions';
import { treeKey, useTreeStore } from './tree-store';

interface SidebarDialogsProps {
  dialog: SidebarDialog | null;
  onClose: () => void;
  /** Replaces the open dialog (e.g. "Remove…" in the edit dialog). */
  onSwitch: (dialog: SidebarDialog) => void;
}

export function SidebarDialogs({ dialog, onClose, onSwitch }: SidebarDialogsProps) {
  const navigate = useBrowserStore((s) => s.navigate);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add-connection':
      // A new connection opens right away: that is what the user added it for.
      return <ConnectionDialog onClose={onClose} onSaved={(c) => navigate({ connectionId: c.id, bucketId: null, packageId: null, prefix: '' })} />;
    case 'edit-connection':
      return <ConnectionDialog connection={dialog.connection} onClose={onClose} onRemove={() => onSwitch({ kind: 'remove-connection', connection: dialog.connection })} />;
    case 'remove-connection':
      return <RemoveConnectionDialog connection={dialog.connection} onClose={onClose} />;
    case 'new-bucket':
      return (
        <CreateBucketDialog
          open
          connectionId={dialog.connectionId}
          connectionName={dialog.connectionName}
          onClose={onClose}
          onCreated={() => setExpanded(treeKey.connection(dialog.connectionId), true)}
        />
      );
    case 'delete-bucket':
      return <DeleteBucketDialog connectionId={dialog.connectionId} bucket={dialog.bucket} onClose={onClose} />;
    case 'new-package':
      return <CreatePackageDialog open connectionId={dialog.connectionId} bucket={dialog.bucket} onClose={onClose} onCreated={() => setExpanded(treeKey.bucket(dialog.connectionId, dialog.bucket.bucketID), true)} />;
    case 'delete-package':
      return <DeletePackageDialog connectionId={dialog.connectionId} pkg={dialog.pkg} onClose={onClose} />;
  }
}
