/**
 * Everything user spaces need, made once per node: the space and task
 * stores, the job runner and the syncer, started after the node's own stores
 * and stopped before them.
 */
import type { Db } from '../../common/sqlite';
import type { SecretBox } from '../../core/secrets/secret-box';
import type { CoreNodeServices } from '../node-services';
import { operationFailed } from '../node-error';
import { progressRecorder, type JobContext } from './jobs/job-context';
import { JobRunner } from './jobs/job-runner';
import { JobStore } from './jobs/job-store';
import { openSpaceBackend } from './open-backend';
import type { SpaceBackend } from './space-backend';
import { SpaceCatalog, type UserSpaceRecord } from './space-catalog';
import { SpaceSyncer } from './sync/space-syncer';
import { SyncTaskStore } from './sync/sync-task-store';

export interface SpaceServices {
  dataDir: string;
  spaces: SpaceCatalog;
  jobs: JobStore;
  runner: JobRunner;
  tasks: SyncTaskStore;
  syncer: SpaceSyncer;
  openBackend(space: UserSpaceRecord): Promise<SpaceBackend>;
}

export function createSpaceServices(db: Db, dataDir: string, box: SecretBox, node: CoreNodeServices, log: (message: string, error?: unknown) => void): SpaceServices {
  // `box` keeps its key beside the database (mode 0600): a copy of metadata.db alone holds no secret.
  const spaces = new SpaceCatalog(db, box);
  const jobs = new JobStore(db);
  const tasks = new SyncTaskStore(db);
  const openBackend = (space: UserSpaceRecord): Promise<SpaceBackend> => {
    if (space.credentialProblem) return Promise.reject(operationFailed(space.credentialProblem));
    return openSpaceBackend(space.storage, space.credential);
  };
  const services = { dataDir, spaces, jobs, tasks, openBackend } as Omit<SpaceServices, 'runner' | 'syncer'>;
  const now = () => node.now();
  const ctx: JobContext = {
    node,
    spaces,
    jobs,
    openBackend,
    now,
    progress: (jobId, filesDone, bytesDone) => progressRecorder(jobs, now, jobId, filesDone, bytesDone),
  };
  const runner = new JobRunner(ctx, log);
  const syncer = new SpaceSyncer({ tasks, spaces, openBackend, now, log });
  return { ...services, runner, syncer };
}
