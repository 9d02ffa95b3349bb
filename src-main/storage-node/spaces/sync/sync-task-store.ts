/**
 * Space sync tasks in the node's database: the seed's config as JSON, the
 * destinations (so a space in use is found by index), and the state this
 * product reports: status, last run, counts and last error.
 */
import type { SyncCounts, SyncTaskConfig } from '@shared/jcs/user-space-wire';
import { inTransaction, statement, type Db } from '../../../common/sqlite';
import { dataNotFound } from '../../node-error';
import { formatTime } from '../../wire-format';

export type SyncStatus = 'idle' | 'running' | 'cancelled';

interface TaskRow {
  task_id: number;
  config: string;
  src_space_id: number;
  status: SyncStatus;
  last_run_start: number | null;
  last_run_end: number | null;
  next_run: number | null;
  last_counts: string | null;
  current_counts: string | null;
  last_error: string | null;
  create_time: number;
}

export interface SyncTaskRecord {
  taskID: number;
  config: SyncTaskConfig;
  status: SyncStatus;
  lastRunStart: number | null;
  lastRunEnd: number | null;
  nextRun: number | null;
  lastCounts: SyncCounts | null;
  current: SyncCounts | null;
  lastError: string | null;
}

export const ZERO_COUNTS: SyncCounts = { checked: 0, copied: 0, skipped: 0, failed: 0, bytes: 0 };

export class SyncTaskStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      insert: statement<TaskRow, [string, number, number, number]>(
        db,
        "INSERT INTO space_sync_tasks (config, src_space_id, status, next_run, create_time) VALUES (?, ?, 'idle', ?, ?) RETURNING *",
      ),
      addDest: statement<never, [number, number, number]>(db, 'INSERT INTO space_sync_dests (task_id, seq, user_space_id) VALUES (?, ?, ?)'),
      byId: statement<TaskRow, [number]>(db, 'SELECT * FROM space_sync_tasks WHERE task_id = ?'),
      all: statement<TaskRow, []>(db, 'SELECT * FROM space_sync_tasks ORDER BY task_id'),
      live: statement<TaskRow, []>(db, "SELECT * FROM space_sync_tasks WHERE status != 'cancelled' ORDER BY task_id"),
      started: statement<never, [number, string, number]>(db, "UPDATE space_sync_tasks SET status = 'running', last_run_start = ?, current_counts = ? WHERE task_id = ? AND status != 'cancelled'"),
      current: statement<never, [string, number]>(db, 'UPDATE space_sync_tasks SET current_counts = ? WHERE task_id = ?'),
      ended: statement<never, [number, number, string, string | null, number]>(
        db,
        "UPDATE space_sync_tasks SET status = 'idle', last_run_end = ?, next_run = ?, last_counts = ?, current_counts = NULL, last_error = ? WHERE task_id = ? AND status != 'cancelled'",
      ),
      cancel: statement<never, [number]>(db, "UPDATE space_sync_tasks SET status = 'cancelled', next_run = NULL, current_counts = NULL WHERE task_id = ?"),
      interrupted: statement<never, []>(db, "UPDATE space_sync_tasks SET status = 'idle', current_counts = NULL WHERE status = 'running'"),
    };
  }

  create(config: SyncTaskConfig, now: number): SyncTaskRecord {
    return inTransaction(this.db, () => {
      const row = this.s.insert.get(JSON.stringify(config), config.srcUserSpaceID, now, now)!;
      config.destUserSpaceIDs.forEach((id, seq) => this.s.addDest.run(row.task_id, seq, id));
      return record(row);
    });
  }

  get(taskId: number): SyncTaskRecord | undefined {
    const row = this.s.byId.get(taskId);
    return row ? record(row) : undefined;
  }

  require(taskId: number): SyncTaskRecord {
    const task = this.get(taskId);
    if (!task) throw dataNotFound(`the space sync task does not exist (taskID ${taskId})`);
    return task;
  }

  list(): SyncTaskRecord[] {
    return this.s.all.all().map(record);
  }

  live(): SyncTaskRecord[] {
    return this.s.live.all().map(record);
  }

  started(taskId: number, now: number): void {
    this.s.started.run(now, JSON.stringify(ZERO_COUNTS), taskId);
  }

  progress(taskId: number, counts: SyncCounts): void {
    this.s.current.run(JSON.stringify(counts), taskId);
  }

  ended(taskId: number, end: number, nextRun: number, counts: SyncCounts, lastError: string | null): void {
    this.s.ended.run(end, nextRun, JSON.stringify(counts), lastError, taskId);
  }

  cancel(taskId: number): void {
    this.s.cancel.run(taskId);
  }

  /** Passes a stop or crash cut short: they run again from the start (the diff skips what was copied). */
  resetInterrupted(): void {
    this.s.interrupted.run();
  }
}

function record(row: TaskRow): SyncTaskRecord {
  return {
    taskID: row.task_id,
    config: JSON.parse(row.config) as SyncTaskConfig,
    status: row.status,
    lastRunStart: row.last_run_start,
    lastRunEnd: row.last_run_end,
    nextRun: row.next_run,
    lastCounts: row.last_counts ? (JSON.parse(row.last_counts) as SyncCounts) : null,
    current: row.current_counts ? (JSON.parse(row.current_counts) as SyncCounts) : null,
    lastError: row.last_error,
  };
}

const time = (ms: number | null) => (ms === null ? null : formatTime(ms));
const wireCounts = (c: SyncCounts | null) => (c ? { ...c, bytes: String(c.bytes) } : null);

/** The seed's task fields, then ours. */
export function wireTask(task: SyncTaskRecord) {
  return {
    taskID: task.taskID,
    ...task.config,
    status: task.status,
    lastRunStart: time(task.lastRunStart),
    lastRunEnd: time(task.lastRunEnd),
    nextRun: time(task.nextRun),
    lastCounts: wireCounts(task.lastCounts),
    current: wireCounts(task.current),
    lastError: task.lastError,
  };
}
