/**
 * The transfer totals come from a tally the store keeps from its own writes,
 * not from counting every job at each snapshot. Whatever the writes — new
 * jobs, state changes, a conflict wait and its resolution, a transaction that
 * rolls back, bulk requeues and clears, a write behind the store's back —
 * the totals must equal what the database holds. A real app database.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferState } from '../../src-shared/contract/domain';
import { openAppDatabase } from '../../src-main/core/app-database';
import { TransferStore, type NewJob } from '../../src-main/core/transfers/transfer-store';
import { makeTempDir } from '../helpers/temp-dir';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore() {
  const dir = await makeTempDir('jcs-tally-');
  cleanups.push(() => dir.remove());
  const db = openAppDatabase(dir.path);
  cleanups.push(() => {
    db.close();
    return Promise.resolve();
  });
  return { db, store: new TransferStore(db) };
}

function job(state: TransferState = 'queued'): NewJob {
  const id = randomUUID();
  return { id, batch_id: 'b', direction: 'upload', source: 'disk', state, connection_id: 'c', root: 'r', remote_path: `p/${id}`, local_path: `/tmp/${id}`, display_name: id, size: 1, conflict: 'overwrite' };
}

/** What the database says, counted the slow way. */
function counted(db: ReturnType<typeof openAppDatabase>) {
  const out = { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0, waiting: 0, skipped: 0 };
  for (const row of db.prepare('SELECT state, waiting, error_code FROM transfer_jobs').all() as Array<{ state: TransferState; waiting: string | null; error_code: string | null }>) {
    if (row.state === 'queued' && row.waiting) out.waiting++;
    else if (row.state === 'completed' && row.error_code === 'Skipped') out.skipped++;
    else out[row.state]++;
  }
  return out;
}

describe('the transfer totals tally', () => {
  it('follows inserts, state changes, waits and their resolution', async () => {
    const { db, store } = await openStore();
    const jobs = Array.from({ length: 20 }, () => job());
    store.insertJobs(jobs);
    store.insertJobs([job('failed'), job('completed')]);
    expect(store.counts()).toEqual(counted(db));
    store.update(jobs[0]!.id, { state: 'running' });
    store.update(jobs[1]!.id, { state: 'running' });
    store.update(jobs[1]!.id, { state: 'completed', bytes_done: 1 });
    store.update(jobs[2]!.id, { waiting: 'conflict' });
    store.update(jobs[3]!.id, { waiting: 'conflict' });
    store.update(jobs[3]!.id, { waiting: null, state: 'running' });
    store.update(jobs[4]!.id, { state: 'paused' });
    store.update(jobs[5]!.id, { bytes_done: 1 }); // no state: no move
    store.update(jobs[6]!.id, { state: 'completed', error_code: 'Skipped' }); // skipped, not completed
    store.update('no-such-job', { state: 'completed' });
    expect(store.counts()).toEqual(counted(db));
    expect(store.counts()).toMatchObject({ running: 2, completed: 2, waiting: 1, paused: 1, failed: 1 });
  });

  it('forgets what a rolled-back transaction told it', async () => {
    const { db, store } = await openStore();
    const jobs = Array.from({ length: 5 }, () => job());
    store.insertJobs(jobs);
    expect(store.counts().queued).toBe(5);
    expect(() =>
      store.batch(() => {
        store.update(jobs[0]!.id, { state: 'completed' });
        store.update(jobs[1]!.id, { state: 'failed' });
        throw new Error('the batch fails');
      }),
    ).toThrow('the batch fails');
    expect(store.counts()).toEqual(counted(db));
    expect(store.counts().queued).toBe(5);
    // An insert whose transaction fails part way (a duplicate id) adds nothing.
    expect(() => store.insertJobs([job(), jobs[0]!])).toThrow();
    expect(store.counts()).toEqual(counted(db));
  });

  it('recounts after bulk writes', async () => {
    const { db, store } = await openStore();
    const jobs = Array.from({ length: 6 }, () => job());
    store.insertJobs(jobs);
    store.update(jobs[0]!.id, { state: 'running' });
    store.update(jobs[1]!.id, { state: 'running' });
    store.update(jobs[2]!.id, { state: 'completed' });
    expect(store.counts().running).toBe(2);
    store.requeueRunning();
    expect(store.counts()).toEqual(counted(db));
    expect(store.clearFinished()).toBe(1);
    expect(store.counts()).toEqual(counted(db));
    expect(store.counts().queued).toBe(5);
  });
});
