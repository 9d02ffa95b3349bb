/**
 * Sync through the contract, on a real core and its embedded storage node:
 * files created, modified, deleted and renamed on either side reach the other
 * side as each direction allows; what sync replaces or deletes lands in that
 * side's trash, `sync.trash` lists it and `sync.restore` brings it back.
 * (What one-way tasks do with changes on their receiving side:
 * tests/sync/sync-one-way.test.ts.)
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient } from '../helpers/core';
import {
  createTask,
  deleteRemote,
  localTree,
  makePackage,
  moveRemote,
  openSyncCore,
  putRemote,
  readLocal,
  readRemote,
  remoteObject,
  remoteTree,
  removeLocal,
  revertTask,
  runTask,
  taskConfig,
  writeLocal,
  type Target,
} from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let packages = 0;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-dirs');
  // stableMs 0: files the previous run just downloaded count as settled (tests/sync/sync-watch.test.ts covers the wait).
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A task of its own: a fresh package and local folder, optional files on each side before the first run. */
async function setup(direction: SyncDirection, before: { local?: Record<string, string>; remote?: Record<string, string> } = {}) {
  const target: Target = await makePackage(core, `dir-${++packages}`);
  const root = join(temp.path, `folder-${packages}`);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(before.local ?? { 'keep.txt': 'keep' })) writeLocal(root, rel, content);
  if (before.remote) await putRemote(client, target.packageId, before.remote);
  const task = await createTask(core, taskConfig(target, root, { direction }));
  const first = await runTask(core, task.id);
  expect(first.status, first.statusMessage ?? '').toBe('idle');
  return { id: task.id, root, packageId: target.packageId, remote: () => remoteTree(client, target.packageId), run: () => runTask(core, task.id) };
}

describe('twoWay', () => {
  it('the first run merges both sides', async () => {
    const t = await setup('twoWay', { local: { 'l.txt': 'local', 'dir/l2.txt': 'local 2' }, remote: { 'r.txt': 'remote', 'dir/r2.txt': 'remote 2' } });
    const all = { 'dir/l2.txt': 'local 2', 'dir/r2.txt': 'remote 2', 'l.txt': 'local', 'r.txt': 'remote' };
    expect(await t.remote()).toEqual(all);
    expect(localTree(t.root)).toEqual(all);
    expect((await callOk(core, 'sync.list', {})).find((x) => x.id === t.id)).toMatchObject({ files: 4, lastRunResult: 'ok', conflicts: 0 });
  });

  it('local creations, changes, deletions and renames reach the remote side', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'old/name.txt': 'renamed' } });
    writeLocal(t.root, 'new/n.txt', 'new');
    writeLocal(t.root, 'a.txt', 'a changed');
    removeLocal(t.root, 'b.txt');
    const mtime = mtimeOf(t.root, 'old/name.txt');
    removeLocal(t.root, 'old');
    writeLocal(t.root, 'moved/name.txt', 'renamed', mtime); // a rename keeps size and mtime
    const renamedId = (await remoteObject(client, t.packageId, 'sync/old/name.txt'))!.objectID;
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'a changed', 'c.txt': 'c', 'moved/name.txt': 'renamed', 'new/n.txt': 'new' });
    // The rename was a server-side move (the object kept its ID), not a delete and a new upload.
    expect((await remoteObject(client, t.packageId, 'sync/moved/name.txt'))?.objectID).toBe(renamedId);
    // What sync replaced or deleted remotely is in the remote trash.
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.filter((e) => e.side === 'remote').map((e) => [e.path, e.size]).sort()).toEqual([['a.txt', 1], ['b.txt', 1]]);
    expect(localTree(t.root)).toEqual(await t.remote());
  });

  it('remote creations, changes, deletions and moves reach the local side', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'm.txt': 'move me' } });
    await putRemote(client, t.packageId, { 'a.txt': 'a changed', 'new/n.txt': 'new' });
    await deleteRemote(client, t.packageId, ['b.txt']);
    await moveRemote(client, t.packageId, 'm.txt', 'sub/moved.txt');
    await t.run();
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a changed', 'c.txt': 'c', 'new/n.txt': 'new', 'sub/moved.txt': 'move me' });
    expect(await t.remote()).toEqual(localTree(t.root));
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.filter((e) => e.side === 'local').map((e) => e.path).sort()).toEqual(['a.txt', 'b.txt']);
    const kept = trash.find((e) => e.side === 'local' && e.path === 'a.txt')!;
    expect(readLocal(t.root, kept.trashPath)).toBe('a');
  });

  it('a second run with nothing changed does nothing', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a' }, remote: { 'r.txt': 'r' } });
    const before = await remoteObject(client, t.packageId, 'sync/a.txt');
    await t.run();
    expect(await callOk(core, 'sync.preview', { id: t.id })).toMatchObject({ actions: [], blockedBy: null, localFiles: 2, remoteFiles: 2 });
    expect(await remoteObject(client, t.packageId, 'sync/a.txt')).toEqual(before);
  });
});

describe('what counts as a change', () => {
  it('with checkHash, content changed behind the same size and mtime is found and synced', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'aaaa', 'b.txt': 'bbbb' } });
    await callOk(core, 'sync.update', { id: t.id, mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: true } });
    await t.run();
    const mtime = mtimeOf(t.root, 'a.txt');
    writeLocal(t.root, 'a.txt', 'AAAA', mtime); // same size, same mtime
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'AAAA', 'b.txt': 'bbbb' });
  });

  it('a file dated in the future is synced like any other', async () => {
    const t = await setup('twoWay', { local: {} });
    writeLocal(t.root, 'future.txt', 'from a skewed clock', Math.floor(Date.now() / 1000 + 86_400) * 1000);
    await t.run();
    expect(await t.remote()).toEqual({ 'future.txt': 'from a skewed clock' });
  });
});

describe('upload', () => {
  it('local changes go up; remote-only files are left alone', async () => {
    const t = await setup('upload', { local: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' }, remote: { 'theirs.txt': 'remote only' } });
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'theirs.txt': 'remote only' });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });

    writeLocal(t.root, 'a.txt', 'a2');
    removeLocal(t.root, 'b.txt');
    writeLocal(t.root, 'd.txt', 'd');
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'a2', 'c.txt': 'c', 'd.txt': 'd', 'theirs.txt': 'remote only' });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a2', 'c.txt': 'c', 'd.txt': 'd' });
    const remoteTrash = (await callOk(core, 'sync.trash', { id: t.id })).filter((e) => e.side === 'remote');
    expect(remoteTrash.map((e) => e.path).sort()).toEqual(['a.txt', 'b.txt']);

    // A remote deletion is undone too.
    await deleteRemote(client, t.packageId, ['d.txt']);
    await t.run();
    expect((await t.remote())['d.txt']).toBe('d');
  });

  it('a local rename is a remote move', async () => {
    const t = await setup('upload', { local: { 'x.txt': 'xx' } });
    const id = (await remoteObject(client, t.packageId, 'sync/x.txt'))!.objectID;
    const mtime = mtimeOf(t.root, 'x.txt');
    removeLocal(t.root, 'x.txt');
    writeLocal(t.root, 'y.txt', 'xx', mtime);
    await t.run();
    expect(await t.remote()).toEqual({ 'y.txt': 'xx' });
    expect((await remoteObject(client, t.packageId, 'sync/y.txt'))?.objectID).toBe(id);
  });
});

describe('download', () => {
  it('remote changes come down; local-only files are left alone', async () => {
    const t = await setup('download', { local: { 'mine.txt': 'local only' }, remote: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' } });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'mine.txt': 'local only' });
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });

    await putRemote(client, t.packageId, { 'a.txt': 'a2', 'd.txt': 'd' });
    await deleteRemote(client, t.packageId, ['b.txt']);
    await t.run();
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a2', 'c.txt': 'c', 'd.txt': 'd', 'mine.txt': 'local only' });
    expect(await t.remote()).toEqual({ 'a.txt': 'a2', 'c.txt': 'c', 'd.txt': 'd' });
    const localTrash = (await callOk(core, 'sync.trash', { id: t.id })).filter((e) => e.side === 'local');
    expect(localTrash.map((e) => e.path).sort()).toEqual(['a.txt', 'b.txt']);

    // A local deletion is undone too.
    removeLocal(t.root, 'd.txt');
    await t.run();
    expect(readLocal(t.root, 'd.txt')).toBe('d');
  });

  it('a remote move is a local move; the emptied folder goes away', async () => {
    const t = await setup('download', { local: {}, remote: { 'deep/dir/x.txt': 'xx' } });
    await moveRemote(client, t.packageId, 'deep/dir/x.txt', 'y.txt');
    await t.run();
    expect(localTree(t.root)).toEqual({ 'y.txt': 'xx' });
    expect(existsSync(join(t.root, 'deep'))).toBe(false);
  });
});

describe('trash and restore', () => {
  it('restores from either trash; the next run carries the restored file to the other side again', async () => {
    const t = await setup('twoWay', { local: { 'l.txt': 'deleted locally', 'r.txt': 'deleted remotely' } });
    removeLocal(t.root, 'l.txt');
    await deleteRemote(client, t.packageId, ['r.txt']);
    await t.run();
    expect(localTree(t.root)).toEqual({});
    expect(await t.remote()).toEqual({});

    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.map((e) => `${e.side}:${e.path}`).sort()).toEqual(['local:r.txt', 'remote:l.txt']);
    for (const e of trash) expect(e.trashPath).toMatch(/^\.jcs-trash\/\d{4}-\d{2}-\d{2} \d{6}\//);
    const result = await callOk(core, 'sync.restore', { id: t.id, entries: trash.map((e) => ({ side: e.side, trashPath: e.trashPath })) });
    expect(result).toEqual({ restored: 2, failed: [] });
    expect(localTree(t.root)).toEqual({ 'r.txt': 'deleted remotely' });
    expect(await t.remote()).toEqual({ 'l.txt': 'deleted locally' });
    expect(await callOk(core, 'sync.trash', { id: t.id })).toEqual([]);

    await t.run();
    const both = { 'l.txt': 'deleted locally', 'r.txt': 'deleted remotely' };
    expect(localTree(t.root)).toEqual(both);
    expect(await t.remote()).toEqual(both);
  });

  it('a restore onto a taken name keeps both; a bad entry is reported, not thrown', async () => {
    const t = await setup('download', { local: {}, remote: { 'a.txt': 'v2' } });
    writeLocal(t.root, 'a.txt', 'local edit'); // kept, until the revert replaces it: then it goes to the local trash
    await revertTask(core, t.id);
    expect(readLocal(t.root, 'a.txt')).toBe('v2');
    const [entry] = await callOk(core, 'sync.trash', { id: t.id });
    const result = await callOk(core, 'sync.restore', { id: t.id, entries: [{ side: 'local', trashPath: entry!.trashPath }, { side: 'local', trashPath: '.jcs-trash/nope/x.txt' }, { side: 'local', trashPath: '../../etc/passwd' }] });
    expect(result.restored).toBe(1);
    expect(result.failed.map((f) => f.trashPath)).toEqual(['.jcs-trash/nope/x.txt', '../../etc/passwd']);
    expect(localTree(t.root)).toEqual({ 'a (1).txt': 'local edit', 'a.txt': 'v2' });
  });
});

describe('trash collisions', () => {
  /** Runs `steps` within one wall-clock second (trash stamps have second resolution), retrying up to 3 times; returns when the stamps collided. */
  async function inOneSecond(steps: (attempt: number) => Promise<string[]>): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
      const trashPaths = await steps(attempt);
      if (new Set(trashPaths.map((p) => p.split('/')[1])).size === 1) return; // one stamp: the collision happened
    }
    throw new Error('could not get the runs into one second');
  }

  it('two local versions replaced at the same path within one second both stay in the local trash', async () => {
    const t = await setup('download', { local: {}, remote: { 'a.txt': 'remote' } });
    await inOneSecond(async (attempt) => {
      writeLocal(t.root, 'a.txt', `local edit ${attempt}.1`);
      await revertTask(core, t.id);
      writeLocal(t.root, 'a.txt', `local edit ${attempt}.2`);
      await revertTask(core, t.id);
      expect(readLocal(t.root, 'a.txt')).toBe('remote');
      const trash = (await callOk(core, 'sync.trash', { id: t.id })).filter((e) => e.side === 'local' && readLocal(t.root, e.trashPath).startsWith(`local edit ${attempt}.`));
      expect(trash.map((e) => readLocal(t.root, e.trashPath)).sort()).toEqual([`local edit ${attempt}.1`, `local edit ${attempt}.2`]);
      return trash.map((e) => e.trashPath);
    });
  });

  it('two remote versions replaced or deleted at the same path within one second both stay in the remote trash', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'v0', 'b.txt': 'b0' } });
    const remoteTrash = async (prefix: string) => {
      const entries = (await callOk(core, 'sync.trash', { id: t.id })).filter((e) => e.side === 'remote');
      const out: Array<[string, string]> = [];
      for (const e of entries) {
        const content = await readRemote(client, t.packageId, `sync/${e.trashPath}`);
        if (content.startsWith(prefix)) out.push([e.trashPath, content]);
      }
      return out;
    };
    await inOneSecond(async (attempt) => {
      // Replaced twice.
      writeLocal(t.root, 'a.txt', `a ${attempt}.1`);
      await t.run();
      writeLocal(t.root, 'a.txt', `a ${attempt}.2`);
      expect((await t.run()).status).toBe('idle');
      expect((await t.remote())['a.txt']).toBe(`a ${attempt}.2`);
      // Deleted twice.
      writeLocal(t.root, 'b.txt', `b ${attempt}.1`);
      await t.run();
      removeLocal(t.root, 'b.txt');
      await t.run();
      writeLocal(t.root, 'b.txt', `b ${attempt}.2`);
      await t.run();
      removeLocal(t.root, 'b.txt');
      expect((await t.run()).status).toBe('idle');
      expect((await t.remote())['b.txt']).toBeUndefined();
      const a = await remoteTrash(`a ${attempt}.`);
      const b = await remoteTrash(`b ${attempt}.`);
      expect(a.map(([, c]) => c)).toEqual([`a ${attempt}.1`]);
      expect(b.map(([, c]) => c).sort()).toEqual([`b ${attempt}.1`, `b ${attempt}.2`]);
      return [...a, ...b].map(([p]) => p);
    });
  });
});

function mtimeOf(root: string, rel: string): number {
  return Math.floor(statSync(join(root, rel)).mtimeMs);
}
