/**
 * A task's state: a badge, and for states that need the user a notice that
 * says what happened and what to do (the deletion guard stopped a run, the
 * folder is missing or was replaced, the service is unreachable, the run
 * failed, conflicts wait for a choice, a one-way task keeps changes on its
 * receiving side, the folder is only polled). Coded statuses are worded here, in the user's language.
 */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Icon } from '../../components/Icon';
import type { SyncDialog } from './SyncDialogs';
import { statusTone } from './sync-display';
import { statusText, type WordedText } from './sync-text';
import type { TaskControl } from './use-task-control';

export function StatusBadge({ task }: { task: SyncTask }) {
  const { t } = useTranslation();
  return (
    <span className={`sync-badge sync-tone-${statusTone(task.status)}`} data-testid="sync-status">
      {(task.status === 'scanning' || task.status === 'syncing') && <span className="sync-badge-pulse" aria-hidden />}
      {t(`sync.status.${task.status}`)}
    </span>
  );
}

/** Conflicts beside the status, in the error's colour: they wait for the user as much as an error does. */
export function ConflictsBadge({ task, onOpen }: { task: SyncTask; onOpen: () => void }) {
  const { t } = useTranslation();
  if (task.conflicts === 0) return null;
  return (
    <button type="button" className="sync-badge sync-tone-danger sync-badge-button" onClick={onOpen} data-testid="sync-conflicts-badge">
      <Icon name="warning" size={12} />
      {t('sync.conflicts.badge', { count: task.conflicts })}
    </button>
  );
}

interface NoticesProps {
  task: SyncTask;
  onOpen: (kind: Exclude<SyncDialog['kind'], 'create'>) => void;
  onControl: (control: TaskControl) => void;
  busy: boolean;
}

/** The status's explanation in the user's language (a service's own message after it, as it is). */
function StatusDetail({ detail }: { detail: WordedText | null }) {
  if (!detail) return null;
  return (
    <p className="sync-notice-detail" data-testid="sync-status-detail">
      {detail.text}
      {detail.detail && <span className="sync-foreign-detail"> {detail.detail}</span>}
    </p>
  );
}

export function TaskNotices({ task, onOpen, onControl, busy }: NoticesProps) {
  const { t, i18n } = useTranslation();
  const detail = statusText(i18n, task);
  const notices = [];
  if (task.status === 'waitingForConfirmation') {
    notices.push(
      <div key="guard" className="sync-notice sync-notice-warning" role="alert" data-testid="sync-guard-notice">
        <Icon name="warning" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t('sync.notice.guardTitle')}</p>
          <StatusDetail detail={detail} />
          <p>{t('sync.notice.guardText')}</p>
          <div className="sync-notice-actions">
            <button type="button" className="button" onClick={() => onOpen('preview')} data-testid="sync-guard-review">
              {t('sync.notice.review')}
            </button>
            <button type="button" className="button button-danger" onClick={() => onControl('sync.confirmDeletions')} disabled={busy} data-testid="sync-guard-confirm">
              {t('sync.notice.confirmDeletions')}
            </button>
            <button type="button" className="button" onClick={() => onControl('sync.restoreDeleted')} disabled={busy} title={t('sync.notice.restoreDeletedHint')} data-testid="sync-guard-restore">
              {t('sync.notice.restoreDeleted')}
            </button>
            <button type="button" className="button" onClick={() => onControl('sync.pause')} disabled={busy}>
              {t('sync.actions.pause')}
            </button>
          </div>
        </div>
      </div>,
    );
  } else if (task.status === 'offline') {
    notices.push(
      <div key="offline" className="sync-notice sync-notice-warning" role="status" data-testid="sync-offline-notice">
        <Icon name="warning" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t('sync.notice.offlineTitle')}</p>
          <p>{t('sync.notice.offlineText')}</p>
          <StatusDetail detail={detail} />
        </div>
      </div>,
    );
  } else if (task.status === 'error') {
    notices.push(
      <div key="error" className="sync-notice sync-notice-danger" role="alert" data-testid="sync-error-notice" data-code={task.statusCode ?? undefined}>
        <Icon name="warning" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t(task.statusCode === 'folderMissing' ? 'sync.notice.folderMissingTitle' : task.statusCode === 'folderLost' ? 'sync.notice.folderLostTitle' : 'sync.notice.errorTitle')}</p>
          <StatusDetail detail={detail} />
          <div className="sync-notice-actions">
            <button type="button" className="button" onClick={() => onOpen('log')}>
              {t('sync.actions.log')}
            </button>
            <button type="button" className="button" onClick={() => onControl('sync.runNow')} disabled={busy}>
              {t('sync.notice.tryAgain')}
            </button>
          </div>
        </div>
      </div>,
    );
  } else if (detail && task.status !== 'paused') {
    notices.push(
      <p key="message" className="sync-task-message" data-testid="sync-status-detail">
        {detail.text}
        {detail.detail && <span className="sync-foreign-detail"> {detail.detail}</span>}
      </p>,
    );
  }
  if (task.conflicts > 0) {
    // As prominent as an error: both versions are safe, but only the user can say which one is wanted.
    notices.push(
      <div key="conflicts" className="sync-notice sync-notice-danger" role="alert" data-testid="sync-conflicts-notice">
        <Icon name="warning" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t('sync.notice.conflictsTitle', { count: task.conflicts })}</p>
          <p>{t('sync.notice.conflictsText')}</p>
          <div className="sync-notice-actions">
            <button type="button" className="button" onClick={() => onOpen('conflicts')} data-testid="sync-conflicts-resolve">
              {t('sync.notice.resolveConflicts')}
            </button>
          </div>
        </div>
      </div>,
    );
  }
  if (task.keptChanges > 0 && task.direction !== 'twoWay') {
    const side = task.direction === 'download' ? 'Local' : 'Remote';
    notices.push(
      <div key="kept" className="sync-notice sync-notice-info" role="status" data-testid="sync-kept-notice">
        <Icon name="info" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t(`sync.notice.kept${side}`, { count: task.keptChanges })}</p>
          <p>{t(`sync.notice.kept${side}Text`)}</p>
          <div className="sync-notice-actions">
            <button type="button" className="button" onClick={() => onOpen('revert')} disabled={busy || task.status === 'paused'} data-testid="sync-revert">
              {t('sync.notice.revert')}
            </button>
          </div>
        </div>
      </div>,
    );
  }
  if (task.watching === 'polling') {
    notices.push(
      <div key="polling" className="sync-notice sync-notice-info" role="status" data-testid="sync-polling-notice">
        <Icon name="info" />
        <div className="sync-notice-text">
          <p className="sync-notice-title">{t('sync.notice.pollingTitle')}</p>
          <p>{t('sync.notice.pollingText')}</p>
        </div>
      </div>,
    );
  }
  return notices.length ? <div className="sync-task-notices">{notices}</div> : null;
}
