/**
 * The activity log keeps what it says as a code and params (migration 6),
 * with the English wording beside them: lines written before codes existed
 * keep their text and read with no code; new lines carry both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncLogEntrySchema } from '../../src-shared/contract/sync';
import { appMigrations, openAppDatabase } from '../../src-main/core/app-database';
import { openDatabase } from '../../src-main/common/sqlite';
import { SyncStore } from '../../src-main/core/sync/sync-store';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('sync activity log codes', () => {
  it('reads lines written before codes existed as their text, and writes new lines with code, params and English', () => {
    dir = mkdtempSync(join(tmpdir(), 'jcs-sync-log-'));
    const before = openDatabase(join(dir, 'app.db'), appMigrations.filter((m) => m.version <= 5));
    before.prepare("INSERT INTO sync_log (task_id, at, level, message, path) VALUES ('t1', 1, 'info', 'uploaded', 'a.txt')").run();
    before.close();

    const db = openAppDatabase(dir);
    const store = new SyncStore(db, () => 2);
    store.log('t1', 'warn', { code: 'deletionGuard', params: { deletions: 4, percent: 40, base: 10 } });
    // A line whose params column was damaged reads as its text, not as an error.
    db.prepare("INSERT INTO sync_log (task_id, at, level, message, code, params, path) VALUES ('t1', 3, 'info', 'downloaded', 'downloaded', '{not json', 'b.txt')").run();

    const [damaged, coded, old] = store.readLog('t1', 10);
    expect(old).toEqual({ id: 1, at: 1, level: 'info', message: 'uploaded', code: null, params: {}, path: 'a.txt' });
    expect(coded).toMatchObject({
      level: 'warn',
      code: 'deletionGuard',
      params: { deletions: 4, percent: 40, base: 10 },
      message: 'this run would delete 4 files (40 % of 10); it stopped and waits for you to confirm or pause the task',
      path: null,
    });
    expect(damaged).toMatchObject({ code: 'downloaded', params: {}, message: 'downloaded' });
    for (const entry of [old, coded, damaged]) expect(syncLogEntrySchema.parse(entry)).toEqual(entry); // what crosses the contract
    db.close();
  });
});
