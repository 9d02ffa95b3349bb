/**
 * Bad input for every storage-node route, over raw HTTP against a real
 * loopback node: each request gets the specific HTTP status and code with a
 * message naming the field, changes nothing, and the node keeps serving.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { expectFailure, formBody, listFiles, okData, raw, sleep, type FormPart, type RawRequest, type RawResponse } from './routes-support';

let t: TestNode;
let url: string;
let bucketID: number;
let bucketName: string;
let packageID: number;
/** A complete object `dir/file.txt` with content '0123456789'. */
let objectID: number;
/** An object with a multipart upload in progress (part 0 uploaded). */
let pendingID: number;

const send = (path: string, request?: RawRequest) => raw(url, path, request);
const postJson = (path: string, json: unknown) => send(path, { json });
const postText = (path: string, body: string) => send(path, { body, headers: { 'content-type': 'application/json' } });
const postForm = (path: string, parts: readonly FormPart[]) => {
  const form = formBody(parts);
  return send(path, { body: form.body, headers: { 'content-type': form.contentType } });
};
const info = (value: unknown): FormPart => ({ name: 'info', data: JSON.stringify(value) });
const file = (filename: string, data: string | Buffer = 'x'): FormPart => ({ name: 'files', filename, data });

let counter = 0;
const unique = (label: string) => `${label}-${++counter}`;

/** Good requests, one per route family: after any bad request the node must still do real work. */
const good = {
  bucket: async () => {
    const name = unique('good-bucket');
    const { bucket } = okData<{ bucket: { bucketID: number } }>(await postJson('/v1/bucket/create', { name }));
    expect(okData(await send('/v1/bucket/getByName', { query: { name } }))).toEqual({ bucket });
    expect(okData(await postJson('/v1/bucket/delete', { bucketID: bucket.bucketID }))).toBeNull();
  },
  package: async () => {
    const name = unique('good-package');
    const { package: pkg } = okData<{ package: { packageID: number } }>(await postJson('/v1/package/create', { bucketID, name }));
    expect(okData(await send('/v1/package/get', { query: { packageID: pkg.packageID } }))).toEqual({ package: pkg });
    expect(okData(await send('/v1/package/getByFullName', { query: { bucketName, packageName: name } }))).toEqual({ package: pkg });
    expect(okData<{ packages: unknown[] }>(await send('/v1/package/listBucketPackages', { query: { bucketID } })).packages).toContainEqual(pkg);
    expect(okData(await postJson('/v1/package/delete', { packageID: pkg.packageID }))).toBeNull();
  },
  upload: async () => {
    const path = unique('good/upload') + '.txt';
    const res = await postForm('/v1/object/upload', [info({ packageID }), file(encodeURIComponent(path), 'good upload')]);
    const { uploadeds } = okData<{ uploadeds: Array<{ objectID: number; path: string }> }>(res);
    expect(uploadeds.map((o) => o.path)).toEqual([path]);
    expect(okData(await postJson('/v1/object/delete', { objectIDs: [uploadeds[0]!.objectID] }))).toBeNull();
  },
  read: async () => {
    const whole = await send('/v1/object/download', { query: { objectID } });
    expect(whole.contentType).toBe('application/octet-stream');
    expect(whole.bytes.toString()).toBe('0123456789');
    const part = await send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/file.txt', offset: 2, length: 3 } });
    expect(part.bytes.toString()).toBe('234');
    const full = await send('/v1/object/downloadByPath', { query: { path: `${bucketName}/main/dir/file.txt`, offset: 9 } });
    expect(full.bytes.toString()).toBe('9');
  },
  list: async () => {
    const listed = okData<{ objects: Array<{ path: string }>; commonPrefixes: string[] }>(
      await send('/v1/object/listByPath', { query: { packageID, path: '', isPrefix: true, noRecursive: true } }),
    );
    expect(listed.commonPrefixes).toContain('dir/');
    expect(okData<{ objects: Array<{ path: string }> }>(await send('/v1/object/getPackageObjects', { query: { packageID } })).objects.map((o) => o.path)).toContain('dir/file.txt');
  },
  objectEdits: async () => {
    const { objects } = okData<{ objects: Array<{ objectID: number }> }>(
      await postJson('/v1/object/clone', { clonings: [{ objectID, newPath: unique('clone/c'), newPackageID: packageID }] }),
    );
    const id = objects[0]!.objectID;
    expect(okData(await postJson('/v1/object/move', { movings: [{ objectID: id, packageID, path: unique('moved/m') }] }))).toEqual({ successes: [id] });
    expect(okData(await postJson('/v1/object/delete', { objectIDs: [id] }))).toBeNull();
  },
  multipart: async () => {
    const { object } = okData<{ object: { objectID: number } }>(await postJson('/v1/object/newMultipartUpload', { packageID, path: unique('mp/obj') }));
    for (const index of [3, 4]) {
      const part = await postForm('/v1/object/uploadPart', [info({ objectID: object.objectID, index }), { name: 'file', filename: 'p', data: 'abc' }]);
      expect(okData(part)).toBeNull();
    }
    const done = okData<{ object: { size: string } }>(await postJson('/v1/object/completeMultipartUpload', { objectID: object.objectID, indexes: [4, 3] }));
    expect(done.object.size).toBe('6');
    expect(okData(await postJson('/v1/object/delete', { objectIDs: [object.objectID] }))).toBeNull();
  },
};

interface BadCase {
  label: string;
  send: () => Promise<RawResponse>;
  status?: number;
  code?: string;
  mentions?: string | readonly string[];
}

/** Sends each case, checks its failure, then checks the node still serves `after`. */
async function expectBad(cases: readonly BadCase[], after: () => Promise<void>): Promise<void> {
  for (const c of cases) {
    const res = await c.send();
    expectFailure(res, c.status ?? 400, c.code ?? 'BadArgument', c.mentions ?? [], c.label);
    await after();
  }
}

/** Bodies no JSON route can accept. */
const unparsableBodies: ReadonlyArray<{ label: string; body: string; mentions: string }> = [
  { label: 'empty body', body: '', mentions: 'empty' },
  { label: 'malformed JSON', body: '{"name": ', mentions: 'JSON' },
  { label: 'not JSON at all', body: 'name=x', mentions: 'JSON' },
  { label: 'trailing garbage', body: '{"bucketID": 1} x', mentions: 'JSON' },
];
const nonObjects: readonly unknown[] = [null, [], 'text', 42, true];

/** Content types a JSON route refuses (415): what a web page's no-cors request can send, and none at all. */
const nonJsonTypes: readonly string[] = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', ''];

function jsonRouteBasics(path: string): BadCase[] {
  return [
    ...nonJsonTypes.map((type) => ({
      label: `${path} content type '${type}'`,
      send: () => send(path, { body: '{}', headers: { 'content-type': type } }),
      status: 415,
      mentions: 'application/json',
    })),
    ...unparsableBodies.map((b) => ({ label: `${path} ${b.label}`, send: () => postText(path, b.body), mentions: b.mentions })),
    ...nonObjects.map((value) => ({ label: `${path} body ${JSON.stringify(value)}`, send: () => postJson(path, value), mentions: 'expected object' })),
  ];
}

/** JSON values that are not a valid ID. */
const badJsonIds: readonly unknown[] = [0, -1, 1.5, '1', null, true, 1e20, 2 ** 53, [1], {}];
/** Query values that are not a valid ID. */
const badQueryIds: readonly string[] = ['0', '-1', '1.5', 'abc', '', '1e3', ' 1', '0x10', '99999999999999999999', '9007199254740992'];

function badJsonIdCases(path: string, field: string, body: (id: unknown) => unknown, mention = field): BadCase[] {
  return [
    { label: `${path} without ${field}`, send: () => postJson(path, body(undefined)), mentions: mention },
    ...badJsonIds.map((id) => ({ label: `${path} ${field}=${JSON.stringify(id)}`, send: () => postJson(path, body(id)), mentions: mention })),
  ];
}

function badQueryIdCases(path: string, field: string, query: Record<string, string | number | boolean> = {}): BadCase[] {
  return [
    { label: `${path} without ${field}`, send: () => send(path, { query }), mentions: field },
    ...badQueryIds.map((id) => ({ label: `${path} ${field}='${id}'`, send: () => send(path, { query: { ...query, [field]: id } }), mentions: field })),
  ];
}

/** Names a bucket or package may not have. */
const badNames: ReadonlyArray<[string, unknown]> = [
  ['empty', ''],
  ['dot', '.'],
  ['dot dot', '..'],
  ['slash', 'a/b'],
  ['backslash', 'a\\b'],
  ['NUL', 'a\u0000b'],
  ['newline', 'a\nb'],
  ['leading space', ' a'],
  ['trailing space', 'a '],
  ['256 bytes', 'n'.repeat(256)],
  ['256 bytes of CJK', 'n'.repeat(253) + '名'],
  ['lone surrogate', 'a\ud800'],
  ['number', 5],
  ['null', null],
];

/** Object paths every route refuses, with what the message must say. */
const badPaths: ReadonlyArray<[string, string]> = [
  ['leading slash', '/a.txt'],
  ['empty', ''],
  ['empty segment', 'a//b'],
  ['trailing slash', 'a/'],
  ['dot segment', './x'],
  ['dot dot segment', 'a/../b'],
  ['just dot dot', '..'],
  ['backslash', 'a\\b'],
  ['NUL', 'a\u0000b'],
  ['tab', 'a\tb'],
  ['over 1024 bytes', ('s'.repeat(200) + '/').repeat(5) + 's'.repeat(20)],
  ['segment over 255 bytes', 'ok/' + 'g'.repeat(256)],
  ['lone surrogate', 'a\udc00b'],
];
/** The bad paths a URL can carry (a lone surrogate cannot be percent-encoded: URLs carry UTF-8). */
const badUrlPaths = badPaths.filter(([label]) => label !== 'lone surrogate');

beforeAll(async () => {
  t = await startTestNode({ credentials: null });
  url = t.node.url;
  bucketName = 'bad-input';
  const { bucket } = okData<{ bucket: { bucketID: number } }>(await postJson('/v1/bucket/create', { name: bucketName }));
  bucketID = bucket.bucketID;
  const { package: pkg } = okData<{ package: { packageID: number } }>(await postJson('/v1/package/create', { bucketID, name: 'main' }));
  packageID = pkg.packageID;
  const up = okData<{ uploadeds: Array<{ objectID: number }> }>(await postForm('/v1/object/upload', [info({ packageID }), file('dir%2Ffile.txt', '0123456789')]));
  objectID = up.uploadeds[0]!.objectID;
  const { object } = okData<{ object: { objectID: number } }>(await postJson('/v1/object/newMultipartUpload', { packageID, path: 'pending.bin' }));
  pendingID = object.objectID;
  okData(await postForm('/v1/object/uploadPart', [info({ objectID: pendingID, index: 0 }), { name: 'file', filename: 'p0', data: 'part zero' }]));
});
afterAll(async () => {
  await t.dispose();
});

describe('bucket routes', () => {
  it('bucket/create', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/bucket/create'),
        { label: 'no name', send: () => postJson('/v1/bucket/create', {}), mentions: 'name' },
        { label: 'userID not a number', send: () => postJson('/v1/bucket/create', { userID: 'me', name: 'x' }), mentions: 'userID' },
        ...badNames.map(([label, name]) => ({ label: `name ${label}`, send: () => postJson('/v1/bucket/create', { name }), mentions: 'name' })),
        { label: 'duplicate', send: () => postJson('/v1/bucket/create', { name: bucketName }), status: 200, code: 'DataExists', mentions: bucketName },
      ],
      good.bucket,
    );
    // A name of exactly 255 bytes is fine.
    okData(await postJson('/v1/bucket/create', { name: 'n'.repeat(252) + '名' }));
  });

  it('bucket/getByName', async () => {
    await expectBad(
      [
        { label: 'no name', send: () => send('/v1/bucket/getByName'), mentions: 'name' },
        { label: 'unknown', send: () => send('/v1/bucket/getByName', { query: { name: 'no-such-bucket' } }), status: 200, code: 'DataNotFound', mentions: 'no-such-bucket' },
      ],
      good.bucket,
    );
  });

  it('bucket/delete', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/bucket/delete'),
        ...badJsonIdCases('/v1/bucket/delete', 'bucketID', (id) => ({ bucketID: id })),
        { label: 'unknown', send: () => postJson('/v1/bucket/delete', { bucketID: 777777 }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.bucket,
    );
    okData(await send('/v1/bucket/getByName', { query: { name: bucketName } }));
  });
});

describe('package routes', () => {
  it('package/create', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/package/create'),
        ...badJsonIdCases('/v1/package/create', 'bucketID', (id) => ({ bucketID: id, name: 'x' })),
        { label: 'no name', send: () => postJson('/v1/package/create', { bucketID }), mentions: 'name' },
        ...badNames.map(([label, name]) => ({ label: `name ${label}`, send: () => postJson('/v1/package/create', { bucketID, name }), mentions: 'name' })),
        { label: 'unknown bucket', send: () => postJson('/v1/package/create', { bucketID: 777777, name: 'x' }), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'duplicate', send: () => postJson('/v1/package/create', { bucketID, name: 'main' }), status: 200, code: 'DataExists', mentions: 'main' },
      ],
      good.package,
    );
  });

  it('package/get, getByFullName, listBucketPackages', async () => {
    await expectBad(
      [
        ...badQueryIdCases('/v1/package/get', 'packageID'),
        { label: 'get unknown', send: () => send('/v1/package/get', { query: { packageID: 777777 } }), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'no bucketName', send: () => send('/v1/package/getByFullName', { query: { packageName: 'main' } }), mentions: 'bucketName' },
        { label: 'no packageName', send: () => send('/v1/package/getByFullName', { query: { bucketName } }), mentions: 'packageName' },
        { label: 'unknown full name', send: () => send('/v1/package/getByFullName', { query: { bucketName, packageName: 'nope' } }), status: 200, code: 'DataNotFound', mentions: 'nope' },
        { label: 'unknown bucket name', send: () => send('/v1/package/getByFullName', { query: { bucketName: 'nope-b', packageName: 'main' } }), status: 200, code: 'DataNotFound' },
        ...badQueryIdCases('/v1/package/listBucketPackages', 'bucketID'),
        { label: 'list unknown', send: () => send('/v1/package/listBucketPackages', { query: { bucketID: 777777 } }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.package,
    );
  });

  it('package/delete', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/package/delete'),
        ...badJsonIdCases('/v1/package/delete', 'packageID', (id) => ({ packageID: id })),
        { label: 'unknown', send: () => postJson('/v1/package/delete', { packageID: 777777 }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.package,
    );
    okData(await send('/v1/package/get', { query: { packageID } }));
  });
});

describe('object/upload', () => {
  it('refuses bad forms', async () => {
    const jsonBody = Buffer.from(JSON.stringify({ packageID }));
    await expectBad(
      [
        { label: 'JSON content type', send: () => send('/v1/object/upload', { body: jsonBody, headers: { 'content-type': 'application/json' } }), status: 415, mentions: 'multipart/form-data' },
        { label: 'no content type', send: () => send('/v1/object/upload', { body: jsonBody, headers: { 'content-type': '' } }), status: 415, mentions: 'multipart/form-data' },
        { label: 'text/plain', send: () => send('/v1/object/upload', { body: jsonBody, headers: { 'content-type': 'text/plain' } }), status: 415, mentions: 'multipart/form-data' },
        { label: 'no boundary', send: () => send('/v1/object/upload', { body: 'x', headers: { 'content-type': 'multipart/form-data' } }), mentions: 'boundary' },
        { label: 'empty multipart body', send: () => send('/v1/object/upload', { body: '', headers: { 'content-type': 'multipart/form-data; boundary=zzz' } }) },
        {
          label: 'truncated multipart body',
          send: () => {
            const form = formBody([info({ packageID }), file('cut.txt', 'some bytes')]);
            return send('/v1/object/upload', { body: form.body.subarray(0, form.body.length - 30), headers: { 'content-type': form.contentType } });
          },
        },
        { label: 'no info part', send: () => postForm('/v1/object/upload', [file('a.txt')]), mentions: 'info' },
        { label: 'info after files', send: () => postForm('/v1/object/upload', [file('a.txt'), info({ packageID })]), mentions: 'info' },
        { label: 'info not JSON', send: () => postForm('/v1/object/upload', [{ name: 'info', data: '{packageID: 1' }, file('a.txt')]), mentions: ['info', 'JSON'] },
        { label: 'info empty', send: () => postForm('/v1/object/upload', [{ name: 'info', data: '' }, file('a.txt')]), mentions: 'info' },
        { label: 'info without packageID', send: () => postForm('/v1/object/upload', [info({ userID: 1 }), file('a.txt')]), mentions: ['info', 'packageID'] },
        ...badJsonIds.map((id) => ({ label: `info packageID ${JSON.stringify(id)}`, send: () => postForm('/v1/object/upload', [info({ packageID: id }), file('a.txt')]), mentions: 'packageID' })),
        { label: 'info an array', send: () => postForm('/v1/object/upload', [info([packageID]), file('a.txt')]), mentions: 'info' },
        { label: 'affinity not a number', send: () => postForm('/v1/object/upload', [info({ packageID, affinity: 'x' }), file('a.txt')]), mentions: 'affinity' },
        { label: 'info twice', send: () => postForm('/v1/object/upload', [info({ packageID }), info({ packageID }), file('a.txt')]), mentions: 'info' },
        { label: 'unexpected field', send: () => postForm('/v1/object/upload', [info({ packageID }), { name: 'other', data: 'x' }, file('a.txt')]), mentions: 'other' },
        { label: 'file under a wrong name', send: () => postForm('/v1/object/upload', [info({ packageID }), { name: 'file', filename: 'a.txt', data: 'x' }]), mentions: 'file' },
        { label: 'no files', send: () => postForm('/v1/object/upload', [info({ packageID })]), mentions: 'files' },
        { label: 'unknown package', send: () => postForm('/v1/object/upload', [info({ packageID: 777777 }), file('a.txt')]), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.upload,
    );
  });

  it('refuses bad object paths in filenames, naming the file part', async () => {
    const encodedBad = badUrlPaths.filter(([, path]) => path !== '').map(([label, path]) => ({ label, filename: encodeURIComponent(path) }));
    await expectBad(
      [
        ...encodedBad.map(({ label, filename }) => ({ label: `filename ${label}`, send: () => postForm('/v1/object/upload', [info({ packageID }), file(filename)]), mentions: ['files[0]', 'path'] })),
        // busboy reports a part with an empty filename as a plain field.
        { label: 'empty filename', send: () => postForm('/v1/object/upload', [info({ packageID }), file('')]), mentions: 'files' },
        { label: 'filename encoding a lone surrogate', send: () => postForm('/v1/object/upload', [info({ packageID }), file('a%ED%B0%80b')]), mentions: ['files[0]', 'URL encoding'] },
        { label: 'filename with invalid URL encoding', send: () => postForm('/v1/object/upload', [info({ packageID }), file('%E0%A4%A')]), mentions: ['files[0]', 'URL encoding'] },
        { label: 'filename with a lone %', send: () => postForm('/v1/object/upload', [info({ packageID }), file('100%.txt')]), mentions: ['files[0]', 'URL encoding'] },
        { label: 'filename encoding an invalid UTF-8 byte', send: () => postForm('/v1/object/upload', [info({ packageID }), file('%FF.txt')]), mentions: ['files[0]'] },
        { label: 'raw leading slash', send: () => postForm('/v1/object/upload', [info({ packageID }), file('/abs.txt')]), mentions: ['files[0]', "'/'"] },
        { label: 'raw dot dot', send: () => postForm('/v1/object/upload', [info({ packageID }), file('a/../b.txt')]), mentions: ['files[0]', "'..'"] },
        { label: 'bad path in the third file', send: () => postForm('/v1/object/upload', [info({ packageID }), file('ok1.txt'), file('ok2.txt'), file('a%2F%2Fb')]), mentions: 'files[2]' },
      ],
      good.upload,
    );
    // The longest allowed path and segment work.
    const longest = [...Array<string>(3).fill('s'.repeat(255)), 'é'.repeat(127), 't'].join('/'); // 765 + 254 + 1 + 4 slashes
    expect(Buffer.byteLength(longest)).toBe(1024);
    const { uploadeds } = okData<{ uploadeds: Array<{ path: string }> }>(await postForm('/v1/object/upload', [info({ packageID }), file(encodeURIComponent(longest))]));
    expect(uploadeds[0]!.path).toBe(longest);
  });

  it('a failed upload changes nothing: no object, no temp file, no blob', async () => {
    const before = {
      objects: okData(await send('/v1/object/getPackageObjects', { query: { packageID } })),
      tmp: await listFiles(`${t.dataDir}/tmp`),
      blobs: await listFiles(`${t.dataDir}/blobs`),
    };
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    big.write(`unique ${Math.random()}`);
    const attempts: Array<{ label: string; parts: FormPart[]; status: number; code: string; mentions: string }> = [
      { label: 'bad path in the 2nd file', parts: [info({ packageID }), file('fail/first.txt', big), file('fail%2F..%2Fsecond.txt', 'second'), file('fail/third.txt', 'third')], status: 400, code: 'BadArgument', mentions: 'files[1]' },
      { label: 'bad encoding in the 2nd file', parts: [info({ packageID }), file('fail/first.txt', 'small first'), file('%E0%A4%A', big)], status: 400, code: 'BadArgument', mentions: 'files[1]' },
      { label: 'bad 2nd file after a large one', parts: [info({ packageID }), file('fail/one.bin', big), file('a%5Cb', 'backslash')], status: 400, code: 'BadArgument', mentions: 'files[1]' },
      { label: 'nameless 2nd file after a large one', parts: [info({ packageID }), file('fail/one.bin', big), file('', 'empty name')], status: 400, code: 'BadArgument', mentions: 'files' },
      { label: 'unknown package', parts: [info({ packageID: 777777 }), file('fail/x.txt', big)], status: 200, code: 'DataNotFound', mentions: '777777' },
      { label: 'files before info', parts: [file('fail/early.txt', big), info({ packageID })], status: 400, code: 'BadArgument', mentions: 'info' },
      { label: 'second info after a file', parts: [info({ packageID }), file('fail/a.txt', big), info({ packageID })], status: 400, code: 'BadArgument', mentions: 'info' },
    ];
    for (const attempt of attempts) {
      expectFailure(await postForm('/v1/object/upload', attempt.parts), attempt.status, attempt.code, attempt.mentions, attempt.label);
      await sleep(100); // let the blob collector run
      expect(okData(await send('/v1/object/getPackageObjects', { query: { packageID } })), attempt.label).toEqual(before.objects);
      expect(await listFiles(`${t.dataDir}/tmp`), attempt.label).toEqual(before.tmp);
      expect(await listFiles(`${t.dataDir}/blobs`), attempt.label).toEqual(before.blobs);
      const found = okData<{ objects: unknown[] }>(await send('/v1/object/listByPath', { query: { packageID, path: 'fail/', isPrefix: true } }));
      expect(found.objects, attempt.label).toEqual([]);
    }
    await good.upload();
  });
});

describe('clients that go away', () => {
  it('an upload cut off mid-body leaves no object, temp file or blob, and the node keeps serving', async () => {
    const before = { tmp: await listFiles(`${t.dataDir}/tmp`), blobs: await listFiles(`${t.dataDir}/blobs`) };
    for (const route of ['/v1/object/upload', '/v1/object/uploadPart']) {
      const boundary = 'cut-off-boundary';
      const infoJson = route.endsWith('upload') ? { packageID } : { objectID: pendingID, index: 9 };
      const field = route.endsWith('upload') ? 'files' : 'file';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="info"\r\n\r\n${JSON.stringify(infoJson)}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="cut%2Foff.bin"\r\n\r\n`,
      );
      const target = new URL(url + route);
      await new Promise<void>((resolve) => {
        const req = request(target, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + 10 * 1024 * 1024 } });
        req.on('error', () => resolve());
        req.on('response', (res) => {
          res.resume();
          resolve();
        });
        req.write(head);
        req.write(Buffer.alloc(512 * 1024, 1), () => {
          setTimeout(() => req.destroy(), 50);
        });
      });
      await sleep(200);
      expect(await listFiles(`${t.dataDir}/tmp`), route).toEqual(before.tmp);
      expect(await listFiles(`${t.dataDir}/blobs`), route).toEqual(before.blobs);
      const found = okData<{ objects: unknown[] }>(await send('/v1/object/listByPath', { query: { packageID, path: 'cut/', isPrefix: true } }));
      expect(found.objects).toEqual([]);
    }
    expectFailure(await postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [9] }), 400, 'BadArgument', 'indexes');
    await good.upload();
    await good.multipart();
  });
});

describe('multipart upload routes', () => {
  it('object/newMultipartUpload', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/object/newMultipartUpload'),
        ...badJsonIdCases('/v1/object/newMultipartUpload', 'packageID', (id) => ({ packageID: id, path: 'x' })),
        { label: 'no path', send: () => postJson('/v1/object/newMultipartUpload', { packageID }), mentions: 'path' },
        { label: 'path a number', send: () => postJson('/v1/object/newMultipartUpload', { packageID, path: 7 }), mentions: 'path' },
        ...badPaths.map(([label, path]) => ({ label: `path ${label}`, send: () => postJson('/v1/object/newMultipartUpload', { packageID, path }), mentions: 'path' })),
        { label: 'unknown package', send: () => postJson('/v1/object/newMultipartUpload', { packageID: 777777, path: 'x' }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.multipart,
    );
  });

  it('object/uploadPart', async () => {
    const part = (value: unknown, data = 'p'): FormPart[] => [info(value), { name: 'file', filename: 'part', data }];
    await expectBad(
      [
        { label: 'JSON content type', send: () => postJson('/v1/object/uploadPart', { objectID: pendingID, index: 1 }), status: 415, mentions: 'multipart/form-data' },
        { label: 'no info', send: () => postForm('/v1/object/uploadPart', [{ name: 'file', filename: 'part', data: 'p' }]), mentions: 'info' },
        { label: 'info after file', send: () => postForm('/v1/object/uploadPart', [{ name: 'file', filename: 'part', data: 'p' }, info({ objectID: pendingID, index: 1 })]), mentions: 'info' },
        { label: 'info not JSON', send: () => postForm('/v1/object/uploadPart', [{ name: 'info', data: 'objectID=1' }, { name: 'file', filename: 'part', data: 'p' }]), mentions: 'info' },
        ...badJsonIds.map((id) => ({ label: `objectID ${JSON.stringify(id)}`, send: () => postForm('/v1/object/uploadPart', part({ objectID: id, index: 1 })), mentions: 'objectID' })),
        { label: 'no index', send: () => postForm('/v1/object/uploadPart', part({ objectID: pendingID })), mentions: 'index' },
        ...[-1, 1.5, '1', null, 1_000_001].map((index) => ({ label: `index ${JSON.stringify(index)}`, send: () => postForm('/v1/object/uploadPart', part({ objectID: pendingID, index })), mentions: 'index' })),
        { label: 'no file part', send: () => postForm('/v1/object/uploadPart', [info({ objectID: pendingID, index: 1 })]), mentions: 'file' },
        { label: "file part named 'files'", send: () => postForm('/v1/object/uploadPart', [info({ objectID: pendingID, index: 1 }), file('part')]), mentions: 'files' },
        {
          label: 'two file parts',
          send: () => postForm('/v1/object/uploadPart', [info({ objectID: pendingID, index: 1 }), { name: 'file', filename: 'a', data: 'a' }, { name: 'file', filename: 'b', data: 'b' }]),
          mentions: 'file',
        },
        { label: 'a complete object', send: () => postForm('/v1/object/uploadPart', part({ objectID, index: 1 })), mentions: ['objectID', 'multipart'] },
        { label: 'unknown object', send: () => postForm('/v1/object/uploadPart', part({ objectID: 777777, index: 1 })), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.multipart,
    );
  });

  it('object/completeMultipartUpload', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/object/completeMultipartUpload'),
        ...badJsonIdCases('/v1/object/completeMultipartUpload', 'objectID', (id) => ({ objectID: id, indexes: [0] })),
        { label: 'no indexes', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID }), mentions: 'indexes' },
        { label: 'empty indexes', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [] }), mentions: 'indexes' },
        { label: 'indexes not an array', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: 0 }), mentions: 'indexes' },
        { label: 'index a string', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [0, '1'] }), mentions: 'indexes' },
        { label: 'index negative', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [-1] }), mentions: 'indexes' },
        { label: 'index not uploaded', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [0, 5] }), mentions: ['indexes', '5'] },
        { label: 'index named twice', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [0, 0] }), mentions: ['indexes', 'part 0 is named twice'] },
        { label: 'index named twice, apart', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: [0, 7, 8, 0] }), mentions: ['positions 0 and 3'] },
        {
          label: '10,001 indexes',
          send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: Array.from({ length: 10_001 }, (_, i) => i) }),
          mentions: ['10001 parts named', 'at most 10000'],
        },
        // 10,000 distinct indexes pass the count check and fail on the first part not uploaded.
        { label: '10,000 indexes', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: pendingID, indexes: Array.from({ length: 10_000 }, (_, i) => i) }), mentions: 'part 1 of' },
        { label: 'a complete object', send: () => postJson('/v1/object/completeMultipartUpload', { objectID, indexes: [0] }), mentions: 'objectID' },
        { label: 'unknown object', send: () => postJson('/v1/object/completeMultipartUpload', { objectID: 777777, indexes: [0] }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.multipart,
    );
    // The pending upload was not disturbed by any of it.
    const listed = okData<{ objects: Array<{ size: string; redundancy: unknown }> }>(await send('/v1/object/listByPath', { query: { packageID, path: 'pending.bin' } }));
    expect(listed.objects[0]).toMatchObject({ size: '0', redundancy: { type: 'multipartUpload' } });
    expectFailure(await send('/v1/object/download', { query: { objectID: pendingID } }), 200, 'OperationFailed', 'multipart');
  });
});

describe('object read routes', () => {
  it('object/download', async () => {
    await expectBad(
      [
        ...badQueryIdCases('/v1/object/download', 'objectID'),
        { label: 'unknown', send: () => send('/v1/object/download', { query: { objectID: 777777 } }), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'offset beyond size', send: () => send('/v1/object/download', { query: { objectID, offset: 11 } }), mentions: 'offset' },
        { label: 'offset far beyond size', send: () => send('/v1/object/download', { query: { objectID, offset: 2 ** 40 } }), mentions: 'offset' },
        { label: 'offset+length beyond size', send: () => send('/v1/object/download', { query: { objectID, offset: 4, length: 7 } }), mentions: ['length', 'offset'] },
        { label: 'length beyond size', send: () => send('/v1/object/download', { query: { objectID, length: 11 } }), mentions: 'length' },
        { label: 'length at the end, past it', send: () => send('/v1/object/download', { query: { objectID, offset: 10, length: 1 } }), mentions: 'length' },
        ...['abc', '-1', '1.5', '1e2', '99999999999999999999'].map((offset) => ({ label: `offset '${offset}'`, send: () => send('/v1/object/download', { query: { objectID, offset } }), mentions: 'offset' })),
        ...['abc', '-1', '2.5'].map((length) => ({ label: `length '${length}'`, send: () => send('/v1/object/download', { query: { objectID, length } }), mentions: 'length' })),
        { label: 'unfinished multipart object', send: () => send('/v1/object/download', { query: { objectID: pendingID } }), status: 200, code: 'OperationFailed', mentions: 'multipart' },
      ],
      good.read,
    );
  });

  it('object/downloadByPath', async () => {
    await expectBad(
      [
        { label: 'no path', send: () => send('/v1/object/downloadByPath', { query: { packageID } }), mentions: 'path' },
        ...badQueryIds
          .filter((id) => id !== '')
          .map((id) => ({ label: `packageID '${id}'`, send: () => send('/v1/object/downloadByPath', { query: { packageID: id, path: 'dir/file.txt' } }), mentions: 'packageID' })),
        ...badUrlPaths
          .filter(([, path]) => path !== '')
          .map(([label, path]) => ({ label: `path ${label}`, send: () => send('/v1/object/downloadByPath', { query: { packageID, path } }), mentions: 'path' })),
        { label: 'empty path', send: () => send('/v1/object/downloadByPath', { query: { packageID, path: '' } }), mentions: 'path' },
        { label: 'full form with one segment', send: () => send('/v1/object/downloadByPath', { query: { path: 'file.txt' } }), mentions: 'path' },
        { label: 'full form with two segments', send: () => send('/v1/object/downloadByPath', { query: { path: `${bucketName}/main` } }), mentions: 'path' },
        { label: 'full form with empty bucket', send: () => send('/v1/object/downloadByPath', { query: { path: '/main/dir/file.txt' } }), mentions: 'path' },
        { label: 'full form with a bad object path', send: () => send('/v1/object/downloadByPath', { query: { path: `${bucketName}/main/dir//file.txt` } }), mentions: 'path' },
        { label: 'full form, unknown package', send: () => send('/v1/object/downloadByPath', { query: { path: `${bucketName}/nope/dir/file.txt` } }), status: 200, code: 'DataNotFound', mentions: 'nope' },
        { label: 'full form, unknown object', send: () => send('/v1/object/downloadByPath', { query: { path: `${bucketName}/main/dir/nope.txt` } }), status: 200, code: 'DataNotFound', mentions: 'nope.txt' },
        { label: 'unknown package', send: () => send('/v1/object/downloadByPath', { query: { packageID: 777777, path: 'dir/file.txt' } }), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'unknown object', send: () => send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/nope.txt' } }), status: 200, code: 'DataNotFound', mentions: 'nope.txt' },
        { label: 'offset beyond size', send: () => send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/file.txt', offset: 11 } }), mentions: 'offset' },
        { label: 'offset+length beyond size', send: () => send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/file.txt', offset: 9, length: 2 } }), mentions: 'length' },
        { label: 'offset not a number', send: () => send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/file.txt', offset: 'x' } }), mentions: 'offset' },
      ],
      good.read,
    );
  });

  it('object/listByPath', async () => {
    const list = (query: Record<string, string | number | boolean>) => send('/v1/object/listByPath', { query: { packageID, ...query } });
    // Real tokens to misuse.
    for (let i = 0; i < 3; i++) okData(await postForm('/v1/object/upload', [info({ packageID }), file(`listing/f${i}.txt`)]));
    const page = okData<{ isTruncated: boolean; nextContinuationToken: string }>(await list({ path: 'listing/', isPrefix: true, maxKeys: 1 }));
    expect(page.isTruncated).toBe(true);
    const token = page.nextContinuationToken;
    const { package: other } = okData<{ package: { packageID: number } }>(await postJson('/v1/package/create', { bucketID, name: 'list-other' }));
    const forged = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

    await expectBad(
      [
        ...badQueryIdCases('/v1/object/listByPath', 'packageID', { path: '', isPrefix: true }),
        { label: 'unknown package', send: () => send('/v1/object/listByPath', { query: { packageID: 777777, path: '', isPrefix: true } }), status: 200, code: 'DataNotFound', mentions: '777777' },
        ...['0', '-1', 'ten', '1.5'].map((maxKeys) => ({ label: `maxKeys '${maxKeys}'`, send: () => list({ path: '', isPrefix: true, maxKeys }), mentions: 'maxKeys' })),
        ...['maybe', '2', 'yes'].map((v) => ({ label: `isPrefix '${v}'`, send: () => list({ path: '', isPrefix: v }), mentions: 'isPrefix' })),
        { label: "noRecursive 'y'", send: () => list({ path: '', isPrefix: true, noRecursive: 'y' }), mentions: 'noRecursive' },
        { label: 'exact match with an empty path', send: () => list({ path: '' }), mentions: 'path' },
        { label: 'exact match without a path', send: () => list({}), mentions: 'path' },
        ...badUrlPaths
          .filter(([, path]) => path !== '')
          .map(([label, path]) => ({ label: `exact path ${label}`, send: () => list({ path }), mentions: 'path' })),
        ...badUrlPaths
          .filter(([, path]) => path !== '' && path !== 'a/')
          .map(([label, path]) => ({ label: `prefix ${label}`, send: () => list({ path, isPrefix: true }), mentions: 'path' })),
        { label: 'garbage token', send: () => list({ path: 'listing/', isPrefix: true, continuationToken: 'not a token!' }), mentions: 'continuationToken' },
        { label: 'base64 of garbage', send: () => list({ path: 'listing/', isPrefix: true, continuationToken: Buffer.from('garbage').toString('base64url') }), mentions: 'continuationToken' },
        { label: 'truncated token', send: () => list({ path: 'listing/', isPrefix: true, continuationToken: token.slice(0, -4) }), mentions: 'continuationToken' },
        { label: 'forged token of another shape', send: () => list({ path: 'listing/', isPrefix: true, continuationToken: forged({ v: 2, k: 'x' }) }), mentions: 'continuationToken' },
        { label: 'token reused with another path', send: () => list({ path: 'listing/f', isPrefix: true, continuationToken: token }), mentions: 'continuationToken' },
        { label: 'token reused with the empty prefix', send: () => list({ path: '', isPrefix: true, continuationToken: token }), mentions: 'continuationToken' },
        {
          label: 'token reused on another package',
          send: () => send('/v1/object/listByPath', { query: { packageID: other.packageID, path: 'listing/', isPrefix: true, continuationToken: token } }),
          mentions: 'continuationToken',
        },
      ],
      good.list,
    );
    // The real token still works where it was issued.
    const next = okData<{ objects: Array<{ path: string }> }>(await list({ path: 'listing/', isPrefix: true, maxKeys: 1, continuationToken: token }));
    expect(next.objects.map((o) => o.path)).toEqual(['listing/f1.txt']);
  });

  it('object/getPackageObjects', async () => {
    await expectBad(
      [
        ...badQueryIdCases('/v1/object/getPackageObjects', 'packageID'),
        { label: 'unknown', send: () => send('/v1/object/getPackageObjects', { query: { packageID: 777777 } }), status: 200, code: 'DataNotFound', mentions: '777777' },
      ],
      good.list,
    );
  });
});

describe('object write routes', () => {
  it('object/move', async () => {
    const moving = (over: Record<string, unknown>) => ({ movings: [{ objectID, packageID, path: 'dir/file.txt', ...over }] });
    await expectBad(
      [
        ...jsonRouteBasics('/v1/object/move'),
        { label: 'no movings', send: () => postJson('/v1/object/move', {}), mentions: 'movings' },
        { label: 'movings not an array', send: () => postJson('/v1/object/move', { movings: { objectID } }), mentions: 'movings' },
        { label: 'moving not an object', send: () => postJson('/v1/object/move', { movings: [5] }), mentions: 'movings.0' },
        ...badJsonIds.map((id) => ({ label: `objectID ${JSON.stringify(id)}`, send: () => postJson('/v1/object/move', moving({ objectID: id })), mentions: 'movings.0.objectID' })),
        ...badJsonIds.map((id) => ({ label: `packageID ${JSON.stringify(id)}`, send: () => postJson('/v1/object/move', moving({ packageID: id })), mentions: 'movings.0.packageID' })),
        { label: 'no path', send: () => postJson('/v1/object/move', { movings: [{ objectID, packageID }] }), mentions: 'movings.0.path' },
        ...badPaths.map(([label, path]) => ({ label: `path ${label}`, send: () => postJson('/v1/object/move', moving({ path })), mentions: 'movings[0].path' })),
        {
          label: 'bad path in the second moving (the whole request is refused)',
          send: () => postJson('/v1/object/move', { movings: [{ objectID, packageID, path: 'moved/away.txt' }, { objectID, packageID, path: 'a//b' }] }),
          mentions: 'movings[1].path',
        },
      ],
      good.objectEdits,
    );
    // Nothing moved.
    expect((await send('/v1/object/downloadByPath', { query: { packageID, path: 'dir/file.txt' } })).bytes.toString()).toBe('0123456789');
  });

  it('object/delete', async () => {
    await expectBad(
      [
        ...jsonRouteBasics('/v1/object/delete'),
        { label: 'no objectIDs', send: () => postJson('/v1/object/delete', {}), mentions: 'objectIDs' },
        { label: 'objectIDs a number', send: () => postJson('/v1/object/delete', { objectIDs: objectID }), mentions: 'objectIDs' },
        ...badJsonIds.map((id) => ({ label: `objectIDs [${JSON.stringify(id)}]`, send: () => postJson('/v1/object/delete', { objectIDs: [objectID, id] }), mentions: 'objectIDs.1' })),
      ],
      good.objectEdits,
    );
    // A refused batch deleted nothing, not even its valid IDs.
    expect((await send('/v1/object/download', { query: { objectID } })).bytes.toString()).toBe('0123456789');
  });

  it('object/clone', async () => {
    const cloning = (over: Record<string, unknown>) => ({ clonings: [{ objectID, newPath: 'clones/c.txt', newPackageID: packageID, ...over }] });
    await expectBad(
      [
        ...jsonRouteBasics('/v1/object/clone'),
        { label: 'no clonings', send: () => postJson('/v1/object/clone', {}), mentions: 'clonings' },
        { label: 'clonings not an array', send: () => postJson('/v1/object/clone', { clonings: 'x' }), mentions: 'clonings' },
        ...badJsonIds.map((id) => ({ label: `objectID ${JSON.stringify(id)}`, send: () => postJson('/v1/object/clone', cloning({ objectID: id })), mentions: 'clonings.0.objectID' })),
        ...badJsonIds.map((id) => ({ label: `newPackageID ${JSON.stringify(id)}`, send: () => postJson('/v1/object/clone', cloning({ newPackageID: id })), mentions: 'clonings.0.newPackageID' })),
        { label: 'no newPath', send: () => postJson('/v1/object/clone', { clonings: [{ objectID, newPackageID: packageID }] }), mentions: 'newPath' },
        ...badPaths.map(([label, path]) => ({ label: `newPath ${label}`, send: () => postJson('/v1/object/clone', cloning({ newPath: path })), mentions: 'clonings[0].newPath' })),
        { label: 'unknown object', send: () => postJson('/v1/object/clone', cloning({ objectID: 777777 })), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'unknown package', send: () => postJson('/v1/object/clone', cloning({ newPackageID: 777777 })), status: 200, code: 'DataNotFound', mentions: '777777' },
        { label: 'unfinished multipart source', send: () => postJson('/v1/object/clone', cloning({ objectID: pendingID })), mentions: 'objectID' },
      ],
      good.objectEdits,
    );
    const found = okData<{ objects: unknown[] }>(await send('/v1/object/listByPath', { query: { packageID, path: 'clones/', isPrefix: true } }));
    expect(found.objects).toEqual([]);
  });
});

describe('methods and routes', () => {
  it('a route without a body refuses one (400), whether sized or chunked', async () => {
    const getWithBody = (headers: Record<string, string>, body: string) =>
      new Promise<RawResponse>((resolve, reject) => {
        const req = request(new URL(`${url}/v1/bucket/listAll`), { method: 'GET', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const contentType = String(res.headers['content-type']);
            resolve({ status: res.statusCode!, headers: new Headers(), contentType, bytes, json: JSON.parse(bytes.toString()) as unknown });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    expectFailure(await getWithBody({ 'content-length': '2' }, '{}'), 400, 'BadArgument', 'no request body');
    expectFailure(await getWithBody({ 'transfer-encoding': 'chunked' }, 'x'), 400, 'BadArgument', 'no request body');
    okData(await getWithBody({ 'content-length': '0' }, ''));
  });


  it('a wrong HTTP method is 405 on every route, and an unknown route 404', async () => {
    const routes: Array<[string, 'GET' | 'POST']> = [
      ['/bucket/create', 'POST'],
      ['/bucket/getByName', 'GET'],
      ['/bucket/listAll', 'GET'],
      ['/bucket/delete', 'POST'],
      ['/package/create', 'POST'],
      ['/package/get', 'GET'],
      ['/package/getByFullName', 'GET'],
      ['/package/listBucketPackages', 'GET'],
      ['/package/delete', 'POST'],
      ['/object/upload', 'POST'],
      ['/object/download', 'GET'],
      ['/object/downloadByPath', 'GET'],
      ['/object/listByPath', 'GET'],
      ['/object/getPackageObjects', 'GET'],
      ['/object/move', 'POST'],
      ['/object/delete', 'POST'],
      ['/object/clone', 'POST'],
      ['/object/newMultipartUpload', 'POST'],
      ['/object/uploadPart', 'POST'],
      ['/object/completeMultipartUpload', 'POST'],
    ];
    for (const [route, method] of routes) {
      const wrong = method === 'GET' ? 'POST' : 'GET';
      for (const path of [`/v1${route}`, route]) {
        const res = await send(path, wrong === 'POST' ? { method: 'POST', json: {} } : { method: 'GET' });
        expectFailure(res, 405, 'BadArgument', wrong, `${wrong} ${path}`);
      }
      expectFailure(await send(`/v1${route}`, { method: 'PUT', body: '{}' }), 405, 'BadArgument', 'PUT', `PUT ${route}`);
      expectFailure(await send(`/v1${route}x`), 404, 'DataNotFound', 'no such route', `GET ${route}x`);
    }
    await good.bucket();
  });
});
