/**
 * Multipart uploads nobody finishes are removed after a week without a new
 * part: the pending object (listed, size 0) and its parts' blobs. Uploads
 * still receiving parts, and complete objects, stay. The node's clock is the
 * test's; the sweep runs at start and on a (here shortened) timer.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { ABANDONED_UPLOAD_AGE_MS } from '../../src-main/storage-node/abandoned-uploads';
import { startStorageNode, type RunningStorageNode } from '../../src-main/storage-node/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { fullHashOf, listFiles } from './routes-support';

const DAY = 24 * 60 * 60 * 1000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('abandoned multipart uploads', () => {
  it('are removed a week after their last part, with their blobs; live uploads and complete objects stay', async () => {
    expect(ABANDONED_UPLOAD_AGE_MS).toBe(7 * DAY);
    const temp = await makeTempDir('jcs-abandoned');
    cleanups.push(() => temp.remove());
    let clock = Date.UTC(2026, 0, 1);
    const logs: string[] = [];
    let node: RunningStorageNode | undefined;
    let client: JcsClient | undefined;
    const start = async (sweepEveryMs?: number) => {
      node = await startStorageNode({ dataDir: temp.path, now: () => clock, log: (m) => logs.push(m), abandonedUploads: { everyMs: sweepEveryMs } });
      client = new JcsClient({ baseUrl: node.url });
      return client;
    };
    const stop = async () => {
      client?.close();
      await node?.close();
    };
    cleanups.push(stop);

    let c = await start(50);
    const pkg = await c.createPackage((await c.createBucket('b')).bucketID, 'p');
    const bare = await c.newMultipartUpload(pkg.packageID, 'never-got-a-part.bin');
    const stale = await c.newMultipartUpload(pkg.packageID, 'stale.bin');
    const staleBytes = randomBytes(64 * 1024);
    await c.uploadPart(stale.objectID, 1, staleBytes);
    const live = await c.newMultipartUpload(pkg.packageID, 'live.bin');
    await c.uploadPart(live.objectID, 1, Buffer.from('first part'));
    const [whole] = await c.uploadObjects(pkg.packageID, [{ path: 'whole.bin', body: Buffer.from('complete object') }]);

    clock += 6 * DAY; // the live upload gets a part on day 6
    await c.uploadPart(live.objectID, 2, Buffer.from('second part'));
    const blobOfStale = fullHashOf(staleBytes).slice(4).toLowerCase();
    expect((await listFiles(`${temp.path}/blobs`)).some((f) => f.endsWith(blobOfStale))).toBe(true);

    clock += DAY + 60_000; // a week and a minute since the first two were touched
    const paths = async () => (await c.getPackageObjects(pkg.packageID)).map((o) => o.path).sort();
    await waitFor('the sweep', async () => (await paths()).length === 2);
    expect(await paths()).toEqual(['live.bin', 'whole.bin']);
    expect(logs).toContainEqual('removed 2 multipart uploads with no new part for 7 days');
    await waitFor("the stale upload's part to be collected", async () => !(await listFiles(`${temp.path}/blobs`)).some((f) => f.endsWith(blobOfStale)));
    // Their IDs are gone for good; the live upload completes as usual.
    await expect(c.uploadPart(bare.objectID, 1, Buffer.from('late'))).rejects.toMatchObject({ code: 'DataNotFound' });
    await expect(c.completeMultipartUpload(stale.objectID, [1])).rejects.toMatchObject({ code: 'DataNotFound' });
    expect(await c.completeMultipartUpload(live.objectID, [1, 2])).toMatchObject({ size: 21, fileHash: fullHashOf('first partsecond part') });
    expect((await c.getPackageObjects(pkg.packageID)).find((o) => o.path === 'whole.bin')).toEqual(whole);

    // At start, too: a node that was off while an upload went stale removes it before serving.
    const later = await c.newMultipartUpload(pkg.packageID, 'left-while-off.bin');
    await c.uploadPart(later.objectID, 1, Buffer.from('part'));
    await stop();
    clock += 8 * DAY;
    c = await start();
    expect(await paths()).toEqual(['live.bin', 'whole.bin']);
  });
});
