/**
 * Time-driven parts of a sync task, on a real core: an Interval task runs by
 * itself every `interval` seconds (and says when it runs next); a full run
 * empties both trashes of entries older than the task's `trashDays`, keeping
 * the newer ones.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import { trashStamp } from '../../src-main/core/sync/trash-paths';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient } from '../helpers/core';
import { createTask, makePackage, openSyncCore, pollTask, putRemote, remoteTree, runTask, taskConfig, waitRunAfter, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-schedule');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

describe('Interval trigger', () => {
  it('runs again by itself after the interval and picks up what changed meanwhile', { timeout: 30_000 }, async () => {
    const target = await makePackage(core, 'interval');
    const root = join(temp.path, 'interval');
    mkdirSync(root);
    writeLocal(root, 'first.txt', 'one');
    const task = await createTask(core, taskConfig(target, root, { direction: 'upload', trigger: { type: 'Interval', interval: 10 } }));
    const first = await pollTask(core, task.id, 'to finish its first run', (t) => t.status === 'idle' && t.lastRunAt !== null);
    expect(await remoteTree(client, target.packageId)).toEqual({ 'first.txt': 'one' });
    // The next run is announced, an interval after the last one.
    expect(first.nextRunAt).not.toBeNull();
    expect(first.nextRunAt! - first.lastRunAt!).toBeGreaterThanOrEqual(9_000);
    expect(first.nextRunAt! - first.lastRunAt!).toBeLessThanOrEqual(11_000);

    writeLocal(root, 'second.txt', 'two'); // no runNow, no watcher: only the interval brings it
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await remoteTree(client, target.packageId)).toEqual({ 'first.txt': 'one' });
    const second = await waitRunAfter(core, task.id, first.lastRunAt! + 1, 15_000, first.lastRunAt);
    expect(second.lastRunAt! - first.lastRunAt!).toBeGreaterThanOrEqual(9_000);
    await pollTask(core, task.id, 'to have uploaded second.txt', (t) => t.files === 2);
    expect(await remoteTree(client, target.packageId)).toEqual({ 'first.txt': 'one', 'second.txt': 'two' });
  });
});

describe('trash expiry', () => {
  it('a full run removes trash entries older than trashDays on both sides and keeps newer ones', async () => {
    const target = await makePackage(core, 'expiry');
    const root = join(temp.path, 'expiry');
    mkdirSync(root);
    const now = Date.now();
    const old = trashStamp(new Date(now - 3 * 24 * 3600 * 1000)); // three days ago
    const recent = trashStamp(new Date(now - 12 * 3600 * 1000)); // half a day ago
    writeLocal(root, 'kept.txt', 'live file');
    writeLocal(root, `.jcs-trash/${old}/gone-local.txt`, 'old');
    writeLocal(root, `.jcs-trash/${recent}/stays-local.txt`, 'recent');
    await putRemote(client, target.packageId, { [`.jcs-trash/${old}/gone-remote.txt`]: 'old', [`.jcs-trash/${recent}/stays-remote.txt`]: 'recent' });

    const task = await createTask(core, taskConfig(target, root, { direction: 'twoWay', options: { trashDays: 2 } }));
    await runTask(core, task.id);

    expect(existsSync(join(root, '.jcs-trash', old))).toBe(false);
    expect(existsSync(join(root, '.jcs-trash', recent, 'stays-local.txt'))).toBe(true);
    expect(await remoteTree(client, target.packageId, 'sync/', { trash: true })).toEqual({ [`.jcs-trash/${recent}/stays-remote.txt`]: 'recent', 'kept.txt': 'live file' });
    // The UI's trash lists what is left.
    const listed = await callOk(core, 'sync.trash', { id: task.id });
    expect(listed.map((e) => `${e.side}:${e.path}`).sort()).toEqual(['local:stays-local.txt', 'remote:stays-remote.txt']);
  });
});
