/**
 * One-way tasks do what their form says, on a real core: they copy the
 * sending side to the receiving side and never overwrite a change made on the
 * receiving side (Syncthing's send-only / receive-only folders). A download
 * task keeps a local edit as it is and counts it as a kept change; an upload
 * task keeps a remote edit the same way; a file changed on both sides keeps
 * both versions, the receiving side's under a conflict name on that side only;
 * `sync.revert` takes the sending side's version, the replaced one into that
 * side's trash.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callErr, callOk, embeddedClient } from '../helpers/core';
import { createTask, localTree, makePackage, openSyncCore, putRemote, readLocal, readRemote, remoteTree, revertTask, runTask, taskConfig, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

const CONFLICT = /^(.*) \(conflict \d{4}-\d{2}-\d{2} \d{6}\)(\.[^.]*)?$/;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let count = 0;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-one-way');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A task of its own, after a first run that synced `files` (put on the sending side). */
async function synced(direction: Exclude<SyncDirection, 'twoWay'>, files: Record<string, string>) {
  const n = ++count;
  const target = await makePackage(core, `one-way-${n}`);
  const root = join(temp.path, `folder-${n}`);
  mkdirSync(root);
  if (direction === 'upload') for (const [rel, content] of Object.entries(files)) writeLocal(root, rel, content);
  else await putRemote(client, target.packageId, files);
  const task = await createTask(core, taskConfig(target, root, { direction }));
  expect((await runTask(core, task.id)).status).toBe('idle');
  expect(localTree(root)).toEqual(files);
  expect(await remoteTree(client, target.packageId)).toEqual(files);
  return { id: task.id, root, packageId: target.packageId, run: () => runTask(core, task.id), remote: (trash = false) => remoteTree(client, target.packageId, 'sync/', { trash }) };
}

describe('download only', () => {
  it('keeps a file edited locally as it is, counts it as a kept change, and neither uploads nor replaces it', async () => {
    const t = await synced('download', { 'a.txt': 'a', 'b.txt': 'b' });
    writeLocal(t.root, 'a.txt', 'edited here');
    await putRemote(client, t.packageId, { 'b.txt': 'b2' }); // remote changes still come down

    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', keptChanges: 1, conflicts: 0 });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'edited here', 'b.txt': 'b2' });
    expect((await callOk(core, 'sync.trash', { id: t.id })).map((e) => `${e.side}:${e.path}`)).toEqual(['local:b.txt']); // the replaced b, not a
    expect(await t.remote(true)).toEqual({ 'a.txt': 'a', 'b.txt': 'b2' });
    const plan = await callOk(core, 'sync.preview', { id: t.id });
    expect(plan.actions.map((a) => `${a.kind} ${a.path}`)).toEqual(['keep a.txt']);

    // Again and again: a kept change stays kept.
    expect((await t.run()).keptChanges).toBe(1);
    expect(readLocal(t.root, 'a.txt')).toBe('edited here');
  });

  it('a file changed on both sides keeps both: the local version under a conflict name, here only; the remote one at the path', async () => {
    const t = await synced('download', { 'doc.txt': 'base' });
    writeLocal(t.root, 'doc.txt', 'local edit');
    await putRemote(client, t.packageId, { 'doc.txt': 'remote edit' });

    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', conflicts: 1, keptChanges: 0 });
    const local = localTree(t.root);
    const keptAs = Object.keys(local).find((p) => CONFLICT.test(p))!;
    expect(local).toEqual({ 'doc.txt': 'remote edit', [keptAs]: 'local edit' });
    expect(await t.remote(true)).toEqual({ 'doc.txt': 'remote edit' }); // nothing of this computer's went up
    expect(await callOk(core, 'sync.conflicts', { id: t.id })).toEqual([expect.objectContaining({ path: 'doc.txt', keptAs, renamed: 'local' })]);
    // The next run leaves the local conflict copy alone (a local-only file of a download task).
    await t.run();
    expect(localTree(t.root)).toEqual(local);
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
  });

  it('a file that differs before the first sync is a conflict too, not replaced', async () => {
    const n = ++count;
    const target = await makePackage(core, `one-way-${n}`);
    const root = join(temp.path, `folder-${n}`);
    mkdirSync(root);
    writeLocal(root, 'report.txt', 'my older copy');
    await putRemote(client, target.packageId, { 'report.txt': 'the package copy' });
    const task = await createTask(core, taskConfig(target, root, { direction: 'download' }));
    expect((await runTask(core, task.id)).conflicts).toBe(1);
    const local = localTree(root);
    expect(Object.values(local).sort()).toEqual(['my older copy', 'the package copy']);
    expect(local['report.txt']).toBe('the package copy');
  });

  it('sync.revert replaces kept local changes with the remote copies; the local versions go to the local trash', async () => {
    const t = await synced('download', { 'a.txt': 'a', 'b.txt': 'b' });
    writeLocal(t.root, 'a.txt', 'edited here');
    expect((await t.run()).keptChanges).toBe(1);

    const reverted = await revertTask(core, t.id);
    expect(reverted).toMatchObject({ status: 'idle', keptChanges: 0 });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b' });
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.map((e) => `${e.side}:${e.path}`)).toEqual(['local:a.txt']);
    expect(readLocal(t.root, trash[0]!.trashPath)).toBe('edited here');
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'b.txt': 'b' });
  });
});

describe('upload only', () => {
  it('keeps a file edited in the package as it is, counts it as a kept change, and neither downloads nor overwrites it', async () => {
    const t = await synced('upload', { 'a.txt': 'a', 'b.txt': 'b' });
    await putRemote(client, t.packageId, { 'a.txt': 'edited in the package' });
    writeLocal(t.root, 'b.txt', 'b2'); // local changes still go up

    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', keptChanges: 1, conflicts: 0 });
    expect(await t.remote()).toEqual({ 'a.txt': 'edited in the package', 'b.txt': 'b2' });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b2' });
    expect((await callOk(core, 'sync.trash', { id: t.id })).map((e) => `${e.side}:${e.path}`)).toEqual(['remote:b.txt']); // the replaced b, not a
    expect((await t.run()).keptChanges).toBe(1);
    expect(await readRemote(client, t.packageId, 'sync/a.txt')).toBe('edited in the package');
  });

  it('a file changed on both sides keeps both: the package version under a conflict name, in the package only; the local one at the path', async () => {
    const t = await synced('upload', { 'doc.txt': 'base' });
    writeLocal(t.root, 'doc.txt', 'local edit');
    await putRemote(client, t.packageId, { 'doc.txt': 'remote edit' });

    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', conflicts: 1, keptChanges: 0 });
    const remote = await t.remote();
    const keptAs = Object.keys(remote).find((p) => CONFLICT.test(p))!;
    expect(remote).toEqual({ 'doc.txt': 'local edit', [keptAs]: 'remote edit' });
    expect(localTree(t.root, { trash: true })).toEqual({ 'doc.txt': 'local edit' }); // nothing of the package's came down
    expect(await callOk(core, 'sync.conflicts', { id: t.id })).toEqual([expect.objectContaining({ path: 'doc.txt', keptAs, renamed: 'remote' })]);
  });

  it('sync.revert replaces kept remote changes with the local copies; the package versions go to the remote trash', async () => {
    const t = await synced('upload', { 'a.txt': 'a' });
    await putRemote(client, t.packageId, { 'a.txt': 'edited in the package' });
    expect((await t.run()).keptChanges).toBe(1);

    expect(await revertTask(core, t.id)).toMatchObject({ status: 'idle', keptChanges: 0 });
    expect(await t.remote()).toEqual({ 'a.txt': 'a' });
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.map((e) => `${e.side}:${e.path}`)).toEqual(['remote:a.txt']);
    expect(await readRemote(client, t.packageId, `sync/${trash[0]!.trashPath}`)).toBe('edited in the package');
  });
});

it('a two-way task has nothing to revert: sync.revert says so and changes nothing', async () => {
  const target = await makePackage(core, 'one-way-two');
  const root = join(temp.path, 'two-way');
  mkdirSync(root);
  const task = await createTask(core, taskConfig(target, root, { direction: 'twoWay' }));
  const error = await callErr(core, 'sync.revert', { id: task.id });
  expect(error.code).toBe('InvalidInput');
  expect(error.message).toMatch(/two-way/);
});
