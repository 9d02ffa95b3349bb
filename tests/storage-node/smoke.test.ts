import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/storage-node';

describe('storage node smoke', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates a bucket and package, uploads, lists and downloads through the signed client', async () => {
    const bucket = await t.client.createBucket('b1');
    const pkg = await t.client.createPackage(bucket.bucketID, 'p1');
    const [obj] = await t.client.uploadObjects(pkg.packageID, [{ path: 'a/b/hello.txt', body: Buffer.from('hello') }]);
    expect(obj).toMatchObject({ path: 'a/b/hello.txt', size: 5, redundancy: { type: 'none' } });
    const listing = await t.client.listByPath({ packageID: pkg.packageID, path: 'a/', isPrefix: true, noRecursive: true });
    expect(listing.commonPrefixes).toEqual(['a/b/']);
    const download = await t.client.download({ objectID: obj!.objectID });
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(download.fileName).toBe('hello.txt');
  });
});
