/**
 * "A crash mid-run is harmless": a twoWay run with uploads done, a download
 * under way and more queued is cut short, once by closing the core (running
 * transfers go back to the queue) and once by SIGKILL of a core running in a
 * child process; a new core on the same data folder finishes the work. Every
 * file then exists exactly once on each side with the right content: no
 * duplicates, no conflict copies, no partial downloads, nothing lost.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTestChild } from '../helpers/test-child';
import type { AppCore } from '../../src-main/core/app-core';
import { allPaths, callOk, embeddedClient, lockOwner, processAlive, waitFor } from '../helpers/core';
import {
  CRASH_BANDWIDTH_KIBPS,
  CRASH_LOCAL_FILES,
  CRASH_REMOTE_FILES,
  createTask,
  localTree,
  makePackage,
  openSyncCore,
  putRemote,
  remoteTree,
  runUntilSettled,
  taskConfig,
  taskView,
  writeLocal,
} from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

const EXPECTED = { ...CRASH_LOCAL_FILES, ...CRASH_REMOTE_FILES };
const UNLIMITED = { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folders() {
  const temp = await makeTempDir('jcs-sync-crash');
  cleanups.push(() => temp.remove());
  const dataDir = join(temp.path, 'app');
  const localDir = join(temp.path, 'local');
  mkdirSync(localDir);
  for (const [rel, content] of Object.entries(CRASH_LOCAL_FILES)) writeLocal(localDir, rel, content);
  return { dataDir, localDir };
}

/** Downloads the interrupted run completed (their final names exist). */
const downloaded = (localDir: string) => readdirSync(localDir).filter((name) => name.startsWith('remote-') && name.endsWith('.bin')).length;

/** The new core finishes the work; then both sides hold every file once, whole. */
async function expectConverged(core: AppCore, taskId: string, packageId: number, localDir: string): Promise<void> {
  await callOk(core, 'settings.update', { transfers: UNLIMITED });
  const task = await runUntilSettled(core, taskId);
  expect(task).toMatchObject({ status: 'idle', files: 20, conflicts: 0 });
  expect(localTree(localDir)).toEqual(EXPECTED); // no partial downloads, no conflict copies
  const client = embeddedClient(core);
  expect(await remoteTree(client, packageId)).toEqual(EXPECTED);
  // Nothing else in the package (no staging leftovers, no "name (1)" copies), except possibly the trash.
  expect((await allPaths(client, packageId)).filter((p) => !p.startsWith('sync/.jcs-trash/')).sort()).toEqual(Object.keys(EXPECTED).map((p) => `sync/${p}`).sort());
  const jobs = (await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs;
  expect(jobs.filter((j) => j.state !== 'completed').map((j) => `${j.displayName}: ${j.state} ${j.errorCode}`)).toEqual([]);
}

describe('a run cut short', () => {
  it('by closing the core: the next core finishes it', async () => {
    const { dataDir, localDir } = await folders();
    let core = await openSyncCore(dataDir);
    cleanups.push(() => core.close());
    await callOk(core, 'settings.update', { transfers: { ...UNLIMITED, maxConcurrentFiles: 1, bandwidthLimitKiBps: CRASH_BANDWIDTH_KIBPS } });
    const target = await makePackage(core, 'crash');
    await putRemote(embeddedClient(core), target.packageId, CRASH_REMOTE_FILES);
    const task = await createTask(core, taskConfig(target, localDir, { direction: 'twoWay' }));
    await callOk(core, 'sync.runNow', { id: task.id });

    await waitFor('some downloads to be done', () => downloaded(localDir) >= 3, 15_000, 5);
    const closing = performance.now();
    await core.close();
    const closeMs = performance.now() - closing;
    expect(closeMs).toBeLessThan(4000); // running parts get a moment; the rest of the run does not hold the app open
    const left = 10 - downloaded(localDir);
    expect(left).toBeGreaterThan(0);

    core = await openSyncCore(dataDir, { timings: { stableMs: 0 } }); // files the old core downloaded just now count as settled
    const totals = await callOk(core, 'transfers.totals', {});
    expect(totals.queued + totals.running).toBeGreaterThan(0); // the interrupted run's transfers are back in the queue
    expect((await taskView(core, task.id)).status).not.toBe('paused'); // closing the app is not pausing the task
    await expectConverged(core, task.id, target.packageId, localDir);
  });

  it('by SIGKILL of the process: the next core finishes it', async () => {
    const { dataDir, localDir } = await folders();
    const { child, output, exited } = spawnTestChild('tests/helpers/sync-child.ts', [dataDir, localDir], cleanups);

    const ready = await waitFor(`the child to create its task:\n${output()}`, () => /^(\{.*\})$/m.exec(output())?.[1], 30_000, 20);
    const { taskId, packageId } = JSON.parse(ready) as { taskId: string; packageId: number };
    await waitFor('some downloads to be done', () => downloaded(localDir) >= 3, 15_000, 5);
    const nodePid = lockOwner(join(dataDir, 'storage-node'));
    child.kill('SIGKILL');
    await exited;
    expect(downloaded(localDir)).toBeLessThan(10);
    // The embedded node exits with its parent (its stdin closes); the data folder lock goes with it.
    if (nodePid) await waitFor('the embedded node to exit', () => !processAlive(nodePid), 10_000);

    const core = await openSyncCore(dataDir, { timings: { stableMs: 0 } });
    cleanups.push(() => core.close());
    await expectConverged(core, taskId, packageId, localDir);
  });
});
