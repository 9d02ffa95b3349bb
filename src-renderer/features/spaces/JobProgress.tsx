/**
 * One import or export as it goes: its state, a bar by bytes (or files), the
 * counts, and the failure as the service worded it. Work a service does
 * before it answers (no job extension) shows as waiting, without progress.
 */
import { useTranslation } from 'react-i18next';
import type { SpaceJobView } from '@shared/contract/spaces';
import { ErrorText } from '../../components/ErrorText';
import { AppError } from '@shared/contract/define';
import { formatBytes, formatCount } from '../../lib/format';
import { jobFraction, jobTone } from './space-display';

export function JobProgress({ job }: { job: SpaceJobView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const fraction = jobFraction(job);
  const files =
    job.filesTotal === null
      ? t('spaces.job.filesSoFar', { count: job.filesDone, done: formatCount(job.filesDone, locale) })
      : t('spaces.job.files', { count: job.filesTotal, done: formatCount(job.filesDone, locale), total: formatCount(job.filesTotal, locale) });
  const bytes = job.bytesTotal === null ? formatBytes(job.bytesDone, locale) : t('spaces.job.bytes', { done: formatBytes(job.bytesDone, locale), total: formatBytes(job.bytesTotal, locale) });
  return (
    <div className="spaces-job" data-testid="space-job" data-state={job.state} data-job={job.id}>
      <div className="spaces-job-line">
        <span className={`spaces-chip spaces-tone-${jobTone(job)}`} data-testid="space-job-state">
          {t(`spaces.job.state.${job.state}`)}
        </span>
        {job.tracking === 'service' || job.state !== 'running' ? (
          <span className="spaces-job-counts" data-testid="space-job-counts">
            {files} · {bytes}
          </span>
        ) : (
          <span className="spaces-job-counts">{t('spaces.job.appTracked')}</span>
        )}
      </div>
      {job.state === 'running' && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
          <div className={fraction === null ? 'progress-bar spaces-progress-unknown' : 'progress-bar'} style={{ width: `${Math.round((fraction ?? 1) * 100)}%` }} />
        </div>
      )}
      {job.error && <ErrorText error={AppError.fromShape(job.error)} />}
    </div>
  );
}
