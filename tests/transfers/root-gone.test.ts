/**
 * Uploads into a package deleted elsewhere (another client of the service,
 * another window): every job ends with one clear failure, RootGone, naming
 * the package by its name, and the service is asked a bounded number of
 * times — not once (or three times, for multipart restarts) per file. A real
 * storage node behind the counting proxy; the package is deleted straight on
 * the node, as another client would.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppErrorCode } from '../../src-shared/contract/define';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import { StorageService } from '../../src-main/core/storage/storage-service';
import { callOk, embeddedClient, openCore } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB, openRig, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Requests the engine made from `mark` on (the proxy counts everything that reached the node). */
function requestsSince(r: TransferRig, mark: number): number {
  return r.proxy.requests.filter((q) => q.seq >= mark).length;
}

async function writeFiles(r: TransferRig, folder: string, count: number, size: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(r.localDir, folder, `file-${String(i).padStart(2, '0')}.bin`);
    await writeRandomFile(path, size);
    paths.push(path);
  }
  return paths;
}

describe('uploads into a package deleted elsewhere', () => {
  it('queued small and multipart uploads all fail with RootGone naming the package, with a handful of requests', async () => {
    rig = await openRig({ start: false, settings: { maxConcurrentFiles: 2, multipartThresholdMiB: 1 } });
    // The user browsed to the package: the app has seen its name.
    await new StorageService(rig.connections, rig.events).listRoots(rig.connectionId, (await rig.connections.provider(rig.connectionId).getRoot(rig.rootId)).parentId);
    const small = await writeFiles(rig, 'small', 40, 2000);
    const large = await writeFiles(rig, 'large', 6, 2 * MiB);
    const target = { connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' as const };
    const first = await rig.service.uploadPaths(target, small);
    const second = await rig.service.uploadPaths(target, large);
    expect(first.jobs + second.jobs).toBe(46);

    await rig.node.client.deletePackage(rig.packageId);
    const mark = rig.proxy.mark;
    rig.start();
    const rows = await rig.waitIdle(30_000);

    expect(rows).toHaveLength(46);
    expect(new Set(rows.map((r) => `${r.state} ${r.error_code}`))).toEqual(new Set([`failed ${AppErrorCode.RootGone}`]));
    expect(new Set(rows.map((r) => r.error_message))).toEqual(new Set(["the package 'files' no longer exists (it was deleted elsewhere)"]));
    // Two launches at most before the answer (two files at a time), each one lookup, and one getPackage: not one try per file.
    expect(requestsSince(rig, mark)).toBeLessThanOrEqual(3);
    expect(rig.proxy.count('/package/get', mark)).toBe(1);
    expect(rig.proxy.count('/object/upload', mark)).toBe(0);
    expect(rig.proxy.count('/object/newMultipartUpload', mark)).toBeLessThanOrEqual(2);
    // Found gone, it is news for every view of it, once: a browser showing the package turns to its gone notice.
    const told = rig.recorded.filter(({ event }) => event.name === 'storage.changed' && event.payload.scope === 'roots' && event.payload.rootId === rig!.rootId);
    expect(told).toHaveLength(1);
  });

  it('a batch planned into a package deleted elsewhere is refused once as RootGone naming it, and nothing is queued', async () => {
    rig = await openRig({ start: false });
    await new StorageService(rig.connections, rig.events).listRoots(rig.connectionId, (await rig.connections.provider(rig.connectionId).getRoot(rig.rootId)).parentId);
    const files = await writeFiles(rig, 'late', 3, 100);
    await rig.node.client.deletePackage(rig.packageId);
    const refused = await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, files).then(
      () => undefined,
      (error: unknown) => error as { code: string; message: string; params?: unknown },
    );
    expect(refused).toMatchObject({ code: AppErrorCode.RootGone, message: "the package 'files' no longer exists (it was deleted elsewhere)", params: { rootLevel: 'package', name: 'files' } });
    expect(rig.jobs()).toHaveLength(0);
    expect(rig.recorded.filter(({ event }) => event.name === 'storage.changed' && event.payload.scope === 'roots')).toHaveLength(1);
  });

  it('a multipart upload whose package goes while it runs stops with RootGone instead of starting over again and again', async () => {
    rig = await openRig({ settings: { maxConcurrentFiles: 1, maxConcurrentParts: 1, multipartThresholdMiB: 1 } });
    const [path] = await writeFiles(rig, 'big', 1, 24 * MiB);
    const target = { connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' as const };
    const { batchId } = await rig.service.uploadPaths(target, [path!]);
    const job = rig.jobs().find((r) => r.batch_id === batchId)!;
    // Once a part has arrived, the package is deleted by someone else.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (rig!.proxy.count('/object/uploadPart') > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    await rig.node.client.deletePackage(rig.packageId);
    const mark = rig.proxy.mark;
    const row = await rig.waitForState(job.id, ['failed', 'completed'], 30_000);

    expect(row.state).toBe('failed');
    expect(row.error_code).toBe(AppErrorCode.RootGone);
    expect(row.error_message).toBe('the package no longer exists (it was deleted elsewhere)');
    expect(rig.proxy.count('/object/newMultipartUpload', mark)).toBe(0);
    expect(requestsSince(rig, mark)).toBeLessThanOrEqual(8);
  });

  it('a retry asks the service again (and fails the same way while the package is gone)', async () => {
    rig = await openRig({ start: false, settings: { maxConcurrentFiles: 1 } });
    const files = await writeFiles(rig, 'again', 3, 100);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, files);
    await rig.node.client.deletePackage(rig.packageId);
    rig.start();
    await rig.waitIdle(30_000);
    const before = rig.proxy.count('/package/get');
    rig.engine.retry(null);
    const rows = await rig.waitIdle(30_000);
    expect(rows.every((r) => r.state === 'failed' && r.error_code === AppErrorCode.RootGone)).toBe(true);
    expect(rig.proxy.count('/package/get')).toBe(before + 1);
  });
});

describe('files a browser sends into a package deleted elsewhere (headless mode)', () => {
  it('the first file fails with RootGone naming the package, and the others fail the same way before anything is sent', async () => {
    const temp = await makeTempDir('jcs-root-gone-browser');
    const core = await openCore(temp.path);
    const client = embeddedClient(core);
    try {
      const connectionId = LOCAL_CONNECTION_ID;
      const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name: 'web' });
      const root = (await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'photos' })).id;
      const files = Array.from({ length: 4 }, (_, i) => ({ relativePath: `f${i}.txt`, size: 10 }));
      const announced = await callOk(core, 'transfers.uploadBrowserFiles', { connectionId, root, targetFolder: '', files, conflict: 'ask' });
      await client.deletePackage((await client.getPackageByFullName('web', 'photos')).packageID);

      const errors = [];
      for (const file of announced.files) {
        const result = await core.uploadChunk(file.jobId, 0, Buffer.alloc(10, 1));
        expect(result.ok).toBe(false);
        if (!result.ok) errors.push(result.error);
      }
      expect(errors.map((e) => e.code)).toEqual(Array(4).fill(AppErrorCode.RootGone));
      expect(new Set(errors.map((e) => e.message))).toEqual(new Set(["the package 'photos' no longer exists (it was deleted elsewhere)"]));
    } finally {
      client.close();
      await core.close();
      await temp.remove();
    }
  });
});
