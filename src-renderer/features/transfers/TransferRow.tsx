/** One job of the queue: direction, name, where it goes, progress, speed and ETA, state, and its buttons. */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferJob } from '@shared/contract/domain';
import { formatBytes } from '../../lib/format';
import { displayState, jobActions, parseNote, percentDone, splitEta, type JobAction } from './job-display';
import { TransferIcon } from './TransferIcon';

export const TRANSFER_ROW_HEIGHT = 56;

export interface TransferRowProps {
  job: TransferJob;
  start: number;
  /** Shown under its batch's header (indented). */
  nested?: boolean;
  /** False for a browser upload whose file this page no longer holds (Retry cannot send it). */
  canRetry: boolean;
  onAction: (job: TransferJob, action: JobAction) => void;
}

const ACTION_ICONS = { pause: 'pause', resume: 'resume', cancel: 'cancel', retry: 'retry', decide: 'decide' } as const;

export const TransferRow = memo(function TransferRow({ job, start, nested = false, canRetry, onAction }: TransferRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const state = displayState(job);
  const note = parseNote(job.note);
  const percent = percentDone(job);
  const eta = state === 'running' ? splitEta(job.etaSeconds) : null;
  const where = job.direction === 'upload' ? job.remotePath : job.localPath;
  const origin = job.direction === 'upload' ? job.localPath : job.remotePath;
  // A name "Keep both" chose shows as soon as it is chosen: "will be saved as" until the file is done.
  const noteText =
    note?.kind === 'savedAs' ? t(state === 'completed' ? 'transfers.note.savedAs' : 'transfers.note.savingAs', { name: note.name }) : note?.kind === 'skipped' ? t('transfers.note.skipped') : note?.text;
  const figures = [
    state === 'completed' ? formatBytes(job.size, locale) : t('transfers.bytes', { done: formatBytes(job.bytesDone, locale), size: formatBytes(job.size, locale) }),
    state === 'running' && job.speed > 0 ? t('transfers.speed', { speed: formatBytes(job.speed, locale) }) : null,
    eta ? t(`transfers.eta.${eta.unit}`, eta) : null,
  ].filter((f): f is string => !!f);

  return (
    <div
      role="listitem"
      className={`transfer-row transfer-${state}${nested ? ' transfer-row-nested' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: TRANSFER_ROW_HEIGHT }}
      data-testid="transfer-row"
      data-job-id={job.id}
      data-name={job.displayName}
      data-state={state}
      data-bytes-done={job.bytesDone}
      aria-label={`${t(job.direction === 'upload' ? 'transfers.upload' : 'transfers.download')} ${job.displayName}: ${t(`transfers.state.${state}`)}`}
    >
      <span className="transfer-direction" title={t(job.direction === 'upload' ? 'transfers.upload' : 'transfers.download')}>
        <TransferIcon name={job.direction} />
      </span>
      <div className="transfer-main">
        <div className="transfer-line">
          <span className="transfer-name" title={job.displayName}>
            {job.displayName}
          </span>
          <span className="transfer-state" data-testid="transfer-state">
            {t(`transfers.state.${state}`)}
          </span>
          <span className="transfer-figures" data-testid="transfer-figures">
            {figures.join(' · ')}
          </span>
        </div>
        {state === 'failed' && job.errorMessage ? (
          // The code's title in the user's language, then the message as it came (it names the file, the bytes, the service's words).
          <div
            className="transfer-detail transfer-error"
            title={[job.errorCode && t(`errors.explain.${job.errorCode}`, { defaultValue: '' }), job.errorMessage].filter(Boolean).join('\n')}
            data-testid="transfer-error"
            data-code={job.errorCode ?? undefined}
          >
            {job.errorCode && <span className="transfer-error-title">{t(`errors.${job.errorCode}`, { defaultValue: job.errorCode })}: </span>}
            {job.errorMessage}
          </div>
        ) : (
          <div className="transfer-detail" title={`${t('transfers.from', { path: origin })}\n${t('transfers.to', { path: where })}`}>
            <span className="transfer-path">{t('transfers.to', { path: where })}</span>
            {noteText && (
              <span className="transfer-note" data-testid="transfer-note">
                {' · '}
                {noteText}
              </span>
            )}
            {job.refused && job.refused.count > 0 && (
              <span className="transfer-note" title={job.refused.entries.map((e) => `${e.path} (${e.reason})`).join('\n')} data-testid="transfer-refused">
                {' · '}
                {t('transfers.note.refused', { count: job.refused.count })}
              </span>
            )}
            {job.verified === false && (
              <span className="transfer-note transfer-unverified" title={t('transfers.notVerifiedNote')} data-testid="transfer-unverified">
                {' · '}
                {t('transfers.notVerified')}
              </span>
            )}
          </div>
        )}
        <div className="progress transfer-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-label={job.displayName}>
          <div className="progress-bar" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div className="transfer-actions">
        {jobActions(state, job.errorCode).map((action) => {
          const disabled = action === 'retry' && !canRetry;
          const label = t(`transfers.action.${action}`);
          return (
            <button
              key={action}
              type="button"
              className="icon-button"
              title={disabled ? t('transfers.retryNeedsFile') : label}
              aria-label={`${label} ${job.displayName}`}
              data-testid={`transfer-${action}`}
              disabled={disabled}
              onClick={() => onAction(job, action)}
            >
              <TransferIcon name={ACTION_ICONS[action]} />
            </button>
          );
        })}
      </div>
    </div>
  );
});

/** A row whose page is still loading. */
export function TransferRowPlaceholder({ start }: { start: number }) {
  const { t } = useTranslation();
  return (
    <div role="listitem" className="transfer-row transfer-row-loading" style={{ transform: `translateY(${start}px)`, height: TRANSFER_ROW_HEIGHT }}>
      {t('transfers.rowLoading')}
    </div>
  );
}
