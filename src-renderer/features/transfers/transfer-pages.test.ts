import { describe, expect, it } from 'vitest';
import type { TransferJob, TransferUpdate } from '@shared/contract/domain';
import { finishedUploads, mergeUpdates, updatesById, type TransferPage } from './transfer-pages';

function job(id: string, patch: Partial<TransferJob> = {}): TransferJob {
  return {
    id,
    batchId: 'b',
    direction: 'upload',
    source: 'browser',
    state: 'queued',
    waiting: null,
    connectionId: 'local',
    root: 'r1',
    remotePath: `${id}.txt`,
    localPath: `${id}.txt`,
    displayName: `${id}.txt`,
    size: 100,
    bytesDone: 0,
    speed: 0,
    etaSeconds: null,
    errorCode: null,
    errorMessage: null,
    note: null,
    verified: null,
    syncTaskId: null,
    createdAt: 0,
    finishedAt: null,
    ...patch,
  };
}

function update(id: string, patch: Partial<TransferUpdate> = {}): TransferUpdate {
  return { id, state: 'running', waiting: null, bytesDone: 0, speed: 0, etaSeconds: null, errorCode: null, errorMessage: null, note: null, verified: null, ...patch };
}

describe('transfer pages', () => {
  it('patches progress into a page, keeping untouched jobs (and untouched pages) as they are', () => {
    const a = job('a');
    const b = job('b');
    const page: TransferPage = { jobs: [a, b], total: 2 };
    const merged = mergeUpdates(page, updatesById([update('b', { bytesDone: 40, speed: 10, etaSeconds: 6 })]));
    expect(merged).not.toBe(page);
    expect(merged.total).toBe(2);
    expect(merged.jobs[0]).toBe(a);
    expect(merged.jobs[1]).toMatchObject({ id: 'b', state: 'running', bytesDone: 40, speed: 10, etaSeconds: 6, remotePath: 'b.txt' });
    expect(page.jobs[1]).toBe(b); // the cached page itself is not mutated

    expect(mergeUpdates(page, updatesById([update('zzz')]))).toBe(page); // jobs of other pages
    expect(mergeUpdates(page, new Map())).toBe(page);
    const same = update('a', { state: 'queued' });
    expect(mergeUpdates(page, updatesById([same]))).toBe(page); // nothing changed
  });

  it('carries state changes, errors and notes', () => {
    const page: TransferPage = { jobs: [job('a', { state: 'running', bytesDone: 50 })], total: 1 };
    const failed = mergeUpdates(page, updatesById([update('a', { state: 'failed', bytesDone: 50, errorCode: 'HashMismatch', errorMessage: 'bad bytes' })]));
    expect(failed.jobs[0]).toMatchObject({ state: 'failed', errorCode: 'HashMismatch', errorMessage: 'bad bytes' });
    const waiting = mergeUpdates(page, updatesById([update('a', { state: 'queued', waiting: 'conflict' })]));
    expect(waiting.jobs[0]).toMatchObject({ state: 'queued', waiting: 'conflict' });
  });

  it('finds the roots that uploads just finished in, so their listings refresh', () => {
    const pages: TransferPage[] = [
      { jobs: [job('up', { state: 'running' }), job('down', { direction: 'download', state: 'running' }), job('other', { state: 'running', connectionId: 'remote', root: 'r9' })], total: 4 },
      { jobs: [job('done', { state: 'completed' })], total: 4 },
    ];
    expect(finishedUploads(pages, updatesById([update('up', { bytesDone: 5 })]))).toEqual({ roots: new Set(), unknown: false });
    expect(finishedUploads(pages, updatesById([update('up', { state: 'completed' }), update('down', { state: 'completed' }), update('other', { state: 'completed' })]))).toEqual({
      roots: new Set(['local:r1', 'remote:r9']),
      unknown: false,
    });
    expect(finishedUploads(pages, updatesById([update('up', { state: 'completed', errorCode: 'Skipped' })]))).toEqual({ roots: new Set(), unknown: false });
    expect(finishedUploads(pages, updatesById([update('done', { state: 'completed' })]))).toEqual({ roots: new Set(), unknown: false }); // already known as done
    expect(finishedUploads(pages, updatesById([update('elsewhere', { state: 'completed' })]))).toEqual({ roots: new Set(), unknown: true });
  });
});
