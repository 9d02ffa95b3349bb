/**
 * Changes made in the app to a package a task syncs reach the local folder
 * within moments, on a real core: an upload finished by the transfer queue,
 * and a delete, rename, move or copy in the browser start a run of the
 * download and two-way tasks whose remote folder they touch. The tasks here
 * run on an hour-long interval, so nothing but that request can bring the
 * change down during a test. Manual tasks, upload-only tasks and tasks of
 * other folders are left alone; a task's own uploads do not restart it.
 * (Changes made by other clients of the service still wait for the next
 * scheduled run: the service does not announce them.)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncTaskConfig } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient, waitFor } from '../helpers/core';
import { createTask, localTree, makePackage, openSyncCore, pollTask, putRemote, readLocal, remoteObject, runTask, taskConfig, taskView, TEST_TIMINGS, type Target } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let target: Target;
let count = 0;

const HOURLY: SyncTaskConfig['trigger'] = { type: 'Interval', interval: 3600 };
/** Well within the hour: the change came from the request, not the schedule. */
const PROMPTLY_MS = 5000;
const operationId = () => randomUUID().replaceAll('-', '');

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-app-changes');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
  target = await makePackage(core, 'app-changes');
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A task on `remotePath` of the shared package, after its first run. */
async function task(change: Parameters<typeof taskConfig>[2]) {
  const root = join(temp.path, `folder-${++count}`);
  mkdirSync(root);
  const created = await createTask(core, taskConfig(target, root, change));
  const first = await runTask(core, created.id);
  expect(first.status).toBe('idle');
  return { id: created.id, root, lastRunAt: first.lastRunAt };
}

const object = async (path: string) => {
  const o = await remoteObject(client, target.packageId, path);
  if (!o) throw new Error(`no object ${path}`);
  return { type: 'object' as const, path: o.path, size: o.size };
};

describe('changes made in the app', () => {
  it('an upload through the transfer queue comes down to a download task at once; a Manual or upload-only task, or a task of another folder, does not run', async () => {
    const down = await task({ direction: 'download', trigger: HOURLY, remotePath: 'shared/' });
    const manual = await task({ direction: 'twoWay', trigger: { type: 'Manual' }, remotePath: 'shared/' });
    const upOnly = await task({ direction: 'upload', trigger: HOURLY, remotePath: 'shared/' });
    const elsewhere = await task({ direction: 'download', trigger: HOURLY, remotePath: 'elsewhere/' });

    const source = join(temp.path, 'to-upload');
    mkdirSync(source);
    writeFileSync(join(source, 'report.txt'), 'uploaded in the app');
    const started = performance.now();
    await callOk(core, 'transfers.uploadPaths', { connectionId: target.connectionId, root: target.root, targetFolder: 'shared/', paths: [join(source, 'report.txt')], conflict: 'ask' });
    await waitFor('report.txt in the download task\'s folder', () => existsSync(join(down.root, 'report.txt')), PROMPTLY_MS, 20);
    console.log(`app change: uploaded file in the synced folder after ${Math.round(performance.now() - started)} ms`);
    expect(readLocal(down.root, 'report.txt')).toBe('uploaded in the app');

    await new Promise((resolve) => setTimeout(resolve, TEST_TIMINGS.appChangeDebounceMs + 500)); // any request would have started by now
    for (const other of [manual, upOnly, elsewhere]) expect((await taskView(core, other.id)).lastRunAt).toBe(other.lastRunAt);
    expect(localTree(manual.root)).toEqual({});
  });

  it('a delete, a rename and a copy in the browser reach a two-way task at once', async () => {
    await putRemote(client, target.packageId, { 'a.txt': 'a', 'b.txt': 'b' }, 'browsed/');
    await putRemote(client, target.packageId, { 'c.txt': 'c' }, 'other/');
    const t = await task({ direction: 'twoWay', trigger: HOURLY, remotePath: 'browsed/' });
    expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b' });
    const ctx = { connectionId: target.connectionId, root: target.root };

    await callOk(core, 'objects.delete', { ...ctx, operationId: operationId(), targets: [await object('browsed/a.txt')] });
    await waitFor('a.txt gone locally', () => !existsSync(join(t.root, 'a.txt')), PROMPTLY_MS, 20);
    expect((await callOk(core, 'sync.trash', { id: t.id })).map((e) => `${e.side}:${e.path}`)).toEqual(['local:a.txt']); // kept, as any deletion

    await callOk(core, 'objects.rename', { ...ctx, operationId: operationId(), target: await object('browsed/b.txt'), newName: 'b-renamed.txt' });
    await waitFor('the rename locally', () => localTree(t.root)['b-renamed.txt'] === 'b' && !existsSync(join(t.root, 'b.txt')), PROMPTLY_MS, 20);

    await callOk(core, 'objects.transfer', { ...ctx, operationId: operationId(), mode: 'copy', targets: [{ type: 'folder', prefix: 'other/' }], targetRoot: target.root, targetFolder: 'browsed/' });
    await waitFor('the copied folder locally', () => localTree(t.root)['other/c.txt'] === 'c', PROMPTLY_MS, 20);
    expect(localTree(t.root)).toEqual({ 'b-renamed.txt': 'b', 'other/c.txt': 'c' });
  });

  it('deleting a folder that holds a task\'s remote folder reaches the task (its deletion guard still applies)', async () => {
    await putRemote(client, target.packageId, { 'x.txt': 'x' }, 'outer/inner/');
    const t = await task({ direction: 'download', trigger: HOURLY, remotePath: 'outer/inner/', options: { deletionGuard: { maxFiles: 0, maxPercent: 0 } } });
    await callOk(core, 'objects.delete', { connectionId: target.connectionId, root: target.root, operationId: operationId(), targets: [{ type: 'folder', prefix: 'outer/' }] });
    const asked = await pollTask(core, t.id, 'to run and stop before deleting', (x) => x.status === 'waitingForConfirmation', PROMPTLY_MS);
    expect(asked.lastRunResult).toBe('blocked');
    expect(localTree(t.root)).toEqual({ 'x.txt': 'x' });
  });

  it('a task\'s own uploads do not start another run of it', async () => {
    const t = await task({ direction: 'twoWay', trigger: HOURLY, remotePath: 'own/' });
    writeFileSync(join(t.root, 'mine.txt'), 'from the folder');
    const ran = await runTask(core, t.id);
    await pollTask(core, t.id, 'to have uploaded mine.txt', (x) => x.files === 1 && x.status === 'idle');
    const after = (await taskView(core, t.id)).lastRunAt;
    await new Promise((resolve) => setTimeout(resolve, TEST_TIMINGS.appChangeDebounceMs + 500));
    expect((await taskView(core, t.id)).lastRunAt).toBe(after);
    expect(after).toBeGreaterThanOrEqual(ran.lastRunAt!);
  });
});
