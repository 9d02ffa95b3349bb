/**
 * Import a file or folder of a space as a new package: the space, the path
 * (typed, or chosen with the space's folder picker), the bucket and the new
 * package's name; then the node's job as it goes, and when it is done a way
 * to open the package in the browser.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceJobView, SpaceView } from '@shared/contract/spaces';
import { spacePathProblem } from '@shared/contract/spaces';
import { entityNameProblem } from '@shared/jcs/names';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery, useTransport } from '../../lib/api';
import { useAppUi } from '../../stores/app-store';
import { trailLocation, useBrowserStore } from '../../stores/browser-store';
import { useConnection } from '../connections/display-name';
import { sortByName } from '../storage/sort-by-name';
import { JobProgress } from './JobProgress';
import { SpaceFolderPicker } from './SpaceFolderPicker';
import { lastSegment, parentPath } from './space-display';
import { useFollowedJob } from './use-followed-job';
import { useSpaces } from './use-spaces';

export function ImportDialog({ connectionId, space, onClose }: { connectionId: string; space: SpaceView | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const spaces = useSpaces(connectionId);
  const buckets = useApiQuery('roots.list', { connectionId, parentId: null });
  const { connection } = useConnection(connectionId);
  const navigate = useBrowserStore((s) => s.navigate);
  const setPage = useAppUi((s) => s.setPage);
  const [spaceId, setSpaceId] = useState(space ? String(space.id) : '');
  const [path, setPath] = useState('');
  const [bucketRoot, setBucketRoot] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [picking, setPicking] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<SpaceJobView | null>(null);
  const job = useFollowedJob(connectionId, started);
  const chosenSpace = spaces.data?.find((s) => String(s.id) === spaceId) ?? space ?? undefined;
  const bucketList = sortByName(buckets.data ?? [], i18n.language);
  const bucket = bucketRoot || bucketList[0]?.id || '';

  const choosePath = (next: string) => {
    setPath(next);
    if (!nameEdited) setName(lastSegment(next) || chosenSpace?.name || '');
  };
  const problems = {
    spaceId: spaceId === '' ? t('spaces.problem.spaceRequired') : undefined,
    path: spacePathProblem(path) ? t('spaces.problem.pathInvalid', { detail: spacePathProblem(path) }) : undefined,
    bucket: bucket === '' ? t('spaces.problem.bucketNeeded') : undefined,
    name: name.trim() === '' ? t('spaces.problem.packageNameRequired') : entityNameProblem(name) ? t('spaces.problem.nameInvalid', { detail: entityNameProblem(name) }) : undefined,
  };
  const shown = (problem: string | undefined) => (submitted ? problem : undefined);

  const start = () => {
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    setStarting(true);
    setError(null);
    transport
      .call('spaces.import', { connectionId, spaceId: Number(spaceId), path, bucketRoot: bucket, name })
      .then(setStarted)
      .catch(setError)
      .finally(() => setStarting(false));
  };

  const openPackage = () => {
    if (!job?.packageRoot || !job.bucketRoot) return;
    navigate(trailLocation(connectionId, [job.bucketRoot, job.packageRoot], connection?.capabilities.rootLevels.length ?? 2));
    setPage('files');
    onClose();
  };

  return (
    <>
      <Dialog
        open
        wide
        title={t('spaces.import.title')}
        onClose={onClose}
        testId="space-import-dialog"
        footer={
          job ? (
            <>
              {job.state === 'done' && job.packageRoot && (
                <button type="button" className="button button-primary" onClick={openPackage} data-testid="space-import-open">
                  {t('spaces.import.open')}
                </button>
              )}
              <button type="button" className="button" onClick={onClose} data-testid="space-import-close">
                {job.state === 'running' ? t('spaces.job.keepRunning') : t('common.close')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button" onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-primary" onClick={start} disabled={starting} data-testid="space-import-start">
                {t('spaces.import.start')}
              </button>
            </>
          )
        }
      >
        {job ? (
          <div className="form">
            <p className="confirm-message">{t('spaces.import.summary', { path: job.path || t('spaces.picker.wholeSpace'), space: chosenSpace?.name ?? job.spaceId, name: job.name ?? '' })}</p>
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
            <label className="field">
              <span className="field-label">{t('spaces.import.space')}</span>
              <select className="input" value={spaceId} onChange={(e) => setSpaceId(e.target.value)} disabled={space !== null} data-testid="space-import-space">
                <option value="">{t('spaces.form.choose')}</option>
                {(spaces.data ?? (space ? [space] : [])).map((s) => (
                  <option key={s.id} value={String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
              {shown(problems.spaceId) && <span className="field-problem">{problems.spaceId}</span>}
            </label>
            <label className="field">
              <span className="field-label">{t('spaces.import.path')}</span>
              <span className="spaces-input-row">
                <input className="input" value={path} placeholder={t('spaces.picker.wholeSpace')} onChange={(e) => choosePath(e.target.value)} spellCheck={false} data-testid="space-import-path" />
                <button type="button" className="button" onClick={() => setPicking(true)} disabled={!chosenSpace} data-testid="space-import-browse">
                  {t('spaces.form.browse')}
                </button>
              </span>
              <span className="field-hint">{t('spaces.import.pathHint')}</span>
              {shown(problems.path) && <span className="field-problem">{problems.path}</span>}
            </label>
            <div className="spaces-form-row">
              <label className="field">
                <span className="field-label">{t('spaces.import.bucket')}</span>
                <select className="input" value={bucket} onChange={(e) => setBucketRoot(e.target.value)} data-testid="space-import-bucket">
                  {bucketList.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
                {shown(problems.bucket) && <span className="field-problem">{problems.bucket}</span>}
              </label>
              <label className="field">
                <span className="field-label">{t('spaces.import.name')}</span>
                <input
                  className="input"
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value);
                    setNameEdited(true);
                  }}
                  spellCheck={false}
                  data-testid="space-import-name"
                />
                {shown(problems.name) && <span className="field-problem">{problems.name}</span>}
              </label>
            </div>
            <ErrorText error={error ?? buckets.error} />
            <button type="submit" hidden />
          </form>
        )}
      </Dialog>
      {picking && chosenSpace && <SpaceFolderPicker connectionId={connectionId} space={chosenSpace} initialPath={spacePathProblem(path) ? "" : parentPath(path)} files onChoose={choosePath} onClose={() => setPicking(false)} />}
    </>
  );
}
