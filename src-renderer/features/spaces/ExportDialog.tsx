/**
 * Export a package to a space: the package (fixed when opened from a
 * package's menu, else a bucket and one of its packages), the space, and the
 * folder in it to write under (typed, or chosen with the space's folder
 * picker); then the node's job as it goes. The service never overwrites a
 * file there without saying so: a clash fails the job with its reason.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceJobView } from '@shared/contract/spaces';
import { spacePathProblem } from '@shared/contract/spaces';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery, useTransport } from '../../lib/api';
import { sortByName } from '../storage/sort-by-name';
import { JobProgress } from './JobProgress';
import { SpaceFolderPicker } from './SpaceFolderPicker';
import { useFollowedJob } from './use-followed-job';
import { useSpaces } from './use-spaces';

interface Props {
  connectionId: string;
  /** The package to export, when the dialog was opened from it. */
  fixedPackage?: { root: string; name: string };
  onClose: () => void;
}

export function ExportDialog({ connectionId, fixedPackage, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const spaces = useSpaces(connectionId);
  const [bucketRoot, setBucketRoot] = useState('');
  const [packageRoot, setPackageRoot] = useState(fixedPackage?.root ?? '');
  const [spaceId, setSpaceId] = useState('');
  const [rootPath, setRootPath] = useState(fixedPackage?.name ?? '');
  const [picking, setPicking] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<SpaceJobView | null>(null);
  const job = useFollowedJob(connectionId, started);
  const buckets = useApiQuery('roots.list', { connectionId, parentId: null }, { enabled: !fixedPackage });
  const packages = useApiQuery('roots.list', { connectionId, parentId: bucketRoot || null }, { enabled: !fixedPackage && bucketRoot !== '' });
  const space = spaces.data?.find((s) => String(s.id) === spaceId);
  const packageName = fixedPackage?.name ?? packages.data?.find((p) => p.id === packageRoot)?.name ?? '';

  const problems = {
    package: packageRoot === '' ? t('spaces.problem.packageNeeded') : undefined,
    spaceId: spaceId === '' ? t('spaces.problem.spaceRequired') : undefined,
    rootPath: spacePathProblem(rootPath) ? t('spaces.problem.pathInvalid', { detail: spacePathProblem(rootPath) }) : undefined,
  };
  const shown = (problem: string | undefined) => (submitted ? problem : undefined);

  const start = () => {
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    setStarting(true);
    setError(null);
    transport
      .call('spaces.export', { connectionId, spaceId: Number(spaceId), packageRoot, rootPath })
      .then(setStarted)
      .catch(setError)
      .finally(() => setStarting(false));
  };

  return (
    <>
      <Dialog
        open
        wide
        title={fixedPackage ? t('spaces.export.titleOf', { name: fixedPackage.name }) : t('spaces.export.title')}
        onClose={onClose}
        testId="space-export-dialog"
        footer={
          job ? (
            <button type="button" className="button" onClick={onClose} data-testid="space-export-close">
              {job.state === 'running' ? t('spaces.job.keepRunning') : t('common.close')}
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-primary" onClick={start} disabled={starting} data-testid="space-export-start">
                {t('spaces.export.start')}
              </button>
            </>
          )
        }
      >
        {job ? (
          <div className="form">
            <p className="confirm-message">{t('spaces.export.summary', { name: packageName, space: space?.name ?? job.spaceId, path: job.path || t('spaces.picker.wholeSpace') })}</p>
            <JobProgress job={job} />
          </div>
        ) : (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              start();
            }}
          >
            {!fixedPackage && (
              <div className="spaces-form-row">
                <label className="field">
                  <span className="field-label">{t('spaces.export.bucket')}</span>
                  <select
                    className="input"
                    value={bucketRoot}
                    onChange={(e) => {
                      setBucketRoot(e.target.value);
                      setPackageRoot('');
                    }}
                    data-testid="space-export-bucket"
                  >
                    <option value="">{t('spaces.form.choose')}</option>
                    {sortByName(buckets.data ?? [], i18n.language).map((b) => (
                      <option key={b.id} value={b.id}>
                        {b.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span className="field-label">{t('spaces.export.package')}</span>
                  <select className="input" value={packageRoot} onChange={(e) => setPackageRoot(e.target.value)} disabled={bucketRoot === ''} data-testid="space-export-package">
                    <option value="">{t('spaces.form.choose')}</option>
                    {sortByName(packages.data ?? [], i18n.language).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                  {shown(problems.package) && <span className="field-problem">{problems.package}</span>}
                </label>
              </div>
            )}
            <label className="field">
              <span className="field-label">{t('spaces.export.space')}</span>
              <select className="input" value={spaceId} onChange={(e) => setSpaceId(e.target.value)} data-testid="space-export-space">
                <option value="">{t('spaces.form.choose')}</option>
                {(spaces.data ?? []).map((s) => (
                  <option key={s.id} value={String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
              {shown(problems.spaceId) && <span className="field-problem">{problems.spaceId}</span>}
              {spaces.isSuccess && spaces.data.length === 0 && <span className="field-hint">{t('spaces.export.noSpaces')}</span>}
            </label>
            <label className="field">
              <span className="field-label">{t('spaces.export.rootPath')}</span>
              <span className="spaces-input-row">
                <input className="input" value={rootPath} placeholder={t('spaces.picker.wholeSpace')} onChange={(e) => setRootPath(e.target.value)} spellCheck={false} data-testid="space-export-path" />
                <button type="button" className="button" onClick={() => setPicking(true)} disabled={!space} data-testid="space-export-browse">
                  {t('spaces.form.browse')}
                </button>
              </span>
              <span className="field-hint">{t('spaces.export.rootPathHint')}</span>
              {shown(problems.rootPath) && <span className="field-problem">{problems.rootPath}</span>}
            </label>
            <ErrorText error={error ?? spaces.error ?? buckets.error} />
            <button type="submit" hidden />
          </form>
        )}
      </Dialog>
      {picking && space && <SpaceFolderPicker connectionId={connectionId} space={space} initialPath="" files={false} onChoose={setRootPath} onClose={() => setPicking(false)} />}
    </>
  );
}
