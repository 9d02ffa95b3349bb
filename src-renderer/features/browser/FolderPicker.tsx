/**
 * Browse the folders of a root to choose a destination: a path bar, the
 * sub-folders of the current one (server pages plus view-only folders), and
 * "New folder" to make a destination that does not exist yet.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { PromptDialog } from '../../components/PromptDialog';
import { useBrowserStore } from '../../stores/browser-store';
import { compareBytes } from '@shared/paths/byte-order';
import { folderName } from './listing';
import { nameProblem, prefixChain } from './names';
import { useFolderPages, usePendingChildren } from './use-folder-listing';

export interface FolderPickerProps {
  connectionId: string;
  root: string;
  rootName: string;
  prefix: string;
  onChange: (prefix: string) => void;
}

export function FolderPicker({ connectionId, root, rootName, prefix, onChange }: FolderPickerProps) {
  const { t } = useTranslation();
  const pages = useFolderPages({ connectionId, root, prefix });
  const pending = usePendingChildren(connectionId, root, prefix);
  const [creating, setCreating] = useState(false);
  const folders = useMemo(() => {
    const all = new Set(pages.data?.pages.flatMap((p) => p.folders) ?? []);
    for (const p of pending) all.add(p);
    return [...all].sort(compareBytes);
  }, [pages.data, pending]);

  return (
    <div className="folder-picker" data-testid="folder-picker">
      <nav className="folder-picker-path" aria-label={t('browser.transfer.path')}>
        <button type="button" className="crumb" onClick={() => onChange('')} aria-current={prefix === '' ? 'location' : undefined}>
          {rootName}
        </button>
        {prefixChain(prefix).map((p) => (
          <span key={p} className="crumb-group">
            <Icon name="chevronRight" size={12} />
            <button type="button" className="crumb" onClick={() => onChange(p)} aria-current={p === prefix ? 'location' : undefined}>
              {folderName(p)}
            </button>
          </span>
        ))}
      </nav>
      <ul className="folder-picker-list" aria-label={t('browser.transfer.folders')}>
        {folders.map((f) => (
          <li key={f}>
            <button type="button" className="folder-picker-item" onClick={() => onChange(f)} data-testid="picker-folder" data-name={folderName(f)}>
              <Icon name="folder" />
              <span>{folderName(f)}</span>
            </button>
          </li>
        ))}
        {pages.isPending && <li className="field-hint">{t('common.loading')}</li>}
        {pages.isSuccess && folders.length === 0 && !pages.hasNextPage && <li className="field-hint">{t('browser.transfer.noFolders')}</li>}
      </ul>
      <ErrorText error={pages.error} />
      <div className="folder-picker-actions">
        {pages.hasNextPage && (
          <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? t('common.loadingMore') : t('browser.transfer.showMore')}
          </button>
        )}
        <button type="button" className="button" onClick={() => setCreating(true)} data-testid="picker-new-folder">
          <Icon name="plus" />
          {t('browser.newFolder')}
        </button>
      </div>
      <PromptDialog
        open={creating}
        title={t('browser.newFolder')}
        label={t('browser.folderName')}
        confirmLabel={t('common.create')}
        validate={(name) => {
          const problem = nameProblem(name, { parentPrefix: prefix, isFolder: true, taken: (n) => folders.includes(`${prefix}${n}/`) });
          return problem ? t(`browser.nameProblem.${problem}`) : undefined;
        }}
        onClose={() => setCreating(false)}
        onSubmit={(name) => {
          const created = `${prefix}${name}/`;
          useBrowserStore.getState().addPendingFolder(connectionId, root, created);
          onChange(created);
        }}
      />
    </div>
  );
}
