/** A conflict row's buttons, and the folder a conflict's files are in (copyable where the app cannot open it). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConflictChoice } from '@shared/contract/sync';

export function ConflictRowActions({ busy, onChoose, onOpenFolder }: { busy: boolean; onChoose: (choice: SyncConflictChoice) => void; onOpenFolder: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="sync-conflict-actions" role="group">
      <button type="button" className="button" disabled={busy} title={t('sync.conflicts.keepMineHint')} onClick={() => onChoose('mine')} data-testid="sync-conflict-mine">
        {t('sync.conflicts.keepMine')}
      </button>
      <button type="button" className="button" disabled={busy} title={t('sync.conflicts.keepTheirsHint')} onClick={() => onChoose('theirs')} data-testid="sync-conflict-theirs">
        {t('sync.conflicts.keepTheirs')}
      </button>
      <button type="button" className="button" disabled={busy} title={t('sync.conflicts.keepBothHint')} onClick={() => onChoose('both')} data-testid="sync-conflict-both">
        {t('sync.conflicts.keepBoth')}
      </button>
      <button type="button" className="button" onClick={onOpenFolder} data-testid="sync-conflict-open-folder">
        {t('sync.conflicts.openFolder')}
      </button>
    </div>
  );
}

/** The desktop showed the folder in the file manager; a browser cannot, so it shows the path to copy. */
export function ConflictFolder({ folder }: { folder: { folder: string; revealed: boolean } }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (folder.revealed) {
    return (
      <p role="status" data-testid="sync-conflict-folder-shown">
        {t('sync.conflicts.folderShown', { folder: folder.folder })}
      </p>
    );
  }
  return (
    <div className="sync-conflict-folder" data-testid="sync-conflict-folder">
      <label className="field-hint" htmlFor="sync-conflict-folder-path">
        {t('sync.conflicts.folderPath')}
      </label>
      <input id="sync-conflict-folder-path" className="input mono" readOnly value={folder.folder} onFocus={(e) => e.currentTarget.select()} data-testid="sync-conflict-folder-path" />
      <button
        type="button"
        className="button"
        onClick={() =>
          void navigator.clipboard
            .writeText(folder.folder)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
        data-testid="sync-conflict-folder-copy"
      >
        {copied ? t('sync.conflicts.copied') : t('sync.conflicts.copy')}
      </button>
    </div>
  );
}
