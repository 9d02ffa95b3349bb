/**
 * Node jobs (long imports and exports) and their per-file plan, in the
 * node's database (schema version 4). A job's row is its state and progress;
 * its `space_job_files` rows are the plan: for an import, the files to read
 * and the blob each became; for an export, the objects to write and, once
 * written, the hash written.
 */
import { inTransaction, statement, type Db } from '../../../common/sqlite';
import { formatTime } from '../../wire-format';
import { dataNotFound } from '../../node-error';

export type JobKind = 'createPackage' | 'downloadPackage';

export interface JobRow {
  job_id: number;
  kind: JobKind;
  state: 'running' | 'done' | 'failed';
  user_space_id: number;
  path: string;
  package_id: number | null;
  bucket_id: number | null;
  name: string | null;
  space_affinity: number | null;
  files_done: number;
  files_total: number | null;
  bytes_done: number;
  bytes_total: number | null;
  error_code: string | null;
  error_message: string | null;
  create_time: number;
  update_time: number;
}

export interface PlannedFile {
  path: string;
  size: number;
  /** Import: the blob the file became; export: the SHA-256 written. Null while not done. */
  blob: string | null;
}

/** Finished jobs kept for the list (newest first); older ones are dropped as new ones start. */
const KEEP_FINISHED = 200;

export class JobStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      insert: statement<JobRow, [JobKind, number, string, number | null, number | null, string | null, number | null, number, number]>(
        db,
        `INSERT INTO node_jobs (kind, state, user_space_id, path, package_id, bucket_id, name, space_affinity, create_time, update_time)
         VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ),
      byId: statement<JobRow, [number]>(db, 'SELECT * FROM node_jobs WHERE job_id = ?'),
      recent: statement<JobRow, [number]>(db, 'SELECT * FROM node_jobs ORDER BY job_id DESC LIMIT ?'),
      running: statement<JobRow, []>(db, "SELECT * FROM node_jobs WHERE state = 'running' ORDER BY job_id"),
      progress: statement<never, [number, number, number, number]>(db, 'UPDATE node_jobs SET files_done = ?, bytes_done = ?, update_time = ? WHERE job_id = ?'),
      planned: statement<never, [number, number, number, number]>(db, 'UPDATE node_jobs SET files_total = ?, bytes_total = ?, update_time = ? WHERE job_id = ?'),
      finish: statement<never, [string, number | null, string | null, string | null, number, number]>(
        db,
        'UPDATE node_jobs SET state = ?, package_id = COALESCE(?, package_id), error_code = ?, error_message = ?, update_time = ? WHERE job_id = ?',
      ),
      addFile: statement<never, [number, string, number]>(db, 'INSERT OR IGNORE INTO space_job_files (job_id, path, size, blob) VALUES (?, ?, ?, NULL)'),
      files: statement<PlannedFile, [number]>(db, 'SELECT path, size, blob FROM space_job_files WHERE job_id = ? ORDER BY path'),
      fileDone: statement<never, [string, number, number, string]>(db, 'UPDATE space_job_files SET blob = ?, size = ? WHERE job_id = ? AND path = ?'),
      stagedBlobs: statement<{ blob: string }, [number]>(db, 'SELECT blob FROM space_job_files WHERE job_id = ? AND blob IS NOT NULL'),
      dropFiles: statement<never, [number]>(db, 'DELETE FROM space_job_files WHERE job_id = ?'),
      markBlob: statement<never, [string]>(db, 'INSERT OR IGNORE INTO blob_gc (blob) VALUES (?)'),
      oldFinished: statement<{ job_id: number }, [number]>(db, "SELECT job_id FROM node_jobs WHERE state != 'running' ORDER BY job_id DESC LIMIT -1 OFFSET ?"),
      dropJob: statement<never, [number]>(db, 'DELETE FROM node_jobs WHERE job_id = ?'),
    };
  }

  create(kind: JobKind, userSpaceID: number, path: string, fields: { packageID?: number; bucketID?: number; name?: string; spaceAffinity?: number | null }, now: number): JobRow {
    return inTransaction(this.db, () => {
      for (const { job_id } of this.s.oldFinished.all(KEEP_FINISHED)) this.s.dropJob.run(job_id);
      return this.s.insert.get(kind, userSpaceID, path, fields.packageID ?? null, fields.bucketID ?? null, fields.name ?? null, fields.spaceAffinity ?? null, now, now)!;
    });
  }

  get(jobId: number): JobRow | undefined {
    return this.s.byId.get(jobId);
  }

  require(jobId: number): JobRow {
    const row = this.get(jobId);
    if (!row) throw dataNotFound(`the job does not exist (jobID ${jobId})`);
    return row;
  }

  recent(limit: number): JobRow[] {
    return this.s.recent.all(limit);
  }

  running(): JobRow[] {
    return this.s.running.all();
  }

  /** Records the whole plan at once (a resumed job keeps the rows it has). */
  plan(jobId: number, files: readonly { path: string; size: number }[], now: number): void {
    inTransaction(this.db, () => {
      for (const file of files) this.s.addFile.run(jobId, file.path, file.size);
      const total = files.reduce((sum, f) => sum + f.size, 0);
      this.s.planned.run(files.length, total, now, jobId);
    });
  }

  files(jobId: number): PlannedFile[] {
    return this.s.files.all(jobId);
  }

  fileDone(jobId: number, path: string, blob: string, size: number): void {
    this.s.fileDone.run(blob, size, jobId, path);
  }

  progress(jobId: number, filesDone: number, bytesDone: number, now: number): void {
    this.s.progress.run(filesDone, bytesDone, now, jobId);
  }

  /** Ends a job. Its plan goes; an import's staged blobs are queued for collection unless `keepBlobs` (they now belong to objects). */
  finish(jobId: number, outcome: { state: 'done'; packageID?: number } | { state: 'failed'; code: string; message: string }, now: number, keepBlobs = false): void {
    inTransaction(this.db, () => {
      const job = this.require(jobId);
      if (job.kind === 'createPackage' && !keepBlobs) for (const { blob } of this.s.stagedBlobs.all(jobId)) this.s.markBlob.run(blob);
      this.s.dropFiles.run(jobId);
      if (outcome.state === 'done') this.s.finish.run('done', outcome.packageID ?? null, null, null, now, jobId);
      else this.s.finish.run('failed', null, outcome.code, outcome.message, now, jobId);
    });
  }
}

export function wireJob(row: JobRow) {
  return {
    jobID: row.job_id,
    kind: row.kind,
    state: row.state,
    userSpaceID: row.user_space_id,
    path: row.path,
    packageID: row.package_id,
    bucketID: row.bucket_id,
    name: row.name,
    filesDone: row.files_done,
    filesTotal: row.files_total,
    bytesDone: String(row.bytes_done),
    bytesTotal: row.bytes_total === null ? null : String(row.bytes_total),
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createTime: formatTime(row.create_time),
    updateTime: formatTime(row.update_time),
  };
}
