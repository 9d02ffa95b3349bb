/**
 * Every storage-node route through the typed JcsClient, against a real signed
 * node on loopback with a real temp data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import type { JcsObject } from '@shared/jcs/wire';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { fullHashOf, raw, readAll, sleep, storedBlobs, TIME_RE } from './routes-support';

let t: TestNode;
let counter = 0;
/** A name no other test in this file uses. */
const unique = (label: string) => `${label}-${++counter}`;

beforeAll(async () => {
  t = await startTestNode();
});
afterAll(async () => {
  await t.dispose();
});

async function freshPackage(label = 'pkg') {
  const bucket = await t.client.createBucket(unique(`b-${label}`));
  const pkg = await t.client.createPackage(bucket.bucketID, unique(label));
  return { bucket, pkg };
}

async function download(...args: Parameters<TestNode['client']['download']>) {
  const d = await t.client.download(...args);
  const bytes = await readAll(d.stream);
  expect(bytes.length).toBe(d.length);
  return { bytes, fileName: d.fileName };
}

async function expectJcsError(promise: Promise<unknown>, code: string, httpStatus: number, mention?: string): Promise<JcsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JcsError);
  const jcs = error as JcsError;
  expect({ code: jcs.code, httpStatus: jcs.httpStatus }, jcs.message).toEqual({ code, httpStatus });
  if (mention) expect(jcs.message).toContain(mention);
  return jcs;
}

const paths = (objects: readonly JcsObject[]) => objects.map((o) => o.path);

describe('bucket routes', () => {
  it('create, getByName, listAll and delete', async () => {
    const a = await t.client.createBucket(unique('alpha'));
    const b = await t.client.createBucket(unique('beta'));
    expect(a.bucketID).toBeGreaterThan(0);
    expect(b.bucketID).toBeGreaterThan(a.bucketID);
    expect(a.createTime).toMatch(TIME_RE);

    expect(await t.client.getBucketByName(a.name)).toEqual(a);
    const all = await t.client.listBuckets();
    expect(all).toContainEqual(a);
    expect(all).toContainEqual(b);
    const ids = all.map((x) => x.bucketID);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    await t.client.deleteBucket(a.bucketID);
    await expectJcsError(t.client.getBucketByName(a.name), 'DataNotFound', 200, a.name);
    expect((await t.client.listBuckets()).map((x) => x.bucketID)).not.toContain(a.bucketID);
    expect(await t.client.getBucketByName(b.name)).toEqual(b);
    // A deleted bucket's name is free again.
    const again = await t.client.createBucket(a.name);
    expect(again.bucketID).not.toBe(a.bucketID);
  });

  it('refuses a duplicate name with DataExists and an unknown bucket with DataNotFound', async () => {
    const name = unique('dup');
    await t.client.createBucket(name);
    await expectJcsError(t.client.createBucket(name), 'DataExists', 200, name);
    await expectJcsError(t.client.deleteBucket(987654), 'DataNotFound', 200);
    await expectJcsError(t.client.getBucketByName(unique('nope')), 'DataNotFound', 200);
  });

  it('accepts unicode names and a name of exactly 255 UTF-8 bytes', async () => {
    const chinese = unique('桶-名字');
    const long = 'x'.repeat(255 - 3) + '中'; // 252 + 3 bytes
    for (const name of [chinese, long, unique('with space') + ' x', unique('a+b%c&d=e')]) {
      const created = await t.client.createBucket(name);
      expect(created.name).toBe(name);
      expect(await t.client.getBucketByName(name)).toEqual(created);
    }
  });
});

describe('package routes', () => {
  it('create, get, getByFullName, listBucketPackages and delete', async () => {
    const bucket = await t.client.createBucket(unique('pkgs'));
    const other = await t.client.createBucket(unique('pkgs-other'));
    const p1 = await t.client.createPackage(bucket.bucketID, 'p1');
    const p2 = await t.client.createPackage(bucket.bucketID, '包二');
    const q1 = await t.client.createPackage(other.bucketID, 'p1'); // same name, other bucket: allowed
    expect(p1).toMatchObject({ name: 'p1', bucketID: bucket.bucketID });
    expect(p1.createTime).toMatch(TIME_RE);
    expect(q1.packageID).not.toBe(p1.packageID);

    expect(await t.client.getPackage(p2.packageID)).toEqual(p2);
    expect(await t.client.getPackageByFullName(bucket.name, '包二')).toEqual(p2);
    expect(await t.client.getPackageByFullName(other.name, 'p1')).toEqual(q1);
    expect(await t.client.listBucketPackages(bucket.bucketID)).toEqual([p1, p2]);
    expect(await t.client.listBucketPackages(other.bucketID)).toEqual([q1]);

    await t.client.deletePackage(p1.packageID);
    await expectJcsError(t.client.getPackage(p1.packageID), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageByFullName(bucket.name, 'p1'), 'DataNotFound', 200);
    expect(await t.client.listBucketPackages(bucket.bucketID)).toEqual([p2]);
    expect(await t.client.getPackage(q1.packageID)).toEqual(q1);
  });

  it('refuses duplicates, unknown buckets and unknown packages', async () => {
    const bucket = await t.client.createBucket(unique('pkg-errors'));
    await t.client.createPackage(bucket.bucketID, 'same');
    await expectJcsError(t.client.createPackage(bucket.bucketID, 'same'), 'DataExists', 200, 'same');
    await expectJcsError(t.client.createPackage(876543, 'x'), 'DataNotFound', 200);
    await expectJcsError(t.client.listBucketPackages(876543), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackage(876543), 'DataNotFound', 200);
    await expectJcsError(t.client.deletePackage(876543), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageByFullName('no-such-bucket-xyz', 'same'), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageByFullName(bucket.name, 'no-such-package'), 'DataNotFound', 200);
  });
});

describe('object upload and download', () => {
  const files = [
    { path: 'top.txt', body: Buffer.from('top level') },
    { path: 'a/b/c/deep.bin', body: Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]) },
    { path: '目录/文件 名.txt', body: Buffer.from('中文内容 ✓') },
    { path: 'emoji/😀 x+y&z=%.txt', body: Buffer.from('emoji path') },
    { path: 'empty.txt', body: Buffer.alloc(0) },
    { path: `q/it's "quoted"; semi (1).txt`, body: Buffer.from('awkward name') },
  ];

  it('uploads many files in one request, in order, with sizes and hashes', async () => {
    const { pkg } = await freshPackage('upload');
    const uploaded = await t.client.uploadObjects(pkg.packageID, files);
    expect(paths(uploaded)).toEqual(files.map((f) => f.path));
    for (const [i, obj] of uploaded.entries()) {
      const file = files[i]!;
      expect(obj).toMatchObject({ packageID: pkg.packageID, path: file.path, size: file.body.length, redundancy: { type: 'none' } });
      expect(obj.fileHash).toBe(fullHashOf(file.body));
      expect(obj.createTime).toMatch(TIME_RE);
      expect(obj.updateTime).toBe(obj.createTime);
    }
    expect(new Set(uploaded.map((o) => o.objectID)).size).toBe(files.length);
    expect(uploaded[4]!.fileHash).toBe('FullE3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');

    // getPackageObjects: everything, sorted by path (byte-wise).
    const listed = await t.client.getPackageObjects(pkg.packageID);
    expect(paths(listed)).toEqual(files.map((f) => f.path).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    expect(listed).toEqual(expect.arrayContaining(uploaded));

    for (const [i, obj] of uploaded.entries()) {
      const file = files[i]!;
      const byId = await download({ objectID: obj.objectID });
      expect(byId.bytes.equals(file.body)).toBe(true);
      expect(byId.fileName).toBe(file.path.split('/').pop());
      const byPath = await download({ packageID: pkg.packageID, path: file.path });
      expect(byPath.bytes.equals(file.body)).toBe(true);
    }
  });

  it('downloads byte ranges by objectID and by path', async () => {
    const { pkg } = await freshPackage('ranges');
    const content = Buffer.from('0123456789abcdefghij');
    const [obj] = await t.client.uploadObjects(pkg.packageID, [{ path: 'r/range.txt', body: content }]);
    const cases: Array<{ offset: number; length?: number }> = [
      { offset: 0 },
      { offset: 0, length: 20 },
      { offset: 5 },
      { offset: 5, length: 3 },
      { offset: 19, length: 1 },
      { offset: 0, length: 0 },
      { offset: 7, length: 0 },
      { offset: 20 },
      { offset: 20, length: 0 },
    ];
    for (const range of cases) {
      const expected = content.subarray(range.offset, range.length === undefined ? undefined : range.offset + range.length);
      const byId = await download({ objectID: obj!.objectID }, range);
      expect(byId.bytes.toString(), JSON.stringify(range)).toBe(expected.toString());
      const byPath = await download({ packageID: pkg.packageID, path: 'r/range.txt' }, range);
      expect(byPath.bytes.toString(), JSON.stringify(range)).toBe(expected.toString());
    }
    await expectJcsError(t.client.download({ objectID: obj!.objectID }, { offset: 21 }), 'BadArgument', 400, 'offset');
    await expectJcsError(t.client.download({ objectID: obj!.objectID }, { offset: 15, length: 6 }), 'BadArgument', 400, 'length');
    await expectJcsError(t.client.download({ objectID: 99999999 }), 'DataNotFound', 200);
    await expectJcsError(t.client.download({ packageID: pkg.packageID, path: 'r/missing.txt' }), 'DataNotFound', 200);
    await expectJcsError(t.client.download({ packageID: 99999999, path: 'r/range.txt' }), 'DataNotFound', 200);
  });

  it("downloads by 'bucket/package/path' without packageID (signed raw request)", async () => {
    const bucket = await t.client.createBucket(unique('桶'));
    const pkg = await t.client.createPackage(bucket.bucketID, '包 p');
    const content = Buffer.from('addressed by full path');
    await t.client.uploadObjects(pkg.packageID, [{ path: 'x/中 文.txt', body: content }]);
    const res = await raw(t.node.url, '/v1/object/downloadByPath', {
      query: { path: `${bucket.name}/包 p/x/中 文.txt`, offset: 3, length: 6 },
      credentials: t.credentials,
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/octet-stream');
    expect(res.bytes.toString()).toBe('ressed');
    const whole = await raw(t.node.url, '/v1/object/downloadByPath', { query: { path: `${bucket.name}/包 p/x/中 文.txt` }, credentials: t.credentials });
    expect(whole.bytes.equals(content)).toBe(true);
    const missing = await raw(t.node.url, '/v1/object/downloadByPath', { query: { path: `${bucket.name}/包 p/x/none.txt` }, credentials: t.credentials });
    expect(missing.json).toMatchObject({ code: 'DataNotFound', data: null });
  });

  it('replacing an object by uploading to its path keeps objectID and createTime, updates size, hash and updateTime', async () => {
    const { pkg } = await freshPackage('replace');
    const [first] = await t.client.uploadObjects(pkg.packageID, [{ path: 'doc/r.txt', body: Buffer.from('version one') }]);
    await sleep(15);
    const [second] = await t.client.uploadObjects(pkg.packageID, [{ path: 'doc/r.txt', body: Buffer.from('v2') }]);
    expect(second!.objectID).toBe(first!.objectID);
    expect(second!.createTime).toBe(first!.createTime);
    expect(second!.size).toBe(2);
    expect(second!.fileHash).toBe(fullHashOf('v2'));
    expect(second!.updateTime).not.toBe(first!.updateTime);
    expect(Date.parse(second!.updateTime)).toBeGreaterThan(Date.parse(first!.updateTime));
    const listed = await t.client.getPackageObjects(pkg.packageID);
    expect(listed).toEqual([second]);
    expect((await download({ objectID: first!.objectID })).bytes.toString()).toBe('v2');
  });

  it('one request mixing new paths and paths already there answers in request order; a path named twice keeps the later file', async () => {
    const { pkg } = await freshPackage('mixed');
    const [kept, other] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'm/kept.txt', body: Buffer.from('old kept') },
      { path: 'm/other.txt', body: Buffer.from('old other') },
    ]);
    const mixed = [
      { path: 'm/new-1.txt', body: Buffer.from('new one') },
      { path: 'm/kept.txt', body: Buffer.from('kept, replaced') },
      { path: 'm/new-2.txt', body: Buffer.alloc(0) },
      { path: 'm/other.txt', body: Buffer.from('other, replaced') },
      { path: 'm/new-3.txt', body: Buffer.from('new three') },
    ];
    const uploaded = await t.client.uploadObjects(pkg.packageID, mixed);
    expect(paths(uploaded)).toEqual(mixed.map((f) => f.path));
    expect(uploaded.map((o) => o.fileHash)).toEqual(mixed.map((f) => fullHashOf(f.body)));
    expect(uploaded[1]!.objectID).toBe(kept!.objectID);
    expect(uploaded[3]!.objectID).toBe(other!.objectID);
    expect(uploaded[0]!.objectID).toBeLessThan(uploaded[2]!.objectID); // new objects numbered in request order
    expect(uploaded[2]!.objectID).toBeLessThan(uploaded[4]!.objectID);
    for (const [i, obj] of uploaded.entries()) expect((await download({ objectID: obj.objectID })).bytes.equals(mixed[i]!.body)).toBe(true);

    const twice = await t.client.uploadObjects(pkg.packageID, [
      { path: 'm/twice.txt', body: Buffer.from('first') },
      { path: 'm/once.txt', body: Buffer.from('once') },
      { path: 'm/twice.txt', body: Buffer.from('second') },
    ]);
    expect(paths(twice)).toEqual(['m/twice.txt', 'm/once.txt', 'm/twice.txt']);
    expect(twice[2]!.objectID).toBe(twice[0]!.objectID);
    expect(twice.map((o) => o.fileHash)).toEqual([fullHashOf('first'), fullHashOf('once'), fullHashOf('second')]);
    expect((await download({ packageID: pkg.packageID, path: 'm/twice.txt' })).bytes.toString()).toBe('second');
    expect(paths(await t.client.getPackageObjects(pkg.packageID))).toEqual(['m/kept.txt', 'm/new-1.txt', 'm/new-2.txt', 'm/new-3.txt', 'm/once.txt', 'm/other.txt', 'm/twice.txt']);
  });

  it('the same content uploaded twice is stored once; a blob goes when nothing refers to it', async () => {
    const { pkg } = await freshPackage('dedup');
    const body = Buffer.from(`dedup content ${Math.random()}`);
    const blob = fullHashOf(body).slice(4).toLowerCase();
    const blobFiles = async () => (await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob)); // a file or a row inline in the catalog
    const [a, b] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'one', body },
      { path: 'two', body },
    ]);
    expect(await blobFiles()).toHaveLength(1);
    await t.client.deleteObjects([a!.objectID]);
    await sleep(100);
    expect(await blobFiles()).toHaveLength(1);
    expect((await download({ objectID: b!.objectID })).bytes.equals(body)).toBe(true);
    await t.client.deleteObjects([b!.objectID]);
    await sleep(100);
    expect(await blobFiles()).toEqual([]);
  });

  it('content a committed file holds already (a multipart part) is referenced there by a small upload, not stored again, beside new content in the same request', async () => {
    const { pkg } = await freshPackage('dedup-file');
    const body = Buffer.from(`part content ${Math.random()}`);
    const blob = fullHashOf(body).slice(4).toLowerCase();
    const stored = async () => (await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob));
    const started = await t.client.newMultipartUpload(pkg.packageID, 'big.bin');
    await t.client.uploadPart(started.objectID, 0, body);
    const big = await t.client.completeMultipartUpload(started.objectID, [0]);
    expect(await stored()).toEqual([`${blob.slice(0, 2)}/${blob}`]);
    // In one request with content new to the node: that is kept (inline), the known content is not stored again.
    const fresh = Buffer.from(`fresh content ${Math.random()}`);
    const freshBlob = fullHashOf(fresh).slice(4).toLowerCase();
    const [small, other] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'small.bin', body },
      { path: 'fresh.bin', body: fresh },
    ]);
    expect(await stored(), 'no inline row beside the file').toEqual([`${blob.slice(0, 2)}/${blob}`]);
    expect((await storedBlobs(t.dataDir)).filter((f) => f.endsWith(freshBlob))).toHaveLength(1);
    expect((await download({ objectID: other!.objectID })).bytes.equals(fresh)).toBe(true);
    await t.client.deleteObjects([big.objectID]);
    await sleep(100);
    expect(await stored()).toHaveLength(1);
    expect((await download({ objectID: small!.objectID })).bytes.equals(body)).toBe(true);
  });
});

describe('larger content', () => {
  it('streams a multi-megabyte object whole and in ranges', async () => {
    const { pkg } = await freshPackage('large');
    const big = Buffer.alloc(5 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, Math.min(i, big.length - 4));
    const [obj] = await t.client.uploadObjects(pkg.packageID, [{ path: 'big.bin', body: big }]);
    expect(obj).toMatchObject({ size: big.length, fileHash: fullHashOf(big) });
    expect((await download({ objectID: obj!.objectID })).bytes.equals(big)).toBe(true);
    for (const [offset, length] of [
      [0, 1],
      [1024 * 1024 - 3, 7],
      [3 * 1024 * 1024 + 17, 1024 * 1024 + 5],
      [big.length - 1, 1],
    ] as const) {
      expect((await download({ objectID: obj!.objectID }, { offset, length })).bytes.equals(big.subarray(offset, offset + length))).toBe(true);
    }
  });

  it('getPackageObjects and listings span more than one internal page (over 1000 objects)', async () => {
    const { pkg } = await freshPackage('many');
    const names = Array.from({ length: 1003 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
    await t.client.uploadObjects(
      pkg.packageID,
      names.map((path) => ({ path, body: Buffer.alloc(0) })),
    );
    const all = await t.client.getPackageObjects(pkg.packageID);
    expect(paths(all)).toEqual(names);
    expect(new Set(all.map((o) => o.objectID)).size).toBe(names.length);
    const listed = await t.client.listByPath({ packageID: pkg.packageID, path: 'many/', isPrefix: true });
    expect(paths(listed.objects)).toEqual(names);
    expect(listed.isTruncated).toBe(false);
    const pages = [];
    for await (const page of t.client.listAllByPath({ packageID: pkg.packageID, path: 'many/', maxKeys: 400 })) pages.push(page);
    expect(pages.map((p) => p.objects.length)).toEqual([400, 400, 203]);
    expect(pages.flatMap((p) => paths(p.objects))).toEqual(names);
    const dir = await t.client.listByPath({ packageID: pkg.packageID, path: '', isPrefix: true, noRecursive: true });
    expect(dir).toMatchObject({ commonPrefixes: ['many/'], objects: [], isTruncated: false });
  });
});

describe('concurrent requests', () => {
  it('parallel uploads to one path leave one object with one of the contents, and only its blob', async () => {
    const { pkg } = await freshPackage('race');
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.from(`racer ${i} ${Math.random()} `.repeat(1000)));
    const results = await Promise.all(bodies.map((body) => t.client.uploadObjects(pkg.packageID, [{ path: 'same/path.bin', body }])));
    const ids = new Set(results.map((r) => r[0]!.objectID));
    expect(ids.size).toBe(1);
    const [final] = await t.client.getPackageObjects(pkg.packageID);
    const winner = bodies.find((b) => fullHashOf(b) === final!.fileHash);
    expect(winner).toBeDefined();
    expect((await download({ objectID: final!.objectID })).bytes.equals(winner!)).toBe(true);
    await sleep(150);
    const blobs = await storedBlobs(t.dataDir);
    for (const body of bodies) {
      const blob = fullHashOf(body).slice(4).toLowerCase();
      expect(blobs.some((f) => f.endsWith(blob))).toBe(body === winner);
    }
  });

  it('a download that started keeps its bytes when the object is deleted meanwhile', async () => {
    const { pkg } = await freshPackage('read-delete');
    const big = Buffer.alloc(4 * 1024 * 1024, 'r');
    big.write(`${Math.random()}`);
    const [obj] = await t.client.uploadObjects(pkg.packageID, [{ path: 'd.bin', body: big }]);
    const started = await t.client.download({ objectID: obj!.objectID });
    await t.client.deleteObjects([obj!.objectID]);
    await sleep(50);
    expect((await readAll(started.stream)).equals(big)).toBe(true);
    await sleep(100);
    const blob = fullHashOf(big).slice(4).toLowerCase();
    expect((await storedBlobs(t.dataDir)).some((f) => f.endsWith(blob))).toBe(false);
  });
});

describe('listByPath', () => {
  let packageID: number;
  const all = ['a/1.txt', 'a/2.txt', 'a/b.txt', 'a/b/c', 'a/b/d/e.txt', 'a/ba', 'a/c/x.txt', 'a.txt', 'b/z.txt', 'top'];

  beforeAll(async () => {
    const { pkg } = await freshPackage('list');
    packageID = pkg.packageID;
    await t.client.uploadObjects(
      packageID,
      all.map((path) => ({ path, body: Buffer.from(path) })),
    );
  });

  it('isPrefix=false is an exact match (0 or 1 object)', async () => {
    const one = await t.client.listByPath({ packageID, path: 'a/b/c' });
    expect(paths(one.objects)).toEqual(['a/b/c']);
    expect(one).toMatchObject({ commonPrefixes: [], isTruncated: false, nextContinuationToken: '' });
    expect(one.objects[0]!.size).toBe(5);
    expect((await t.client.listByPath({ packageID, path: 'a/b' })).objects).toEqual([]);
    expect((await t.client.listByPath({ packageID, path: 'a' })).objects).toEqual([]);
    // noRecursive means nothing without isPrefix.
    expect(paths((await t.client.listByPath({ packageID, path: 'a/b/c', noRecursive: true })).objects)).toEqual(['a/b/c']);
  });

  it('isPrefix lists every object under the prefix, in path order', async () => {
    const res = await t.client.listByPath({ packageID, path: 'a/', isPrefix: true });
    expect(paths(res.objects)).toEqual(['a/1.txt', 'a/2.txt', 'a/b.txt', 'a/b/c', 'a/b/d/e.txt', 'a/ba', 'a/c/x.txt']);
    expect(res.commonPrefixes).toEqual([]);
    expect(res.isTruncated).toBe(false);
    const everything = await t.client.listByPath({ packageID, path: '', isPrefix: true });
    expect(paths(everything.objects)).toEqual([...all].sort());
    const partial = await t.client.listByPath({ packageID, path: 'a/b', isPrefix: true });
    expect(paths(partial.objects)).toEqual(['a/b.txt', 'a/b/c', 'a/b/d/e.txt', 'a/ba']);
    expect((await t.client.listByPath({ packageID, path: 'zzz', isPrefix: true })).objects).toEqual([]);
  });

  it('noRecursive lists like a directory: objects directly under it and commonPrefixes ending in /', async () => {
    const root = await t.client.listByPath({ packageID, path: '', isPrefix: true, noRecursive: true });
    expect(root.commonPrefixes).toEqual(['a/', 'b/']);
    expect(paths(root.objects)).toEqual(['a.txt', 'top']);

    const dir = await t.client.listByPath({ packageID, path: 'a/', isPrefix: true, noRecursive: true });
    expect(dir.commonPrefixes).toEqual(['a/b/', 'a/c/']);
    expect(paths(dir.objects)).toEqual(['a/1.txt', 'a/2.txt', 'a/b.txt', 'a/ba']);
    for (const prefix of dir.commonPrefixes) expect(prefix.endsWith('/')).toBe(true);

    // A partial name: 'a/b' matches 'a/b.txt', 'a/ba' and the folder 'a/b/'.
    const partial = await t.client.listByPath({ packageID, path: 'a/b', isPrefix: true, noRecursive: true });
    expect(partial.commonPrefixes).toEqual(['a/b/']);
    expect(paths(partial.objects)).toEqual(['a/b.txt', 'a/ba']);

    const deeper = await t.client.listByPath({ packageID, path: 'a/b/', isPrefix: true, noRecursive: true });
    expect(deeper.commonPrefixes).toEqual(['a/b/d/']);
    expect(paths(deeper.objects)).toEqual(['a/b/c']);
  });

  it('pages with maxKeys and continuation tokens, recursively and as a directory', async () => {
    for (const noRecursive of [false, true]) {
      const whole = await t.client.listByPath({ packageID, path: 'a/', isPrefix: true, noRecursive });
      for (const maxKeys of [1, 2, 3]) {
        const seenObjects: string[] = [];
        const seenPrefixes: string[] = [];
        let token: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await t.client.listByPath({ packageID, path: 'a/', isPrefix: true, noRecursive, maxKeys, continuationToken: token });
          pages++;
          expect(page.objects.length + page.commonPrefixes.length).toBeLessThanOrEqual(maxKeys);
          seenObjects.push(...paths(page.objects));
          seenPrefixes.push(...page.commonPrefixes);
          if (!page.isTruncated) {
            expect(page.nextContinuationToken).toBe('');
            break;
          }
          expect(page.nextContinuationToken).not.toBe('');
          token = page.nextContinuationToken;
          expect(pages).toBeLessThan(20);
        }
        expect(seenObjects, `noRecursive=${noRecursive} maxKeys=${maxKeys}`).toEqual(paths(whole.objects));
        expect(seenPrefixes).toEqual(whole.commonPrefixes);
      }
    }
    // listAllByPath follows the tokens itself.
    const pages = [];
    for await (const page of t.client.listAllByPath({ packageID, path: '', maxKeys: 4 })) pages.push(page);
    expect(pages.length).toBe(3);
    expect(pages.flatMap((p) => paths(p.objects))).toEqual([...all].sort());
  });

  it('a listing that fills maxKeys exactly is not truncated', async () => {
    const res = await t.client.listByPath({ packageID, path: 'b/', isPrefix: true, maxKeys: 1 });
    expect(paths(res.objects)).toEqual(['b/z.txt']);
    expect(res.isTruncated).toBe(false);
    expect(res.nextContinuationToken).toBe('');
  });

  it('orders unicode paths byte-wise (UTF-8), also across pages', async () => {
    const { pkg } = await freshPackage('unicode-order');
    const names = ['Z.txt', 'a.txt', 'é.txt', '中.txt', '\uff5e.txt', '😀.txt', 'a b.txt', 'a+b.txt'];
    await t.client.uploadObjects(
      pkg.packageID,
      names.map((path) => ({ path, body: Buffer.from(path) })),
    );
    const byteOrder = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(byteOrder.indexOf('\uff5e.txt')).toBeLessThan(byteOrder.indexOf('😀.txt')); // differs from UTF-16 order
    const res = await t.client.listByPath({ packageID: pkg.packageID, path: '', isPrefix: true });
    expect(paths(res.objects)).toEqual(byteOrder);
    const paged: string[] = [];
    for await (const page of t.client.listAllByPath({ packageID: pkg.packageID, path: '', maxKeys: 3 })) paged.push(...paths(page.objects));
    expect(paged).toEqual(byteOrder);
    expect(paths((await t.client.getPackageObjects(pkg.packageID)))).toEqual(byteOrder);
    // Exact matches for names with spaces, '+' and non-ASCII survive the signed query string.
    for (const name of names) expect(paths((await t.client.listByPath({ packageID: pkg.packageID, path: name })).objects)).toEqual([name]);
  });

  it('refuses an unknown package', async () => {
    await expectJcsError(t.client.listByPath({ packageID: 99999999, path: '', isPrefix: true }), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageObjects(99999999), 'DataNotFound', 200);
  });
});

describe('move, delete and clone', () => {
  it('moves objects; a missing object and an occupied target are not in successes', async () => {
    const { pkg } = await freshPackage('move');
    const { pkg: other } = await freshPackage('move-target');
    const [a, b, c] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'a.txt', body: Buffer.from('A') },
      { path: 'b.txt', body: Buffer.from('B') },
      { path: 'c.txt', body: Buffer.from('C') },
    ]);
    const successes = await t.client.moveObjects([
      { objectID: a!.objectID, packageID: other.packageID, path: 'moved/a.txt' },
      { objectID: 99999999, packageID: pkg.packageID, path: 'ghost.txt' },
      { objectID: b!.objectID, packageID: pkg.packageID, path: 'c.txt' }, // taken by c
      { objectID: c!.objectID, packageID: pkg.packageID, path: 'renamed/c.txt' },
      { objectID: b!.objectID, packageID: 99999999, path: 'b.txt' }, // no such package
    ]);
    expect(successes).toEqual([a!.objectID, c!.objectID]);

    expect(paths(await t.client.getPackageObjects(pkg.packageID))).toEqual(['b.txt', 'renamed/c.txt']);
    const moved = await t.client.getPackageObjects(other.packageID);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ objectID: a!.objectID, packageID: other.packageID, path: 'moved/a.txt', size: 1, fileHash: a!.fileHash, createTime: a!.createTime });
    expect((await download({ objectID: a!.objectID })).bytes.toString()).toBe('A');
    expect((await download({ packageID: pkg.packageID, path: 'renamed/c.txt' })).bytes.toString()).toBe('C');
    expect((await download({ packageID: pkg.packageID, path: 'b.txt' })).bytes.toString()).toBe('B');

    // Two moves to the same free path in one request: the first wins.
    const both = await t.client.moveObjects([
      { objectID: b!.objectID, packageID: pkg.packageID, path: 'same.txt' },
      { objectID: c!.objectID, packageID: pkg.packageID, path: 'same.txt' },
    ]);
    expect(both).toEqual([b!.objectID]);
    // Moving onto its own path is a success.
    expect(await t.client.moveObjects([{ objectID: b!.objectID, packageID: pkg.packageID, path: 'same.txt' }])).toEqual([b!.objectID]);
    expect(await t.client.moveObjects([])).toEqual([]);
  });

  it('deletes objects; unknown IDs are fine', async () => {
    const { pkg } = await freshPackage('delete');
    const [a, b] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'a', body: Buffer.from('1') },
      { path: 'b', body: Buffer.from('2') },
    ]);
    await t.client.deleteObjects([a!.objectID, 99999999, a!.objectID]);
    expect(paths(await t.client.getPackageObjects(pkg.packageID))).toEqual(['b']);
    await expectJcsError(t.client.download({ objectID: a!.objectID }), 'DataNotFound', 200);
    await t.client.deleteObjects([]);
    await t.client.deleteObjects([99999998]);
    expect((await download({ objectID: b!.objectID })).bytes.toString()).toBe('2');
  });

  it('clones share the blob, have equal content, and replace an object at the target path', async () => {
    const { pkg } = await freshPackage('clone');
    const { pkg: other } = await freshPackage('clone-target');
    const body = Buffer.from(`clone me ${Math.random()}`);
    const blob = fullHashOf(body).slice(4).toLowerCase();
    const [src, occupant] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'src.txt', body },
      { path: 'taken.txt', body: Buffer.from('old occupant') },
    ]);
    await sleep(5);
    const clones = await t.client.cloneObjects([
      { objectID: src!.objectID, newPath: 'copy/one.txt', newPackageID: other.packageID },
      { objectID: src!.objectID, newPath: 'taken.txt', newPackageID: pkg.packageID },
    ]);
    expect(clones).toHaveLength(2);
    expect(clones[0]).toMatchObject({ packageID: other.packageID, path: 'copy/one.txt', size: body.length, fileHash: src!.fileHash, redundancy: { type: 'none' } });
    expect(clones[0]!.objectID).not.toBe(src!.objectID);
    // The occupant was replaced in place: it keeps its objectID.
    expect(clones[1]).toMatchObject({ objectID: occupant!.objectID, path: 'taken.txt', size: body.length, fileHash: src!.fileHash });

    expect((await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob))).toHaveLength(1);
    for (const clone of clones) expect((await download({ objectID: clone.objectID })).bytes.equals(body)).toBe(true);

    // The clone outlives its source.
    await t.client.deleteObjects([src!.objectID]);
    await sleep(100);
    expect((await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob))).toHaveLength(1);
    expect((await download({ objectID: clones[0]!.objectID })).bytes.equals(body)).toBe(true);

    await expectJcsError(t.client.cloneObjects([{ objectID: 99999999, newPath: 'x', newPackageID: pkg.packageID }]), 'DataNotFound', 200);
    await expectJcsError(t.client.cloneObjects([{ objectID: clones[0]!.objectID, newPath: 'x', newPackageID: 99999999 }]), 'DataNotFound', 200);
    // A failed clone batch changes nothing.
    await expectJcsError(
      t.client.cloneObjects([
        { objectID: clones[0]!.objectID, newPath: 'batch-ok.txt', newPackageID: pkg.packageID },
        { objectID: 99999999, newPath: 'batch-bad.txt', newPackageID: pkg.packageID },
      ]),
      'DataNotFound',
      200,
    );
    expect(paths(await t.client.getPackageObjects(pkg.packageID))).toEqual(['taken.txt']);
  });
});

describe('multipart upload', () => {
  it('joins parts in the given order, dropping unnamed parts and using re-uploaded data; a part named twice is refused', async () => {
    const { pkg } = await freshPackage('multipart');
    const started = await t.client.newMultipartUpload(pkg.packageID, 'big/obj.bin');
    expect(started).toMatchObject({ packageID: pkg.packageID, path: 'big/obj.bin', size: 0, fileHash: 'Full' + '0'.repeat(64), redundancy: { type: 'multipartUpload' } });

    // Visible while the upload runs.
    const during = await t.client.listByPath({ packageID: pkg.packageID, path: 'big/obj.bin' });
    expect(during.objects).toEqual([started]);
    expect(await t.client.getPackageObjects(pkg.packageID)).toEqual([started]);
    await expectJcsError(t.client.download({ objectID: started.objectID }), 'OperationFailed', 200);

    await t.client.uploadPart(started.objectID, 1, Buffer.from('one-'));
    await t.client.uploadPart(started.objectID, 2, Buffer.from('two-'));
    await t.client.uploadPart(started.objectID, 3, Buffer.from('three-'));
    await t.client.uploadPart(started.objectID, 4, Buffer.from('unused part'));
    await t.client.uploadPart(started.objectID, 0, Buffer.alloc(0));
    await t.client.uploadPart(started.objectID, 2, Buffer.from('TWO-')); // replaces index 2
    // Still pending and size 0 while parts arrive.
    expect((await t.client.listByPath({ packageID: pkg.packageID, path: 'big/', isPrefix: true })).objects[0]).toMatchObject({ size: 0, redundancy: { type: 'multipartUpload' } });

    await expectJcsError(t.client.completeMultipartUpload(started.objectID, [3, 1, 2, 0, 1]), 'BadArgument', 400, 'part 1 is named twice');
    expect((await t.client.listByPath({ packageID: pkg.packageID, path: 'big/obj.bin' })).objects[0]).toMatchObject({ size: 0, redundancy: { type: 'multipartUpload' } });

    await sleep(5);
    const done = await t.client.completeMultipartUpload(started.objectID, [3, 1, 2, 0]);
    const joined = Buffer.from('three-one-TWO-');
    expect(done).toMatchObject({
      objectID: started.objectID,
      packageID: pkg.packageID,
      path: 'big/obj.bin',
      size: joined.length,
      fileHash: fullHashOf(joined),
      redundancy: { type: 'none' },
      createTime: started.createTime,
    });
    expect(done.fileHash).toMatch(/^Full[0-9A-F]{64}$/);
    expect(Date.parse(done.updateTime)).toBeGreaterThan(Date.parse(started.updateTime));
    expect((await download({ objectID: done.objectID })).bytes.toString()).toBe(joined.toString());
    // Ranges across part boundaries.
    expect((await download({ objectID: done.objectID }, { offset: 6, length: 8 })).bytes.toString()).toBe('one-TWO-');
    expect((await download({ packageID: pkg.packageID, path: 'big/obj.bin' }, { offset: 10 })).bytes.toString()).toBe('TWO-');
    expect(await t.client.getPackageObjects(pkg.packageID)).toEqual([done]);

    // The unused part's blob goes away; the used ones stay.
    await sleep(100);
    const blobs = await storedBlobs(t.dataDir);
    const blobOf = (s: string) => fullHashOf(s).slice(4).toLowerCase();
    expect(blobs.some((f) => f.endsWith(blobOf('unused part')))).toBe(false);
    expect(blobs.some((f) => f.endsWith(blobOf('two-')))).toBe(false);
    for (const used of ['one-', 'TWO-', 'three-']) expect(blobs.some((f) => f.endsWith(blobOf(used)))).toBe(true);

    // Completed: no more parts, no second completion.
    await expectJcsError(t.client.uploadPart(done.objectID, 1, Buffer.from('late')), 'BadArgument', 400, 'objectID');
    await expectJcsError(t.client.completeMultipartUpload(done.objectID, [1]), 'BadArgument', 400, 'objectID');
  });

  it('a completed multipart object can be cloned, moved and replaced like any other', async () => {
    const { pkg } = await freshPackage('multipart-life');
    const started = await t.client.newMultipartUpload(pkg.packageID, 'm.bin');
    await t.client.uploadPart(started.objectID, 7, Buffer.from('xyz'));
    await t.client.uploadPart(started.objectID, 8, Buffer.from('xyz'));
    await t.client.uploadPart(started.objectID, 9, Buffer.from('xyz'));
    const done = await t.client.completeMultipartUpload(started.objectID, [7, 8, 9]);
    expect(done.size).toBe(9);
    expect(done.fileHash).toBe(fullHashOf('xyzxyzxyz'));
    const [clone] = await t.client.cloneObjects([{ objectID: done.objectID, newPath: 'c.bin', newPackageID: pkg.packageID }]);
    expect((await download({ objectID: clone!.objectID })).bytes.toString()).toBe('xyzxyzxyz');
    expect(await t.client.moveObjects([{ objectID: done.objectID, packageID: pkg.packageID, path: 'moved.bin' }])).toEqual([done.objectID]);
    expect((await download({ packageID: pkg.packageID, path: 'moved.bin' }, { offset: 2, length: 5 })).bytes.toString()).toBe('zxyzx');
  });

  it('an unfinished upload cannot be cloned; starting one over an object resets it in place', async () => {
    const { pkg } = await freshPackage('multipart-reset');
    const [existing] = await t.client.uploadObjects(pkg.packageID, [{ path: 'r.bin', body: Buffer.from('whole') }]);
    const started = await t.client.newMultipartUpload(pkg.packageID, 'r.bin');
    expect(started.objectID).toBe(existing!.objectID);
    expect(started).toMatchObject({ size: 0, redundancy: { type: 'multipartUpload' } });
    await expectJcsError(t.client.cloneObjects([{ objectID: started.objectID, newPath: 'x.bin', newPackageID: pkg.packageID }]), 'BadArgument', 400, 'objectID');
    await expectJcsError(t.client.completeMultipartUpload(started.objectID, [0]), 'BadArgument', 400, 'indexes');
    // A whole-file upload to the path ends the multipart upload.
    await t.client.uploadPart(started.objectID, 0, Buffer.from('part'));
    const [replaced] = await t.client.uploadObjects(pkg.packageID, [{ path: 'r.bin', body: Buffer.from('whole again') }]);
    expect(replaced).toMatchObject({ objectID: existing!.objectID, redundancy: { type: 'none' }, size: 11 });
    await expectJcsError(t.client.uploadPart(started.objectID, 1, Buffer.from('late')), 'BadArgument', 400, 'objectID');
  });

  it('an upload of only empty parts completes to an empty object', async () => {
    const { pkg } = await freshPackage('multipart-empty');
    const started = await t.client.newMultipartUpload(pkg.packageID, 'empty.bin');
    await t.client.uploadPart(started.objectID, 0, Buffer.alloc(0));
    const done = await t.client.completeMultipartUpload(started.objectID, [0]);
    expect(done).toMatchObject({ size: 0, fileHash: fullHashOf(''), redundancy: { type: 'none' } });
    const whole = await download({ objectID: done.objectID });
    expect(whole.bytes.length).toBe(0);
    expect((await download({ objectID: done.objectID }, { offset: 0, length: 0 })).bytes.length).toBe(0);
    const [clone] = await t.client.cloneObjects([{ objectID: done.objectID, newPath: 'empty-clone.bin', newPackageID: pkg.packageID }]);
    expect(clone).toMatchObject({ size: 0, fileHash: fullHashOf('') });
    expect((await download({ objectID: clone!.objectID })).bytes.length).toBe(0);
  });

  it('starting a multipart upload again on the same path resets it: same objectID, earlier parts gone', async () => {
    const { pkg } = await freshPackage('multipart-restart');
    const first = await t.client.newMultipartUpload(pkg.packageID, 'again.bin');
    await t.client.uploadPart(first.objectID, 1, Buffer.from('stale'));
    const second = await t.client.newMultipartUpload(pkg.packageID, 'again.bin');
    expect(second.objectID).toBe(first.objectID);
    expect(second).toMatchObject({ size: 0, redundancy: { type: 'multipartUpload' } });
    await expectJcsError(t.client.completeMultipartUpload(second.objectID, [1]), 'BadArgument', 400, 'indexes');
    await t.client.uploadPart(second.objectID, 2, Buffer.from('fresh'));
    const done = await t.client.completeMultipartUpload(second.objectID, [2]);
    expect((await download({ objectID: done.objectID })).bytes.toString()).toBe('fresh');
    // Two uploads to different paths run side by side.
    const a = await t.client.newMultipartUpload(pkg.packageID, 'side/a');
    const b = await t.client.newMultipartUpload(pkg.packageID, 'side/b');
    await Promise.all([t.client.uploadPart(a.objectID, 0, Buffer.from('A0')), t.client.uploadPart(b.objectID, 0, Buffer.from('B0')), t.client.uploadPart(a.objectID, 1, Buffer.from('A1'))]);
    const [doneA, doneB] = await Promise.all([t.client.completeMultipartUpload(a.objectID, [1, 0]), t.client.completeMultipartUpload(b.objectID, [0])]);
    expect((await download({ objectID: doneA.objectID })).bytes.toString()).toBe('A1A0');
    expect((await download({ objectID: doneB.objectID })).bytes.toString()).toBe('B0');
  });

  it('refuses unknown objects and packages', async () => {
    await expectJcsError(t.client.newMultipartUpload(99999999, 'x'), 'DataNotFound', 200);
    await expectJcsError(t.client.uploadPart(99999999, 0, Buffer.from('x')), 'DataNotFound', 200);
    await expectJcsError(t.client.completeMultipartUpload(99999999, [0]), 'DataNotFound', 200);
  });
});

describe('deleting packages and buckets deletes their contents', () => {
  it('package delete removes its objects and their blobs', async () => {
    const { bucket, pkg } = await freshPackage('cascade-pkg');
    const body = Buffer.from(`cascade package ${Math.random()}`);
    const blob = fullHashOf(body).slice(4).toLowerCase();
    const [obj] = await t.client.uploadObjects(pkg.packageID, [
      { path: 'x/y.txt', body },
      { path: 'z.txt', body: Buffer.from('z') },
    ]);
    const pending = await t.client.newMultipartUpload(pkg.packageID, 'pending.bin');
    await t.client.uploadPart(pending.objectID, 0, Buffer.from(`pending part ${Math.random()}`));
    await t.client.deletePackage(pkg.packageID);
    await expectJcsError(t.client.getPackage(pkg.packageID), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageObjects(pkg.packageID), 'DataNotFound', 200);
    await expectJcsError(t.client.download({ objectID: obj!.objectID }), 'DataNotFound', 200);
    await expectJcsError(t.client.uploadPart(pending.objectID, 1, Buffer.from('x')), 'DataNotFound', 200);
    await expectJcsError(t.client.uploadObjects(pkg.packageID, [{ path: 'a', body: Buffer.from('a') }]), 'DataNotFound', 200);
    expect(await t.client.listBucketPackages(bucket.bucketID)).toEqual([]);
    await sleep(100);
    expect((await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob))).toEqual([]);
  });

  it('bucket delete removes its packages and objects', async () => {
    const bucket = await t.client.createBucket(unique('cascade-bucket'));
    const p1 = await t.client.createPackage(bucket.bucketID, 'p1');
    const p2 = await t.client.createPackage(bucket.bucketID, 'p2');
    const body = Buffer.from(`cascade bucket ${Math.random()}`);
    const blob = fullHashOf(body).slice(4).toLowerCase();
    const [o1] = await t.client.uploadObjects(p1.packageID, [{ path: 'a', body }]);
    const [o2] = await t.client.uploadObjects(p2.packageID, [{ path: 'b', body: Buffer.from('b') }]);
    await t.client.deleteBucket(bucket.bucketID);
    for (const pkg of [p1, p2]) await expectJcsError(t.client.getPackage(pkg.packageID), 'DataNotFound', 200);
    for (const obj of [o1, o2]) await expectJcsError(t.client.download({ objectID: obj!.objectID }), 'DataNotFound', 200);
    await expectJcsError(t.client.getPackageByFullName(bucket.name, 'p1'), 'DataNotFound', 200);
    await expectJcsError(t.client.listBucketPackages(bucket.bucketID), 'DataNotFound', 200);
    await sleep(100);
    expect((await storedBlobs(t.dataDir)).filter((f) => f.endsWith(blob))).toEqual([]);
  });
});
