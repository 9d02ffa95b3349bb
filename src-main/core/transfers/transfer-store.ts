/**
 * Persistence of the transfer queue (tables in app-database.ts). Jobs are read
 * in pages and picked in queue order, so 100,000 queued jobs cost nothing in
 * memory; only running jobs live in the engine.
 */
import type { TransferJob, TransferState } from '@shared/contract/domain';
import { inTransaction, statement, type Db } from '../../common/sqlite';
import { AppErrorCode } from '@shared/contract/error-codes';
import { BatchQueries } from './batch-queries';
import type { JobRow } from './job-row';
import { JOB_COLUMNS, jobRowOf } from './job-row-reader';
import { columnValues, splitSharedColumns, StatementsByShape } from './shared-columns';
import { bucketOf, emptyCounts, StateTally, type StateCounts } from './state-tally';

export type { JobRow, TransferJobKind } from './job-row';

export type NewJob = Pick<JobRow, 'id' | 'batch_id' | 'direction' | 'source' | 'connection_id' | 'root' | 'remote_path' | 'local_path' | 'display_name' | 'size' | 'conflict'> &
  Partial<Pick<JobRow, 'object_ref' | 'source_mtime' | 'remote_version' | 'waiting' | 'state' | 'error_code' | 'error_message' | 'part_size' | 'sync_task_id' | 'trash_root' | 'local_root' | 'kind'>>;

export interface UnitRow {
  idx: number;
  offset: number;
  size: number;
  /** A download range's fingerprint when recorded without its own sync (download/range-fingerprint.ts: `crc32:…`, or a SHA-256 in hex as app database v13 recorded it); absent for upload parts and for ranges synced when recorded. */
  sha256?: string | null;
}

const PATCHABLE_FIELDS = [
  'state',
  'waiting',
  'remote_path',
  'local_path',
  'object_ref',
  'size',
  'bytes_done',
  'part_size',
  'source_mtime',
  'upload_handle',
  'remote_version',
  'sha256',
  'verified',
  'conflict',
  'attempts',
  'error_code',
  'error_message',
  'finished_at',
  'report',
] as const satisfies ReadonlyArray<keyof JobRow>;

/** What a job's count depends on (state-tally.ts), as it was before a write. */
export type JobCounted = Pick<JobRow, 'state' | 'waiting' | 'error_code'>;

/** Fields a runner may change on its job row. */
export type JobPatch = Partial<Pick<JobRow, (typeof PATCHABLE_FIELDS)[number]>>;

const PATCHABLE = new Set<string>(PATCHABLE_FIELDS);

/** The columns a new job is stored with (besides its timestamps), in the order `insertJobs` gives them. */
const INSERT_COLUMNS = [
  'id',
  'batch_id',
  'direction',
  'source',
  'state',
  'waiting',
  'connection_id',
  'root',
  'remote_path',
  'object_ref',
  'local_path',
  'display_name',
  'size',
  'source_mtime',
  'remote_version',
  'conflict',
  'error_code',
  'error_message',
  'part_size',
  'sync_task_id',
  'trash_root',
  'local_root',
  'finished_at',
  'kind',
] as const;

/**
 * Rows per statement when jobs are stored: with usual paths (~300-900 bytes a row) their
 * JSON stays below V8's large-object size (128 KiB). A longer string is made straight in the
 * old generation, which only a full collection frees: a first sync storing its 100,000 jobs
 * 1,000 a time left ~35 MB of such strings behind.
 */
const INSERT_ROWS = 128;

/** A new job's values in INSERT_COLUMNS order. */
function insertRow(j: NewJob, now: number): unknown[] {
  return [
    j.id,
    j.batch_id,
    j.direction,
    j.source,
    j.state ?? 'queued',
    j.waiting ?? null,
    j.connection_id,
    j.root,
    j.remote_path,
    j.object_ref ?? null,
    j.local_path,
    j.display_name,
    j.size,
    j.source_mtime ?? null,
    j.remote_version ?? null,
    j.conflict,
    j.error_code ?? (j.state === 'failed' ? AppErrorCode.InvalidInput : null),
    j.error_message ?? null,
    j.part_size ?? null,
    j.sync_task_id ?? null,
    j.trash_root ?? null,
    j.local_root ?? null,
    j.state === 'completed' || j.state === 'failed' ? now : null,
    j.kind ?? 'file',
  ];
}

export class TransferStore {
  private readonly s;
  private readonly updates = new Map<string, { run(...params: unknown[]): unknown }>();
  /**
   * Many rows in one statement, in their order (seq follows it): a statement per job was a good part of a first sync's
   * time. A column with one value in all of a statement's rows is bound once (shared-columns.ts).
   */
  private readonly inserts = new StatementsByShape((key) =>
    this.db.prepare(
      `INSERT INTO transfer_jobs (${INSERT_COLUMNS.join(', ')}, created_at, updated_at)
       SELECT ${columnValues(key, 3).join(', ')}, ?1, ?1 FROM json_each(?2) AS r ORDER BY r.key`,
    ),
  );
  /** One multi-row UPDATE per set of patched columns and of those among them with one value in every row (shared-columns.ts); rows are [id, ...values]. */
  private readonly manyUpdates = new StatementsByShape((shape) => {
    const [columns, key] = shape.split(' ') as [string, string];
    const [id, ...values] = columnValues(key, 3);
    return this.db.prepare(`UPDATE transfer_jobs SET ${columns.split(',').map((k, i) => `${k} = ${values[i]}`).join(', ')}, updated_at = ?1 FROM json_each(?2) AS r WHERE transfer_jobs.id = ${id}`);
  });
  private readonly tally = new StateTally(() => this.countFromDatabase());
  /** The queue read as batches (read-only). */
  readonly batches: BatchQueries<JobRow>;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.batches = new BatchQueries<JobRow>(db);
    this.s = {
      byId: statement<JobRow, [string]>(db, 'SELECT * FROM transfer_jobs WHERE id = ?'),
      stateOf: statement<Pick<JobRow, 'state' | 'waiting' | 'error_code'>, [string]>(db, 'SELECT state, waiting, error_code FROM transfer_jobs WHERE id = ?'),
      statesOf: statement<Pick<JobRow, 'id' | 'state' | 'waiting' | 'error_code'>, [string]>(db, 'SELECT id, state, waiting, error_code FROM transfer_jobs WHERE id IN (SELECT value FROM json_each(?))'),
      // Raw rows, made objects by jobRowOf (job-row-reader.ts says why).
      nextQueued: db.prepare(`SELECT ${JOB_COLUMNS.join(', ')} FROM transfer_jobs WHERE state = 'queued' AND waiting IS NULL AND seq > ? ORDER BY seq LIMIT ?`).raw(true),
      page: statement<JobRow, [number, number]>(db, 'SELECT * FROM transfer_jobs ORDER BY seq LIMIT ? OFFSET ?'),
      count: statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM transfer_jobs'),
      counts: statement<{ state: TransferState; waiting: string | null; skipped: number; n: number }, []>(
        db,
        `SELECT state, waiting, error_code = '${AppErrorCode.Skipped}' AS skipped, COUNT(*) AS n FROM transfer_jobs GROUP BY state, waiting, skipped`,
      ),
      waitingConflicts: statement<JobRow, [number]>(db, "SELECT * FROM transfer_jobs WHERE waiting = 'conflict' AND state = 'queued' ORDER BY seq LIMIT ?"),
      countConflicts: statement<{ n: number }, []>(db, "SELECT COUNT(*) AS n FROM transfer_jobs WHERE waiting = 'conflict' AND state = 'queued'"),
      batchConflicts: statement<JobRow, [string]>(db, "SELECT * FROM transfer_jobs WHERE batch_id = ? AND waiting = 'conflict' AND state = 'queued' ORDER BY seq"),
      batchCounts: statement<{ state: TransferState; n: number }, [string]>(db, 'SELECT state, COUNT(*) AS n FROM transfer_jobs WHERE batch_id = ? GROUP BY state'),
      idsInStates: statement<{ id: string }, [string]>(db, "SELECT id FROM transfer_jobs WHERE instr(?, ',' || state || ',') > 0 ORDER BY seq"),
      units: statement<UnitRow, [string]>(db, 'SELECT idx, offset, size, sha256 FROM transfer_units WHERE job_id = ? ORDER BY idx'),
      addUnit: statement<never, [string, number, number, number, string | null]>(db, 'INSERT OR REPLACE INTO transfer_units (job_id, idx, offset, size, sha256) VALUES (?, ?, ?, ?, ?)'),
      clearUnits: statement<never, [string]>(db, 'DELETE FROM transfer_units WHERE job_id = ?'),
      firstOfBatch: statement<JobRow, [string]>(db, 'SELECT * FROM transfer_jobs WHERE batch_id = ? LIMIT 1'),
      idleBrowserJobs: statement<JobRow, [number]>(db, "SELECT * FROM transfer_jobs WHERE source = 'browser' AND state = 'queued' AND waiting IS NULL AND updated_at < ? LIMIT 1000"),
      unfinishedBrowserJobs: statement<JobRow, []>(db, "SELECT * FROM transfer_jobs WHERE source = 'browser' AND state IN ('queued', 'running', 'paused') ORDER BY seq LIMIT 10000"),
      activeForSync: statement<JobRow, [string]>(db, "SELECT * FROM transfer_jobs WHERE sync_task_id = ? AND state IN ('queued', 'running', 'paused')"),
      requeueRunning: statement<never, [number]>(db, "UPDATE transfer_jobs SET state = 'queued', updated_at = ? WHERE state = 'running'"),
      clearFinished: statement<never, []>(db, "DELETE FROM transfer_jobs WHERE state IN ('completed', 'cancelled')"),
      clearFinishedUnits: statement<never, []>(db, "DELETE FROM transfer_units WHERE job_id IN (SELECT id FROM transfer_jobs WHERE state IN ('completed', 'cancelled'))"),
    };
  }

  insertJobs(jobs: readonly NewJob[]): void {
    if (jobs.length === 0) return;
    const now = this.now();
    this.tally.guard(() =>
      inTransaction(this.db, () => {
        for (const j of jobs) this.tally.moved(undefined, bucketOf(j.state ?? 'queued', j.waiting ?? null, j.error_code ?? null));
        for (let at = 0; at < jobs.length; at += INSERT_ROWS) {
          const { key, shared, perRow } = splitSharedColumns(jobs.slice(at, at + INSERT_ROWS).map((j) => insertRow(j, now)));
          this.inserts.get(key).run(now, JSON.stringify(perRow), ...shared);
        }
      }),
    );
  }

  get(id: string): JobRow | undefined {
    return this.s.byId.get(id);
  }

  /** Queued jobs not waiting for the user, in queue order, after `afterSeq`. */
  nextQueued(afterSeq: number, limit: number): JobRow[] {
    return (this.s.nextQueued.all(afterSeq, limit) as unknown[][]).map(jobRowOf);
  }

  page(offset: number, limit: number): { rows: JobRow[]; total: number } {
    return { rows: this.s.page.all(limit, offset), total: this.s.count.get()?.n ?? 0 };
  }

  counts(): StateCounts {
    return this.tally.current();
  }

  private countFromDatabase(): StateCounts {
    const out = emptyCounts();
    for (const row of this.s.counts.all()) out[bucketOf(row.state, row.waiting, row.skipped === 1 ? AppErrorCode.Skipped : null)] += row.n;
    return out;
  }

  waitingConflicts(limit: number): { rows: JobRow[]; total: number } {
    return { rows: this.s.waitingConflicts.all(limit), total: this.s.countConflicts.get()?.n ?? 0 };
  }

  batchConflicts(batchId: string): JobRow[] {
    return this.s.batchConflicts.all(batchId);
  }

  batchCounts(batchId: string): Record<TransferState, number> {
    const out = { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const row of this.s.batchCounts.all(batchId)) out[row.state] += row.n;
    return out;
  }

  idsInStates(states: readonly TransferState[]): string[] {
    return this.s.idsInStates.all(`,${states.join(',')},`).map((r) => r.id);
  }

  update(id: string, patch: JobPatch): void {
    const keys = Object.keys(patch).filter((k) => PATCHABLE.has(k));
    if (keys.length === 0) return;
    const values = keys.map((k) => (patch as Record<string, unknown>)[k] ?? null);
    if (!('state' in patch) && !('waiting' in patch) && !('error_code' in patch)) {
      this.updateStatement(keys).run(...values, this.now(), id);
      return;
    }
    // A change of state (or of a skip mark) moves the job between counts: what it was is read first.
    const before = this.s.stateOf.get(id);
    this.tally.guard(() => this.updateStatement(keys).run(...values, this.now(), id));
    if (!before) return;
    const after = {
      state: patch.state ?? before.state,
      waiting: 'waiting' in patch ? (patch.waiting ?? null) : before.waiting,
      errorCode: 'error_code' in patch ? (patch.error_code ?? null) : before.error_code,
    };
    this.tally.moved(bucketOf(before.state, before.waiting, before.error_code), bucketOf(after.state, after.waiting, after.errorCode));
  }

  /**
   * Applies many patches as `update` would one by one, with one statement per
   * set of patched columns (a batch of small files starts or settles 64 jobs
   * at once; a statement each was most of the engine's time per file). Run it
   * inside `batch` so it commits as one.
   */
  updateMany(updates: ReadonlyArray<{ id: string; patch: JobPatch; was?: JobCounted }>): void {
    if (updates.length === 0) return;
    const now = this.now();
    // Several patches of one job are one (in order): a multi-row UPDATE would apply only one of them.
    const patches = new Map<string, JobPatch>();
    const known = new Map<string, JobCounted>();
    for (const { id, patch, was } of updates) {
      patches.set(id, { ...patches.get(id), ...patch });
      if (was && !known.has(id)) known.set(id, was);
    }
    const byShape = new Map<string, { keys: string[]; rows: unknown[][] }>();
    let movesState = false;
    for (const [id, patch] of patches) {
      const keys = Object.keys(patch).filter((k) => PATCHABLE.has(k));
      if (keys.length === 0) continue;
      movesState ||= 'state' in patch || 'waiting' in patch || 'error_code' in patch;
      const shape = keys.join(',');
      let group = byShape.get(shape);
      if (!group) byShape.set(shape, (group = { keys, rows: [] }));
      group.rows.push([id, ...keys.map((k) => (patch as Record<string, unknown>)[k] ?? null)]);
    }
    // A change of state moves jobs between counts: what they were is read first (as `update` does), unless the caller holds it.
    const before = !movesState ? [] : known.size === patches.size ? [...known].map(([id, was]) => ({ ...was, id })) : this.s.statesOf.all(JSON.stringify([...patches.keys()]));
    this.tally.guard(() => {
      for (const { keys, rows } of byShape.values()) {
        const { key, shared, perRow } = splitSharedColumns(rows, 1);
        this.manyUpdates.get(`${keys.join(',')} ${key}`).run(now, JSON.stringify(perRow), ...shared);
      }
    });
    if (!movesState) return;
    for (const was of before) {
      const patch = patches.get(was.id)!;
      const waiting = 'waiting' in patch ? (patch.waiting ?? null) : was.waiting;
      const errorCode = 'error_code' in patch ? (patch.error_code ?? null) : was.error_code;
      this.tally.moved(bucketOf(was.state, was.waiting, was.error_code), bucketOf(patch.state ?? was.state, waiting, errorCode));
    }
  }

  /** One prepared UPDATE per set of patched columns (a handful of shapes recur; preparing each time cost more than running). */
  private updateStatement(keys: readonly string[]) {
    const shape = keys.join(',');
    let prepared = this.updates.get(shape);
    if (!prepared) {
      prepared = this.db.prepare(`UPDATE transfer_jobs SET ${keys.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`);
      this.updates.set(shape, prepared);
    }
    return prepared;
  }

  /** Runs `fn` in one transaction (many small updates at once). */
  batch<T>(fn: () => T): T {
    return this.tally.guard(() => inTransaction(this.db, fn));
  }

  firstOfBatch(batchId: string): JobRow | undefined {
    return this.s.firstOfBatch.get(batchId);
  }

  queuedBrowserJobsIdleSince(before: number): JobRow[] {
    return this.s.idleBrowserJobs.all(before);
  }

  /** Browser uploads not settled yet (the holder watch looks for those no page sends any more). */
  unfinishedBrowserJobs(): JobRow[] {
    return this.s.unfinishedBrowserJobs.all();
  }

  /** A sync task's transfers that have not finished. */
  activeForSync(taskId: string): JobRow[] {
    return this.s.activeForSync.all(taskId);
  }

  units(id: string): UnitRow[] {
    return this.s.units.all(id);
  }

  /** Records a finished unit and the job's durable byte count together. */
  recordUnit(id: string, unit: UnitRow, bytesDone: number): void {
    inTransaction(this.db, () => {
      this.s.addUnit.run(id, unit.idx, unit.offset, unit.size, unit.sha256 ?? null);
      this.update(id, { bytes_done: bytesDone });
    });
  }

  clearUnits(id: string): void {
    this.s.clearUnits.run(id);
  }

  /** After a crash or a quit, jobs that were running go back to the queue. */
  requeueRunning(): void {
    this.tally.forget();
    this.s.requeueRunning.run(this.now());
  }

  clearFinished(): number {
    this.tally.forget();
    return inTransaction(this.db, () => {
      const before = this.s.count.get()?.n ?? 0;
      this.s.clearFinishedUnits.run();
      this.s.clearFinished.run();
      return before - (this.s.count.get()?.n ?? 0);
    });
  }
}

export function jobView(row: JobRow, live?: { bytes: number; speed: number; etaSeconds: number | null }): TransferJob {
  return {
    id: row.id,
    batchId: row.batch_id,
    direction: row.direction,
    source: row.source,
    state: row.state,
    waiting: row.waiting,
    connectionId: row.connection_id,
    root: row.root,
    remotePath: row.remote_path,
    localPath: row.local_path,
    displayName: row.display_name,
    size: row.size,
    bytesDone: live?.bytes ?? row.bytes_done,
    speed: live?.speed ?? 0,
    etaSeconds: live?.etaSeconds ?? null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    note: noteOf(row),
    verified: verifiedOf(row),
    kind: row.kind,
    refused: refusedOf(row),
    syncTaskId: row.sync_task_id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** What the download runner recorded when it finished: checked against the service's trusted hash, or not. */
export function verifiedOf(row: JobRow): boolean | null {
  if (row.direction !== 'download' || row.state !== 'completed' || row.error_code === AppErrorCode.Skipped || row.verified === null) return null;
  return row.verified === 1;
}

/** What a folder job refused to unpack (the first ones: the count says how many in all). */
function refusedOf(row: JobRow): TransferJob['refused'] {
  if (row.report === null) return undefined;
  try {
    const report = JSON.parse(row.report) as { refused?: Array<{ path: string; reason: string }>; refusedCount?: number };
    return { count: report.refusedCount ?? report.refused?.length ?? 0, entries: (report.refused ?? []).slice(0, 50) };
  } catch {
    return undefined;
  }
}

/**
 * 'skipped', or 'saved as <name>' as soon as the job's destination has a name
 * other than the file's own ("Keep both" chose it: at planning, or when the
 * job claimed its destination), so the user sees the new name at once, not
 * only when the file is done.
 */
export function noteOf(row: JobRow): string | null {
  if (row.error_code === AppErrorCode.Skipped) return 'skipped';
  if (row.state === 'failed' || row.state === 'cancelled') return null;
  if (row.direction === 'download') {
    // A folder job's name is the folder's (with '.zip' when kept as the zip): its display name.
    const remoteName = row.kind === 'file' ? row.remote_path.slice(row.remote_path.lastIndexOf('/') + 1) : row.display_name.replace(/\/$/, '');
    const localName = row.local_path.slice(Math.max(row.local_path.lastIndexOf('/'), row.local_path.lastIndexOf('\\')) + 1);
    if (remoteName !== localName) return `saved as ${localName}`;
  } else {
    const remoteName = row.remote_path.slice(row.remote_path.lastIndexOf('/') + 1);
    if (remoteName !== row.display_name) return `saved as ${remoteName}`;
  }
  return null;
}
