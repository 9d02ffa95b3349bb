/**
 * The transfer queue read as batches: one row of totals per batch (counted by
 * the database over every job of the batch, so the figures are the batch's,
 * not only what is in flight) and one batch's jobs a page at a time, failed
 * ones first. Read-only; the store owns every write.
 */
import type { TransferState } from '@shared/contract/domain';
import { AppErrorCode } from '@shared/contract/error-codes';
import { statement, type Db } from '../../common/sqlite';

export interface BatchRow {
  batch_id: string;
  direction: 'upload' | 'download';
  files: number;
  queued: number;
  waiting: number;
  running: number;
  paused: number;
  completed: number;
  skipped: number;
  failed: number;
  cancelled: number;
  bytes_total: number;
  /** Transferred files whole, unfinished ones as far as recorded (live progress is added by the engine); skipped files add nothing. */
  bytes_done: number;
  /** Bytes the unfinished files still have to move (as recorded). */
  bytes_left: number;
  /** The batch's first and last paths in byte order (uploads: remote; downloads: local): their common folder is every file's. */
  low_path: string;
  high_path: string;
  first_name: string;
  sync: number;
  created_at: number;
}

// A comparison with a NULL error_code is NULL, and SUM of nothing but NULLs is NULL: every test of error_code goes through IFNULL.
// SQLite's bare columns: with several min/max aggregates they come from some row of the batch, so only columns that are the
// batch's own are read bare (direction, created_at), and display_name only where the batch has one job.
const SUMMARY = `
  SELECT batch_id, direction, MIN(seq) AS first_seq,
    MIN(CASE WHEN direction = 'upload' THEN remote_path ELSE local_path END) AS low_path,
    MAX(CASE WHEN direction = 'upload' THEN remote_path ELSE local_path END) AS high_path,
    display_name AS first_name, created_at,
    COUNT(*) AS files,
    SUM(state = 'queued' AND waiting IS NULL) AS queued,
    SUM(state = 'queued' AND waiting IS NOT NULL) AS waiting,
    SUM(state = 'running') AS running,
    SUM(state = 'paused') AS paused,
    SUM(state = 'completed' AND IFNULL(error_code, '') <> '${AppErrorCode.Skipped}') AS completed,
    SUM(state = 'completed' AND IFNULL(error_code, '') = '${AppErrorCode.Skipped}') AS skipped,
    SUM(state = 'failed') AS failed,
    SUM(state = 'cancelled') AS cancelled,
    SUM(CASE WHEN state = 'completed' AND IFNULL(error_code, '') = '${AppErrorCode.Skipped}' THEN 0 ELSE size END) AS bytes_total,
    SUM(CASE WHEN state <> 'completed' THEN MIN(bytes_done, size) WHEN IFNULL(error_code, '') <> '${AppErrorCode.Skipped}' THEN size ELSE 0 END) AS bytes_done,
    SUM(CASE WHEN state IN ('queued', 'running', 'paused') THEN MAX(0, size - bytes_done) ELSE 0 END) AS bytes_left,
    SUM(sync_task_id IS NOT NULL) > 0 AS sync
  FROM transfer_jobs GROUP BY batch_id`;

/** `Row` is the store's job row (given by the store, so this file does not import it back). */
export class BatchQueries<Row> {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      summaries: statement<BatchRow, [number, number]>(
        db,
        `SELECT * FROM (${SUMMARY})
         ORDER BY failed > 0 DESC, (queued + waiting + running + paused) > 0 DESC, first_seq DESC
         LIMIT ? OFFSET ?`,
      ),
      summary: statement<BatchRow, [string]>(db, `${SUMMARY.replace('GROUP BY batch_id', 'WHERE batch_id = ? GROUP BY batch_id')}`),
      count: statement<{ n: number }, []>(db, 'SELECT COUNT(DISTINCT batch_id) AS n FROM transfer_jobs'),
      jobs: statement<Row, [string, number, number]>(db, "SELECT * FROM transfer_jobs WHERE batch_id = ? ORDER BY state = 'failed' DESC, seq LIMIT ? OFFSET ?"),
      jobCount: statement<{ n: number }, [string]>(db, 'SELECT COUNT(*) AS n FROM transfer_jobs WHERE batch_id = ?'),
      idsIn: statement<{ id: string }, [string, string]>(db, "SELECT id FROM transfer_jobs WHERE batch_id = ? AND instr(?, ',' || state || ',') > 0 ORDER BY seq"),
    };
  }

  /** Batches with failures first, then unfinished ones, then finished ones; each group newest first (the user's last action on top). */
  page(offset: number, limit: number): { rows: BatchRow[]; total: number } {
    return { rows: this.s.summaries.all(limit, offset), total: this.s.count.get()?.n ?? 0 };
  }

  get(batchId: string): BatchRow | undefined {
    return this.s.summary.get(batchId);
  }

  /** A page of the batch's jobs: failed ones first, then the rest in queue order. */
  jobs(batchId: string, offset: number, limit: number): { rows: Row[]; total: number } {
    return { rows: this.s.jobs.all(batchId, limit, offset), total: this.s.jobCount.get(batchId)?.n ?? 0 };
  }

  /** Ids of the batch's jobs in these states, in queue order. */
  idsIn(batchId: string, states: readonly TransferState[]): string[] {
    return this.s.idsIn.all(batchId, `,${states.join(',')},`).map((r) => r.id);
  }
}
