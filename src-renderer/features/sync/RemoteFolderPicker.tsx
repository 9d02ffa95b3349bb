/**
 * Browse a root's folders (`objects.list`, a page at a time) to choose the
 * task's remote folder. A folder that does not exist yet can be typed in the
 * form instead: the first upload creates it.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useTransport } from '../../lib/api';
import { folderName, remoteCrumbs } from './sync-display';

const PAGE = 500;

interface RemoteFolderPickerProps {
  connectionId: string;
  root: string;
  initialPrefix: string;
  onChoose: (prefix: string) => void;
  onClose: () => void;
}

export function RemoteFolderPicker({ connectionId, root, initialPrefix, onChoose, onClose }: RemoteFolderPickerProps) {
  const { t } = useTranslation();
  const transport = useTransport();
  const [prefix, setPrefix] = useState(initialPrefix);
  const pages = useInfiniteQuery({
    queryKey: ['objects.list', { connectionId, root, prefix, picker: 'sync' }],
    queryFn: ({ pageParam }) => transport.call('objects.list', { connectionId, root, prefix, maxKeys: PAGE, ...(pageParam !== null && { continuationToken: pageParam }) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextToken ?? undefined,
    staleTime: 0,
  });
  const folders = pages.data?.pages.flatMap((p) => p.folders) ?? [];

  return (
    <Dialog
      open
      wide
      title={t('sync.remotePicker.title')}
      onClose={onClose}
      testId="remote-folder-picker"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              onChoose(prefix);
              onClose();
            }}
            data-testid="remote-picker-choose"
          >
            {t('sync.remotePicker.choose')}
          </button>
        </>
      }
    >
      <nav className="sync-crumbs" aria-label={t('sync.remotePicker.path')}>
        <span className="sync-crumb">
          <button type="button" className="sync-link" onClick={() => setPrefix('')} aria-current={prefix === '' ? 'location' : undefined}>
            {t('sync.remotePicker.root')}
          </button>
        </span>
        {remoteCrumbs(prefix).map((p) => (
          <span key={p} className="sync-crumb">
            <Icon name="chevronRight" size={12} />
            <button type="button" className="sync-link" onClick={() => setPrefix(p)} aria-current={p === prefix ? 'location' : undefined}>
              {folderName(p)}
            </button>
          </span>
        ))}
      </nav>
      <ul className="sync-picker-list" aria-label={t('sync.remotePicker.folders')}>
        {folders.map((f) => (
          <li key={f}>
            <button type="button" className="sync-picker-item" onClick={() => setPrefix(f)} data-testid="remote-picker-folder" data-name={folderName(f)}>
              <Icon name="folder" />
              <span>{folderName(f)}</span>
            </button>
          </li>
        ))}
        {pages.isPending && <li className="field-hint">{t('common.loading')}</li>}
        {pages.isSuccess && folders.length === 0 && !pages.hasNextPage && <li className="field-hint">{t('sync.remotePicker.noFolders')}</li>}
      </ul>
      {pages.hasNextPage && (
        <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchingNextPage ? t('common.loadingMore') : t('sync.showMore')}
        </button>
      )}
      <ErrorText error={pages.error} />
    </Dialog>
  );
}
