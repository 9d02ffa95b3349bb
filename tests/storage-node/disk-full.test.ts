/**
 * A full disk, for real: a small tmpfs filled to the last byte (uploads until
 * the node refuses, then a filler file). Deleting must still work so the user
 * can free space, the node must start on such a disk, and a full disk at
 * start must be called that. Needs `mount -t tmpfs` (root in a container that
 * allows it); skipped with that reason elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import { startStorageNode, type RunningStorageNode } from '../../src-main/storage-node/storage-node';
import { runCli } from '../helpers/node-inspection';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;
const RESERVE = 2 * MiB;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh tmpfs of `size`, unmounted after the test; undefined (and the test skipped) where mounting is not permitted. */
async function smallDisk(ctx: TestContext, size: string): Promise<string | undefined> {
  const temp = await makeTempDir('jcs-disk-full');
  cleanups.push(() => temp.remove());
  const dir = join(temp.path, 'disk');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    ctx.skip(true, 'mount -t tmpfs is not permitted here (not root, or the container forbids it)');
    return undefined;
  }
  cleanups.push(() => void execFileSync('umount', ['-l', dir], { stdio: 'ignore' }));
  return dir;
}

/** Writes a file until the disk has no byte left; returns its path. */
function fillUp(dir: string): string {
  const path = join(dir, `filler-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
  // Down to the last page: smaller writes fill what a 64 KiB one could not.
  const tail = openSync(path, 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(4096));
  } catch {
    // full
  } finally {
    closeSync(tail);
  }
  const stats = statfsSync(dir);
  expect(stats.bavail).toBe(0);
  return path;
}

async function startOn(dataDir: string, logs: string[]): Promise<{ node: RunningStorageNode; client: JcsClient }> {
  const node = await startStorageNode({ dataDir, diskReserveBytes: RESERVE, log: (message) => logs.push(message) });
  const client = new JcsClient({ baseUrl: node.url });
  cleanups.push(async () => {
    client.close();
    await node.close(500);
  });
  return { node, client };
}

/** Uploads 512 KiB files until the node says the disk is full; returns the IDs it stored. */
async function uploadUntilFull(client: JcsClient, packageID: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; ; i++) {
    try {
      const [object] = await client.uploadObjects(packageID, [{ path: `fill/${i}.bin`, body: randomBytes(512 * 1024) }]);
      ids.push(object!.objectID);
    } catch (error) {
      expect(error).toBeInstanceOf(JcsError);
      expect(error).toMatchObject({ httpStatus: 507, code: 'OperationFailed', message: expect.stringMatching(/disk/) as unknown });
      return ids;
    }
  }
}

const reserveSize = (dataDir: string) => {
  try {
    return statSync(join(dataDir, 'disk-reserve.bin')).size;
  } catch {
    return 0;
  }
};

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a full disk', () => {
  it('still lets objects be deleted when SQLite cannot grow, and the space comes back', async (ctx) => {
    const disk = await smallDisk(ctx, '24m');
    if (!disk) return;
    const dataDir = join(disk, 'node');
    const logs: string[] = [];
    const { client } = await startOn(dataDir, logs);
    await waitFor('the reserve to be written', () => reserveSize(dataDir) === RESERVE);
    const bucket = await client.createBucket('b');
    const pkg = await client.createPackage(bucket.bucketID, 'p');
    const ids = await uploadUntilFull(client, pkg.packageID);
    expect(ids.length).toBeGreaterThan(10);
    const filler = fillUp(disk);

    // Not a byte free: a delete needs the reserve, and gets it.
    await client.deleteObjects(ids.slice(0, 4));
    expect(logs).toContainEqual(expect.stringMatching(/^the disk is full: released the 2 MiB reserve so that deleting objects can proceed/));
    await client.deleteObjects(ids.slice(4, 8));
    const left = (await client.getPackageObjects(pkg.packageID)).map((o) => o.objectID);
    expect(left.sort((a, b) => a - b)).toEqual(ids.slice(8));

    // The freed blobs make room: the reserve is written again, and uploads work.
    rmSync(filler);
    await waitFor('the reserve to be written again', () => reserveSize(dataDir) === RESERVE);
    const [again] = await client.uploadObjects(pkg.packageID, [{ path: 'after.bin', body: randomBytes(1024) }]);
    expect(again).toMatchObject({ path: 'after.bin', size: 1024 });
  });

  it('starts on a disk that filled up while it was stopped, and deletes there', async (ctx) => {
    const disk = await smallDisk(ctx, '24m');
    if (!disk) return;
    const dataDir = join(disk, 'node');
    const logs: string[] = [];
    const first = await startOn(dataDir, logs);
    await waitFor('the reserve to be written', () => reserveSize(dataDir) === RESERVE);
    const bucket = await first.client.createBucket('b');
    const pkg = await first.client.createPackage(bucket.bucketID, 'p');
    const ids = await uploadUntilFull(first.client, pkg.packageID);
    first.client.close();
    await first.node.close();
    fillUp(disk);

    const { client } = await startOn(dataDir, logs);
    await client.deleteObjects(ids.slice(0, 6));
    expect((await client.getPackageObjects(pkg.packageID)).map((o) => o.objectID).sort((a, b) => a - b)).toEqual(ids.slice(6));
  });

  it('refuses to start on a full disk saying the disk is full, not that another node uses the folder', async (ctx) => {
    const disk = await smallDisk(ctx, '2m');
    if (!disk) return;
    fillUp(disk);
    const { code, output } = await runCli(['--data', join(disk, 'node'), '--port', '0']);
    expect(code).toBe(2);
    expect(output).toMatch(/storage node: the disk holding \S+ is full \(0 KiB free\): free some space, then start the node again/);
    expect(output).not.toMatch(/in use/);
  });
});
