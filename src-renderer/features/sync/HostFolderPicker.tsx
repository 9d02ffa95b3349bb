/**
 * Headless mode's folder picker: browses the folders of the machine that
 * runs the core (`fs.listDir`), from the home folder or the path already in
 * the form. Breadcrumbs, Up, a path box for typing, directories only.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { hostCrumbs, joinHostPath } from './host-path';

export function HostFolderPicker({ initialPath, onChoose, onClose }: { initialPath?: string; onChoose: (path: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState<string | undefined>(initialPath);
  const listing = useApiQuery('fs.listDir', path === undefined ? {} : { path }, { staleTime: 0, retry: false });
  const shown = listing.data?.path ?? path;
  // What the user typed into the path box, or null while it shows the folder being listed. Typing is never
  // overwritten by a listing that arrives late (the home folder's, when someone types at once); moving clears it.
  const [typed, setTyped] = useState<string | null>(null);
  const pathText = typed ?? shown ?? '';
  const navigate = (next: string) => {
    setTyped(null);
    setPath(next);
  };
  const folders = (listing.data?.entries ?? []).filter((e) => e.isDirectory);
  // A folder typed into the form that does not exist: start from home instead of an error.
  const startedMissing = listing.isError && path === initialPath && initialPath !== undefined;
  useEffect(() => {
    if (startedMissing) setPath(undefined);
  }, [startedMissing]);

  const go = (event: FormEvent) => {
    event.preventDefault();
    if (pathText.trim()) navigate(pathText.trim());
  };

  return (
    <Dialog
      open
      wide
      title={t('sync.hostPicker.title')}
      onClose={onClose}
      testId="host-folder-picker"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!listing.data}
            onClick={() => {
              if (listing.data) onChoose(listing.data.path);
              onClose();
            }}
            data-testid="host-picker-choose"
          >
            {t('sync.hostPicker.choose')}
          </button>
        </>
      }
    >
      <p className="field-hint">{t('sync.hostPicker.hint')}</p>
      <form className="sync-picker-go" onSubmit={go}>
        <button type="button" className="icon-button" onClick={() => listing.data?.parent && navigate(listing.data.parent)} disabled={!listing.data?.parent} title={t('sync.hostPicker.up')} aria-label={t('sync.hostPicker.up')} data-testid="host-picker-up">
          <Icon name="arrowUp" />
        </button>
        <input className="input mono" value={pathText} onChange={(e) => setTyped(e.target.value)} aria-label={t('sync.hostPicker.path')} data-testid="host-picker-path" />
        <button type="submit" className="button">
          {t('sync.hostPicker.go')}
        </button>
      </form>
      {shown !== undefined && (
        <nav className="sync-crumbs" aria-label={t('sync.hostPicker.path')}>
          {hostCrumbs(shown).map((crumb, i, all) => (
            <span key={crumb.path} className="sync-crumb">
              <button type="button" className="sync-link" onClick={() => navigate(crumb.path)} aria-current={i === all.length - 1 ? 'location' : undefined} data-testid="host-picker-crumb">
                {crumb.label}
              </button>
              {i < all.length - 1 && <Icon name="chevronRight" size={12} />}
            </span>
          ))}
        </nav>
      )}
      <ul className="sync-picker-list" aria-label={t('sync.hostPicker.folders')} data-testid="host-picker-list">
        {listing.data &&
          folders.map((entry) => (
            <li key={entry.name}>
              <button type="button" className="sync-picker-item" onClick={() => navigate(joinHostPath(listing.data.path, entry.name))} data-testid="host-picker-folder" data-name={entry.name}>
                <Icon name="folder" />
                <span>{entry.name}</span>
              </button>
            </li>
          ))}
        {listing.isPending && <li className="field-hint">{t('common.loading')}</li>}
        {listing.data && folders.length === 0 && <li className="field-hint">{t('sync.hostPicker.noFolders')}</li>}
      </ul>
      {!startedMissing && <ErrorText error={listing.error} />}
    </Dialog>
  );
}
