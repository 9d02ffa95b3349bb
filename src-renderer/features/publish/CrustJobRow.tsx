/**
 * One publish on the Crust page: a checkbox, the name with its status pill,
 * the CID (or a progress bar while it is being added), where it came from,
 * the route and when, the error with its explanation, and the buttons it
 * offers. Memoized and positioned by the virtualizer.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishJob } from '@shared/contract/publish';
import { formatBytes, formatShortDateTime } from '../../lib/format';
import { JobErrorLine } from './JobErrorLine';
import { isRunning, jobActions, percentSent, routeText, type PublishAction } from './order-display';
import { PublishPill } from './PublishPill';

export const CRUST_ROW_HEIGHT = 76;

export interface CrustJobRowProps {
  job: PublishJob;
  start: number;
  selected: boolean;
  onSelect: (id: string, selected: boolean) => void;
  onAction: (job: PublishJob, action: PublishAction) => void;
}

export const CrustJobRow = memo(function CrustJobRow({ job, start, selected, onSelect, onAction }: CrustJobRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const running = isRunning(job);
  const percent = percentSent(job);
  const where = t('publish.page.from', { root: job.source.rootName, path: job.source.path === '' ? '/' : job.source.path });
  return (
    <div
      role="listitem"
      className={`crust-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: CRUST_ROW_HEIGHT }}
      data-testid="crust-row"
      data-job-id={job.id}
      data-name={job.name}
      data-state={job.state}
      data-label={job.status.label}
    >
      <input type="checkbox" className="crust-check" checked={selected} onChange={(e) => onSelect(job.id, e.target.checked)} aria-label={job.name} data-testid="crust-row-check" />
      <div className="crust-row-main">
        <div className="crust-line">
          <span className="crust-name" title={job.name}>
            {job.name}
          </span>
          <PublishPill status={job.status} />
          {/* The pill already says Failed for a failed job; other states add what the pill does not. */}
          {job.state !== 'done' && job.state !== 'failed' && (
            <span className="crust-state" data-testid="crust-state">
              {t(`publish.state.${job.state}`)}
            </span>
          )}
        </div>
        {running ? (
          <div className="crust-line">
            <div className="progress crust-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-label={job.name} data-testid="crust-progress">
              <div className="progress-bar" style={{ width: `${percent}%` }} />
            </div>
            <span className="crust-muted">{t('publish.page.sent', { done: formatBytes(job.bytesDone, locale), size: formatBytes(job.size, locale) })}</span>
          </div>
        ) : (
          <div className="crust-line">
            <span className="mono crust-cid" title={job.cid ?? undefined} data-testid="crust-cid">
              {job.cid ?? '—'}
            </span>
            {job.dagSize !== null && <span className="crust-muted">{formatBytes(job.dagSize, locale)}</span>}
          </div>
        )}
        <div className="crust-line crust-muted">
          {job.error ? (
            <JobErrorLine error={job.error} />
          ) : (
            <span className="crust-where" title={where}>
              {where} · {routeText(t, job)} · {formatShortDateTime(job.requestedAt, locale)}
              {job.localOnly && <span className="crust-local-only" title={t('publish.localOnly')} data-testid="crust-local-only"> · ⚠ {t('publish.page.localOnlyShort')}</span>}
            </span>
          )}
        </div>
      </div>
      <div className="crust-actions">
        {jobActions(job).map((action) => (
          <button key={action} type="button" className="button crust-action" onClick={() => onAction(job, action)} aria-label={`${t(`publish.action_.${action}`)} ${job.name}`} data-testid={`crust-${action}`}>
            {t(`publish.action_.${action}`)}
          </button>
        ))}
      </div>
    </div>
  );
});

export function CrustRowPlaceholder({ start }: { start: number }) {
  const { t } = useTranslation();
  return (
    <div role="listitem" className="crust-row crust-row-loading" style={{ transform: `translateY(${start}px)`, height: CRUST_ROW_HEIGHT }}>
      {t('publish.page.rowLoading')}
    </div>
  );
}
