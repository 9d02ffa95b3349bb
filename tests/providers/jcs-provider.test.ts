/**
 * What the JCS adapter does beyond the common contract: its root ids, how JCS
 * objects become entries, its staging folder, how it keeps JCS's clone from
 * overwriting, and that every failure leaves it as a provider error with the
 * retry decision the app has always made. A real storage node on loopback,
 * behind a real proxy (tests/helpers/counting-proxy.ts) that counts requests
 * and loses answers on demand, or behind the hostile service
 * (tests/helpers/hostile-jcs.ts) that lies about hashes.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JcsError, JcsTransportError } from '../../src-main/providers/jcs/jcs-errors';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { isRetryable, ProviderError, ProviderErrorCode, ProviderTransportError } from '../../src-main/providers/provider-errors';
import type { RemoteEntry } from '../../src-main/providers/storage-provider';
import { CountingProxy } from '../helpers/counting-proxy';
import { HostileJcs } from '../helpers/hostile-jcs';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { expectSameBytes, patternBytes, providerError, readAll, textBody, uniqueName } from './provider-test-kit';

let node: TestNode;
let proxy: CountingProxy;
let provider: JcsProvider;
let bucketId: string;

beforeAll(async () => {
  // No keys: the proxies in front of it forward requests whose signature would name their own host.
  node = await startTestNode({ credentials: null });
  proxy = await CountingProxy.start(node.node.url);
  provider = new JcsProvider({ baseUrl: proxy.url });
  bucketId = (await provider.createRoot(null, uniqueName('jcs-provider'))).id;
});

afterEach(() => {
  proxy.fault = undefined;
  proxy.comeBack();
});

afterAll(async () => {
  provider?.close();
  await proxy?.close();
  await node?.dispose();
});

async function freshPackage(): Promise<string> {
  return (await provider.createRoot(bucketId, uniqueName('pkg'))).id;
}

async function putText(root: string, path: string, text: string): Promise<RemoteEntry> {
  return (await provider.put(root, [{ path, body: textBody(text) }]))[0]!;
}

/** What `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

function expectNoJcsClass(error: unknown): void {
  expect(error).not.toBeInstanceOf(JcsError);
  expect(error).not.toBeInstanceOf(JcsTransportError);
  expect((error as Error).name).not.toMatch(/^Jcs/);
}

describe('root ids', () => {
  it('buckets are b<id> at level 0, packages p<id> below them, with their JCS ids in extras', async () => {
    const name = uniqueName('tree');
    const bucket = await provider.createRoot(null, name);
    expect(bucket).toMatchObject({ name, level: 0, parentId: null });
    expect(bucket.id).toMatch(/^b[1-9]\d*$/);
    expect(bucket.extras).toEqual({ bucketID: Number(bucket.id.slice(1)) });
    const pkg = await provider.createRoot(bucket.id, 'content');
    expect(pkg).toMatchObject({ name: 'content', level: 1, parentId: bucket.id });
    expect(pkg.id).toMatch(/^p[1-9]\d*$/);
    expect(pkg.extras).toEqual({ packageID: Number(pkg.id.slice(1)), bucketID: Number(bucket.id.slice(1)) });
    expect(await provider.getRoot(bucket.id)).toEqual(bucket); // no route for one bucket: found in the list
    expect(await provider.listRoots(bucket.id)).toEqual([pkg]);
    await provider.deleteRoot(bucket.id); // with its packages
    await providerError(provider.getRoot(pkg.id), ProviderErrorCode.DataNotFound);
  });

  it('refuses malformed ids, and roots of the wrong level, before anything is sent', async () => {
    const root = await freshPackage();
    const sent = proxy.requests.length;
    for (const bad of ['', 'p0', 'p01', 'x1', 'p', 'b1x', ' p1', 'p1 ', 'p99999999999999999', 'p1.5']) {
      await providerError(provider.listFolder(bad, ''), ProviderErrorCode.InvalidInput);
      await providerError(provider.getRoot(bad), ProviderErrorCode.InvalidInput);
    }
    await providerError(provider.listFolder(bucketId, ''), ProviderErrorCode.InvalidInput); // a bucket holds packages
    await providerError(provider.put(bucketId, [{ path: 'x', body: textBody('x') }]), ProviderErrorCode.InvalidInput);
    await providerError(provider.listRoots(root), ProviderErrorCode.InvalidInput); // a package holds objects
    await providerError(provider.createRoot(root, 'x'), ProviderErrorCode.InvalidInput);
    await providerError(provider.createRoot(bucketId, 'has/slash'), ProviderErrorCode.InvalidInput);
    await providerError(provider.move(root, [{ from: { path: 'a' }, to: 'b' }], bucketId), ProviderErrorCode.InvalidInput);
    await providerError(provider.read(root, { path: 'a', ref: 'abc' }), ProviderErrorCode.InvalidInput);
    await providerError(provider.delete(root, [{ path: 'a', ref: '0' }]), ProviderErrorCode.InvalidInput);
    await providerError(provider.multipart.initiate(root, 'a.bin', 1, { key: 'no/slashes' }), ProviderErrorCode.InvalidInput);
    await providerError(provider.multipart.putPart({ state: '{"v":1}' }, 1, textBody('x')), ProviderErrorCode.InvalidInput);
    await providerError(provider.multipart.abort({ state: JSON.stringify({ v: 1, package: 1, path: 'a', staging: 'elsewhere/a', object: 1 }) }), ProviderErrorCode.InvalidInput);
    expect(proxy.requests.length).toBe(sent);
  });
});

describe('entries', () => {
  it('carry a lowercase SHA-256, the fileHash as version, and the JCS fields in extras', async () => {
    const root = await freshPackage();
    const entry = await putText(root, 'docs/a.txt', 'entry bytes');
    const sha256 = createHash('sha256').update('entry bytes').digest('hex');
    expect(entry.hash).toEqual({ algorithm: 'sha256', value: sha256 });
    expect(entry.version).toBe('Full' + sha256.toUpperCase());
    expect(entry.extras).toMatchObject({ fileHash: entry.version, redundancy: 'none', objectID: Number(entry.ref) });
    expect(typeof entry.extras.createTime).toBe('string');
    expect(entry.pending).toBeUndefined();
  });

  it('a multipart upload in progress is a pending entry under the staging folder, with no hash', async () => {
    const root = await freshPackage();
    const handle = await provider.multipart.initiate(root, 'videos/big.mp4', 10, { key: 'job-7' });
    const page = await provider.listFolder(root, '', { recursive: true });
    expect(page.entries).toHaveLength(1);
    const staged = page.entries[0]!;
    expect(staged).toMatchObject({ path: '.jcs-uploads/job-7/big.mp4', size: 0, pending: true, extras: { redundancy: 'multipartUpload' } });
    expect(staged.hash).toBeUndefined();
    expect(staged.version).toBe(`0:${staged.modified}`);
    expect(provider.capabilities.reservedPrefixes).toEqual(['.jcs-uploads/']);
    await provider.multipart.abort(handle);
    expect((await provider.listFolder(root, '', { recursive: true })).entries).toEqual([]);
  });

  it('initiating again with the same key starts the same staging object over: nothing is left behind', async () => {
    const root = await freshPackage();
    const first = await provider.multipart.initiate(root, 'a/file.bin', 10, { key: 'job-8' });
    await provider.multipart.putPart(first, 1, textBody('old bytes'));
    const second = await provider.multipart.initiate(root, 'a/file.bin', 10, { key: 'job-8' });
    expect((await provider.listFolder(root, '.jcs-uploads/', { recursive: true })).entries.map((e) => e.path)).toEqual(['.jcs-uploads/job-8/file.bin']);
    await providerError(provider.multipart.complete(second, [1]), ProviderErrorCode.BadArgument); // the old part went with the restart
    await provider.multipart.putPart(second, 1, textBody('new bytes'));
    expect((await provider.multipart.complete(second, [1])).entry.size).toBe(9);
  });

  it('a fileHash that cannot be checked gives no hash, and size with update time as version', async () => {
    const hostile = await HostileJcs.start(node.node.url);
    const lying = new JcsProvider({ baseUrl: hostile.url });
    try {
      const root = await freshPackage();
      await putText(root, 'comp.bin', 'compound');
      hostile.hashes.set('comp.bin', 'Comp' + 'AB'.repeat(32));
      const entry = (await lying.stat(root, 'comp.bin'))!;
      expect(entry.hash).toBeUndefined();
      expect(entry.version).toBe(`8:${entry.modified}`);
      expect(entry.extras.fileHash).toBe('Comp' + 'AB'.repeat(32));
    } finally {
      lying.close();
      await hostile.close();
    }
  });
});

describe('multipart on JCS', () => {
  it('a complete whose answer was lost is not sent again: the second call finds the upload complete', async () => {
    const root = await freshPackage();
    const part = patternBytes(1024 * 1024, 5);
    const handle = await provider.multipart.initiate(root, 'lost.bin', part.length);
    await provider.multipart.putPart(handle, 1, { size: part.length, open: async function* () { yield part; await Promise.resolve(); } });
    const mark = proxy.mark;
    proxy.fault = (r) => (r.route === '/object/completeMultipartUpload' ? { kind: 'status', status: 500, afterForwarding: true } : undefined);
    const lost = await failure(provider.multipart.complete(handle, [1]));
    expect(lost).toBeInstanceOf(ProviderError);
    expect(isRetryable(lost)).toBe(true); // a 5xx: the engine retries
    proxy.fault = undefined;
    const done = await provider.multipart.complete(handle, [1]);
    expect(done).toMatchObject({ staged: true, entry: { size: part.length, hash: { value: createHash('sha256').update(part).digest('hex') } } });
    expect(proxy.count('/object/completeMultipartUpload', mark)).toBe(1);
    const placed = await provider.multipart.place(handle, 'lost.bin');
    expectSameBytes(await readAll(await provider.read(root, placed)), part);
  });

  it('place refuses an upload that is not complete, and complete an upload whose staging object is gone', async () => {
    const root = await freshPackage();
    const handle = await provider.multipart.initiate(root, 'early.bin', 4);
    await provider.multipart.putPart(handle, 1, textBody('four'));
    await providerError(provider.multipart.place(handle, 'early.bin'), ProviderErrorCode.OperationFailed);
    expect(await provider.stat(root, 'early.bin')).toBeUndefined();
    const staged = (await provider.listFolder(root, '.jcs-uploads/', { recursive: true })).entries[0]!;
    await provider.delete(root, [staged]);
    await providerError(provider.multipart.complete(handle, [1]), ProviderErrorCode.DataNotFound);
    await providerError(provider.multipart.place(handle, 'early.bin'), ProviderErrorCode.DataNotFound);
  });
});

describe('copy and bulk operations', () => {
  it('a moved object keeps its objectID: its ref still reads it at the new path', async () => {
    const root = await freshPackage();
    const other = await freshPackage();
    const entry = await putText(root, 'before.txt', 'same object');
    expect(await provider.move(root, [{ from: entry, to: 'after.txt' }], other)).toEqual({ done: ['after.txt'], failed: [] });
    const moved = (await provider.stat(other, 'after.txt'))!;
    expect(moved.ref).toBe(entry.ref);
    expect((await readAll(await provider.read(root, { path: 'before.txt', ref: entry.ref }))).toString()).toBe('same object');
  });

  it('copy into a folder receiving many items lists that folder once, and refuses the taken paths', async () => {
    const root = await freshPackage();
    const files = Array.from({ length: 20 }, (_, i) => ({ path: `src/f${i}.txt`, body: textBody(`source ${i}`) }));
    await provider.put(root, files);
    await provider.put(root, [3, 7, 19].map((i) => ({ path: `dst/f${i}.txt`, body: textBody(`keep ${i}`) })));
    const mark = proxy.mark;
    const result = await provider.copy(root, files.map((f) => ({ from: { path: f.path }, to: f.path.replace('src/', 'dst/') })), root);
    expect(result.failed.map((f) => [f.path, f.code])).toEqual([3, 7, 19].map((i) => [`dst/f${i}.txt`, ProviderErrorCode.Conflict]));
    expect(result.done).toHaveLength(17);
    const lookups = proxy.seen('/object/listByPath', mark);
    expect(lookups.filter((r) => r.query.get('isPrefix') === 'true' && r.query.get('path') === 'dst/')).toHaveLength(1);
    expect(lookups.filter((r) => r.query.get('isPrefix') !== 'true' && r.query.get('path')!.startsWith('dst/'))).toHaveLength(0);
    for (const i of [3, 7, 19]) expect((await readAll(await provider.read(root, { path: `dst/f${i}.txt` }))).toString()).toBe(`keep ${i}`);
    expect((await readAll(await provider.read(root, { path: 'dst/f4.txt' }))).toString()).toBe('source 4');
  });

  it('a clone batch the service refuses as a whole is sent again item by item, so the failure lands on its item', async () => {
    const root = await freshPackage();
    const a = await putText(root, 'a.txt', 'A');
    const gone = await putText(root, 'gone.txt', 'G');
    await provider.delete(root, [gone]);
    const handle = await provider.multipart.initiate(root, 'pending.bin', 1, { key: 'pending-job' });
    const pending = (await provider.stat(root, '.jcs-uploads/pending-job/pending.bin'))!;
    const result = await provider.copy(root, [
      { from: pending, to: 'copy-of-pending.bin' },
      { from: a, to: 'copy-of-a.txt' },
      { from: gone, to: 'copy-of-gone.txt' },
    ], root);
    expect(result.done).toEqual(['copy-of-a.txt']);
    expect(result.failed.map((f) => [f.path, f.code])).toEqual([
      ['copy-of-pending.bin', ProviderErrorCode.BadArgument],
      ['copy-of-gone.txt', ProviderErrorCode.DataNotFound],
    ]);
    await provider.multipart.abort(handle);
  });

  it('put sends at most 64 files per request', async () => {
    const root = await freshPackage();
    const mark = proxy.mark;
    const stored = await provider.put(root, Array.from({ length: 130 }, (_, i) => ({ path: `many/${i}`, body: textBody(String(i)) })));
    expect(stored.map((e) => e.path)).toEqual(Array.from({ length: 130 }, (_, i) => `many/${i}`));
    expect(proxy.seen('/object/upload', mark).map((r) => r.files)).toEqual([64, 64, 2]);
  });
});

describe('errors', () => {
  it('a refusal is a ProviderError with the service code and route; only a 5xx is retryable', async () => {
    const missing = await providerError(provider.getRoot('p987654321'), ProviderErrorCode.DataNotFound);
    expect(missing).toMatchObject({ serviceCode: 'DataNotFound', route: '/package/get', retryable: false });
    expectNoJcsClass(missing);
    const root = await freshPackage();
    await putText(root, 'short.txt', 'short');
    const badRange = await providerError(provider.read(root, { path: 'short.txt' }, { offset: 2, length: 10 }), ProviderErrorCode.BadArgument);
    expect(isRetryable(badRange)).toBe(false);
    proxy.fault = (r) => (r.route === '/bucket/listAll' ? { kind: 'status', status: 503 } : undefined);
    const overloaded = await failure(provider.probe());
    expect(overloaded).toBeInstanceOf(ProviderError);
    expect(overloaded).toMatchObject({ code: ProviderErrorCode.OperationFailed, serviceCode: 'OperationFailed', retryable: true });
    expectNoJcsClass(overloaded);
  });

  it('a service that cannot be reached is a retryable ProviderTransportError', async () => {
    proxy.goDown();
    const down = await failure(provider.probe());
    expect(down).toBeInstanceOf(ProviderTransportError);
    expect(isRetryable(down)).toBe(true);
    expectNoJcsClass(down);
  });

  it('a download that breaks off fails its stream with a retryable ProviderTransportError', async () => {
    const root = await freshPackage();
    const bytes = patternBytes(512 * 1024, 9);
    await provider.put(root, [{ path: 'cut.bin', body: { size: bytes.length, open: async function* () { yield bytes; await Promise.resolve(); } } }]);
    proxy.fault = (r) => (r.route === '/object/downloadByPath' ? { kind: 'cutAnswer', offset: 100_000 } : undefined);
    const download = await provider.read(root, { path: 'cut.bin' });
    expect(download.length).toBe(bytes.length);
    const broken = await failure(readAll(download));
    expect(broken).toBeInstanceOf(ProviderTransportError);
    expect(isRetryable(broken)).toBe(true);
    expectNoJcsClass(broken);
  });

  it('wrong credentials are Unauthorized, not retryable', async () => {
    const signed = await startTestNode();
    const wrong = new JcsProvider({ baseUrl: signed.node.url, credentials: { accessKey: signed.credentials!.accessKey, secretKey: 'not-the-secret' } });
    try {
      const refused = await providerError(wrong.probe(), ProviderErrorCode.Unauthorized);
      expect(isRetryable(refused)).toBe(false);
      expectNoJcsClass(refused);
    } finally {
      wrong.close();
      await signed.dispose();
    }
  });
});
