/**
 * The Kubo RPC client against a small Kubo-RPC server of our own
 * (tests/fixtures/kubo-rpc: CIDs by ipfs-unixfs-importer), checked against
 * Debian's ipfs_cid. The storage node's Kubo subset is a second server for the
 * happy path (kubo-client-node.test.ts, once it exists).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KuboClient, type KuboAddEntry, type KuboAuth } from '../../src-main/core/publish/kubo/kubo-client';
import { LocalSourceError } from '../../src-main/core/publish/endpoint-http';
import { PublishEndpointError } from '../../src-main/core/publish/publish-endpoint-error';
import { startKuboRpcServer, type KuboFault, type KuboRpcServer } from '../fixtures/kubo-rpc/kubo-rpc-server';
import { makeTempDir } from '../helpers/temp-dir';
import { fileEntry, folderEntries, HAVE_IPFS_CID, importerCids, ipfsCid } from './helpers/kubo-entries';

let dir: { path: string; remove: () => Promise<void> };
let kubo: KuboRpcServer;
let client: KuboClient;
let bigFile: string;

beforeAll(async () => {
  if (!HAVE_IPFS_CID) console.warn('ipfs_cid is not installed (Debian package ipfs-cid): CIDs are checked against ipfs-unixfs-importer only');
  dir = await makeTempDir('kubo-client');
  bigFile = join(dir.path, 'päckchen 1.bin');
  // 3 chunks and a bit: a balanced tree with a root over four leaves.
  await writeFile(bigFile, randomBytes(3 * 262144 + 1234));
  kubo = await startKuboRpcServer();
  client = new KuboClient({ url: kubo.url, auth: { kind: 'none' }, timeoutMs: 20_000 });
});
afterAll(async () => {
  client.close();
  await kubo.close();
  await dir.remove();
});
afterEach(() => {
  kubo.fault = null;
});

async function failure(promise: Promise<unknown>): Promise<PublishEndpointError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishEndpointError);
  return error as PublishEndpointError;
}

describe('add', () => {
  it("adds a file with Kubo's classic settings asked for explicitly; its CID is ipfs_cid's, its size Kubo's DAG size", async () => {
    const progress: number[] = [];
    const { root, all } = await client.add([await fileEntry('päckchen 1.bin', bigFile)], { onProgress: (bytes) => progress.push(bytes) });
    const expected = await importerCids([await fileEntry('päckchen 1.bin', bigFile)]);
    if (HAVE_IPFS_CID) expect(root.cid).toBe(ipfsCid(bigFile));
    expect(root).toEqual({ name: 'päckchen 1.bin', cid: expected.get('päckchen 1.bin')!.cid, dagSize: expected.get('päckchen 1.bin')!.dagSize });
    expect(root.dagSize).toBeGreaterThan(3 * 262144 + 1234);
    expect(all).toEqual([root]);
    const sent = kubo.adds.at(-1)!;
    expect(Object.fromEntries(sent.query)).toEqual({ 'cid-version': '0', 'raw-leaves': 'false', chunker: 'size-262144', pin: 'true', progress: 'true' });
    expect(sent.parts).toEqual([{ path: 'päckchen 1.bin', type: 'application/octet-stream', bytes: 3 * 262144 + 1234 }]);
    expect(progress.at(-1)).toBe(3 * 262144 + 1234);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(4);
  });

  it('adds the empty file and "hello world\\n" as the spec vectors say', async () => {
    const empty = join(dir.path, 'empty');
    const hello = join(dir.path, 'hello.txt');
    await writeFile(empty, '');
    await writeFile(hello, 'hello world\n');
    expect((await client.add([await fileEntry('empty', empty)])).root.cid).toBe('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH');
    expect((await client.add([await fileEntry('hello.txt', hello)])).root).toEqual({ name: 'hello.txt', cid: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', dagSize: 20 });
  });

  it('adds a folder (nested, an empty subfolder, unicode names): every entry comes back, the root is the folder', async () => {
    const top = join(dir.path, 'album');
    await mkdir(join(top, '空の/deeper'), { recursive: true });
    await mkdir(join(top, 'empty'));
    await writeFile(join(top, 'a.txt'), 'hello world\n');
    await writeFile(join(top, '空の/b c.bin'), randomBytes(300_000));
    await writeFile(join(top, '空の/deeper/d.bin'), randomBytes(10));
    const entries = await folderEntries('album', top);
    const { root, all } = await client.add(entries);
    const expected = await importerCids(entries);
    expect(root).toEqual({ name: 'album', ...expected.get('album')! });
    expect(new Map(all.map((a) => [a.name, { cid: a.cid, dagSize: a.dagSize }]))).toEqual(expected);
    expect(all.find((a) => a.name === 'album/a.txt')?.cid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
  });

  it('wraps several top-level files in a folder when asked: the root is the wrapper', async () => {
    const hello = join(dir.path, 'hello.txt');
    await writeFile(hello, 'hello world\n');
    const entries = [await fileEntry('one.txt', hello), await fileEntry('two.bin', bigFile)];
    const { root } = await client.add(entries, { wrapWithDirectory: true });
    expect(root).toEqual({ name: '', ...(await importerCids(entries, true)).get('')! });
    expect(kubo.adds.at(-1)!.query.get('wrap-with-directory')).toBe('true');
  });

  it('streams a source that is not a file, and refuses one whose length differs from the size it declared', async () => {
    const bytes = randomBytes(100_000);
    const streamed = await client.add([{ path: 's.bin', kind: 'file', size: bytes.length, open: () => Promise.resolve(Readable.from([bytes.subarray(0, 50_000), bytes.subarray(50_000)])) }]);
    expect(streamed.root.cid).toBe((await importerCids([{ path: 's.bin', kind: 'file', open: () => Promise.resolve(Readable.from([bytes])) }])).get('s.bin')!.cid);
    const short = client.add([{ path: 's.bin', kind: 'file', size: bytes.length + 1, open: () => Promise.resolve(Readable.from([bytes])) }]);
    await expect(short).rejects.toBeInstanceOf(LocalSourceError);
    await expect(short).rejects.toThrow(/shrank while it was being sent/);
    const long = client.add([{ path: 's.bin', kind: 'file', size: 10, open: () => Promise.resolve(Readable.from([bytes])) }]);
    await expect(long).rejects.toThrow(/grew while it was being sent/);
  });

  it('a file that cannot be read is a local error, not the endpoint\'s', async () => {
    const error = await client.add([{ path: 'gone.bin', kind: 'file', open: () => Promise.resolve(createReadStream(join(dir.path, 'no-such-file'))) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalSourceError);
    expect((error as Error).message).toMatch(/cannot read 'gone.bin'.*ENOENT/);
  });

  it('refuses entries Kubo would read differently, before sending anything', async () => {
    // A server of its own: an earlier test's refused add may still be arriving at the shared one.
    const quiet = await startKuboRpcServer();
    const quietClient = new KuboClient({ url: quiet.url, auth: { kind: 'none' } });
    const file = await fileEntry('a', bigFile);
    const bad: Array<[KuboAddEntry[], RegExp]> = [
      [[], /no entries/],
      [[{ ...file, path: '/abs' }], /relative/],
      [[{ ...file, path: 'a/../b' }], /not a name/],
      [[{ ...file, path: 'a//b' }], /not a name/],
      [[{ ...file, path: 'x\ny' }], /control/],
      [[{ path: 'd', kind: 'dir' }, { ...file, path: 'e/f' }], /must come before it/],
      [[{ path: 'd', kind: 'dir' }, { ...file, path: 'd/f' }, { ...file, path: 'd/f' }], /twice/],
      [[file, { ...file, path: 'b' }], /one top-level/],
      [[{ path: 'f', kind: 'file' }], /needs open/],
    ];
    for (const [entries, reason] of bad) await expect(quietClient.add(entries)).rejects.toThrow(reason);
    expect(quiet.adds).toHaveLength(0);
    quietClient.close();
    await quiet.close();
  });

  it('cancelling an add stops it with an AbortError and closes the file', async () => {
    const controller = new AbortController();
    let stream: NodeJS.ReadableStream & { destroyed?: boolean } = Readable.from([]);
    const slow = new Readable({ read() {} });
    const adding = client.add([{ path: 'slow.bin', kind: 'file', open: () => Promise.resolve((stream = slow)) }], { signal: controller.signal });
    slow.push(randomBytes(300_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const error = await adding.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(stream.destroyed).toBe(true);
  });
});

describe('faults', () => {
  const hello = () => fileEntry('hello.txt', join(dir.path, 'hello.txt'));
  beforeAll(async () => writeFile(join(dir.path, 'hello.txt'), 'hello world\n'));

  it("hands back a different CID as the node said it (the publish job compares it with ours)", async () => {
    kubo.fault = 'wrong-cid';
    const { root } = await client.add([await hello()]);
    expect(root.cid).toBe('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH');
    expect(root.cid).not.toBe(HAVE_IPFS_CID ? ipfsCid(join(dir.path, 'hello.txt')) : 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
  });

  const cases: Array<[KuboFault, PublishEndpointError['code'], boolean, RegExp]> = [
    ['cid-v1', 'BadResponse', false, /not a CIDv0 \(cid-version=0 was asked/],
    ['error-500', 'Refused', true, /HTTP 500: failed to get block: context deadline exceeded/],
    ['stream-error', 'Refused', true, /failed the add: unexpected EOF/],
    ['error-line', 'Refused', true, /failed the add: write \/data\/blocks: no space left on device/],
    ['garbage-line', 'BadResponse', false, /not JSON: <html>oops<\/html>/],
    ['missing-root', 'BadResponse', false, /without a result for 'hello.txt': the add did not finish/],
    ['hang-after-body', 'Unreachable', true, /did not answer POST \/api\/v0\/add for 2 s/],
    ['hang-before-answer', 'Unreachable', true, /did not answer POST \/api\/v0\/add for 2 s/],
  ];
  it.each(cases)('%s → %s (retryable %s), naming the endpoint', async (fault, code, retryable, message) => {
    kubo.fault = fault;
    // A short idle limit of its own, for the two that hang; the others answer at once.
    const impatient = new KuboClient({ url: kubo.url, auth: { kind: 'none' }, timeoutMs: 2_000 });
    const error = await failure(impatient.add([await hello()]));
    impatient.close();
    expect([error.code, error.retryable, error.endpoint]).toEqual([code, retryable, kubo.url]);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`Kubo RPC at ${kubo.url}`);
  });

  it('a node that is not there is Unreachable and retryable', async () => {
    const absent = new KuboClient({ url: 'http://127.0.0.1:1', auth: { kind: 'none' } });
    const error = await failure(absent.version());
    expect([error.code, error.retryable]).toEqual(['Unreachable', true]);
    expect(error.message).toMatch(/cannot reach Kubo RPC at http:\/\/127\.0\.0\.1:1 \(POST \/api\/v0\/version\).*ECONNREFUSED/);
    absent.close();
  });

  it('an address that is not a Kubo RPC API is NotFound', async () => {
    const wrong = new KuboClient({ url: `${kubo.url}/not-kubo`, auth: { kind: 'none' } });
    expect((await failure(wrong.version())).code).toBe('NotFound');
    wrong.close();
  });
});

describe('auth', () => {
  const auths: Array<[string, KuboAuth, string]> = [
    ['bearer', { kind: 'bearer', token: 'secret-token' }, 'Bearer secret-token'],
    ['basic W3Auth token', { kind: 'basic', token: 'c3ViLTVHcnd2YTpzaWc=' }, 'Basic c3ViLTVHcnd2YTpzaWc='],
    ['basic user and password', { kind: 'basic', username: 'alice', password: 'pä:ss' }, `Basic ${Buffer.from('alice:pä:ss').toString('base64')}`],
  ];
  it.each(auths)('%s: sends the header the node expects; a wrong one is TokenRefused and the upload stops', async (_what, auth, header) => {
    const guarded = await startKuboRpcServer({ authorization: header });
    const good = new KuboClient({ url: guarded.url + '/api/v0/', auth });
    expect(await good.version()).toEqual({ version: '0.32.1' });
    await good.pinAdd('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
    expect(guarded.pins.has('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')).toBe(true);
    const bad = new KuboClient({ url: guarded.url, auth: { kind: 'bearer', token: 'wrong-secret' } });
    const error = await failure(bad.add([await fileEntry('big.bin', bigFile)]));
    expect([error.code, error.retryable, error.httpStatus]).toEqual(['TokenRefused', false, 401]);
    expect(error.message).not.toContain('wrong-secret');
    expect(guarded.adds).toHaveLength(0);
    good.close();
    bad.close();
    await guarded.close();
  });

  it('refuses credentials in the URL and tokens that would break the header', () => {
    expect(() => new KuboClient({ url: 'http://u:p@127.0.0.1:5001', auth: { kind: 'none' } })).toThrow(/credentials/);
    expect(() => new KuboClient({ url: 'ftp://127.0.0.1', auth: { kind: 'none' } })).toThrow(/http or https/);
    expect(() => new KuboClient({ url: 'http://127.0.0.1:5001', auth: { kind: 'bearer', token: 'a\r\nX-Evil: 1' } })).toThrow(/one line/);
    expect(() => new KuboClient({ url: 'http://127.0.0.1:5001', auth: { kind: 'basic', username: 'a:b', password: '' } })).toThrow(/":"/);
  });
});
