/**
 * Job rows read as arrays (libsql's raw mode) and made objects here: libsql
 * building each row object through N-API cost half again as much (reading
 * 10,000 queued rows 64 at a time: 0.073 against 0.049 CPU-s). The scheduler
 * reads every job it starts this way.
 */
import type { JobRow } from './job-row';

/** Every column of transfer_jobs, in the table's order (as `SELECT *` gives them), which jobRowOf follows. */
export const JOB_COLUMNS = [
  'seq',
  'id',
  'batch_id',
  'direction',
  'source',
  'state',
  'waiting',
  'connection_id',
  'remote_path',
  'local_path',
  'display_name',
  'size',
  'bytes_done',
  'part_size',
  'source_mtime',
  'conflict',
  'attempts',
  'error_code',
  'error_message',
  'created_at',
  'updated_at',
  'finished_at',
  'sync_task_id',
  'trash_root',
  'local_root',
  'root',
  'object_ref',
  'upload_handle',
  'remote_version',
  'sha256',
  'verified',
  'kind',
  'report',
] as const satisfies ReadonlyArray<keyof JobRow>;

/** A row selected as `SELECT ${JOB_COLUMNS}` in raw mode. One object literal: every row gets the same shape. */
export function jobRowOf(r: unknown[]): JobRow {
  return {
    seq: r[0],
    id: r[1],
    batch_id: r[2],
    direction: r[3],
    source: r[4],
    state: r[5],
    waiting: r[6],
    connection_id: r[7],
    remote_path: r[8],
    local_path: r[9],
    display_name: r[10],
    size: r[11],
    bytes_done: r[12],
    part_size: r[13],
    source_mtime: r[14],
    conflict: r[15],
    attempts: r[16],
    error_code: r[17],
    error_message: r[18],
    created_at: r[19],
    updated_at: r[20],
    finished_at: r[21],
    sync_task_id: r[22],
    trash_root: r[23],
    local_root: r[24],
    root: r[25],
    object_ref: r[26],
    upload_handle: r[27],
    remote_version: r[28],
    sha256: r[29],
    verified: r[30],
    kind: r[31],
    report: r[32],
  } as JobRow;
}
