/**
 * "Only when I ask" means it, on a real core: a Manual task never runs by
 * itself — not when created, not when the app starts, not after an error —
 * and never announces a next run. A task of any trigger can be created
 * paused, so that its first run can be previewed before anything happens.
 *
 * The negative checks wait a fixed while and then look: a run the old code
 * started at once would have uploaded (with these timings, within a few
 * hundred milliseconds) long before they look.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callErr, callOk, embeddedClient } from '../helpers/core';
import { createTask, makePackage, openSyncCore, pollTask, remoteTree, runTask, taskConfig, taskView, TEST_TIMINGS, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let count = 0;

/** Long enough for a run started unasked to have finished: its scan, a 3-file upload, and the retry after an error. */
const UNASKED_RUN_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-manual');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

async function folderWithFiles() {
  const n = ++count;
  const target = await makePackage(core, `manual-${n}`);
  const root = join(temp.path, `folder-${n}`);
  mkdirSync(root);
  for (const name of ['a.txt', 'b.txt', 'c.txt']) writeLocal(root, name, name);
  return { target, root };
}

describe('a Manual task', () => {
  it('does not run when it is created: nothing is uploaded until Run now', async () => {
    const { target, root } = await folderWithFiles();
    const created = await createTask(core, taskConfig(target, root, { direction: 'upload', trigger: { type: 'Manual' } }));
    expect(created).toMatchObject({ status: 'idle', lastRunAt: null, nextRunAt: null });
    await sleep(UNASKED_RUN_MS);
    expect(await taskView(core, created.id)).toMatchObject({ status: 'idle', lastRunAt: null, nextRunAt: null, files: 0 });
    expect(await remoteTree(client, target.packageId)).toEqual({});
    expect((await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.localPath.startsWith(root))).toEqual([]);

    // The preview shows what Run now would do; Run now does it.
    const plan = await callOk(core, 'sync.preview', { id: created.id });
    expect(plan.actions.map((a) => `${a.kind} ${a.path}`)).toEqual(['upload a.txt', 'upload b.txt', 'upload c.txt']);
    await runTask(core, created.id);
    await pollTask(core, created.id, 'to have uploaded the files', (t) => t.files === 3);
    expect(Object.keys(await remoteTree(client, target.packageId))).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('does not run when the app starts', async () => {
    const dataDir = join(temp.path, 'restart-app');
    let other = await openSyncCore(dataDir, { timings: { stableMs: 0 } });
    try {
      const target = await makePackage(other, 'restart');
      const root = join(temp.path, 'restart-folder');
      mkdirSync(root);
      const task = await createTask(other, taskConfig(target, root, { direction: 'upload', trigger: { type: 'Manual' } }));
      await other.close();
      writeLocal(root, 'while-closed.txt', 'written while the app was closed');

      other = await openSyncCore(dataDir, { timings: { stableMs: 0 } });
      await sleep(UNASKED_RUN_MS);
      expect(await taskView(other, task.id)).toMatchObject({ status: 'idle', lastRunAt: null, nextRunAt: null });
      expect(await remoteTree(embeddedClient(other), target.packageId)).toEqual({});
    } finally {
      await other.close();
    }
  });

  it('does not run again after an error, and announces no next run', async () => {
    const { target, root } = await folderWithFiles();
    const task = await createTask(core, taskConfig(target, root, { direction: 'upload', trigger: { type: 'Manual' } }));
    renameSync(root, `${root}-away`);
    const failed = await runTask(core, task.id);
    expect(failed).toMatchObject({ status: 'error', statusCode: 'folderMissing', nextRunAt: null });

    renameSync(`${root}-away`, root);
    await sleep(UNASKED_RUN_MS + TEST_TIMINGS.offlineRetryMs); // a retry would have come after offlineRetryMs
    expect(await taskView(core, task.id)).toMatchObject({ status: 'error', lastRunAt: failed.lastRunAt, nextRunAt: null });
    expect(await remoteTree(client, target.packageId)).toEqual({});
  });

  it('does not run when it is resumed', async () => {
    const { target, root } = await folderWithFiles();
    const task = await createTask(core, taskConfig(target, root, { direction: 'upload', trigger: { type: 'Manual' } }));
    await callOk(core, 'sync.pause', { id: task.id });
    await callOk(core, 'sync.resume', { id: task.id });
    await sleep(UNASKED_RUN_MS);
    expect(await taskView(core, task.id)).toMatchObject({ status: 'idle', lastRunAt: null, nextRunAt: null });
    expect(await remoteTree(client, target.packageId)).toEqual({});
  });
});

describe('created paused', () => {
  it('a Watch task created paused neither runs nor watches; its first run can be previewed, and resuming starts it', async () => {
    const { target, root } = await folderWithFiles();
    const task = await callOk(core, 'sync.create', { ...taskConfig(target, root, { direction: 'upload', trigger: { type: 'Watch' } }), startPaused: true });
    expect(task).toMatchObject({ status: 'paused', watching: null, lastRunAt: null });
    writeLocal(root, 'd.txt', 'written after creation'); // a watcher would have seen this
    await sleep(UNASKED_RUN_MS);
    expect(await taskView(core, task.id)).toMatchObject({ status: 'paused', watching: null, lastRunAt: null });
    expect(await remoteTree(client, target.packageId)).toEqual({});

    const plan = await callOk(core, 'sync.preview', { id: task.id });
    expect(plan.actions.map((a) => a.path)).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    expect((await callErr(core, 'sync.runNow', { id: task.id })).code).toBe('Conflict'); // resume first

    await callOk(core, 'sync.resume', { id: task.id });
    await pollTask(core, task.id, 'to sync after resuming', (t) => t.status === 'idle' && t.files === 4);
    expect(Object.keys(await remoteTree(client, target.packageId))).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
  });

  it('an Interval task created paused stays paused across a restart', async () => {
    const dataDir = join(temp.path, 'paused-app');
    let other = await openSyncCore(dataDir, { timings: { stableMs: 0 } });
    try {
      const target = await makePackage(other, 'paused');
      const root = join(temp.path, 'paused-folder');
      mkdirSync(root);
      writeLocal(root, 'x.txt', 'x');
      const task = await callOk(other, 'sync.create', { ...taskConfig(target, root, { direction: 'upload', trigger: { type: 'Interval', interval: 10 } }), startPaused: true });
      await other.close();
      other = await openSyncCore(dataDir, { timings: { stableMs: 0 } });
      await sleep(UNASKED_RUN_MS);
      expect(await taskView(other, task.id)).toMatchObject({ status: 'paused', lastRunAt: null });
      expect(await remoteTree(embeddedClient(other), target.packageId)).toEqual({});
    } finally {
      await other.close();
    }
  });
});
