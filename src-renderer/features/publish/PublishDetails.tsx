/**
 * The details panel's section for a published file or folder: its status,
 * CID (with copy), DAG size, route, when it was asked for, replicas, expiry,
 * when it was last checked, a gateway link, and Re-check / Renew. Content
 * only on the embedded node says plainly that Crust cannot fetch it.
 */
import { useTranslation } from 'react-i18next';
import type { PublishJob } from '@shared/contract/publish';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery } from '../../lib/api';
import { formatBytes, formatDateTime, formatExactBytes } from '../../lib/format';
import { CopyButton } from '../browser/CopyButton';
import { JobErrorLine } from './JobErrorLine';
import { expiryText, gatewayUrl, isRunning, jobActions, percentSent, routeText } from './order-display';
import { PublishPill } from './PublishPill';
import { usePublishControl } from './use-publish';
import './publish.css';

export function PublishDetails({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const job = useApiQuery('publish.get', { id: jobId }, { staleTime: 0 });
  if (job.error) return <ErrorText error={job.error} />;
  if (!job.data) return <p className="field-hint">{t('publish.details.loading')}</p>;
  return <PublishedJob job={job.data} />;
}

const time = (ms: number, locale: string) => formatDateTime(new Date(ms).toISOString(), locale);

function PublishedJob({ job }: { job: PublishJob }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const settings = useApiQuery('publish.settings.get', {});
  const control = usePublishControl();
  const chain = job.order.chain;
  const replicas = chain?.reportedReplicaCount ?? job.status.replicas;
  const link = job.cid ? gatewayUrl(settings.data?.publicGateway ?? '', job.cid) : '';
  const offered = jobActions(job).filter((action) => action === 'recheck' || action === 'renew' || action === 'retry');
  return (
    <section className="publish-details" data-testid="publish-details" data-job-id={job.id} data-state={job.state}>
      <div className="publish-details-head">
        <h4>{t('publish.details.title')}</h4>
        <PublishPill status={job.status} testId="details-publish-badge" />
      </div>
      {job.localOnly && (
        <p className="publish-local-only" role="note" data-testid="publish-local-only">
          {t('publish.localOnly')}
        </p>
      )}
      {isRunning(job) && (
        <>
          <p className="field-hint">{t(`publish.state.${job.state}`)}</p>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percentSent(job))} aria-label={job.name}>
            <div className="progress-bar" style={{ width: `${percentSent(job)}%` }} />
          </div>
        </>
      )}
      {job.error && <JobErrorLine error={job.error} wide />}
      {job.state === 'waiting' && job.nextAttemptAt !== null && <p className="field-hint">{t('publish.details.waitingUntil', { time: time(job.nextAttemptAt, locale), attempts: job.attempts + 1 })}</p>}
      <dl className="details-list">
        {job.cid && (
          <>
            <dt>{t('publish.details.cid')}</dt>
            <dd className="details-copyable">
              <span className="mono publish-cid" data-testid="publish-cid">
                {job.cid}
              </span>
              <CopyButton text={job.cid} label={t('publish.details.copyCid')} testId="copy-cid" />
            </dd>
          </>
        )}
        {job.dagSize !== null && (
          <>
            <dt>{t('publish.details.dagSize')}</dt>
            <dd data-testid="publish-dag-size" title={formatExactBytes(job.dagSize, locale)}>
              {formatBytes(job.dagSize, locale)}
            </dd>
          </>
        )}
        <dt>{t('publish.details.route')}</dt>
        <dd data-testid="publish-route">{routeText(t, job)}</dd>
        <dt>{t('publish.details.requested')}</dt>
        <dd data-testid="publish-requested">{time(job.requestedAt, locale)}</dd>
        {job.orderRoute !== 'none' && (
          <>
            <dt>{t('publish.details.replicas')}</dt>
            <dd data-testid="publish-replicas">{replicas ?? '—'}</dd>
            <dt>{t('publish.details.expires')}</dt>
            <dd data-testid="publish-expires">{expiryText(chain?.expiresAt ?? null, Date.now(), locale) ?? t('publish.details.noExpiry')}</dd>
            <dt>{t('publish.details.checked')}</dt>
            <dd data-testid="publish-checked">{job.order.checkedAt !== null ? time(job.order.checkedAt, locale) : t('publish.details.never')}</dd>
          </>
        )}
      </dl>
      {job.cid &&
        (link ? (
          <a className="publish-gateway-link" href={link} target="_blank" rel="noopener noreferrer" data-testid="publish-gateway-link">
            {t('publish.details.gateway')}
          </a>
        ) : (
          <p className="field-hint">{t('publish.details.noGateway')}</p>
        ))}
      {offered.length > 0 && (
        <div className="publish-buttons">
          {offered.map((action) => (
            <button key={action} type="button" className="button" onClick={() => void control(action, [job.id])} data-testid={`publish-${action}`}>
              {t(`publish.action_.${action}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
