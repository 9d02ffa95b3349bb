/**
 * User spaces, node jobs and space sync tasks between the wire and the
 * contract's views, both ways. Answers come from a service we do not control
 * (a real JCS-pub service has storage types and fields this app does not
 * know), so the views read what they understand and never pass a field
 * through: in particular a credential's secret, redacted or not, stops here.
 */
import type { SpaceConfig, SpaceJobView, SpaceTaskView, SpaceView } from '@shared/contract/spaces';
import type { NodeJob, SpaceCredential, SpaceStorage, SyncTask, UserSpace } from '@shared/jcs/user-space-wire';
import { S3_FAMILY_TYPES } from '@shared/jcs/user-space-wire';
import { invalidInput } from '../provider-errors';
import type { SpaceCredentialChange, SpaceTaskDraft } from '../user-spaces';
import { bucketRootId, packageRootId } from './jcs-root-ids';

/**
 * The Size filter's upper bound when the user gives none: the largest exact
 * number, so the bound means "none" whether a service reads 0 as "no bound"
 * (the wire's default) or as zero bytes.
 */
export const NO_MAX_SIZE = Number.MAX_SAFE_INTEGER;

const isS3Family = (type: string): type is (typeof S3_FAMILY_TYPES)[number] => (S3_FAMILY_TYPES as readonly string[]).includes(type);

function text(record: Readonly<Record<string, unknown>> | null | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function spaceView(space: UserSpace): SpaceView {
  const storage = space.storage as Record<string, unknown>;
  const credential = space.credential as Record<string, unknown> | null;
  const view: SpaceView = {
    id: space.userSpaceID,
    name: space.name,
    type: space.storage.type,
    // An S3-family credential always has a secret (creation requires one); a Local one has none.
    hasSecret: credential !== null && (text(credential, 'accessKeyId') !== undefined || 'secretAccessKey' in credential),
    workingDir: space.workingDir,
    revision: space.revision,
    shardStoreMaxSize: space.shardStore?.maxSize ?? null,
  };
  for (const key of ['localPath', 'endpoint', 'region', 'bucket', 'projectID'] as const) {
    const value = text(storage, key);
    if (value !== undefined) view[key] = value;
  }
  const accessKeyId = text(credential, 'accessKeyId');
  if (accessKeyId !== undefined) view.accessKeyId = accessKeyId;
  return view;
}

/** The storage and credential a create or test form's config stands for. */
export function wireConfig(config: SpaceConfig): { storage: SpaceStorage; credential: SpaceCredential } {
  if (config.type === 'Local') return { storage: { type: 'Local', localPath: config.localPath }, credential: { type: 'Local' } };
  const storage: SpaceStorage = { type: config.type, region: config.region, endpoint: config.endpoint, bucket: config.bucket };
  if (config.type === 'OBS') storage.projectID = config.projectID ?? '';
  return { storage, credential: { type: config.type, accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } };
}

/**
 * The credential an update sends. The seed's update replaces the credential
 * as a whole, and the form does not have the stored secret (nobody outside
 * the service does). So a secret the user did not retype goes as "", which the
 * storage node reads as "keep the stored secret" when the type and access key
 * are unchanged; a new access key therefore needs its secret typed.
 */
export function updateCredential(current: UserSpace, change: SpaceCredentialChange): SpaceCredential | null {
  const type = current.storage.type;
  if (type === 'Local') {
    if (change.accessKeyId !== undefined || change.secretAccessKey !== undefined) throw invalidInput('a Local space has no access key or secret key');
    return current.credential === null ? null : { type: 'Local' };
  }
  if (!isS3Family(type)) throw invalidInput(`spaces of type '${type}' cannot be edited by this app`);
  const stored = text(current.credential, 'accessKeyId');
  const accessKeyId = change.accessKeyId ?? stored;
  if (!accessKeyId) throw invalidInput('accessKeyId: the space has no access key ID: enter one, with its secret key');
  if (change.secretAccessKey === undefined && accessKeyId !== stored) throw invalidInput('secretAccessKey: a new access key ID needs its secret key');
  return { type, accessKeyId, secretAccessKey: change.secretAccessKey ?? '' };
}

export function jobView(job: NodeJob): SpaceJobView {
  return {
    id: `n${job.jobID}`,
    kind: job.kind === 'createPackage' ? 'import' : 'export',
    state: job.state,
    spaceId: job.userSpaceID,
    path: job.path,
    bucketRoot: job.bucketID === null ? null : bucketRootId(job.bucketID),
    packageRoot: job.packageID === null ? null : packageRootId(job.packageID),
    name: job.name,
    filesDone: job.filesDone,
    filesTotal: job.filesTotal,
    bytesDone: job.bytesDone,
    bytesTotal: job.bytesTotal,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
    created: job.createTime,
    updated: job.updateTime,
    tracking: 'service',
  };
}

const JOB_ID = /^n([1-9][0-9]{0,15})$/;

/** The service's id of a job view's id `n<jobID>`. */
export function parseJobId(id: string): number {
  const m = typeof id === 'string' ? JOB_ID.exec(id) : null;
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidInput(`jobId: '${String(id)}' is not a job of this service`);
  return n;
}

export function taskView(task: SyncTask): SpaceTaskView {
  const trigger = task.trigger as Record<string, unknown>;
  const mode = task.mode as Record<string, unknown>;
  const size = task.filters.find((f) => f.type === 'Size') as Record<string, unknown> | undefined;
  const bound = (key: string, none: (n: number) => boolean): number | null => {
    const n = size?.[key];
    return typeof n === 'number' && Number.isFinite(n) && !none(n) ? n : null;
  };
  return {
    id: task.taskID,
    srcSpaceId: task.srcUserSpaceID,
    srcPath: task.srcPath,
    destinations: task.destUserSpaceIDs.map((spaceId, i) => ({ spaceId, path: task.destPathes[i] ?? '' })),
    intervalSeconds: task.trigger.type === 'Interval' && typeof trigger.interval === 'number' ? trigger.interval : null,
    mode: { type: task.mode.type, includeSize: mode.includeSize === true, includeModTime: mode.includeModTime === true },
    minSize: bound('minSize', (n) => n <= 0),
    maxSize: bound('maxSize', (n) => n <= 0 || n >= NO_MAX_SIZE),
    noEmptyDirectories: task.options?.noEmptyDirectories === true,
    status: task.status ?? 'unknown',
    lastRunStart: task.lastRunStart ?? null,
    lastRunEnd: task.lastRunEnd ?? null,
    nextRun: task.nextRun ?? null,
    lastCounts: task.lastCounts ?? null,
    current: task.current ?? null,
    lastError: task.lastError ?? null,
  };
}

/** The seed's createTask body for a task form. */
export function wireTask(draft: SpaceTaskDraft) {
  const bounded = draft.minSize !== undefined || draft.maxSize !== undefined;
  return {
    trigger: { type: 'Interval' as const, interval: draft.intervalSeconds },
    mode: { type: 'Diff' as const, includeSize: draft.includeSize, includeModTime: draft.includeModTime },
    filters: bounded ? [{ type: 'Size' as const, minSize: draft.minSize ?? 0, maxSize: draft.maxSize ?? NO_MAX_SIZE }] : [],
    options: { noEmptyDirectories: draft.noEmptyDirectories },
    srcUserSpaceID: draft.srcSpaceId,
    srcPath: draft.srcPath,
    destUserSpaceIDs: draft.destinations.map((d) => d.spaceId),
    destPathes: draft.destinations.map((d) => d.path),
  };
}
