/**
 * Space sync tasks of a connection as cards: from where to where, how often
 * and how files are compared, the status (asked again while passes run), the
 * last run, the counts of the pass (the running one's while it runs), the
 * last error, and Cancel (final: asked first).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceTaskView, SpaceView } from '@shared/contract/spaces';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useTransport } from '../../lib/api';
import { formatBytes, formatCount, formatDateTime } from '../../lib/format';
import { intervalText, spaceName, taskTone } from './space-display';
import { TaskFormDialog } from './TaskFormDialog';
import { useSpaces, useSpaceTasks } from './use-spaces';

export function TasksTab({ connectionId }: { connectionId: string }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const tasks = useSpaceTasks(connectionId);
  const spaces = useSpaces(connectionId);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<SpaceTaskView | null>(null);
  const list = tasks.data ?? [];

  const cancel = async (task: SpaceTaskView) => {
    await transport.call('spaces.tasks.cancel', { connectionId, taskId: task.id });
    await client.invalidateQueries({ queryKey: ['spaces.tasks.list', { connectionId }] });
  };

  return (
    <div className="spaces-tab-panel">
      <div className="spaces-toolbar">
        <button type="button" className="button button-primary" onClick={() => setCreating(true)} disabled={!spaces.data || spaces.data.length === 0} data-testid="space-task-new">
          <Icon name="plus" size={14} />
          {t('spaces.tasks.new')}
        </button>
        <span className="spaces-toolbar-text">{t('spaces.tasks.intro')}</span>
        <span className="spaces-toolbar-spacer" />
        <button type="button" className="icon-button" onClick={() => void tasks.refetch()} title={t('common.refresh')} aria-label={t('common.refresh')}>
          <Icon name="refresh" />
        </button>
      </div>
      {tasks.isPending ? (
        <p className="spaces-state">{t('common.loading')}</p>
      ) : tasks.isError ? (
        <div className="spaces-state">
          <ErrorText error={tasks.error} />
        </div>
      ) : list.length === 0 ? (
        <div className="spaces-state" data-testid="space-tasks-empty">
          <p className="spaces-state-title">{t('spaces.tasks.emptyTitle')}</p>
          <p>{t('spaces.tasks.emptyText')}</p>
        </div>
      ) : (
        <ul className="spaces-card-list" aria-label={t('spaces.page.tabs.tasks')} data-testid="space-tasks">
          {list.map((task) => (
            <TaskCard key={task.id} task={task} spaces={spaces.data} onCancel={() => setCancelling(task)} />
          ))}
        </ul>
      )}
      {creating && <TaskFormDialog connectionId={connectionId} spaces={spaces.data ?? []} onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={cancelling !== null}
        title={t('spaces.tasks.cancelTitle')}
        message={t('spaces.tasks.cancelMessage')}
        confirmLabel={t('spaces.tasks.cancel')}
        danger
        onConfirm={() => (cancelling ? cancel(cancelling) : undefined)}
        onClose={() => setCancelling(null)}
        testId="space-task-cancel-dialog"
      />
    </div>
  );
}

function TaskCard({ task, spaces, onCancel }: { task: SpaceTaskView; spaces: readonly SpaceView[] | undefined; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const place = (spaceId: number, path: string) => `${spaceName(spaces, spaceId) ?? `#${spaceId}`}:/${path}`;
  const counts = task.status === 'running' && task.current ? task.current : task.lastCounts;
  const compare = [task.mode.includeSize && t('spaces.tasks.bySize'), task.mode.includeModTime && t('spaces.tasks.byTime')].filter(Boolean).join(t('spaces.tasks.and'));
  const bounds =
    task.minSize !== null && task.maxSize !== null
      ? t('spaces.tasks.sizeBetween', { min: formatBytes(task.minSize, locale), max: formatBytes(task.maxSize, locale) })
      : task.minSize !== null
        ? t('spaces.tasks.sizeAtLeast', { min: formatBytes(task.minSize, locale) })
        : task.maxSize !== null
          ? t('spaces.tasks.sizeAtMost', { max: formatBytes(task.maxSize, locale) })
          : null;
  return (
    <li className="spaces-card" data-testid="space-task" data-task={task.id} data-status={task.status}>
      <div className="spaces-card-head">
        <span className={`spaces-chip spaces-tone-${taskTone(task)}`} data-testid="space-task-status">
          {t(`spaces.tasks.status.${task.status}`)}
        </span>
        <span className="spaces-card-title spaces-route" data-testid="space-task-route">
          <span className="spaces-route-part">{place(task.srcSpaceId, task.srcPath)}</span>
          <Icon name="arrowRight" size={13} />
          <span className="spaces-route-part">{task.destinations.map((d) => place(d.spaceId, d.path)).join(', ')}</span>
        </span>
        {task.status !== 'cancelled' && (
          <button type="button" className="button" onClick={onCancel} data-testid="space-task-cancel">
            {t('spaces.tasks.cancel')}
          </button>
        )}
      </div>
      <dl className="spaces-facts">
        <div>
          <dt>{t('spaces.tasks.schedule')}</dt>
          <dd>{task.intervalSeconds === null ? '—' : intervalText(task.intervalSeconds, t)}</dd>
        </div>
        <div>
          <dt>{t('spaces.tasks.mode')}</dt>
          <dd>
            {compare ? t('spaces.tasks.compare', { what: compare }) : t('spaces.tasks.missingOnly')}
            {bounds && ` · ${bounds}`}
            {task.noEmptyDirectories && ` · ${t('spaces.tasks.noEmptyDirs')}`}
          </dd>
        </div>
        <div>
          <dt>{t('spaces.tasks.lastRun')}</dt>
          <dd data-testid="space-task-last-run">{task.lastRunEnd ? formatDateTime(task.lastRunEnd, locale) : task.lastRunStart ? t('spaces.tasks.startedAt', { time: formatDateTime(task.lastRunStart, locale) }) : t('spaces.tasks.never')}</dd>
        </div>
        {task.nextRun && task.status !== 'cancelled' && (
          <div>
            <dt>{t('spaces.tasks.nextRun')}</dt>
            <dd>{formatDateTime(task.nextRun, locale)}</dd>
          </div>
        )}
        <div>
          <dt>{task.status === 'running' ? t('spaces.tasks.thisPass') : t('spaces.tasks.lastPass')}</dt>
          <dd data-testid="space-task-counts">
            {counts
              ? t('spaces.tasks.counts', {
                  checked: formatCount(counts.checked, locale),
                  copied: formatCount(counts.copied, locale),
                  skipped: formatCount(counts.skipped, locale),
                  failed: formatCount(counts.failed, locale),
                  bytes: formatBytes(counts.bytes, locale),
                })
              : '—'}
          </dd>
        </div>
      </dl>
      {task.lastError && (
        <p className="error-text" data-testid="space-task-error">
          {t('spaces.tasks.lastError', { error: task.lastError })}
        </p>
      )}
    </li>
  );
}
