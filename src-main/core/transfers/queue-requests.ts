/** Sync's side of the TransferQueue in the engine's terms: a request becomes a job row, a settled row a SettledTransfer. */
import { randomUUID } from 'node:crypto';
import { AppErrorCode } from '@shared/contract/error-codes';
import type { SettledTransfer, TransferRequest } from './transfer-queue';
import type { JobRow, NewJob } from './transfer-store';

export function jobFromRequest(syncTaskId: string, batchId: string, r: TransferRequest): NewJob {
  const job: NewJob = {
    id: randomUUID(),
    batch_id: batchId,
    direction: r.direction,
    source: 'disk',
    connection_id: r.connectionId,
    root: r.root,
    remote_path: r.remotePath,
    local_path: r.localPath,
    display_name: r.displayName,
    size: r.size,
    conflict: r.conflict,
    sync_task_id: syncTaskId,
    trash_root: r.trashPath,
  };
  if (r.direction === 'upload') job.source_mtime = r.sourceMtime;
  else {
    job.local_root = r.localRoot;
    job.object_ref = r.remote?.ref ?? null;
    job.remote_version = r.remote?.version ?? null;
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
    root: row.root,
    remotePath: row.remote_path,
    localPath: row.local_path,
    size: row.size,
    sourceMtime: row.source_mtime,
    remote: row.remote_version === null ? null : { ref: row.object_ref, version: row.remote_version },
    sha256: row.sha256,
    errorCode: row.error_code,
    errorMessage: row.error_message,
  };
}
