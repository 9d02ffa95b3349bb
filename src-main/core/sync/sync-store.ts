/** Persistence of sync tasks, their journals, activity logs and kept conflicts (app-database.ts, migrations 3, 4, 6 and 9). */
import { messageParamsSchema, type MessageParams } from '@shared/contract/define';
import { syncTaskConfigSchema, type SyncLogEntry, type SyncTaskConfig } from '@shared/contract/sync';
import { inTransaction, statement, type Db } from '../../common/sqlite';
import { logText, type SyncLogText } from './sync-text';

export interface TaskRow {
  id: string;
  config: string;
  paused: number;
  last_run_at: number | null;
  last_run_result: 'ok' | 'error' | 'blocked' | null;
  status_message: string | null;
  created_at: number;
  /** `dev:ino` of the local folder the task last ran on (sync-root.ts). */
  root_identity: string | null;
}

/** What both sides looked like the last time a path was in sync. */
export interface JournalEntry {
  path: string;
  local_size: number;
  local_mtime: number;
  /** SHA-256 (lowercase hex) of the local content when it was known; null: not recorded. */
  local_hash: string | null;
  /** The provider's handle for the object (RemoteEntry.ref), null when it gives none. */
  remote_ref: string | null;
  /** The provider's change token for the object (RemoteEntry.version). */
  remote_version: string;
  remote_size: number;
  synced_at: number;
}

/** The part of a journal entry that change detection reads (a full rescan holds one per file, so it stays small). */
export type JournalState = Pick<JournalEntry, 'local_size' | 'local_mtime' | 'local_hash' | 'remote_ref' | 'remote_version'>;

interface LogRow {
  id: number;
  at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  /** Null on lines written before codes existed (migration 6). */
  code: string | null;
  params: string | null;
  path: string | null;
}

/** Stored params, or none when the column is empty or does not hold what it should (the line then reads as its message). */
function parseParams(raw: string | null): MessageParams {
  if (raw === null) return {};
  try {
    const parsed = messageParamsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export class SyncStore {
  private readonly s;
  /** journalCount's last answer per task, with the write stamp it was counted at. */
  private readonly counted = new Map<string, { stamp: string; n: number }>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      tasks: statement<TaskRow, []>(db, 'SELECT * FROM sync_tasks ORDER BY created_at, id'),
      task: statement<TaskRow, [string]>(db, 'SELECT * FROM sync_tasks WHERE id = ?'),
      insertTask: statement<never, [string, string, number, number]>(db, 'INSERT INTO sync_tasks (id, config, created_at, paused) VALUES (?, ?, ?, ?)'),
      updateConfig: statement<never, [string, string]>(db, 'UPDATE sync_tasks SET config = ? WHERE id = ?'),
      setPaused: statement<never, [number, string]>(db, 'UPDATE sync_tasks SET paused = ? WHERE id = ?'),
      setRootIdentity: statement<never, [string, string]>(db, 'UPDATE sync_tasks SET root_identity = ? WHERE id = ?'),
      setResult: statement<never, [number, string, string | null, string]>(db, 'UPDATE sync_tasks SET last_run_at = ?, last_run_result = ?, status_message = ? WHERE id = ?'),
      deleteTask: statement<never, [string]>(db, 'DELETE FROM sync_tasks WHERE id = ?'),
      deleteJournal: statement<never, [string]>(db, 'DELETE FROM sync_journal WHERE task_id = ?'),
      deleteLog: statement<never, [string]>(db, 'DELETE FROM sync_log WHERE task_id = ?'),
      deleteConflicts: statement<never, [string]>(db, 'DELETE FROM sync_conflicts WHERE task_id = ?'),
      journal: statement<JournalState & { path: string }, [string]>(db, 'SELECT path, local_size, local_mtime, local_hash, remote_ref, remote_version FROM sync_journal WHERE task_id = ?'),
      // Keyset pages in path order (BINARY collation: UTF-8 byte order, the merge's order), each read to its end at once,
      // so no statement stays open across the scan's pauses while transfers write to the journal.
      // Rows as arrays, made into objects in journalPage: libsql builds a row object field by field
      // through N-API, which was a quarter of what a rescan spent reading the journal.
      journalPage: db.prepare('SELECT path, local_size, local_mtime, local_hash, remote_ref, remote_version FROM sync_journal WHERE task_id = ? AND path > ? ORDER BY path LIMIT ?').raw(true),
      journalEntry: statement<JournalEntry, [string, string]>(db, 'SELECT path, local_size, local_mtime, local_hash, remote_ref, remote_version, remote_size, synced_at FROM sync_journal WHERE task_id = ? AND path = ?'),
      journalCount: statement<{ n: number }, [string]>(db, 'SELECT COUNT(*) AS n FROM sync_journal WHERE task_id = ?'),
      // Moves with every row this connection writes (total_changes) and every commit of another connection (data_version).
      writeStamp: statement<{ c: number; v: number }, []>(db, 'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v'),
      putJournal: statement<never, unknown[]>(
        db,
        `INSERT INTO sync_journal (task_id, path, local_size, local_mtime, local_hash, remote_ref, remote_version, remote_size, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (task_id, path) DO UPDATE SET local_size = excluded.local_size, local_mtime = excluded.local_mtime, local_hash = excluded.local_hash, remote_ref = excluded.remote_ref,
           remote_version = excluded.remote_version, remote_size = excluded.remote_size, synced_at = excluded.synced_at`,
      ),
      dropJournal: statement<never, [string, string]>(db, 'DELETE FROM sync_journal WHERE task_id = ? AND path = ?'),
      addLog: statement<never, [string, number, string, string, string, string, string | null]>(db, 'INSERT INTO sync_log (task_id, at, level, message, code, params, path) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      log: statement<LogRow, [string, number, number]>(db, 'SELECT id, at, level, message, code, params, path FROM sync_log WHERE task_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
      trimLog: statement<never, [string, string]>(db, 'DELETE FROM sync_log WHERE task_id = ? AND id <= (SELECT id FROM sync_log WHERE task_id = ? ORDER BY id DESC LIMIT 1 OFFSET 10000)'),
      addConflict: statement<never, [string, number, string, string, string]>(db, 'INSERT INTO sync_conflicts (task_id, at, path, kept_as, renamed) VALUES (?, ?, ?, ?, ?)'),
      conflicts: statement<{ id: number; at: number; path: string; kept_as: string; renamed: string }, [string]>(
        db,
        'SELECT id, at, path, kept_as, renamed FROM sync_conflicts WHERE task_id = ? ORDER BY id DESC LIMIT 1000',
      ),
      conflictCount: statement<{ n: number }, [string]>(db, 'SELECT COUNT(*) AS n FROM sync_conflicts WHERE task_id = ?'),
      dropConflict: statement<never, [string, number]>(db, 'DELETE FROM sync_conflicts WHERE task_id = ? AND id = ?'),
    };
  }

  tasks(): TaskRow[] {
    return this.s.tasks.all();
  }

  task(id: string): TaskRow | undefined {
    return this.s.task.get(id);
  }

  static config(row: TaskRow): SyncTaskConfig {
    return syncTaskConfigSchema.parse(JSON.parse(row.config));
  }

  insertTask(id: string, config: SyncTaskConfig, paused = false): void {
    this.s.insertTask.run(id, JSON.stringify(config), this.now(), paused ? 1 : 0);
  }

  updateConfig(id: string, config: SyncTaskConfig): void {
    this.s.updateConfig.run(JSON.stringify(config), id);
  }

  setPaused(id: string, paused: boolean): void {
    this.s.setPaused.run(paused ? 1 : 0, id);
  }

  setRootIdentity(id: string, identity: string): void {
    this.s.setRootIdentity.run(identity, id);
  }

  setResult(id: string, result: 'ok' | 'error' | 'blocked', message: string | null): void {
    this.s.setResult.run(this.now(), result, message, id);
  }

  /** Runs `fn` in one transaction of the app database; other stores' writes on it meanwhile join it (as savepoints). */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }

  /** Forgets the task entirely; files on both sides are untouched. */
  deleteTask(id: string): void {
    this.counted.delete(id);
    inTransaction(this.db, () => {
      this.s.deleteJournal.run(id);
      this.s.deleteLog.run(id);
      this.s.deleteConflicts.run(id);
      this.s.deleteTask.run(id);
    });
  }

  journal(taskId: string): Map<string, JournalState> {
    const out = new Map<string, JournalState>();
    for (const e of this.s.journal.iterate(taskId)) {
      out.set(e.path, { local_size: e.local_size, local_mtime: e.local_mtime, local_hash: e.local_hash, remote_ref: e.remote_ref, remote_version: e.remote_version });
    }
    return out;
  }

  /** Up to `limit` entries after `after` (exclusive; '' for the first page), in path order (UTF-8 byte order). */
  journalPage(taskId: string, after: string, limit: number): Array<JournalState & { path: string }> {
    // The column list above, in its order.
    const rows = this.s.journalPage.all(taskId, after, limit) as Array<[string, number, number, string | null, string | null, string]>;
    return rows.map((r) => ({ path: r[0], local_size: r[1], local_mtime: r[2], local_hash: r[3], remote_ref: r[4], remote_version: r[5] }));
  }

  journalEntry(taskId: string, path: string): JournalEntry | undefined {
    return this.s.journalEntry.get(taskId, path);
  }

  /**
   * The task's journal entries. COUNT(*) walks the whole journal (~3-5 ms at
   * 100,000 files) and every view of the task asks for it, also while a run
   * scans and nothing is written; so the last count is kept with the
   * database's write stamp, and counted again once anything at all was written
   * (by this connection or another). Inside a transaction, which may still
   * roll back what it wrote, it is always counted.
   */
  journalCount(taskId: string): number {
    if (this.db.inTransaction) return this.s.journalCount.get(taskId)?.n ?? 0;
    const stamp = this.s.writeStamp.get();
    const key = stamp ? `${stamp.c}:${stamp.v}` : '';
    const kept = this.counted.get(taskId);
    if (kept && key && kept.stamp === key) return kept.n;
    const n = this.s.journalCount.get(taskId)?.n ?? 0;
    this.counted.set(taskId, { stamp: key, n });
    return n;
  }

  putJournal(taskId: string, e: Omit<JournalEntry, 'synced_at'>): void {
    this.s.putJournal.run(taskId, e.path, e.local_size, e.local_mtime, e.local_hash, e.remote_ref, e.remote_version, e.remote_size, this.now());
  }

  dropJournal(taskId: string, path: string): void {
    this.s.dropJournal.run(taskId, path);
  }

  /** Adds an activity line: its code and params, and their English wording (sync-text.ts) beside them. */
  log(taskId: string, level: 'info' | 'warn' | 'error', text: SyncLogText, path: string | null = null): void {
    this.s.addLog.run(taskId, this.now(), level, logText(text), text.code, JSON.stringify(text.params), path);
  }

  trimLog(taskId: string): void {
    this.s.trimLog.run(taskId, taskId);
  }

  readLog(taskId: string, limit: number, beforeId = Number.MAX_SAFE_INTEGER): SyncLogEntry[] {
    return this.s.log.all(taskId, beforeId, limit).map((row) => ({ id: row.id, at: row.at, level: row.level, message: row.message, code: row.code, params: parseParams(row.params), path: row.path }));
  }

  addConflict(taskId: string, path: string, keptAs: string, renamed: 'local' | 'remote'): void {
    this.s.addConflict.run(taskId, this.now(), path, keptAs, renamed);
  }

  conflicts(taskId: string) {
    return this.s.conflicts.all(taskId).map((c) => ({ id: c.id, at: c.at, path: c.path, keptAs: c.kept_as, renamed: c.renamed === 'local' ? ('local' as const) : ('remote' as const) }));
  }

  conflict(taskId: string, id: number): StoredConflict | undefined {
    return this.conflicts(taskId).find((c) => c.id === id);
  }

  /** A conflict the user settled (conflict-resolution.ts). */
  dropConflict(taskId: string, id: number): void {
    this.s.dropConflict.run(taskId, id);
  }

  conflictCount(taskId: string): number {
    return this.s.conflictCount.get(taskId)?.n ?? 0;
  }
}

export type StoredConflict = ReturnType<SyncStore['conflicts']>[number];
