/**
 * The storage node's Kubo-RPC subset over real HTTP on loopback: add (files,
 * folders, wrap-with-directory, only-hash, progress), cat (ranges, paths into
 * folders), with every CID checked against code we did not write (Debian's
 * ipfs_cid, ipfs-unixfs-importer) and the spec's vectors.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResults, kuboAdd, kuboCall } from '../helpers/kubo-rpc';
import { importerAdd, ipfsCidAvailable as hasIpfsCid, ipfsCidOfFile } from '../helpers/reference-cids';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

let t: TestNode;
let api: string;
let scratch: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  t = await startTestNode({ credentials: null, ipfs: {} });
  api = t.node.ipfsUrl!;
  scratch = await makeTempDir('ipfs-ref');
});
afterAll(async () => {
  await t.dispose();
  await scratch.remove();
});

function blobFiles(): string[] {
  const root = join(t.dataDir, 'blobs');
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)));
}

describe('add', () => {
  it('answers the spec vectors with Size as a string', async () => {
    const vectors: Array<[Buffer, string, string]> = [
      [Buffer.alloc(0), 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH', '6'],
      [Buffer.from('hello world\n'), 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', '20'],
      [Buffer.from('hello world'), 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD', '19'],
      [Buffer.alloc(1024 * 1024), 'QmVkbauSDEaMP4Tkq6Epm9uW75mWm136n81YH8fGtfwdHU', '1048832'],
    ];
    for (const [content, cid, size] of vectors) {
      const res = await kuboAdd(api, [{ path: 'v.bin', content }]);
      expect(res.status).toBe(200);
      expect(res.lines()).toEqual([{ Name: 'v.bin', Hash: cid, Size: size }]);
    }
  });

  it.skipIf(!hasIpfsCid)('gives the CID ipfs_cid computes, for random and boundary sizes', async () => {
    for (const size of [1, 1024, 262_143, 262_144, 262_145, 3 * 262_144 + 17]) {
      const content = randomBytes(size);
      const file = join(scratch.path, `r${size}.bin`);
      await writeFile(file, content);
      const res = await kuboAdd(api, [{ path: 'r.bin', content }]);
      expect(addResults(res).get('r.bin')?.hash, `size ${size}`).toBe(ipfsCidOfFile(file));
    }
  });

  it('streams progress lines every 256 KiB before the result', async () => {
    const content = randomBytes(1024 * 1024 + 5);
    const res = await kuboAdd(api, [{ path: 'p.bin', content }], { progress: 'true' });
    const lines = res.lines();
    expect(res.headers['x-chunked-output']).toBe('1');
    expect(lines.filter((l) => 'Bytes' in l)).toEqual([262_144, 524_288, 786_432, 1_048_576, 1_048_581].map((Bytes) => ({ Name: 'p.bin', Bytes })));
    const expected = (await importerAdd([{ path: 'p.bin', content }])).get('p.bin')!;
    expect(lines[lines.length - 1]).toEqual({ Name: 'p.bin', Hash: expected.cid, Size: String(expected.size) });
  });

  it('adds a folder (nested, an empty subfolder, unicode names) like ipfs add -r', async () => {
    const a = randomBytes(300_000);
    const b = Buffer.from('second file\n');
    const res = await kuboAdd(api, [
      { path: 'top', dir: true },
      { path: 'top/a.bin', content: a },
      { path: 'top/sub', dir: true },
      { path: 'top/sub/b 文件.txt', content: b },
      { path: 'top/empty', dir: true },
    ]);
    expect(res.status).toBe(200);
    const expected = await importerAdd([{ path: 'top/a.bin', content: a }, { path: 'top/sub/b 文件.txt', content: b }, { path: 'top/empty' }]);
    const got = addResults(res);
    // The importer does not list an empty folder it made (its Size, 4, is inside the parent's).
    for (const path of ['top/a.bin', 'top/sub/b 文件.txt', 'top/sub', 'top']) {
      expect(got.get(path), path).toEqual({ hash: expected.get(path)!.cid, size: String(expected.get(path)!.size) });
    }
    expect(got.get('top/empty')).toEqual({ hash: 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn', size: '4' });
    expect(res.lines().at(-1)?.Name).toBe('top'); // the root comes last
    // Folders implied by a file's path count too.
    const implied = await kuboAdd(api, [{ path: 'top/a.bin', content: a }, { path: 'top/sub/b 文件.txt', content: b }, { path: 'top/empty', dir: true }]);
    expect(addResults(implied).get('top')?.hash).toBe(expected.get('top')!.cid);
  });

  it('wraps files in a directory named "" with wrap-with-directory', async () => {
    const content = Buffer.from('wrapped\n');
    const res = await kuboAdd(api, [{ path: 'w.txt', content }], { 'wrap-with-directory': 'true' });
    const expected = await importerAdd([{ path: 'w.txt', content }], { wrapWithDirectory: true });
    expect(res.lines().at(-1)).toEqual({ Name: '', Hash: expected.get('')!.cid, Size: String(expected.get('')!.size) });
    const cat = await kuboCall(api, 'cat', { query: { arg: `/ipfs/${expected.get('')!.cid}/w.txt` } });
    expect(cat.text).toBe('wrapped\n');
  });

  it('names a file sent without a name by its CID', async () => {
    const res = await kuboAdd(api, [{ path: '', content: Buffer.from('hello world\n') }]);
    expect(res.lines()).toEqual([{ Name: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', Hash: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', Size: '20' }]);
  });

  it('with only-hash answers the CID and stores nothing', async () => {
    const before = blobFiles();
    const content = randomBytes(400_000);
    const res = await kuboAdd(api, [{ path: 'o.bin', content }], { 'only-hash': 'true' });
    const cid = addResults(res).get('o.bin')!.hash;
    expect(cid).toBe((await importerAdd([{ path: 'o.bin', content }])).get('o.bin')!.cid);
    expect(blobFiles()).toEqual(before);
    const cat = await kuboCall(api, 'cat', { query: { arg: cid } });
    expect(cat.status).toBe(500);
    expect(cat.lines()[0]).toEqual({ Message: `${cid} is not on this node (block was not found locally: this node has no network and holds only content added to it)`, Code: 0, Type: 'error' });
  });

  it('stores content the node already holds as an object only once', async () => {
    const bucket = await t.client.createBucket('dedupe');
    const pkg = await t.client.createPackage(bucket.bucketID, 'p');
    const content = randomBytes(200_000);
    await t.client.uploadObjects(pkg.packageID, [{ path: 'same.bin', body: content }]);
    const before = blobFiles();
    const res = await kuboAdd(api, [{ path: 'same.bin', content }]);
    expect(res.status).toBe(200);
    expect(blobFiles()).toEqual(before);
  });
});

describe('cat', () => {
  const content = randomBytes(700_000);
  let cid: string;
  let dirCid: string;
  beforeAll(async () => {
    const res = await kuboAdd(api, [{ path: 'd/c.bin', content }]);
    cid = addResults(res).get('d/c.bin')!.hash;
    dirCid = addResults(res).get('d')!.hash;
  });

  it('returns the bytes, whole and in ranges', async () => {
    expect((await kuboCall(api, 'cat', { query: { arg: cid } })).body.equals(content)).toBe(true);
    const range = await kuboCall(api, 'cat', { query: { arg: cid, offset: '262140', length: '10' } });
    expect(range.body.equals(content.subarray(262_140, 262_150))).toBe(true);
    const tail = await kuboCall(api, 'cat', { query: { arg: cid, offset: '699990', length: '1000' } });
    expect(tail.body.equals(content.subarray(699_990))).toBe(true); // a length past the end stops at the end
    const atEnd = await kuboCall(api, 'cat', { query: { arg: cid, offset: String(content.length) } });
    expect(atEnd.status).toBe(200);
    expect(atEnd.body.length).toBe(0);
  });

  it('reads a file inside a folder by path', async () => {
    expect((await kuboCall(api, 'cat', { query: { arg: `/ipfs/${dirCid}/c.bin`, length: '5' } })).body.equals(content.subarray(0, 5))).toBe(true);
  });

  it('refuses a directory, an offset past the end and a missing name', async () => {
    const dir = await kuboCall(api, 'cat', { query: { arg: dirCid } });
    expect(dir.status).toBe(500);
    expect(dir.lines()[0]).toEqual({ Message: 'this dag node is a directory', Code: 0, Type: 'error' });
    const past = await kuboCall(api, 'cat', { query: { arg: cid, offset: String(content.length + 1) } });
    expect(past.status).toBe(400);
    expect(String(past.lines()[0]!.Message)).toMatch(/offset: 700001 is beyond the end/);
    const missing = await kuboCall(api, 'cat', { query: { arg: `${dirCid}/nope` } });
    expect(missing.status).toBe(500);
    expect(String(missing.lines()[0]!.Message)).toMatch(/no link named 'nope'/);
  });
});
