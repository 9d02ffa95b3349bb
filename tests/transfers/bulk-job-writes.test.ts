/**
 * A batch of small files starts and settles its jobs with one statement per
 * set of columns (`updateMany`), and new jobs go in 128 per statement, all in
 * one transaction (`insertJobs`). What ends up stored must be exactly what one
 * `update` per job would have stored, in queue order, with the totals tally
 * equal to the database, whether the caller says what the jobs were counted
 * as or not. A real app database.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/core/app-database';
import { JOB_COLUMNS } from '../../src-main/core/transfers/job-row-reader';
import { TransferStore, type JobPatch, type JobRow, type NewJob } from '../../src-main/core/transfers/transfer-store';
import { makeTempDir } from '../helpers/temp-dir';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(now: () => number) {
  const dir = await makeTempDir('jcs-bulk-writes-');
  cleanups.push(() => dir.remove());
  const db = openAppDatabase(dir.path);
  cleanups.push(() => {
    db.close();
    return Promise.resolve();
  });
  return { db, store: new TransferStore(db, now) };
}

function job(i: number, extra: Partial<NewJob> = {}): NewJob {
  return {
    id: `job-${String(i).padStart(3, '0')}-${randomUUID()}`,
    batch_id: 'b',
    direction: 'upload',
    source: 'disk',
    connection_id: 'c',
    root: '42',
    remote_path: i % 2 ? `p/${i}` : `'quoted' "${i}" / ünï`,
    local_path: `/tmp/${i}`,
    display_name: `${i}`,
    size: 2 ** 40 + i,
    source_mtime: 1_733_000_000_000 + i,
    conflict: 'overwrite',
    ...extra,
  };
}

function rows(db: ReturnType<typeof openAppDatabase>): JobRow[] {
  return db.prepare('SELECT * FROM transfer_jobs ORDER BY seq').all() as JobRow[];
}

function counted(db: ReturnType<typeof openAppDatabase>) {
  const out = { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0, waiting: 0, skipped: 0 };
  for (const row of rows(db)) {
    if (row.state === 'queued' && row.waiting) out.waiting++;
    else if (row.state === 'completed' && row.error_code === 'Skipped') out.skipped++;
    else out[row.state]++;
  }
  return out;
}

/** Patches as a batch's start and end make them: several shapes, nulls, big numbers, text that looks like numbers or JSON. */
function patchesFor(jobs: readonly NewJob[]): Array<{ id: string; patch: JobPatch }> {
  return jobs.flatMap((j, i) => {
    const start: JobPatch = { state: 'running', attempts: 1 };
    const end: JobPatch =
      i % 4 === 0
        ? { object_ref: `${1000 + i}`, remote_version: null, sha256: 'ab'.repeat(32), bytes_done: j.size, state: 'completed', finished_at: 1_733_000_000_123, error_code: null, error_message: null }
        : i % 4 === 1
          ? { state: 'failed', error_code: 'HashMismatch', error_message: `the server stored "other" bytes [${i}]`, finished_at: 7 }
          : i % 4 === 2
            ? { state: 'queued', waiting: 'conflict' }
            : { state: 'completed', error_code: 'Skipped', error_message: null, finished_at: 9 };
    return [
      { id: j.id, patch: start },
      { id: j.id, patch: end },
    ];
  });
}

describe('bulk job writes', () => {
  it('insertJobs stores every field as given, in queue order', async () => {
    const { db, store } = await openStore(() => 1234);
    const jobs = Array.from({ length: 40 }, (_, i) => job(i, i === 3 ? { state: 'failed', error_message: 'no' } : i === 4 ? { waiting: 'conflict', kind: 'file', sync_task_id: 't', trash_root: '.trash/x', local_root: '/tmp' } : {}));
    store.insertJobs(jobs);
    const stored = rows(db);
    expect(stored.map((r) => r.id)).toEqual(jobs.map((j) => j.id));
    for (const [i, r] of stored.entries()) {
      const j = jobs[i]!;
      expect(r).toMatchObject({ remote_path: j.remote_path, root: '42', size: j.size, source_mtime: j.source_mtime, created_at: 1234, updated_at: 1234, bytes_done: 0, attempts: 0, kind: 'file' });
      expect(typeof r.size).toBe('number');
      expect(typeof r.root).toBe('string');
    }
    expect(stored[3]).toMatchObject({ state: 'failed', error_code: 'InvalidInput', error_message: 'no', finished_at: 1234 });
    expect(stored[4]).toMatchObject({ state: 'queued', waiting: 'conflict', sync_task_id: 't', trash_root: '.trash/x', local_root: '/tmp', finished_at: null });
    expect(store.counts()).toEqual(counted(db));
  });

  it('insertJobs stores more jobs than one statement takes in queue order, and all of them or none', async () => {
    const { db, store } = await openStore(() => 1234);
    const jobs = Array.from({ length: 300 }, (_, i) => job(i));
    store.insertJobs(jobs);
    expect(rows(db).map((r) => r.id)).toEqual(jobs.map((j) => j.id));
    // A job the third statement would store fails (its id is taken): the ones before it in the call are not stored either.
    const more = Array.from({ length: 300 }, (_, i) => job(1000 + i, i === 280 ? { id: jobs[0]!.id } : {}));
    expect(() => store.insertJobs(more)).toThrow();
    expect(rows(db).map((r) => r.id)).toEqual(jobs.map((j) => j.id));
    expect(store.counts()).toEqual(counted(db));
  });

  it('updateMany stores what one update per job stores, and the tally follows it with or without the states given', async () => {
    const one = await openStore(() => 5);
    const many = await openStore(() => 5);
    const told = await openStore(() => 5);
    const jobs = Array.from({ length: 64 }, (_, i) => job(i));
    for (const s of [one, many, told]) s.store.insertJobs(jobs);
    for (const s of [one, many, told]) expect(s.store.counts().queued).toBe(64);

    const patches = patchesFor(jobs);
    for (const { id, patch } of patches) one.store.update(id, patch);
    many.store.batch(() => many.store.updateMany(patches));
    told.store.batch(() => told.store.updateMany(patches.map((p) => ({ ...p, was: { state: 'queued', waiting: null, error_code: null } }))));

    const expected = rows(one.db);
    expect(rows(many.db)).toEqual(expected);
    expect(rows(told.db)).toEqual(expected);
    for (const s of [one, many, told]) expect(s.store.counts()).toEqual(counted(s.db));
    expect(many.store.counts()).toMatchObject({ completed: 16, failed: 16, waiting: 16, skipped: 16, queued: 0, running: 0 });
  });

  it('a value shared by every row of a statement (bound once) is stored as when each row has its own', async () => {
    const one = await openStore(() => 5);
    const many = await openStore(() => 5);
    // A job alone (every column shared), then 129 with the same big size, numeric-looking text and NULLs (a last statement of one row).
    const shared = { size: 2 ** 40, source_mtime: 1_733_000_000_000, remote_path: '1000', display_name: '007', local_path: '/tmp/same' };
    const jobs = [job(0, shared), ...Array.from({ length: 129 }, (_, i) => job(i + 1, shared))];
    for (const j of jobs) one.store.insertJobs([j]);
    many.store.insertJobs(jobs.slice(0, 1));
    many.store.insertJobs(jobs.slice(1));
    expect(rows(many.db)).toEqual(rows(one.db));
    expect(typeof rows(many.db)[5]!.remote_path).toBe('string');
    expect(rows(many.db)[5]!.size).toBe(2 ** 40);

    const patch: JobPatch = { object_ref: '1000', remote_version: null, sha256: 'ab'.repeat(32), bytes_done: 2 ** 40, state: 'completed', finished_at: 1_733_000_000_123, error_code: null, error_message: null };
    for (const j of jobs) one.store.update(j.id, patch);
    many.store.batch(() => many.store.updateMany([{ id: jobs[0]!.id, patch }]));
    many.store.batch(() => many.store.updateMany(jobs.slice(1).map((j) => ({ id: j.id, patch }))));
    expect(rows(many.db)).toEqual(rows(one.db));
    expect(many.store.counts()).toEqual(counted(many.db));
  });

  it('nextQueued (rows read raw) answers the rows as SELECT * does, every column in the table order', async () => {
    const { db, store } = await openStore(() => 5);
    const jobs = Array.from({ length: 5 }, (_, i) => job(i, i === 2 ? { sync_task_id: 't', trash_root: '.trash/x', local_root: '/tmp', object_ref: '12', remote_version: 'v' } : {}));
    store.insertJobs(jobs);
    store.update(jobs[1]!.id, { upload_handle: 'h', part_size: 8, bytes_done: 3, sha256: 'ab', verified: 1, report: '{}', attempts: 2 });
    const columns = (db.prepare('PRAGMA table_info(transfer_jobs)').all() as Array<{ name: string }>).map((c) => c.name);
    expect([...JOB_COLUMNS]).toEqual(columns);
    const read = store.nextQueued(0, 10);
    expect(read).toEqual(rows(db));
    for (const row of read) expect(Object.keys(row)).toEqual(columns);
  });

  it('updateMany in a transaction that rolls back leaves nothing changed and the tally right', async () => {
    const { db, store } = await openStore(() => 5);
    const jobs = Array.from({ length: 10 }, (_, i) => job(i));
    store.insertJobs(jobs);
    const before = rows(db);
    expect(() =>
      store.batch(() => {
        store.updateMany(patchesFor(jobs));
        throw new Error('the batch fails');
      }),
    ).toThrow('the batch fails');
    expect(rows(db)).toEqual(before);
    expect(store.counts()).toEqual(counted(db));
  });
});
