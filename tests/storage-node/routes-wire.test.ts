/**
 * The storage node's wire format, checked with plain HTTP (no client code in
 * the way): envelopes, JSON types, times, hashes, the seed's upload example,
 * download headers, route aliases and unknown routes.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, signRequest } from '../../src-main/common/sigv4';
import { startStorageNode } from '../../src-main/storage-node/storage-node';
import { generateCredentials, startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { expectFailure, formBody, FULL_HASH_RE, fullHashOf, okData, raw, TIME_RE } from './routes-support';

interface WireObject {
  objectID: unknown;
  packageID: unknown;
  path: unknown;
  size: unknown;
  fileHash: unknown;
  redundancy: unknown;
  createTime: unknown;
  updateTime: unknown;
}

const OBJECT_KEYS = ['createTime', 'fileHash', 'objectID', 'packageID', 'path', 'redundancy', 'size', 'updateTime'];

/** Checks every wire fact of one object; `content` (when given) must match size and fileHash. */
function expectWireObject(obj: WireObject, content?: Buffer): void {
  expect(Object.keys(obj).sort()).toEqual(OBJECT_KEYS);
  expect(Number.isInteger(obj.objectID) && (obj.objectID as number) > 0).toBe(true);
  expect(Number.isInteger(obj.packageID) && (obj.packageID as number) > 0).toBe(true);
  expect(typeof obj.path).toBe('string');
  expect(typeof obj.size).toBe('string');
  expect(obj.size).toMatch(/^(0|[1-9]\d*)$/);
  expect(obj.fileHash).toMatch(FULL_HASH_RE);
  expect(obj.redundancy).toBeTypeOf('object');
  expect(obj.createTime).toMatch(TIME_RE);
  expect(obj.updateTime).toMatch(TIME_RE);
  if (content) {
    expect(obj.size).toBe(String(content.length));
    expect(obj.fileHash).toBe('Full' + createHash('sha256').update(content).digest('hex').toUpperCase());
    expect(obj.redundancy).toEqual({ type: 'none' });
  }
}

describe('wire format (unsigned loopback node)', () => {
  let t: TestNode;
  let url: string;
  beforeAll(async () => {
    t = await startTestNode({ credentials: null });
    url = t.node.url;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("uploads the seed's example body byte for byte (bare /object/upload, info first, order kept)", async () => {
    // A fresh node: the first bucket and package get ID 1, as the seed's example assumes.
    const bucket = okData<{ bucket: { bucketID: number } }>(await raw(url, '/v1/bucket/create', { json: { userID: 1, name: 'bkt1' } })).bucket;
    expect(bucket).toEqual({ bucketID: 1, name: 'bkt1', createTime: expect.stringMatching(TIME_RE) as unknown });
    const pkg = okData<{ package: Record<string, unknown> }>(await raw(url, '/v1/package/create', { json: { bucketID: 1, name: 't1' } })).package;
    expect(Object.keys(pkg).sort()).toEqual(['bucketID', 'createTime', 'name', 'packageID']);
    expect(pkg).toMatchObject({ packageID: 1, name: 't1', bucketID: 1 });
    expect(pkg.createTime).toMatch(TIME_RE);

    // Postman's boundary: the header names it, each delimiter line is "--" + boundary (as in the seed's body lines).
    const boundary = '---------------------------818270992847011232305151';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="info"',
      '',
      '{',
      '"userID": 1,',
      '"packageID": 1',
      '}',
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="test.txt"',
      'Content-Type: text/plain',
      '',
      'testdata',
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="a%2Fb%2Ftest2.txt"',
      '',
      'testdata2',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    expect(body.split('\r\n').filter((line) => line.includes('818270992847011232305151'))[0]).toBe('-----------------------------818270992847011232305151');
    const res = await raw(url, '/object/upload', {
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'user-agent': 'PostmanRuntime/7.29.0', accept: '*/*' },
    });
    const data = okData<{ uploadeds: WireObject[] }>(res);
    expect(Object.keys(data)).toEqual(['uploadeds']);
    expect(data.uploadeds.map((o) => o.path)).toEqual(['test.txt', 'a/b/test2.txt']);
    expectWireObject(data.uploadeds[0]!, Buffer.from('testdata'));
    expectWireObject(data.uploadeds[1]!, Buffer.from('testdata2'));
    expect(data.uploadeds[0]!.packageID).toBe(1);
    expect(data.uploadeds[1]!.objectID).not.toBe(data.uploadeds[0]!.objectID);

    const listed = okData<{ objects: WireObject[] }>(await raw(url, '/v1/object/getPackageObjects', { query: { packageID: 1 } }));
    expect(listed.objects).toEqual([data.uploadeds[1], data.uploadeds[0]]); // by path: 'a/b/test2.txt' < 'test.txt'
  });

  it('bucket and package routes: envelope, types, data null on delete', async () => {
    const created = await raw(url, '/v1/bucket/create', { json: { name: 'wire-bucket' } });
    const { bucket } = okData<{ bucket: Record<string, unknown> }>(created);
    expect(created.status).toBe(200);
    expect(Object.keys(bucket).sort()).toEqual(['bucketID', 'createTime', 'name']);
    expect(typeof bucket.bucketID).toBe('number');
    expect(bucket.name).toBe('wire-bucket');
    expect(bucket.createTime).toMatch(TIME_RE);

    expect(okData(await raw(url, '/v1/bucket/getByName', { query: { name: 'wire-bucket' } }))).toEqual({ bucket });
    const all = okData<{ buckets: unknown[] }>(await raw(url, '/v1/bucket/listAll'));
    expect(Object.keys(all)).toEqual(['buckets']);
    expect(all.buckets).toContainEqual(bucket);

    const { package: pkg } = okData<{ package: Record<string, unknown> }>(await raw(url, '/v1/package/create', { json: { bucketID: bucket.bucketID, name: 'wire-pkg' } }));
    expect(typeof pkg.packageID).toBe('number');
    expect(pkg.bucketID).toBe(bucket.bucketID);
    expect(okData(await raw(url, '/v1/package/get', { query: { packageID: pkg.packageID as number } }))).toEqual({ package: pkg });
    expect(okData(await raw(url, '/v1/package/getByFullName', { query: { bucketName: 'wire-bucket', packageName: 'wire-pkg' } }))).toEqual({ package: pkg });
    expect(okData(await raw(url, '/v1/package/listBucketPackages', { query: { bucketID: bucket.bucketID as number } }))).toEqual({ packages: [pkg] });

    const emptyList = okData(await raw(url, '/v1/object/getPackageObjects', { query: { packageID: pkg.packageID as number } }));
    expect(emptyList).toEqual({ objects: [] });

    const deletedPackage = await raw(url, '/v1/package/delete', { json: { packageID: pkg.packageID } });
    expect(okData(deletedPackage)).toBeNull();
    expect(okData(await raw(url, '/v1/package/listBucketPackages', { query: { bucketID: bucket.bucketID as number } }))).toEqual({ packages: [] });
    const deletedBucket = await raw(url, '/v1/bucket/delete', { json: { bucketID: bucket.bucketID } });
    expect(okData(deletedBucket)).toBeNull();
    expect(deletedBucket.bytes.toString()).toBe('{"code":"OK","message":"","data":null}');
  });

  it('object routes: IDs as numbers, size as a string, hashes, times, redundancy', async () => {
    const { bucket } = okData<{ bucket: { bucketID: number } }>(await raw(url, '/v1/bucket/create', { json: { name: 'objects' } }));
    const { package: pkg } = okData<{ package: { packageID: number } }>(await raw(url, '/v1/package/create', { json: { bucketID: bucket.bucketID, name: 'p' } }));
    const packageID = pkg.packageID;
    const contents = { 'x/one.txt': Buffer.from('one'), 'x/y/two.txt': Buffer.from('second file'), 'x/empty': Buffer.alloc(0) };
    const form = formBody([
      { name: 'info', data: JSON.stringify({ packageID, affinity: 1 }) },
      ...Object.entries(contents).map(([path, data]) => ({ name: 'files', filename: encodeURIComponent(path), data })),
    ]);
    const { uploadeds } = okData<{ uploadeds: WireObject[] }>(await raw(url, '/v1/object/upload', { body: form.body, headers: { 'content-type': form.contentType } }));
    expect(uploadeds.map((o) => o.path)).toEqual(Object.keys(contents));
    uploadeds.forEach((o, i) => expectWireObject(o, Object.values(contents)[i]));
    expect(uploadeds[2]!.size).toBe('0');
    const [one, two] = uploadeds as [WireObject, WireObject, WireObject];

    const list = okData<Record<string, unknown>>(await raw(url, '/v1/object/listByPath', { query: { packageID, path: 'x/', isPrefix: true, noRecursive: true } }));
    expect(Object.keys(list).sort()).toEqual(['commonPrefixes', 'isTruncated', 'nextContinuationToken', 'objects']);
    expect(list).toEqual({ nextContinuationToken: '', isTruncated: false, commonPrefixes: ['x/y/'], objects: [uploadeds[2], one] });
    const page = okData<Record<string, unknown>>(await raw(url, '/v1/object/listByPath', { query: { packageID, path: 'x/', isPrefix: true, maxKeys: 1 } }));
    expect(page.isTruncated).toBe(true);
    expect(typeof page.nextContinuationToken).toBe('string');
    expect(page.nextContinuationToken).not.toBe('');
    const exact = okData<Record<string, unknown>>(await raw(url, '/v1/object/listByPath', { query: { packageID, path: 'x/y/two.txt' } }));
    expect(exact).toEqual({ objects: [two], commonPrefixes: [], isTruncated: false, nextContinuationToken: '' });

    const pkgObjects = await raw(url, '/v1/object/getPackageObjects', { query: { packageID } });
    expect(pkgObjects.contentType).toMatch(/^application\/json/);
    expect(okData(pkgObjects)).toEqual({ objects: [uploadeds[2], one, two] });

    const moved = okData(await raw(url, '/v1/object/move', { json: { movings: [{ objectID: one.objectID, packageID, path: 'moved.txt' }, { objectID: 99999, packageID, path: 'q' }] } }));
    expect(moved).toEqual({ successes: [one.objectID] });

    const cloned = okData<{ objects: WireObject[] }>(await raw(url, '/v1/object/clone', { json: { clonings: [{ objectID: two.objectID, newPath: 'clone.txt', newPackageID: packageID }] } }));
    expect(Object.keys(cloned)).toEqual(['objects']);
    expect(cloned.objects).toHaveLength(1);
    expectWireObject(cloned.objects[0]!, contents['x/y/two.txt']);
    expect(cloned.objects[0]!.path).toBe('clone.txt');

    const started = okData<{ object: WireObject }>(await raw(url, '/v1/object/newMultipartUpload', { json: { packageID, path: 'multi' } }));
    expect(Object.keys(started)).toEqual(['object']);
    expectWireObject(started.object);
    expect(started.object).toMatchObject({ path: 'multi', size: '0', fileHash: 'Full' + '0'.repeat(64), redundancy: { type: 'multipartUpload' } });
    const objectID = started.object.objectID as number;
    for (const [index, data] of [
      [1, 'first part, '],
      [2, 'second part'],
    ] as const) {
      const part = formBody([
        { name: 'info', data: JSON.stringify({ objectID, index }) },
        { name: 'file', filename: 'blob', data },
      ]);
      const res = await raw(url, '/v1/object/uploadPart', { body: part.body, headers: { 'content-type': part.contentType } });
      expect(okData(res)).toBeNull();
    }
    const listedDuring = okData<{ objects: WireObject[] }>(await raw(url, '/v1/object/listByPath', { query: { packageID, path: 'multi' } }));
    expect(listedDuring.objects).toEqual([started.object]);
    const completed = okData<{ object: WireObject }>(await raw(url, '/v1/object/completeMultipartUpload', { json: { objectID, indexes: [2, 1] } }));
    expectWireObject(completed.object, Buffer.from('second partfirst part, '));
    expect(completed.object.objectID).toBe(objectID);
    expect(completed.object.createTime).toBe(started.object.createTime);

    const deleted = await raw(url, '/v1/object/delete', { json: { objectIDs: [one.objectID, 424242] } });
    expect(okData(deleted)).toBeNull();
  });

  it('downloads: octet-stream with Content-Length and a UTF-8 Content-Disposition; failures are JSON', async () => {
    const { bucket } = okData<{ bucket: { bucketID: number } }>(await raw(url, '/v1/bucket/create', { json: { name: 'dl' } }));
    const { package: pkg } = okData<{ package: { packageID: number } }>(await raw(url, '/v1/package/create', { json: { bucketID: bucket.bucketID, name: 'p' } }));
    const content = Buffer.from('下载的内容 download body');
    const name = '文档 (最终版) 100%.txt';
    const form = formBody([
      { name: 'info', data: JSON.stringify({ packageID: pkg.packageID }) },
      { name: 'files', filename: encodeURIComponent(`目录/${name}`), data: content },
    ]);
    const { uploadeds } = okData<{ uploadeds: WireObject[] }>(await raw(url, '/v1/object/upload', { body: form.body, headers: { 'content-type': form.contentType } }));
    const obj = uploadeds[0]!;
    expect(obj.path).toBe(`目录/${name}`);

    const res = await raw(url, '/v1/object/download', { query: { objectID: obj.objectID as number } });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.bytes.equals(content)).toBe(true);
    const disposition = res.headers.get('content-disposition') ?? '';
    const encoded = encodeURIComponent(name).replace(/[()]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    expect(disposition).toContain(`filename*=UTF-8''${encoded}`);
    expect(disposition).toContain("filename*=UTF-8''%E6%96%87%E6%A1%A3%20%28%E6%9C%80%E7%BB%88%E7%89%88%29%20100%25.txt");
    expect(disposition).toMatch(/^attachment;/);
    // The plain filename is an ASCII-only fallback.
    expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!)).toBe(name);

    const byPath = await raw(url, '/v1/object/downloadByPath', { query: { packageID: pkg.packageID, path: `目录/${name}`, offset: 3, length: 6 } });
    expect(byPath.contentType).toBe('application/octet-stream');
    expect(byPath.headers.get('content-length')).toBe('6');
    expect(byPath.bytes.equals(content.subarray(3, 9))).toBe(true);
    const byFullPath = await raw(url, '/v1/object/downloadByPath', { query: { path: `dl/p/目录/${name}` } });
    expect(byFullPath.bytes.equals(content)).toBe(true);
    expect(byFullPath.headers.get('content-disposition')).toBe(disposition);

    const empty = await raw(url, '/v1/object/download', { query: { objectID: obj.objectID as number, offset: content.length, length: 0 } });
    expect(empty.status).toBe(200);
    expect(empty.contentType).toBe('application/octet-stream');
    expect(empty.headers.get('content-length')).toBe('0');
    expect(empty.bytes.length).toBe(0);

    const missing = await raw(url, '/v1/object/download', { query: { objectID: 987654 } });
    expectFailure(missing, 200, 'DataNotFound', '987654');
    const missingByPath = await raw(url, '/v1/object/downloadByPath', { query: { path: 'dl/p/nope.txt' } });
    expectFailure(missingByPath, 200, 'DataNotFound', 'nope.txt');
    const badRange = await raw(url, '/v1/object/download', { query: { objectID: obj.objectID as number, offset: content.length + 1 } });
    expectFailure(badRange, 400, 'BadArgument', 'offset');
  });

  it('reads multipart Content-Type case-insensitively, with a quoted or unspaced boundary', async () => {
    const { bucket } = okData<{ bucket: { bucketID: number } }>(await raw(url, '/v1/bucket/create', { json: { name: 'content-types' } }));
    const { package: pkg } = okData<{ package: { packageID: number } }>(await raw(url, '/v1/package/create', { json: { bucketID: bucket.bucketID, name: 'p' } }));
    const variants = ['MULTIPART/FORM-DATA; boundary=bnd', 'Multipart/Form-Data; boundary="bnd"', 'multipart/form-data; boundary="bnd"', 'multipart/form-data;boundary=bnd', 'multipart/form-data; charset=utf-8; boundary=bnd'];
    for (const [i, contentType] of variants.entries()) {
      const form = formBody(
        [
          { name: 'info', data: JSON.stringify({ packageID: pkg.packageID }) },
          { name: 'files', filename: `v${i}.txt`, data: contentType },
        ],
        'bnd',
      );
      const res = await raw(url, '/v1/object/upload', { body: form.body, headers: { 'content-type': contentType } });
      expect(okData<{ uploadeds: Array<{ path: string }> }>(res).uploadeds.map((o) => o.path), contentType).toEqual([`v${i}.txt`]);
    }
    const { object } = okData<{ object: { objectID: number } }>(await raw(url, '/v1/object/newMultipartUpload', { json: { packageID: pkg.packageID, path: 'mp' } }));
    const partForm = formBody(
      [
        { name: 'info', data: JSON.stringify({ objectID: object.objectID, index: 0 }) },
        { name: 'file', filename: 'p', data: 'part' },
      ],
      'bnd',
    );
    expect(okData(await raw(url, '/v1/object/uploadPart', { body: partForm.body, headers: { 'content-type': 'Multipart/Form-Data; boundary=bnd' } }))).toBeNull();
  });

  it('serves every route without /v1 as well', async () => {
    const { bucket } = okData<{ bucket: { bucketID: number; name: string } }>(await raw(url, '/bucket/create', { json: { name: 'bare' } }));
    expect(okData(await raw(url, '/bucket/getByName', { query: { name: 'bare' } }))).toEqual({ bucket });
    expect(okData(await raw(url, '/bucket/listAll'))).toEqual(okData(await raw(url, '/v1/bucket/listAll')));
    const { package: pkg } = okData<{ package: { packageID: number } }>(await raw(url, '/package/create', { json: { bucketID: bucket.bucketID, name: 'p' } }));
    expect(okData(await raw(url, '/package/get', { query: { packageID: pkg.packageID } }))).toEqual({ package: pkg });
    expect(okData(await raw(url, '/package/getByFullName', { query: { bucketName: 'bare', packageName: 'p' } }))).toEqual({ package: pkg });
    expect(okData(await raw(url, '/package/listBucketPackages', { query: { bucketID: bucket.bucketID } }))).toEqual({ packages: [pkg] });
    const form = formBody([
      { name: 'info', data: JSON.stringify({ packageID: pkg.packageID }) },
      { name: 'files', filename: 'f.txt', data: 'bare upload' },
    ]);
    const { uploadeds } = okData<{ uploadeds: Array<{ objectID: number }> }>(await raw(url, '/object/upload', { body: form.body, headers: { 'content-type': form.contentType } }));
    const objectID = uploadeds[0]!.objectID;
    expect((await raw(url, '/object/download', { query: { objectID } })).bytes.toString()).toBe('bare upload');
    expect((await raw(url, '/object/downloadByPath', { query: { packageID: pkg.packageID, path: 'f.txt' } })).bytes.toString()).toBe('bare upload');
    expect(okData<{ objects: unknown[] }>(await raw(url, '/object/listByPath', { query: { packageID: pkg.packageID, path: 'f.txt' } })).objects).toHaveLength(1);
    expect(okData<{ objects: unknown[] }>(await raw(url, '/object/getPackageObjects', { query: { packageID: pkg.packageID } })).objects).toHaveLength(1);
    expect(okData(await raw(url, '/object/clone', { json: { clonings: [{ objectID, newPath: 'g.txt', newPackageID: pkg.packageID }] } }))).toHaveProperty('objects');
    expect(okData(await raw(url, '/object/move', { json: { movings: [{ objectID, packageID: pkg.packageID, path: 'h.txt' }] } }))).toEqual({ successes: [objectID] });
    const { object } = okData<{ object: { objectID: number } }>(await raw(url, '/object/newMultipartUpload', { json: { packageID: pkg.packageID, path: 'm' } }));
    const part = formBody([
      { name: 'info', data: JSON.stringify({ objectID: object.objectID, index: 0 }) },
      { name: 'file', filename: 'p0', data: 'part' },
    ]);
    expect(okData(await raw(url, '/object/uploadPart', { body: part.body, headers: { 'content-type': part.contentType } }))).toBeNull();
    expect(okData(await raw(url, '/object/completeMultipartUpload', { json: { objectID: object.objectID, indexes: [0] } }))).toHaveProperty('object');
    expect(okData(await raw(url, '/object/delete', { json: { objectIDs: [objectID] } }))).toBeNull();
    expect(okData(await raw(url, '/package/delete', { json: { packageID: pkg.packageID } }))).toBeNull();
    expect(okData(await raw(url, '/bucket/delete', { json: { bucketID: bucket.bucketID } }))).toBeNull();
  });

  it('an unknown route is 404 with a JSON envelope; a known route with the wrong method is 405', async () => {
    for (const path of ['/v1/no/such/route', '/v2/bucket/listAll', '/', '/v1', '/v1/', '/v1/bucket', '/v1/bucket/listAll/extra', '/V1/bucket/listAll', '/v1/bucket/listall']) {
      const res = await raw(url, path);
      expectFailure(res, 404, 'DataNotFound', 'no such route');
    }
    expectFailure(await raw(url, '/v1/nope', { json: {} }), 404, 'DataNotFound');
    expectFailure(await raw(url, '/v1/bucket/create'), 405, 'BadArgument', 'GET');
    expectFailure(await raw(url, '/v1/bucket/listAll', { json: {} }), 405, 'BadArgument', 'POST');
    expectFailure(await raw(url, '/bucket/delete', { method: 'DELETE' }), 405, 'BadArgument', 'DELETE');
    expectFailure(await raw(url, '/v1/object/upload', { method: 'PUT', body: 'x' }), 405, 'BadArgument', 'PUT');
    expect(okData(await raw(url, '/v1/bucket/listAll'))).toHaveProperty('buckets');
  });

  it('a route answers HEAD or OPTIONS with an error, never with data', async () => {
    const head = await fetch(`${url}/v1/bucket/listAll`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    const options = await raw(url, '/v1/bucket/listAll', { method: 'OPTIONS' });
    expectFailure(options, 405, 'BadArgument', 'OPTIONS');
  });
});

describe('times on the wire', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  async function timesAt(tz: string, now: number) {
    process.env.TZ = tz;
    const dir = await makeTempDir('jcs-routes-time');
    const node = await startStorageNode({ dataDir: dir.path, now: () => now, log: () => {} });
    try {
      const bucket = okData<{ bucket: { createTime: string } }>(await raw(node.url, '/v1/bucket/create', { json: { name: 'b' } })).bucket;
      const pkg = okData<{ package: { packageID: number; createTime: string } }>(await raw(node.url, '/v1/package/create', { json: { bucketID: 1, name: 'p' } })).package;
      const form = formBody([
        { name: 'info', data: JSON.stringify({ packageID: pkg.packageID }) },
        { name: 'files', filename: 'f', data: 'x' },
      ]);
      const obj = okData<{ uploadeds: Array<{ createTime: string; updateTime: string }> }>(await raw(node.url, '/v1/object/upload', { body: form.body, headers: { 'content-type': form.contentType } })).uploadeds[0]!;
      return [bucket.createTime, pkg.createTime, obj.createTime, obj.updateTime];
    } finally {
      await node.close();
      await dir.remove();
    }
  }

  it('are RFC 3339 in local time with a numeric offset', async () => {
    const seedExample = Date.UTC(2025, 5, 24, 8, 31, 28, 514); // 2025-06-24T16:31:28.514+08:00
    expect(await timesAt('Asia/Shanghai', seedExample)).toEqual(Array(4).fill('2025-06-24T16:31:28.514+08:00'));
    expect(await timesAt('Asia/Shanghai', Date.UTC(2024, 10, 5, 3, 6, 28))).toEqual(Array(4).fill('2024-11-05T11:06:28+08:00'));
    expect(await timesAt('UTC', Date.UTC(2024, 0, 1, 0, 0, 0, 500))).toEqual(Array(4).fill('2024-01-01T00:00:00.5+00:00'));
    expect(await timesAt('America/St_Johns', Date.UTC(2025, 5, 24, 2, 0, 0, 10))).toEqual(Array(4).fill('2025-06-23T23:30:00.01-02:30'));
    expect(await timesAt('Asia/Kolkata', Date.UTC(2025, 11, 31, 18, 30, 0, 0))).toEqual(Array(4).fill('2026-01-01T00:00:00+05:30'));
    for (const time of await timesAt('America/Los_Angeles', Date.now())) expect(time).toMatch(TIME_RE);
  });
});

describe('a node with keys', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ credentials: generateCredentials() });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers unsigned or wrongly signed requests with 401 Unauthorized, on /v1 and bare paths', async () => {
    expectFailure(await raw(t.node.url, '/v1/bucket/listAll'), 401, 'Unauthorized', 'Authorization');
    expectFailure(await raw(t.node.url, '/bucket/listAll'), 401, 'Unauthorized');
    expectFailure(await raw(t.node.url, '/v1/bucket/create', { json: { name: 'x' } }), 401, 'Unauthorized');
    const wrong = { accessKey: t.credentials!.accessKey, secretKey: 'not-the-secret' };
    expectFailure(await raw(t.node.url, '/v1/bucket/listAll', { credentials: wrong }), 401, 'Unauthorized', 'signature');
    expect(okData(await raw(t.node.url, '/v1/bucket/listAll', { credentials: t.credentials }))).toEqual({ buckets: [] });
  });

  it('accepts signed raw requests with unicode queries, JSON bodies and UNSIGNED-PAYLOAD multipart bodies', async () => {
    const bucket = okData<{ bucket: { bucketID: number } }>(await raw(t.node.url, '/v1/bucket/create', { json: { name: '签名 桶' }, credentials: t.credentials })).bucket;
    expect(okData(await raw(t.node.url, '/v1/bucket/getByName', { query: { name: '签名 桶' }, credentials: t.credentials }))).toEqual({ bucket });
    const pkg = okData<{ package: { packageID: number } }>(await raw(t.node.url, '/v1/package/create', { json: { bucketID: bucket.bucketID, name: 'p+q' }, credentials: t.credentials })).package;
    const form = formBody([
      { name: 'info', data: JSON.stringify({ packageID: pkg.packageID }) },
      { name: 'files', filename: encodeURIComponent('路径/a b+c.txt'), data: 'signed' },
    ]);
    const up = okData<{ uploadeds: Array<{ path: string; fileHash: string }> }>(
      await raw(t.node.url, '/v1/object/upload', { body: form.body, headers: { 'content-type': form.contentType }, credentials: t.credentials }),
    );
    expect(up.uploadeds[0]).toMatchObject({ path: '路径/a b+c.txt', fileHash: fullHashOf('signed') });
    const dl = await raw(t.node.url, '/v1/object/downloadByPath', { query: { path: '签名 桶/p+q/路径/a b+c.txt' }, credentials: t.credentials });
    expect(dl.bytes.toString()).toBe('signed');
    // Unknown routes are 404 before any signature check.
    expectFailure(await raw(t.node.url, '/v1/nope'), 404, 'DataNotFound');
    // A body that does not match its signed hash is refused, and nothing is created.
    const target = new URL(`${t.node.url}/v1/bucket/create`);
    const signed = signRequest({ method: 'POST', url: target, payloadHash: sha256Hex('{"name":"original"}'), credentials: t.credentials! });
    const tampered = await fetch(target, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body: '{"name":"tampered"}' });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: 'Unauthorized', data: null });
    expectFailure(await raw(t.node.url, '/v1/bucket/getByName', { query: { name: 'tampered' }, credentials: t.credentials }), 200, 'DataNotFound');
  });
});
