/** Imports and exports of a connection, newest first, each with its progress (asked again every second while one runs). */
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { JobProgress } from './JobProgress';
import { spaceName } from './space-display';
import { useSpaceJobs, useSpaces } from './use-spaces';

export function JobsTab({ connectionId }: { connectionId: string }) {
  const { t, i18n } = useTranslation();
  const jobs = useSpaceJobs(connectionId);
  const spaces = useSpaces(connectionId);
  const buckets = useApiQuery('roots.list', { connectionId, parentId: null });
  const bucketName = (root: string | null) => buckets.data?.find((b) => b.id === root)?.name ?? root ?? '';
  const list = jobs.data ?? [];

  return (
    <div className="spaces-tab-panel">
      <div className="spaces-toolbar">
        <span className="spaces-toolbar-text">{t('spaces.jobs.intro')}</span>
        <span className="spaces-toolbar-spacer" />
        <button type="button" className="icon-button" onClick={() => void jobs.refetch()} title={t('common.refresh')} aria-label={t('common.refresh')}>
          <Icon name="refresh" />
        </button>
      </div>
      {jobs.isPending ? (
        <p className="spaces-state">{t('common.loading')}</p>
      ) : jobs.isError ? (
        <div className="spaces-state">
          <ErrorText error={jobs.error} />
        </div>
      ) : list.length === 0 ? (
        <div className="spaces-state" data-testid="space-jobs-empty">
          <p className="spaces-state-title">{t('spaces.jobs.emptyTitle')}</p>
          <p>{t('spaces.jobs.emptyText')}</p>
        </div>
      ) : (
        <ul className="spaces-card-list" aria-label={t('spaces.page.tabs.jobs')} data-testid="space-jobs">
          {list.map((job) => {
            const space = spaceName(spaces.data, job.spaceId) ?? `#${job.spaceId}`;
            const path = job.path || t('spaces.picker.wholeSpace');
            return (
              <li key={job.id} className="spaces-card" data-testid="space-job-row" data-kind={job.kind}>
                <div className="spaces-card-head">
                  <Icon name={job.kind === 'import' ? 'upload' : 'download'} size={15} />
                  <span className="spaces-card-title">
                    {job.kind === 'import' ? t('spaces.jobs.importLine', { space, path, bucket: bucketName(job.bucketRoot), name: job.name ?? '' }) : t('spaces.jobs.exportLine', { space, path })}
                  </span>
                  <span className="spaces-sub">{formatDateTime(job.created, i18n.language)}</span>
                </div>
                <JobProgress job={job} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
