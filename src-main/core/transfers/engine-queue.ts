/**
 * The TransferQueue over the transfer engine and its store.
 *
 * TEMPORARY scaffolding while the engine's jobs still name JCS packages and
 * objects: a root here is a JCS package root (`p<packageID>`) and a ref a JCS
 * objectID. It goes away when the engine stores roots and refs itself.
 */
import { randomUUID } from 'node:crypto';
import { AppErrorCode } from '@shared/contract/error-codes';
import type { TransferEngine } from './transfer-engine';
import type { JobRow, NewJob } from './transfer-store';
import type { ActiveTransfer, SettledTransfer, TransferQueue, TransferRequest } from './transfer-queue';

/** Job rows are made and stored this many at a time (a first sync of 100,000 files must not hold 100,000 rows at once). */
const JOB_SLICE = 1000;

function packageOf(root: string): number {
  const match = /^p([1-9][0-9]{0,15})$/.exec(root);
  if (!match) throw new Error(`'${root}' is not a JCS package root`);
  return Number(match[1]);
}

function newJob(taskId: string, batchId: string, r: TransferRequest): NewJob {
  const job: NewJob = {
    id: randomUUID(),
    batch_id: batchId,
    direction: r.direction,
    source: 'disk',
    connection_id: r.connectionId,
    package_id: packageOf(r.root),
    remote_path: r.remotePath,
    local_path: r.localPath,
    display_name: r.displayName,
    size: r.size,
    conflict: r.conflict,
    sync_task_id: taskId,
    trash_root: r.trashPath,
  };
  if (r.direction === 'upload') job.source_mtime = r.sourceMtime;
  else {
    job.local_root = r.localRoot;
    if (r.remote?.ref) job.object_id = Number(r.remote.ref);
    if (r.remote) job.expected_hash = r.remote.version;
  }
  return job;
}

export function settledTransfer(row: JobRow): SettledTransfer {
  return {
    id: row.id,
    batchId: row.batch_id,
    syncTaskId: row.sync_task_id,
    direction: row.direction,
    state: row.state as SettledTransfer['state'],
    skipped: row.error_code === AppErrorCode.Skipped,
    connectionId: row.connection_id,
    root: `p${row.package_id}`,
    remotePath: row.remote_path,
    localPath: row.local_path,
    size: row.size,
    sourceMtime: row.source_mtime,
    remote: row.object_id !== null && row.expected_hash ? { ref: String(row.object_id), version: row.expected_hash } : null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
  };
}

export function engineQueue(engine: TransferEngine): TransferQueue {
  return {
    enqueue(syncTaskId, requests) {
      const batchId = randomUUID();
      let jobs = 0;
      engine.store.batch(() => {
        let slice: NewJob[] = [];
        for (const request of requests) {
          slice.push(newJob(syncTaskId, batchId, request));
          if (slice.length >= JOB_SLICE) {
            engine.store.insertJobs(slice);
            jobs += slice.length;
            slice = [];
          }
        }
        if (slice.length) engine.store.insertJobs(slice);
        jobs += slice.length;
      });
      if (jobs) engine.jobsAdded();
      return { batchId, jobs };
    },
    activeJobs(syncTaskId): ActiveTransfer[] {
      return engine.store.activeForSync(syncTaskId).map((j) => ({ id: j.id, state: j.state, direction: j.direction, remotePath: j.remote_path }));
    },
    pause: (ids) => void (ids.length && engine.pause(ids)),
    resume: (ids) => void (ids.length && engine.resume(ids)),
    cancel: (ids) => void (ids.length && engine.cancel(ids)),
    onSettled: (listener) => engine.onJobSettled((row) => listener(settledTransfer(row))),
    setLocalFolderGuard(guard) {
      engine.setLocalFolderGuard(guard && ((row, dir) => (row.sync_task_id ? guard({ syncTaskId: row.sync_task_id, localPath: row.local_path }, dir) : Promise.reject(new Error('not a sync job')))));
    },
  };
}
