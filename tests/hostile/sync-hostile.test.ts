/**
 * Sync tasks against a hostile JCS service (a real core, a real storage node
 * behind the hostile fake, connected as a remote service): whatever the
 * remote listing says — `../victim.txt`, `a/../../x`, `../../../tmp/x`, an
 * absolute path, a drive letter, backslashes, control characters, an object
 * outside the task's folder, a look-alike of a synced file — no run writes
 * outside the task's folder (the canary beside it keeps its bytes, no file
 * appears anywhere outside), in any direction and on every retry; the good
 * entries sync; nothing is deleted or moved on either side because of a bad
 * entry; a hostile remote trash entry is neither listed nor restorable; a
 * conflict whose copy could not be a local name is skipped with a warning,
 * both versions intact. Damaged bytes are never placed, and the local file
 * they would have replaced stays.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import { callOk, jcsDraft } from '../helpers/core';
import { HostileJcs } from '../helpers/hostile-jcs';
import { hostileScene, type HostileScene } from '../helpers/hostile-scene';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { createTask, localTree, makePackage, openSyncCore, putRemote, remoteObject, runTask, taskConfig, waitTransfersIdle, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let node: TestNode;
let hostile: HostileJcs;
let connectionId: string;
let tasks = 0;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-hostile');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  node = await startTestNode({ credentials: null });
  hostile = await HostileJcs.start(node.node.url);
  connectionId = (await callOk(core, 'connections.add', jcsDraft('hostile service', hostile.url))).id;
});

afterAll(async () => {
  await core?.close();
  await hostile?.close();
  await node?.dispose();
  await temp?.remove();
});

/** Listed paths (under the task's folder `sync/`) that must never be written locally, with an ordinary real object behind each. */
function hostilePaths(scene: HostileScene): string[] {
  return [
    'sync/../victim.txt', // the canary next to the folder
    'sync/a/../../x.txt',
    'sync/../../../tmp/x',
    `sync/${scene.outer}/absolute.txt`, // relative: '/…/outer/absolute.txt'
    'sync/C:/evil.txt',
    'sync/a\\..\\..\\backslash.txt',
    'sync/control\u0001.txt',
    'sync/.jcs-trash/2020-01-01 000000/../../../trash-escape.txt',
    '../outside-the-task-folder.txt',
  ];
}

interface Setup {
  id: string;
  scene: HostileScene;
  packageId: number;
  /** objectID of each hostile entry. */
  hostileIds: number[];
}

async function setup(direction: SyncDirection, options: { local?: Record<string, string>; remote?: Record<string, string> } = {}): Promise<Setup> {
  const n = ++tasks;
  const target = await makePackage(core, `hostile-${n}`, connectionId);
  const scene = hostileScene(join(temp.path, `scene-${n}`));
  for (const [rel, content] of Object.entries(options.local ?? {})) writeLocal(scene.target, rel, content);
  await putRemote(node.client, target.packageId, options.remote ?? {});
  const hostileIds: number[] = [];
  for (const [i, alias] of hostilePaths(scene).entries()) {
    const real = `sync/payload-${i}`;
    const [object] = await node.client.uploadObjects(target.packageId, [{ path: real, body: Buffer.from(`payload listed as ${alias}`) }]);
    hostile.aliases.set(real, alias);
    hostileIds.push(object!.objectID);
  }
  scene.rebase();
  const task = await createTask(core, taskConfig(target, scene.target, { direction }));
  return { id: task.id, scene, packageId: target.packageId, hostileIds };
}

/** Two runs (the second as a retry would be), with everything checked after each. */
async function runTwice(s: Setup, check: () => Promise<void> | void): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await runTask(core, s.id);
    await waitTransfersIdle(core);
    s.scene.unchangedOutside();
    await check();
  }
}

function untouched(s: Setup): void {
  const touched = hostile.touchedObjectIds();
  expect(s.hostileIds.filter((id) => touched.has(id))).toEqual([]); // no hostile entry was moved or deleted
}

describe('sync against a hostile service', () => {
  it('download: the good files arrive, no hostile path is written outside (or inside), nothing is deleted, on every run', async () => {
    const s = await setup('download', { remote: { 'good/a.txt': 'good a', 'b.txt': 'good b' } });
    await runTwice(s, () => {
      expect(localTree(s.scene.target)).toEqual({ 'b.txt': 'good b', 'good/a.txt': 'good a' });
      untouched(s);
    });
    // Each skipped entry is said in the task's activity log, with its reason.
    const log = await callOk(core, 'sync.log', { id: s.id, limit: 200 });
    const skipped = log.filter((e) => e.level === 'warn' && e.message.endsWith('; it was skipped'));
    expect(skipped.length).toBeGreaterThanOrEqual(hostilePaths(s.scene).length - 1); // all but the one outside `sync/`, which no listing of it returns
  });

  it('upload: local files go up; hostile remote entries are neither downloaded nor moved to the trash nor deleted', async () => {
    const s = await setup('upload', { local: { 'up.txt': 'from here', 'dir/up2.txt': 'from here too' } });
    await runTwice(s, async () => {
      expect(localTree(s.scene.target)).toEqual({ 'dir/up2.txt': 'from here too', 'up.txt': 'from here' });
      expect((await remoteObject(node.client, s.packageId, 'sync/up.txt'))?.size).toBe(9);
      untouched(s);
    });
    const downloaded = new Set(hostile.seen('/object/download').map((r) => Number(r.query.get('objectID'))));
    expect(s.hostileIds.filter((id) => downloaded.has(id))).toEqual([]);
  });

  it('two-way: both sides merge, and a look-alike of a synced file (a/./b) never makes the real one read as deleted', async () => {
    const s = await setup('twoWay', { local: { 'mine.txt': 'mine' }, remote: { 'theirs.txt': 'theirs', 'dup/b.txt': 'synced' } });
    await runTask(core, s.id);
    await waitTransfersIdle(core);
    expect(localTree(s.scene.target)).toEqual({ 'dup/b.txt': 'synced', 'mine.txt': 'mine', 'theirs.txt': 'theirs' });
    // The service now lists the synced object under a look-alike path only.
    hostile.aliases.set('sync/dup/b.txt', 'sync/dup/./b.txt');
    const synced = (await remoteObject(node.client, s.packageId, 'sync/dup/b.txt'))!;
    s.hostileIds.push(synced.objectID);
    await runTwice(s, async () => {
      expect(localTree(s.scene.target)).toEqual({ 'dup/b.txt': 'synced', 'mine.txt': 'mine', 'theirs.txt': 'theirs' });
      expect(Object.keys(localTree(s.scene.target, { trash: true })).filter((p) => p.startsWith('.jcs-trash/'))).toEqual([]); // nothing was deleted locally
      expect((await remoteObject(node.client, s.packageId, 'sync/mine.txt'))?.size).toBe(4);
      untouched(s);
    });
    hostile.aliases.delete('sync/dup/b.txt');
  });

  it('a hostile remote trash entry is not listed and cannot be restored; local restore refuses paths that leave the folder', async () => {
    const s = await setup('twoWay', { remote: { 'r.txt': 'r' } });
    await runTask(core, s.id);
    const trash = await callOk(core, 'sync.trash', { id: s.id });
    expect(trash.filter((e) => e.trashPath.includes('..'))).toEqual([]);
    const log = await callOk(core, 'sync.log', { id: s.id, limit: 200 });
    expect(log.some((e) => e.level === 'warn' && e.message.includes('.jcs-trash/'))).toBe(true); // the hidden trash entry is said, not silently dropped
    const result = await callOk(core, 'sync.restore', {
      id: s.id,
      entries: [
        { side: 'remote', trashPath: '.jcs-trash/2020-01-01 000000/../../../trash-escape.txt' },
        { side: 'local', trashPath: '.jcs-trash/2020-01-01 000000/../../../victim.txt' },
        { side: 'local', trashPath: '.jcs-trash/x/a\\..\\..\\y' },
      ],
    });
    expect(result.restored).toBe(0);
    expect(result.failed.map((f) => f.message)).toEqual([expect.stringMatching(/\(dotSegment\); it cannot be restored/), expect.stringMatching(/\(dotSegment\); it cannot be restored/), expect.stringMatching(/\(backslash\); it cannot be restored/)]);
    s.scene.unchangedOutside();
    untouched(s);
  });

  it('a conflict whose copy could not be a file name here is skipped with a warning: both versions stay, nothing moves', async () => {
    const name = `${'c'.repeat(230)}.txt`; // fine as it is; too long with ' (conflict YYYY-MM-DD HHMMSS)' added
    const s = await setup('twoWay', { local: { [name]: 'local first' } });
    await runTask(core, s.id);
    await waitTransfersIdle(core);
    writeLocal(s.scene.target, name, 'local edit');
    await putRemote(node.client, s.packageId, { [name]: 'remote edit!' });
    const remoteBefore = (await remoteObject(node.client, s.packageId, `sync/${name}`))!;
    await runTask(core, s.id);
    await waitTransfersIdle(core);
    expect(readFileSync(join(s.scene.target, name), 'utf8')).toBe('local edit');
    expect(await remoteObject(node.client, s.packageId, `sync/${name}`)).toMatchObject({ objectID: remoteBefore.objectID, fileHash: remoteBefore.fileHash });
    const log = await callOk(core, 'sync.log', { id: s.id, limit: 50 });
    expect(log.find((e) => e.level === 'warn' && /conflict skipped: .*\(nameTooLong\)/.test(e.message))).toBeTruthy();
    s.scene.unchangedOutside();
  });

  it('damaged bytes are never placed: the local file a download would replace stays, and nothing lands in the trash', async () => {
    const s = await setup('download', { remote: { 'doc.txt': 'version 1' } });
    await runTask(core, s.id);
    await waitTransfersIdle(core);
    expect(localTree(s.scene.target)).toEqual({ 'doc.txt': 'version 1' });
    await putRemote(node.client, s.packageId, { 'doc.txt': 'version 2, damaged on the way' });
    hostile.corrupt.add('sync/doc.txt');
    try {
      await runTwice(s, async () => {
        expect(localTree(s.scene.target, { trash: true })).toEqual({ 'doc.txt': 'version 1' });
        const log = await callOk(core, 'sync.log', { id: s.id, limit: 50 });
        expect(log.find((e) => e.level === 'error' && e.message.includes('HashMismatch'))).toBeTruthy();
      });
    } finally {
      hostile.corrupt.delete('sync/doc.txt');
    }
  });

  it('a folder in the task that is a symbolic link leading outside is not written through', async () => {
    const s = await setup('download', { remote: { 'linked/x.txt': 'must not leave', 'plain.txt': 'plain' } });
    const elsewhere = join(s.scene.outer, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'keep.txt'), 'keep');
    symlinkSync(elsewhere, join(s.scene.target, 'linked'));
    s.scene.rebase();
    await runTwice(s, async () => {
      expect(readFileSync(join(s.scene.target, 'plain.txt'), 'utf8')).toBe('plain');
      const log = await callOk(core, 'sync.log', { id: s.id, limit: 50 });
      expect(log.find((e) => e.level === 'error' && e.message.includes('(symlinkOutside)'))).toBeTruthy();
    });
  });
});
