/**
 * The storage node's read path for downloads (blobs/read-range.ts): blob
 * files are sent through a few reused buffers. What it sends must be the
 * object's bytes for any range, also across blobs of a multipart object, and
 * a download its client cuts off must end the node's side of it, releasing
 * the blobs it pinned (else a deleted object's blob would stay forever).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { waitFor } from '../helpers/core';
import { fullHashOf, listFiles, readAll } from '../storage-node/routes-support';

const MiB = 1024 * 1024;
let t: TestNode;
let packageID: number;
beforeAll(async () => {
  t = await startTestNode();
  const bucket = await t.client.createBucket('reads');
  packageID = (await t.client.createPackage(bucket.bucketID, 'p')).packageID;
});
afterAll(async () => {
  await t.dispose();
});

describe('the node sending a download', () => {
  it('sends the bytes of every range of an object in several blobs, across their edges and its buffers', async () => {
    const parts = [randomBytes(3 * MiB + 17), randomBytes(5 * MiB - 5), randomBytes(123)];
    const whole = Buffer.concat(parts);
    const { objectID } = await t.client.newMultipartUpload(packageID, 'multi.bin');
    for (const [i, part] of parts.entries()) await t.client.uploadPart(objectID, i + 1, part);
    await t.client.completeMultipartUpload(objectID, [1, 2, 3]);
    const ranges: Array<[number, number | undefined]> = [[0, undefined], [0, 1], [MiB - 1, 2], [3 * MiB + 10, 20], [2 * MiB, 5 * MiB], [whole.length - 1, 1], [7, whole.length - 7]];
    for (const [offset, length] of ranges) {
      const download = await t.client.download({ objectID }, { offset, length });
      const expected = whole.subarray(offset, length === undefined ? undefined : offset + length);
      expect((await readAll(download.stream)).equals(expected), `offset ${offset} length ${length}`).toBe(true);
    }
  });

  it('lets go of the blobs of a download its client cut off', async () => {
    const big = randomBytes(48 * MiB);
    const [obj] = await t.client.uploadObjects(packageID, [{ path: 'cut.bin', body: big }]);
    const blob = fullHashOf(big).slice(4).toLowerCase();
    const download = await t.client.download({ objectID: obj!.objectID });
    for await (const _chunk of download.stream) break; // the first chunk, then the connection goes
    await t.client.deleteObjects([obj!.objectID]);
    // Unpinned once the node's side of the download ended: the collector then deletes the blob.
    await waitFor('the blob of the deleted object to go', async () => !(await listFiles(`${t.dataDir}/blobs`)).some((f) => f.endsWith(blob)), 15_000, 50);
  });
});
