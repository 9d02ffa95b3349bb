/**
 * Settling conflicts and undoing guarded deletions, on a real core with the
 * embedded node and real folders: keep mine / keep theirs / keep both in each
 * direction (the version not kept goes to a trash, never lost), a choice made
 * on a list whose files changed since is refused and changes nothing, and a
 * run the deletion guard stopped can copy the deleted files back instead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDirection, SyncTaskConfig } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient } from '../helpers/core';
import { createTask, deleteRemote, localTree, makePackage, openSyncCore, pollTask, putRemote, remoteTree, removeLocal, runTask, taskConfig, waitQuiet, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let count = 0;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-resolve');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A task whose first run synced `doc.txt`, then a run that found it changed on both sides: one conflict. */
async function conflicted(direction: SyncDirection, options: Partial<SyncTaskConfig['options']> = {}) {
  const n = ++count;
  const target = await makePackage(core, `resolve-${n}`);
  const root = join(temp.path, `folder-${n}`);
  mkdirSync(root);
  writeLocal(root, 'doc.txt', 'base');
  writeLocal(root, 'other.txt', 'other');
  if (direction === 'download') await putRemote(client, target.packageId, { 'doc.txt': 'base', 'other.txt': 'other' });
  const task = await createTask(core, taskConfig(target, root, { direction, options }));
  await runTask(core, task.id);
  writeLocal(root, 'doc.txt', 'mine');
  await putRemote(client, target.packageId, { 'doc.txt': 'theirs' });
  expect((await runTask(core, task.id)).conflicts).toBe(1);
  const [conflict] = await callOk(core, 'sync.conflicts', { id: task.id });
  return {
    id: task.id,
    root,
    conflict: conflict!,
    remote: (trash = false) => remoteTree(client, target.packageId, 'sync/', { trash }),
    packageId: target.packageId,
  };
}

const trashed = (tree: Record<string, string>) => Object.entries(tree).filter(([path]) => path.includes('.jcs-trash/')).map(([, content]) => content).sort();
const live = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([path]) => !path.includes('.jcs-trash/')));

async function resolve(t: { id: string; conflict: { id: number; version: string } }, choice: 'mine' | 'theirs' | 'both') {
  const result = await callOk(core, 'sync.resolveConflicts', { id: t.id, choice, conflicts: [{ id: t.conflict.id, version: t.conflict.version }] });
  await waitQuiet(core, t.id);
  return result;
}

describe('two-way conflicts', () => {
  it('keep mine: this computer’s version is the file on both sides; the package’s goes to the trash on both sides', async () => {
    const t = await conflicted('twoWay');
    expect(live(localTree(t.root))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other', [t.conflict.keptAs]: 'theirs' });
    expect(await resolve(t, 'mine')).toEqual({ resolved: 1, failed: [] });
    const task = await runTask(core, t.id);
    expect(task.conflicts).toBe(0);
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(live(await t.remote(true))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(trashed(localTree(t.root, { trash: true }))).toEqual(['theirs']);
    expect(trashed(await t.remote(true))).toEqual(['theirs']);
  });

  it('keep theirs: the package’s version is the file on both sides; mine goes to the trash (never lost)', async () => {
    const t = await conflicted('twoWay');
    expect(await resolve(t, 'theirs')).toEqual({ resolved: 1, failed: [] });
    await runTask(core, t.id);
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
    expect(live(await t.remote(true))).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
    expect(trashed(localTree(t.root, { trash: true }))).toContain('mine');
    expect(trashed(await t.remote(true))).toContain('mine');
    expect(await callOk(core, 'sync.conflicts', { id: t.id })).toEqual([]);
  });

  it('keep mine sticks in a task that does not propagate deletions: the package’s copy goes to its trash, not back here', async () => {
    const t = await conflicted('twoWay', { propagateDeletions: false });
    expect(await resolve(t, 'mine')).toEqual({ resolved: 1, failed: [] });
    await runTask(core, t.id);
    await runTask(core, t.id);
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(live(await t.remote(true))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(trashed(await t.remote(true))).toEqual(['theirs']);
  });

  it('keep both: both names stay on both sides and the conflict is closed', async () => {
    const t = await conflicted('twoWay');
    expect(await resolve(t, 'both')).toEqual({ resolved: 1, failed: [] });
    expect((await runTask(core, t.id)).conflicts).toBe(0);
    const expected = { 'doc.txt': 'mine', 'other.txt': 'other', [t.conflict.keptAs]: 'theirs' };
    expect(localTree(t.root, { trash: true })).toEqual(expected);
    expect(await t.remote(true)).toEqual(expected);
  });

  it('refuses a choice when a file changed since the list was made, and changes nothing', async () => {
    const t = await conflicted('twoWay');
    writeLocal(t.root, 'doc.txt', 'mine, edited again');
    const result = await resolve(t, 'theirs');
    expect(result.resolved).toBe(0);
    expect(result.failed).toEqual([expect.objectContaining({ id: t.conflict.id, path: 'doc.txt', code: 'Conflict' })]);
    expect(result.failed[0]?.params?.changedSince).toBe(1);
    expect(localTree(t.root, { trash: true })).toEqual({ 'doc.txt': 'mine, edited again', 'other.txt': 'other', [t.conflict.keptAs]: 'theirs' });
    expect(await callOk(core, 'sync.conflicts', { id: t.id })).toHaveLength(1);
    // A change in the package counts too.
    const [fresh] = await callOk(core, 'sync.conflicts', { id: t.id });
    await putRemote(client, t.packageId, { [t.conflict.keptAs]: 'theirs, edited in the package' });
    const again = await callOk(core, 'sync.resolveConflicts', { id: t.id, choice: 'mine', conflicts: [{ id: fresh!.id, version: fresh!.version }] });
    expect(again).toMatchObject({ resolved: 0, failed: [expect.objectContaining({ code: 'Conflict' })] });
    expect(localTree(t.root)[t.conflict.keptAs]).toBe('theirs');
  });

  it('refuses a conflict that was settled already', async () => {
    const t = await conflicted('twoWay');
    await resolve(t, 'both');
    const again = await callOk(core, 'sync.resolveConflicts', { id: t.id, choice: 'mine', conflicts: [{ id: t.conflict.id, version: t.conflict.version }] });
    expect(again).toMatchObject({ resolved: 0, failed: [expect.objectContaining({ code: 'NotFound' })] });
  });
});

describe('one-way conflicts', () => {
  it('download task, keep mine: my version takes the name here as a kept change; the package is not written', async () => {
    const t = await conflicted('download');
    expect(t.conflict.renamed).toBe('local');
    expect(await resolve(t, 'mine')).toEqual({ resolved: 1, failed: [] });
    const task = await runTask(core, t.id);
    expect(task).toMatchObject({ conflicts: 0, keptChanges: 1 });
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(trashed(localTree(t.root, { trash: true }))).toEqual(['theirs']);
    expect(await t.remote(true)).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
  });

  it('download task, keep theirs: my conflict copy goes to the local trash', async () => {
    const t = await conflicted('download');
    expect(await resolve(t, 'theirs')).toEqual({ resolved: 1, failed: [] });
    expect((await runTask(core, t.id)).keptChanges).toBe(0);
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
    expect(trashed(localTree(t.root, { trash: true }))).toEqual(['mine']);
  });

  it('upload task, keep theirs: the package’s version replaces mine on both sides (mine to both trashes)', async () => {
    const t = await conflicted('upload');
    expect(t.conflict.renamed).toBe('remote');
    expect(await resolve(t, 'theirs')).toEqual({ resolved: 1, failed: [] });
    const task = await runTask(core, t.id);
    expect(task).toMatchObject({ conflicts: 0, keptChanges: 0 });
    expect(live(localTree(t.root, { trash: true }))).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
    expect(live(await t.remote(true))).toEqual({ 'doc.txt': 'theirs', 'other.txt': 'other' });
    expect(trashed(localTree(t.root, { trash: true }))).toEqual(['mine']);
    expect(trashed(await t.remote(true))).toEqual(['mine']);
  });

  it('upload task, keep mine: the package’s version goes to the package’s trash', async () => {
    const t = await conflicted('upload');
    expect(await resolve(t, 'mine')).toEqual({ resolved: 1, failed: [] });
    await runTask(core, t.id);
    expect(live(await t.remote(true))).toEqual({ 'doc.txt': 'mine', 'other.txt': 'other' });
    expect(trashed(await t.remote(true))).toEqual(['theirs']);
  });
});

describe('restoring what the deletion guard stopped', () => {
  async function guarded(direction: SyncDirection) {
    const n = ++count;
    const target = await makePackage(core, `restore-${n}`);
    const root = join(temp.path, `folder-${n}`);
    mkdirSync(root);
    const files = { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'keep.txt': 'k' };
    for (const [rel, content] of Object.entries(files)) writeLocal(root, rel, content);
    if (direction === 'download') await putRemote(client, target.packageId, files);
    const task = await createTask(core, taskConfig(target, root, { direction, options: { deletionGuard: { maxFiles: 1, maxPercent: 100 } } }));
    await runTask(core, task.id);
    return { id: task.id, root, files, packageId: target.packageId, remote: () => remoteTree(client, target.packageId) };
  }

  async function restore(id: string) {
    const quiet = await waitQuiet(core, id);
    await callOk(core, 'sync.restoreDeleted', { id });
    return pollTask(core, id, 'the restoring run to end', (t) => t.lastRunAt !== quiet.lastRunAt && t.status !== 'scanning' && t.status !== 'syncing');
  }

  it('files deleted here are downloaded back, and the task goes on as usual', async () => {
    const t = await guarded('twoWay');
    for (const rel of ['a.txt', 'b.txt', 'c.txt']) removeLocal(t.root, rel);
    expect((await runTask(core, t.id)).status).toBe('waitingForConfirmation');
    const task = await restore(t.id);
    expect(task).toMatchObject({ status: 'idle', lastRunResult: 'ok' });
    expect(localTree(t.root)).toEqual(t.files);
    expect(await t.remote()).toEqual(t.files);
    // Normal again: nothing left to do, and a later change syncs.
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
    writeLocal(t.root, 'a.txt', 'a2');
    expect((await runTask(core, t.id)).status).toBe('idle');
    expect((await t.remote())['a.txt']).toBe('a2');
  });

  it('files deleted in the package are uploaded back', async () => {
    const t = await guarded('twoWay');
    await deleteRemote(client, t.packageId, ['a.txt', 'b.txt', 'c.txt']);
    expect((await runTask(core, t.id)).status).toBe('waitingForConfirmation');
    expect(await restore(t.id)).toMatchObject({ status: 'idle' });
    expect(await t.remote()).toEqual(t.files);
    expect(localTree(t.root)).toEqual(t.files);
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
  });
});
