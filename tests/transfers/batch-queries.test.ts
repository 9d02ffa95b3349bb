/**
 * The queue read as batches (transfer-store's BatchQueries) on a real app
 * database: a batch's totals cover all its files (skipped ones counted apart
 * and moving no bytes), a batch whose jobs have no error code at all still
 * reads as numbers, batches with failures come first, and a batch's jobs are
 * paged with the failed ones first.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferState } from '../../src-shared/contract/domain';
import { AppErrorCode } from '../../src-shared/contract/error-codes';
import { openAppDatabase } from '../../src-main/core/app-database';
import { TransferStore, type NewJob } from '../../src-main/core/transfers/transfer-store';
import { makeTempDir } from '../helpers/temp-dir';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(): Promise<TransferStore> {
  const dir = await makeTempDir('jcs-batches-');
  cleanups.push(() => dir.remove());
  const db = openAppDatabase(dir.path);
  cleanups.push(() => {
    db.close();
    return Promise.resolve();
  });
  return new TransferStore(db);
}

function job(batch: string, name: string, size: number, state: TransferState = 'queued', extra: Partial<NewJob> = {}): NewJob {
  return { id: randomUUID(), batch_id: batch, direction: 'upload', source: 'disk', state, connection_id: 'c', root: 'r', remote_path: `up/${name}`, local_path: `/tmp/${name}`, display_name: name, size, conflict: 'skip', ...extra };
}

describe('transfer batches', () => {
  it('totals cover every file of the batch; skipped files are counted apart and move no bytes', async () => {
    const store = await openStore();
    store.insertJobs([
      job('b', 'a.txt', 5, 'completed', { error_code: AppErrorCode.Skipped }),
      job('b', 'b.txt', 3),
      job('b', 'c.txt', 4, 'completed'),
      job('b', 'd.txt', 6),
    ]);
    const failed = store.batches.jobs('b', 0, 10).rows.find((r) => r.display_name === 'b.txt')!;
    store.update(failed.id, { state: 'failed', error_code: AppErrorCode.InvalidInput, error_message: 'no' });
    const d = store.batches.jobs('b', 0, 10).rows.find((r) => r.display_name === 'd.txt')!;
    store.update(d.id, { bytes_done: 2 });
    expect(store.batches.get('b')).toMatchObject({ files: 4, queued: 1, completed: 1, skipped: 1, failed: 1, bytes_total: 13, bytes_done: 6, bytes_left: 4, low_path: 'up/a.txt', high_path: 'up/d.txt', sync: 0 });
    expect(store.counts()).toMatchObject({ completed: 1, skipped: 1, failed: 1, queued: 1 });
  });

  it('a batch whose jobs carry no error code reads as numbers, not nulls', async () => {
    const store = await openStore();
    store.insertJobs([job('ok', 'x.txt', 1, 'completed'), job('ok', 'y.txt', 2, 'completed')]);
    const row = store.batches.get('ok')!;
    for (const key of ['queued', 'waiting', 'running', 'paused', 'completed', 'skipped', 'failed', 'cancelled', 'bytes_total', 'bytes_done', 'bytes_left'] as const) expect(typeof row[key]).toBe('number');
    expect(row).toMatchObject({ completed: 2, skipped: 0, bytes_total: 3, bytes_done: 3, bytes_left: 0 });
  });

  it('lists batches with failures first, then unfinished ones, then finished ones, newest first; a batch pages its failed jobs first', async () => {
    const store = await openStore();
    store.insertJobs([job('old-done', 'a', 1, 'completed')]);
    store.insertJobs([job('failing', 'b', 1), job('failing', 'c', 1), job('failing', 'd', 1, 'failed')]);
    store.insertJobs([job('running', 'e', 1)]);
    store.insertJobs([job('new-done', 'f', 1, 'completed')]);
    const { rows, total } = store.batches.page(0, 10);
    expect(total).toBe(4);
    expect(rows.map((r) => r.batch_id)).toEqual(['failing', 'running', 'new-done', 'old-done']);
    expect(store.batches.page(1, 2).rows.map((r) => r.batch_id)).toEqual(['running', 'new-done']);
    expect(store.batches.jobs('failing', 0, 10).rows.map((r) => r.display_name)).toEqual(['d', 'b', 'c']);
    expect(store.batches.jobs('failing', 1, 1)).toMatchObject({ total: 3, rows: [{ display_name: 'b' }] });
    expect(store.batches.idsIn('failing', ['failed'])).toHaveLength(1);
  });
});
