/** One sync task: where it syncs, its state with what to do about it, its runs and counts, and its actions. */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../lib/format';
import type { SyncDialog } from './SyncDialogs';
import { DirectionIcon, SyncIcon } from './SyncIcon';
import { nextRunLabel, progressPercent, relativeTime } from './sync-display';
import { RemoteLabel } from './RemoteLabel';
import { ConflictsBadge, StatusBadge, TaskNotices } from './TaskStatus';
import { TriggerLabel } from './TriggerLabel';
import { useTaskControl } from './use-task-control';

export function TaskCard({ task, now, onOpen }: { task: SyncTask; now: number; onOpen: (dialog: SyncDialog) => void }) {
  const { t, i18n } = useTranslation();
  const control = useTaskControl();
  const locale = i18n.language;
  const percent = progressPercent(task.progress);
  const paused = task.status === 'paused';
  const next = nextRunLabel(task);
  const open = (kind: Exclude<SyncDialog['kind'], 'create'>) => onOpen({ kind, taskId: task.id });

  return (
    <li className="sync-task" data-testid="sync-task" data-name={task.name} data-status={task.status} data-conflicts={task.conflicts} data-files={task.files} data-last-run={task.lastRunAt ?? 'never'} aria-label={task.name}>
      <div className="sync-task-head">
        <span className={`sync-task-direction sync-direction-${task.direction}`}>
          <DirectionIcon direction={task.direction} size={20} title={t(`sync.direction.${task.direction}`)} />
        </span>
        <h2 className="sync-task-name">{task.name}</h2>
        <StatusBadge task={task} />
        <ConflictsBadge task={task} onOpen={() => open('conflicts')} />
        {task.options.dryRun && <span className="sync-chip sync-chip-warning">{t('sync.dryRunChip')}</span>}
      </div>

      <div className="sync-task-route">
        <span className="sync-route-end" title={task.localPath}>
          <Icon name="computer" size={14} />
          <span className="mono sync-route-path">{task.localPath}</span>
        </span>
        <span className="sync-route-arrow">
          <DirectionIcon direction={task.direction} size={14} />
        </span>
        <RemoteLabel task={task} />
      </div>

      <TaskNotices task={task} onOpen={open} onControl={(c) => control.run(c, task)} busy={control.busy} />

      {percent !== null && task.progress && (
        <div className="sync-task-progress" data-testid="sync-progress">
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={task.progress.total} aria-valuenow={task.progress.done} aria-label={t('sync.progressLabel')}>
            <div className="progress-bar" style={{ width: `${percent}%` }} />
          </div>
          <span className="sync-task-progress-text">{t('sync.progress', { done: formatCount(task.progress.done, locale), total: formatCount(task.progress.total, locale) })}</span>
        </div>
      )}

      <dl className="sync-task-facts">
        <div>
          <dt>{t('sync.facts.lastRun')}</dt>
          <dd data-testid="sync-last-run">
            {task.lastRunAt === null ? t('sync.facts.never') : relativeTime(task.lastRunAt, now, locale)}
            {task.lastRunResult && task.lastRunResult !== 'ok' && <span className={`sync-result sync-result-${task.lastRunResult}`}> · {t(`sync.result.${task.lastRunResult}`)}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('sync.facts.nextRun')}</dt>
          <dd data-testid="sync-next-run">{next.kind === 'at' ? relativeTime(next.at, now, locale) : next.kind === 'manual' ? t('sync.facts.manualOnly') : '—'}</dd>
        </div>
        <div>
          <dt>{t('sync.facts.trigger')}</dt>
          <dd>
            <TriggerLabel task={task} />
          </dd>
        </div>
        <div>
          <dt>{t('sync.facts.files')}</dt>
          <dd data-testid="sync-files">{formatCount(task.files, locale)}</dd>
        </div>
        <div>
          <dt>{t('sync.facts.conflicts')}</dt>
          <dd>
            {task.conflicts > 0 ? (
              <button type="button" className="sync-link sync-conflict-count" onClick={() => open('conflicts')}>
                {formatCount(task.conflicts, locale)}
              </button>
            ) : (
              '0'
            )}
          </dd>
        </div>
      </dl>

      <div className="sync-task-actions" role="group" aria-label={t('sync.actions.label', { name: task.name })}>
        <button type="button" className="button" onClick={() => control.run('sync.runNow', task)} disabled={paused || control.busy} data-testid="sync-run-now">
          <Icon name="refresh" size={14} />
          {t('sync.actions.runNow')}
        </button>
        {paused ? (
          <button type="button" className="button" onClick={() => control.run('sync.resume', task)} disabled={control.busy} data-testid="sync-resume">
            <SyncIcon name="play" size={14} />
            {t('sync.actions.resume')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => control.run('sync.pause', task)} disabled={control.busy} data-testid="sync-pause">
            <SyncIcon name="pause" size={14} />
            {t('sync.actions.pause')}
          </button>
        )}
        <button type="button" className="button" onClick={() => open('preview')} data-testid="sync-preview">
          <SyncIcon name="preview" size={14} />
          {t('sync.actions.preview')}
        </button>
        <button type="button" className="button" onClick={() => open('log')} data-testid="sync-open-log">
          <SyncIcon name="log" size={14} />
          {t('sync.actions.log')}
        </button>
        <button type="button" className="button" onClick={() => open('trash')} data-testid="sync-open-trash">
          <Icon name="trash" size={14} />
          {t('sync.actions.trash')}
        </button>
        <button type="button" className="button" onClick={() => open('conflicts')} data-testid="sync-open-conflicts">
          <SyncIcon name="conflict" size={14} />
          {t('sync.actions.conflicts')}
        </button>
        <span className="sync-actions-spacer" />
        <button type="button" className="button" onClick={() => open('edit')} data-testid="sync-edit">
          <Icon name="edit" size={14} />
          {t('sync.actions.edit')}
        </button>
        <button type="button" className="button sync-button-danger" onClick={() => open('delete')} data-testid="sync-delete">
          <Icon name="close" size={14} />
          {t('sync.actions.delete')}
        </button>
      </div>
    </li>
  );
}
