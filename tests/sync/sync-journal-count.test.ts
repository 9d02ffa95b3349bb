/**
 * SyncStore.journalCount keeps its last count while nothing is written (views
 * ask for it on every refresh, also during a scan), and counts again after
 * any write: its own, another connection's, or one rolled back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/core/app-database';
import { SyncStore } from '../../src-main/core/sync/sync-store';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const entry = (path: string) => ({ path, local_size: 1, local_mtime: 2, local_hash: null, remote_ref: '9', remote_version: 'v', remote_size: 1 });

describe('the journal count', () => {
  it('is always the journal rows, whoever wrote them and whether they were kept', () => {
    dir = mkdtempSync(join(tmpdir(), 'jcs-journal-count-'));
    const db = openAppDatabase(dir);
    const other = openAppDatabase(dir);
    const store = new SyncStore(db, () => 1);
    const otherStore = new SyncStore(other, () => 1);
    expect(store.journalCount('t1')).toBe(0);
    store.putJournal('t1', entry('a'));
    store.putJournal('t1', entry('b'));
    expect(store.journalCount('t1')).toBe(2);
    expect(store.journalCount('t1')).toBe(2); // kept: nothing was written
    expect(store.journalCount('t2')).toBe(0);

    otherStore.putJournal('t1', entry('c')); // another connection's commit
    expect(store.journalCount('t1')).toBe(3);
    store.dropJournal('t1', 'a');
    expect(store.journalCount('t1')).toBe(2);
    store.putJournal('t1', entry('b')); // an update: still two
    expect(store.journalCount('t1')).toBe(2);

    // Counted inside a transaction that then rolls back: the count after it is the journal's, not the transaction's.
    expect(() =>
      store.transaction(() => {
        store.putJournal('t1', entry('d'));
        expect(store.journalCount('t1')).toBe(3);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(store.journalCount('t1')).toBe(2);
    expect(otherStore.journalCount('t1')).toBe(2);

    store.deleteTask('t1');
    expect(store.journalCount('t1')).toBe(0);
    other.close();
    db.close();
  });
});
