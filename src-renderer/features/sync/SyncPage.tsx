/**
 * The Sync page: every sync task as a card (where it syncs, its state, its
 * last and next run, its counts and actions), live through `sync.changed`, and
 * the dialogs a task opens (form, preview, activity, trash, conflicts, delete).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useErrorMessage } from '../../components/ErrorText';
import { SyncDialogs, type SyncDialog } from './SyncDialogs';
import { SyncIcon } from './SyncIcon';
import { TaskCard } from './TaskCard';
import { useNow, useSyncTasks } from './use-sync-data';
import './sync.css';

export function SyncPage() {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const tasks = useSyncTasks();
  const now = useNow();
  const [dialog, setDialog] = useState<SyncDialog | null>(null);
  const list = tasks.data ?? [];
  const failing = list.filter((task) => task.status === 'error').length;
  const conflicts = list.reduce((sum, task) => sum + task.conflicts, 0);

  let content;
  if (tasks.isPending) {
    content = (
      <div className="sync-state" role="status">
        {t('common.loading')}
      </div>
    );
  } else if (tasks.error) {
    content = (
      <div className="sync-state sync-state-error" role="alert" data-testid="sync-error">
        <Icon name="warning" size={28} />
        <p>{describe(tasks.error)}</p>
        <button type="button" className="button" onClick={() => void tasks.refetch()}>
          <Icon name="refresh" size={14} />
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (list.length === 0) {
    content = (
      <div className="sync-state" data-testid="sync-empty">
        <span className="sync-state-icon">
          <SyncIcon name="sync" size={40} />
        </span>
        <p className="sync-state-title">{t('sync.emptyTitle')}</p>
        <p>{t('sync.emptyText')}</p>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          <Icon name="plus" size={14} />
          {t('sync.newTask')}
        </button>
      </div>
    );
  } else {
    content = (
      <ul className="sync-task-list" aria-label={t('sync.taskList')}>
        {list.map((task) => (
          <TaskCard key={task.id} task={task} now={now} onOpen={setDialog} />
        ))}
      </ul>
    );
  }

  return (
    <div className="sync-page" data-testid="sync-page">
      <div className="sync-page-header">
        <span className="sync-page-icon">
          <SyncIcon name="sync" size={22} />
        </span>
        <div className="sync-page-heading">
          <h1 className="sync-page-title">
            {t('sync.pageTitle')}
            {list.length > 0 && <span className="sync-page-summary">{t('sync.taskCount', { count: list.length })}</span>}
            {(failing > 0 || conflicts > 0) && (
              <span className="sync-page-counts">
                {failing > 0 && (
                  <span className="sync-badge sync-tone-danger" data-testid="sync-page-errors">
                    {t('sync.errorCount', { count: failing })}
                  </span>
                )}
                {conflicts > 0 && (
                  <span className="sync-badge sync-tone-danger" data-testid="sync-page-conflicts">
                    {t('sync.conflicts.badge', { count: conflicts })}
                  </span>
                )}
              </span>
            )}
          </h1>
          <p className="sync-page-safety">{t('sync.safety')}</p>
        </div>
        <button type="button" className="icon-button" onClick={() => void tasks.refetch()} title={t('common.refresh')} aria-label={t('common.refresh')}>
          <Icon name="refresh" />
        </button>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="sync-new-task">
          <Icon name="plus" size={14} />
          {t('sync.newTask')}
        </button>
      </div>
      <div className="sync-page-body">{content}</div>
      <SyncDialogs dialog={dialog} tasks={list} onOpen={setDialog} onClose={() => setDialog(null)} />
    </div>
  );
}
