/**
 * A task's local folder vanishing or being replaced, on a real core with
 * slowed-down transfers: a run that finds its folder gone stops at once (its
 * transfers cancelled), nothing recreates the folder or writes into a new
 * one in its place, and the next run reports the folder missing; a folder
 * that comes back as another (empty) folder does not have its "missing"
 * files deleted in the package without a confirmation, however lax the
 * deletion guard.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient, waitFor } from '../helpers/core';
import { createTask, makePackage, openSyncCore, pollTask, putRemote, remoteTree, runTask, taskConfig, taskView, waitTransfersIdle } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let count = 0;

const TRANSFERS = { maxConcurrentFiles: 1, maxConcurrentParts: 2, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 };
/** Six 32 KiB files at 64 KiB/s, one at a time: about three seconds of downloads to cut short. */
const FILES = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.bin`, `file ${i} `.padEnd(32 * 1024, String(i))]));

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-root');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterEach(async () => {
  await callOk(core, 'settings.update', { transfers: TRANSFERS });
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A download task whose first run is under way: the first file has arrived, the others are queued behind the bandwidth limit. */
async function downloadsUnderWay() {
  const n = ++count;
  const target = await makePackage(core, `root-${n}`);
  const root = join(temp.path, `folder-${n}`);
  mkdirSync(root);
  await putRemote(client, target.packageId, FILES);
  await callOk(core, 'settings.update', { transfers: { ...TRANSFERS, bandwidthLimitKiBps: 64 } });
  const task = await createTask(core, taskConfig(target, root, { direction: 'twoWay' }));
  await callOk(core, 'sync.runNow', { id: task.id });
  await waitFor('a first download', () => existsSync(join(root, 'f0.bin')), 15_000, 5);
  expect((await taskView(core, task.id)).status).toBe('syncing');
  return { id: task.id, root, packageId: target.packageId };
}

/** The task's jobs: none left queued or running, and how many completed. */
async function settledJobs(root: string): Promise<{ completed: number; cancelled: number }> {
  await waitTransfersIdle(core);
  const jobs = (await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.localPath.startsWith(root + '/'));
  return { completed: jobs.filter((j) => j.state === 'completed').length, cancelled: jobs.filter((j) => j.state === 'cancelled').length };
}

describe('the folder deleted during a run', () => {
  it('stops the run, is not recreated by the downloads, and the next run finds it missing; the package is untouched', async () => {
    const t = await downloadsUnderWay();
    rmSync(t.root, { recursive: true, force: true });

    const stopped = await pollTask(core, t.id, 'to stop its run', (x) => x.status !== 'syncing' && x.status !== 'scanning');
    expect(stopped).toMatchObject({ status: 'error', statusCode: 'folderLost', progress: null });
    const jobs = await settledJobs(t.root);
    expect(jobs.cancelled).toBeGreaterThan(0); // the rest of the run was called off, not carried out
    expect(existsSync(t.root)).toBe(false);

    const next = await runTask(core, t.id);
    expect(next).toMatchObject({ status: 'error', statusCode: 'folderMissing' });
    expect(existsSync(t.root)).toBe(false);
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual(FILES);
  });
});

describe('the folder replaced during a run', () => {
  it('stops the run; nothing is written into the new folder, nor into the old one where it went', async () => {
    const t = await downloadsUnderWay();
    const before = readdirSync(t.root).filter((name) => !name.endsWith('.jcs-download')).length;
    renameSync(t.root, `${t.root}-moved`);
    mkdirSync(t.root);

    const stopped = await pollTask(core, t.id, 'to stop its run', (x) => x.status !== 'syncing' && x.status !== 'scanning');
    expect(stopped).toMatchObject({ status: 'error', statusCode: 'folderLost' });
    await settledJobs(t.root);
    expect(readdirSync(t.root)).toEqual([]);
    // At most the file being written when the folder moved finished there (its open file moved with it).
    expect(readdirSync(`${t.root}-moved`).filter((name) => !name.endsWith('.jcs-download')).length).toBeLessThanOrEqual(before + 1);
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual(FILES);
  });
});

describe('the folder back as another, empty folder', () => {
  it('a run asks before deleting in the package, even with a deletion guard that would allow it all', async () => {
    const n = ++count;
    const target = await makePackage(core, `root-${n}`);
    const root = join(temp.path, `folder-${n}`);
    mkdirSync(root);
    await putRemote(client, target.packageId, FILES);
    // taskConfig's guard never fires (10,000 files, 100 %): only the replaced folder can stop the deletions.
    const task = await createTask(core, taskConfig(target, root, { direction: 'twoWay' }));
    expect((await runTask(core, task.id)).files).toBe(6);
    await waitTransfersIdle(core);

    rmSync(root, { recursive: true });
    expect(await runTask(core, task.id)).toMatchObject({ status: 'error', statusCode: 'folderMissing' });
    mkdirSync(root); // an empty folder where the synced one was: another inode

    const blocked = await runTask(core, task.id);
    expect(blocked).toMatchObject({ status: 'waitingForConfirmation', statusCode: 'folderReplaced', statusParams: { deletions: 6 }, lastRunResult: 'blocked' });
    expect(await remoteTree(client, target.packageId, 'sync/', { trash: true })).toEqual(FILES);
    expect((await callOk(core, 'sync.preview', { id: task.id })).blockedBy).toMatch(/not the one this task synced before/);
    // Asked again: still waiting.
    expect((await runTask(core, task.id)).statusCode).toBe('folderReplaced');

    // Confirmed: the deletions happen (into the package's trash), and the new folder is the task's from now on.
    expect((await runTask(core, task.id, { confirmDeletions: true })).status).toBe('idle');
    expect(await remoteTree(client, target.packageId)).toEqual({});
    expect((await callOk(core, 'sync.trash', { id: task.id })).filter((e) => e.side === 'remote')).toHaveLength(6);
    expect((await runTask(core, task.id)).status).toBe('idle');
  });
});
