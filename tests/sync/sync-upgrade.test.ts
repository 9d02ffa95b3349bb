/**
 * A task synced before sync spoke in provider-neutral terms (app database
 * version 7: a config naming a JCS bucket and package, a journal of JCS
 * objectIDs, fileHashes and 'Full…' local hashes) keeps working after the
 * upgrade (migration 9): its config names the package's root, and its journal
 * still matches both sides, so the first run after the upgrade transfers
 * nothing, moves nothing and reads nothing as changed — with checkHash on, so
 * the local hashes it recorded count too. A change made afterwards still syncs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/common/sqlite';
import type { AppCore } from '../../src-main/core/app-core';
import { appMigrations } from '../../src-main/core/app-database';
import { rootIdentity } from '../../src-main/core/sync/sync-root';
import { callOk } from '../helpers/core';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { localTree, openSyncCore, readRemote, remoteTree, runTask, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

const FILES: Record<string, string> = { 'a.txt': 'alpha', 'dir/b.txt': 'beta, in a folder', 'c.txt': 'gamma' };
const CONNECTION_ID = '5f0c7a52-3c1e-4b8e-9d57-0a6f1f5b9e11';
const TASK_ID = '0b7e5a0e-8f55-4a43-b1c1-7c3a1f2e4d60';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let node: TestNode;
let core: AppCore | undefined;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-upgrade');
  node = await startTestNode({ credentials: null });
});

afterAll(async () => {
  await core?.close();
  await node?.dispose();
  await temp?.remove();
});

async function objectsUnderSync(packageId: number) {
  const out = [];
  for await (const page of node.client.listAllByPath({ packageID: packageId, path: 'sync/', maxKeys: 1000 })) out.push(...page.objects);
  return out;
}

/** The app database as version 7 left it, with one JCS connection and a twoWay task whose first sync is done. */
async function writeVersion7Database(dataDir: string, localDir: string, bucketId: number, packageId: number): Promise<void> {
  const objects = new Map((await objectsUnderSync(packageId)).map((o) => [o.path.slice('sync/'.length), o]));
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'app.db'), appMigrations.filter((m) => m.version <= 7), { synchronous: 'NORMAL' });
  try {
    const now = Date.now();
    db.prepare('INSERT INTO connections (id, name, kind, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(CONNECTION_ID, 'old node', 'jcs', JSON.stringify({ baseUrl: node.node.url }), now, now);
    const config = {
      name: 'synced before the upgrade',
      localPath: localDir,
      connectionId: CONNECTION_ID,
      bucketId,
      packageId,
      remotePath: 'sync/',
      direction: 'twoWay',
      trigger: { type: 'Manual' },
      mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: true },
      filters: [],
      options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 10_000, maxPercent: 100 }, dryRun: false, trashDays: 30 },
    };
    db.prepare('INSERT INTO sync_tasks (id, config, paused, last_run_at, last_run_result, created_at, root_identity) VALUES (?, ?, 0, ?, ?, ?, ?)').run(TASK_ID, JSON.stringify(config), now, 'ok', now, rootIdentity(localDir) ?? null);
    const journal = db.prepare(
      'INSERT INTO sync_journal (task_id, path, local_size, local_mtime, local_hash, remote_object, remote_hash, remote_size, remote_update, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [rel, content] of Object.entries(FILES)) {
      const o = objects.get(rel)!;
      const info = statSync(join(localDir, ...rel.split('/')));
      // As the old code wrote them: a transfer recorded no local hash, a `record` (or checkHash) the 'Full' + uppercase form.
      const localHash = rel === 'a.txt' ? null : 'Full' + createHash('sha256').update(content).digest('hex').toUpperCase();
      journal.run(TASK_ID, rel, info.size, Math.floor(info.mtimeMs), localHash, o.objectID, o.fileHash, o.size, o.updateTime, now);
    }
  } finally {
    db.close();
  }
}

describe('upgrading a synced task', () => {
  it('keeps its journal matching both sides: the first run after the upgrade transfers and changes nothing', async () => {
    const dataDir = join(temp.path, 'app');
    const localDir = join(temp.path, 'files');
    mkdirSync(localDir);
    const bucket = await node.client.createBucket('upgraded');
    const pkg = await node.client.createPackage(bucket.bucketID, 'files');
    await node.client.uploadObjects(
      pkg.packageID,
      Object.entries(FILES).map(([rel, content]) => ({ path: `sync/${rel}`, body: Buffer.from(content) })),
    );
    for (const [rel, content] of Object.entries(FILES)) writeLocal(localDir, rel, content);
    await writeVersion7Database(dataDir, localDir, bucket.bucketID, pkg.packageID);
    const remoteBefore = await objectsUnderSync(pkg.packageID);
    const mtimesBefore = Object.keys(FILES).map((rel) => statSync(join(localDir, ...rel.split('/'))).mtimeMs);

    core = await openSyncCore(dataDir);
    // The config names the package as the app lists it, and nothing JCS-specific any more.
    const listedBucket = (await callOk(core, 'roots.list', { connectionId: CONNECTION_ID, parentId: null })).find((r) => r.name === 'upgraded')!;
    const listedPackage = (await callOk(core, 'roots.list', { connectionId: CONNECTION_ID, parentId: listedBucket.id })).find((r) => r.name === 'files')!;
    const [task] = await callOk(core, 'sync.list', {});
    expect(task).toMatchObject({ id: TASK_ID, root: listedPackage.id, remotePath: 'sync/', files: 3, status: 'idle' });
    expect(task).not.toHaveProperty('packageId');
    expect(task).not.toHaveProperty('bucketId');

    expect((await callOk(core, 'sync.preview', { id: TASK_ID })).actions).toEqual([]);
    const after = await runTask(core, TASK_ID);
    expect(after).toMatchObject({ status: 'idle', files: 3, conflicts: 0 });
    const totals = await callOk(core, 'transfers.totals', {});
    expect(totals.queued + totals.running + totals.paused + totals.completed + totals.failed + totals.cancelled).toBe(0); // no transfer at all
    const log = await callOk(core, 'sync.log', { id: TASK_ID, limit: 100 });
    expect(log.filter((e) => e.code !== 'resumed' && e.code !== 'paused')).toEqual([]); // nothing planned, moved or deleted
    expect(await objectsUnderSync(pkg.packageID)).toEqual(remoteBefore); // the same objects, none rewritten
    expect(Object.keys(FILES).map((rel) => statSync(join(localDir, ...rel.split('/'))).mtimeMs)).toEqual(mtimesBefore);
    expect(localTree(localDir, { trash: true })).toEqual(FILES);

    // And the task still syncs: a change after the upgrade goes up, replacing the old version into the remote trash.
    writeLocal(localDir, 'c.txt', 'gamma, edited after the upgrade');
    expect(await runTask(core, TASK_ID)).toMatchObject({ status: 'idle', files: 3 });
    expect(await readRemote(node.client, pkg.packageID, 'sync/c.txt')).toBe('gamma, edited after the upgrade');
    expect(Object.values(await remoteTree(node.client, pkg.packageID, 'sync/', { trash: true }))).toContain('gamma');
  });
});
