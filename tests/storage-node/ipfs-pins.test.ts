/**
 * Pins on the node's IPFS API and what they keep: pinned content (and all
 * below a pinned folder) survives restarts, object deletes and the blob
 * collector; unpinned content is collected (at pin/rm, and at start), but a
 * blob an object still uses is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirChecker } from '../helpers/node-inspection';
import { addResults, kuboAdd, kuboCall } from '../helpers/kubo-rpc';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function nodeOn(dataDir: string): Promise<TestNode> {
  const t = await startTestNode({ credentials: null, dataDir, ipfs: {} });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await t.dispose();
  };
  cleanups.push(dispose);
  return { ...t, dispose };
}

async function folder(): Promise<string> {
  const temp = await makeTempDir('ipfs-pins');
  cleanups.push(temp.remove);
  return temp.path;
}

function blobPath(dataDir: string, content: Buffer): string {
  const hash = sha256(content);
  return join(dataDir, 'blobs', hash.slice(0, 2), hash);
}

async function pinList(api: string, query: Record<string, string> = {}): Promise<Record<string, { Type: string }>> {
  const res = await kuboCall(api, 'pin/ls', { query });
  expect(res.status).toBe(200);
  return res.lines()[0]!.Keys as Record<string, { Type: string }>;
}

/**
 * Returns once the node's blob collector has run after everything done so
 * far: pin/rm answers after a collection that started after it was called.
 */
async function collectNow(t: TestNode): Promise<void> {
  const api = t.node.ipfsUrl!;
  const cid = addResults(await kuboAdd(api, [{ path: 'barrier', content: randomBytes(16) }])).get('barrier')!.hash;
  expect((await kuboCall(api, 'pin/rm', { query: { arg: cid } })).status).toBe(200);
}

describe('pins', () => {
  it('lists recursive pins and what lies below them, and removes them', async () => {
    const dir = await folder();
    const t = await nodeOn(dir);
    const api = t.node.ipfsUrl!;
    const a = randomBytes(1000);
    const added = addResults(await kuboAdd(api, [{ path: 'd/a.bin', content: a }, { path: 'd/s/b.txt', content: Buffer.from('b') }]));
    const root = added.get('d')!.hash;
    expect(await pinList(api)).toEqual({
      [root]: { Type: 'recursive', Name: '' },
      [added.get('d/a.bin')!.hash]: { Type: 'indirect', Name: '' },
      [added.get('d/s')!.hash]: { Type: 'indirect', Name: '' },
      [added.get('d/s/b.txt')!.hash]: { Type: 'indirect', Name: '' },
    });
    expect(Object.keys(await pinList(api, { type: 'recursive' }))).toEqual([root]);
    expect(await pinList(api, { arg: added.get('d/a.bin')!.hash })).toEqual({ [added.get('d/a.bin')!.hash]: { Type: 'indirect', Name: '' } });
    const streamed = await kuboCall(api, 'pin/ls', { query: { stream: 'true', type: 'recursive' } });
    expect(streamed.lines()).toEqual([{ Cid: root, Type: 'recursive', Name: '' }]);
    const badType = await kuboCall(api, 'pin/ls', { query: { type: 'sideways' } });
    expect(badType.status).toBe(400);

    const indirectRm = await kuboCall(api, 'pin/rm', { query: { arg: added.get('d/a.bin')!.hash } });
    expect(indirectRm.status).toBe(500);
    expect(String(indirectRm.lines()[0]!.Message)).toBe(`${added.get('d/a.bin')!.hash} is pinned indirectly under ${root}`);

    expect(existsSync(blobPath(dir, a))).toBe(true);
    const rm = await kuboCall(api, 'pin/rm', { query: { arg: root } });
    expect(rm.lines()[0]).toEqual({ Pins: [root] });
    expect(await pinList(api)).toEqual({});
    expect(existsSync(blobPath(dir, a))).toBe(false); // collected: nothing else used it
    expect((await kuboCall(api, 'cat', { query: { arg: added.get('d/a.bin')!.hash } })).status).toBe(500);
    const again = await kuboCall(api, 'pin/rm', { query: { arg: root } });
    expect(again.status).toBe(500);
    await t.dispose();
    expect((await new DataDirChecker(dir).check()).problems).toEqual([]);
  });

  it('pins content added with pin=false, and keeps it across a restart', async () => {
    const dir = await folder();
    let t = await nodeOn(dir);
    const content = randomBytes(300_000);
    const cid = addResults(await kuboAdd(t.node.ipfsUrl!, [{ path: 'x.bin', content }], { pin: 'false' })).get('x.bin')!.hash;
    expect(await pinList(t.node.ipfsUrl!)).toEqual({});
    // Unpinned content stays readable until the next collection.
    expect((await kuboCall(t.node.ipfsUrl!, 'cat', { query: { arg: cid } })).body.equals(content)).toBe(true);
    expect((await kuboCall(t.node.ipfsUrl!, 'pin/add', { query: { arg: cid } })).lines()[0]).toEqual({ Pins: [cid] });
    await t.dispose();
    t = await nodeOn(dir);
    expect(await pinList(t.node.ipfsUrl!)).toEqual({ [cid]: { Type: 'recursive', Name: '' } });
    expect((await kuboCall(t.node.ipfsUrl!, 'cat', { query: { arg: cid } })).body.equals(content)).toBe(true);
    await t.dispose();
    expect((await new DataDirChecker(dir).check()).problems).toEqual([]);
  });

  it('drops unpinned content at start', async () => {
    const dir = await folder();
    let t = await nodeOn(dir);
    const content = randomBytes(10_000);
    const cid = addResults(await kuboAdd(t.node.ipfsUrl!, [{ path: 'u.bin', content }], { pin: 'false' })).get('u.bin')!.hash;
    await t.dispose();
    t = await nodeOn(dir);
    expect((await kuboCall(t.node.ipfsUrl!, 'cat', { query: { arg: cid } })).status).toBe(500);
    expect(existsSync(blobPath(dir, content))).toBe(false);
  });

  it('never collects a blob an object or a pin still uses', async () => {
    const dir = await folder();
    const t = await nodeOn(dir);
    const api = t.node.ipfsUrl!;
    const bucket = await t.client.createBucket('b');
    const pkg = await t.client.createPackage(bucket.bucketID, 'p');
    const shared = randomBytes(50_000);
    const [object] = await t.client.uploadObjects(pkg.packageID, [{ path: 'o.bin', body: shared }]);
    const cid = addResults(await kuboAdd(api, [{ path: 'o.bin', content: shared }])).get('o.bin')!.hash;

    // The object goes; the pin keeps the blob.
    await t.client.deleteObjects([object!.objectID]);
    await collectNow(t);
    expect(existsSync(blobPath(dir, shared))).toBe(true);
    expect((await kuboCall(api, 'cat', { query: { arg: cid } })).body.equals(shared)).toBe(true);

    // An object with the same content again, then the pin goes; the object keeps the blob.
    const [again] = await t.client.uploadObjects(pkg.packageID, [{ path: 'o2.bin', body: shared }]);
    expect((await kuboCall(api, 'pin/rm', { query: { arg: cid } })).status).toBe(200);
    expect(existsSync(blobPath(dir, shared))).toBe(true);
    const download = await t.client.download({ objectID: again!.objectID });
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(shared)).toBe(true);
    await t.dispose();
    expect((await new DataDirChecker(dir).check()).problems).toEqual([]);
  });
});
