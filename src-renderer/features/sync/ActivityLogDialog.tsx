/**
 * A task's activity log, newest first, a page at a time (`sync.log` with
 * `beforeId`); kept current by `sync.log` events for this task.
 */
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '@shared/contract/events';
import type { SyncTask } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useEvent, useTransport } from '../../lib/api';
import { olderLogCursor } from './sync-display';
import { logEntryText } from './sync-text';
import { throttled } from './throttled';

const PAGE = 100;

export function ActivityLogDialog({ task, onClose }: { task: SyncTask; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const log = useInfiniteQuery({
    queryKey: ['sync.log', { id: task.id }],
    queryFn: ({ pageParam }) => transport.call('sync.log', { id: task.id, limit: PAGE, ...(pageParam !== undefined && { beforeId: pageParam }) }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => olderLogCursor(last, PAGE),
    staleTime: 0,
  });
  const refetch = useMemo(() => throttled(() => void client.invalidateQueries({ queryKey: ['sync.log', { id: task.id }] }), 500), [client, task.id]);
  useEffect(() => () => refetch.cancel(), [refetch]);
  const onLogged = useCallback(({ taskId }: EventPayload<'sync.log'>) => {
      if (taskId === task.id) refetch();
    },
    [task.id, refetch],
  );
  useEvent('sync.log', onLogged);

  const entries = log.data?.pages.flat() ?? [];
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <Dialog
      open
      wide
      title={t('sync.log.title', { name: task.name })}
      onClose={onClose}
      testId="sync-log-dialog"
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <ol className="sync-log" aria-label={t('sync.log.label')} data-testid="sync-log">
        {entries.map((entry) => {
          const said = logEntryText(i18n, entry);
          return (
            <li key={entry.id} className={`sync-log-entry sync-log-${entry.level}`} data-testid="sync-log-entry" data-level={entry.level} data-code={entry.code ?? undefined}>
              <time className="sync-log-time" dateTime={new Date(entry.at).toISOString()}>
                {time.format(entry.at)}
              </time>
              <span className="sync-log-level">{entry.level !== 'info' && <Icon name="warning" size={12} />}</span>
              <span className="sync-log-message">
                {said.text}
                {said.detail && <span className="sync-foreign-detail"> {said.detail}</span>}
                {entry.path && <span className="mono sync-log-path"> {entry.path}</span>}
              </span>
            </li>
          );
        })}
        {log.isPending && <li className="field-hint">{t('common.loading')}</li>}
        {log.isSuccess && entries.length === 0 && <li className="field-hint">{t('sync.log.empty')}</li>}
      </ol>
      <ErrorText error={log.error} />
      {log.hasNextPage && (
        <button type="button" className="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage} data-testid="sync-log-older">
          {log.isFetchingNextPage ? t('common.loadingMore') : t('sync.log.older')}
        </button>
      )}
    </Dialog>
  );
}
