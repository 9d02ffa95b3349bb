/**
 * Kubo's wire rules on the node's IPFS API: POST only, no requests from web
 * pages (Origin), errors as {Message, Code, Type}, flags that would change
 * the CID refused, and each way of authorizing a caller (bearer token, the
 * node's SigV4 keys, loopback only without either).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfBytes } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { signRequest, UNSIGNED_PAYLOAD } from '../../src-main/common/sigv4';
import { addResults, kuboAdd, kuboCall, kuboUrl, multipartBuffer, MULTIPART_TYPE } from '../helpers/kubo-rpc';
import { generateCredentials, startTestNode, type TestNode } from '../helpers/storage-node';

function listBlobs(dataDir: string): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)));
}

/** A CID of content never added to the node. */
const UNKNOWN = cidOfBytes(randomBytes(64)).cid;
const HELLO = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o';

function expectKuboError(res: { status: number; lines(): Array<Record<string, unknown>> }, status: number, message: RegExp): void {
  expect(res.status).toBe(status);
  const [body] = res.lines();
  expect(Object.keys(body ?? {})).toEqual(['Message', 'Code', 'Type']);
  expect(body!.Message).toMatch(message);
  expect(body!.Code).toBe(0);
  expect(body!.Type).toBe('error');
}

describe('a keyless node (loopback only)', () => {
  let t: TestNode;
  let api: string;
  beforeAll(async () => {
    t = await startTestNode({ credentials: null, ipfs: {} });
    api = t.node.ipfsUrl!;
  });
  afterAll(async () => t.dispose());

  it('serves on its own port', () => {
    expect(t.node.ipfsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.node.ipfsUrl).not.toBe(t.node.url);
  });

  it('answers GET (and any method but POST) with 405', async () => {
    expectKuboError(await kuboCall(api, 'version', { method: 'GET' }), 405, /GET is not allowed/);
    expectKuboError(await kuboCall(api, 'add', { method: 'PUT' }), 405, /PUT is not allowed/);
  });

  it('refuses any request that carries Origin (403), even its own', async () => {
    const own = new URL(api).origin;
    expectKuboError(await kuboCall(api, 'version', { headers: { origin: own } }), 403, /Origin .* is refused/);
    const add = await kuboAdd(api, [{ path: 'x', content: Buffer.from('x') }], {}, { origin: 'https://evil.example' });
    expectKuboError(add, 403, /Origin/);
  });

  it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
    const url = kuboUrl(api, 'version');
    const res = await new Promise<number>((resolve, reject) => {
      request(url, { method: 'POST', headers: { host: 'rebound.example:80' }, setHost: false, agent: false }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(res).toBe(403);
  });

  it('refuses flags that would change the CID, with the reason', async () => {
    const parts = [{ path: 'f', content: Buffer.from('hello world\n') }];
    expectKuboError(await kuboAdd(api, parts, { 'cid-version': '1' }), 400, /cid-version=1 is not supported/);
    expectKuboError(await kuboAdd(api, parts, { 'raw-leaves': 'true' }), 400, /raw-leaves=true is not supported/);
    expectKuboError(await kuboAdd(api, parts, { chunker: 'size-1024' }), 400, /chunker=size-1024 is not supported/);
    expectKuboError(await kuboAdd(api, parts, { hash: 'blake2b-256' }), 400, /hash=blake2b-256/);
    expectKuboError(await kuboAdd(api, parts, { pin: 'maybe' }), 400, /pin: expected true or false/);
    // The explicit classic settings are accepted.
    const ok = await kuboAdd(api, parts, { 'cid-version': '0', 'raw-leaves': 'false', chunker: 'size-262144' });
    expect(addResults(ok).get('f')?.hash).toBe(HELLO);
  });

  it('refuses malformed bodies and names without storing anything', async () => {
    const pinsBefore = (await kuboCall(api, 'pin/ls')).text;
    const blobsBefore = listBlobs(t.dataDir);
    expectKuboError(await kuboCall(api, 'add', { headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') }), 400, /expected multipart\/form-data/);
    expectKuboError(await kuboAdd(api, [{ path: 'a/../b', content: Buffer.from('x') }]), 400, /'\.\.' names are not allowed/);
    expectKuboError(await kuboAdd(api, [{ path: 'a', content: Buffer.from('x') }, { path: 'a', content: Buffer.from('y') }]), 400, /sent more than once/);
    expectKuboError(await kuboAdd(api, [{ path: 'a', content: Buffer.from('x') }, { path: 'a/b', content: Buffer.from('y') }]), 400, /both as a file and as a folder/);
    expectKuboError(await kuboAdd(api, []), 400, /no file or directory parts/);
    const truncated = (await multipartBuffer([{ path: 't', content: Buffer.from('data') }])).subarray(0, 60);
    expectKuboError(await kuboCall(api, 'add', { headers: { 'content-type': MULTIPART_TYPE }, body: truncated }), 400, /malformed multipart body/);
    expect((await kuboCall(api, 'pin/ls')).text).toBe(pinsBefore);
    expect(listBlobs(t.dataDir)).toEqual(blobsBefore);
    expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
  });

  it('refuses CIDs it does not understand (400) and answers unknown ones as not on this node (500)', async () => {
    expectKuboError(await kuboCall(api, 'cat', { query: { arg: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi' } }), 400, /invalid CID: .* is not a CIDv0/);
    expectKuboError(await kuboCall(api, 'cat', { query: { arg: 'not-a-cid' } }), 400, /invalid CID/);
    expectKuboError(await kuboCall(api, 'cat'), 400, /argument "ipfs-path" is required/);
    expectKuboError(await kuboCall(api, 'cat', { query: { arg: UNKNOWN } }), 500, /not on this node/);
    expectKuboError(await kuboCall(api, 'pin/add', { query: { arg: UNKNOWN } }), 500, /not on this node/);
    expectKuboError(await kuboCall(api, 'nope'), 404, /unknown command/);
  });

  it('answers version and id', async () => {
    const version = (await kuboCall(api, 'version')).lines()[0]!;
    for (const field of ['Version', 'Commit', 'Repo', 'System', 'Golang']) expect(typeof version[field], field).toBe('string');
    const id = (await kuboCall(api, 'id')).lines()[0]!;
    expect(id.ID).toMatch(/^12D3KooW/);
    expect(id.PublicKey).toMatch(/^CAESI/);
    expect(id.Addresses).toEqual([]);
    expect(id.Protocols).toEqual([]);
    expect((await kuboCall(api, 'id')).lines()[0]!.ID).toBe(id.ID); // stable
  });
});

describe('a node with a bearer token for its IPFS API', () => {
  const token = 'test-token-0123456789abcdef';
  let t: TestNode;
  let api: string;
  beforeAll(async () => {
    t = await startTestNode({ credentials: null, ipfs: { bearerToken: token } });
    api = t.node.ipfsUrl!;
  });
  afterAll(async () => t.dispose());

  it('answers only calls with the token, and refuses an add before reading its body', async () => {
    expectKuboError(await kuboCall(api, 'version'), 403, /authorization required/);
    expectKuboError(await kuboCall(api, 'version', { headers: { authorization: 'Bearer wrong-token-0123456789' } }), 403, /bearer token was refused/);
    expectKuboError(await kuboAdd(api, [{ path: 'h', content: Buffer.from('hello world\n') }], {}, { authorization: 'Basic abc' }), 403, /refused/);
    const ok = await kuboAdd(api, [{ path: 'h', content: Buffer.from('hello world\n') }], {}, { authorization: `Bearer ${token}` });
    expect(addResults(ok).get('h')?.hash).toBe(HELLO);
  });

  it('refuses to start with a short token', async () => {
    await expect(startTestNode({ credentials: null, ipfs: { bearerToken: 'short' } })).rejects.toThrow(/at least 16 characters/);
  });
});

describe('a node with SigV4 keys', () => {
  let t: TestNode;
  let api: string;
  beforeAll(async () => {
    t = await startTestNode({ credentials: generateCredentials(), ipfs: {} });
    api = t.node.ipfsUrl!;
  });
  afterAll(async () => t.dispose());

  it('answers signed calls and refuses unsigned ones', async () => {
    expect((await kuboCall(api, 'version')).status).toBe(401);
    const versionUrl = kuboUrl(api, 'version');
    const signed = signRequest({ method: 'POST', url: versionUrl, payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', credentials: t.credentials! });
    expect((await kuboCall(api, 'version', { headers: signed })).status).toBe(200);
    const addUrl = kuboUrl(api, 'add');
    const body = await multipartBuffer([{ path: 'h', content: Buffer.from('hello world\n') }]);
    const addHeaders = { 'content-type': MULTIPART_TYPE, ...signRequest({ method: 'POST', url: addUrl, headers: { 'content-type': MULTIPART_TYPE }, payloadHash: UNSIGNED_PAYLOAD, credentials: t.credentials! }) };
    const add = await kuboCall(api, 'add', { headers: addHeaders, body });
    expect(addResults(add).get('h')?.hash).toBe(HELLO);
  });
});

describe('starting', () => {
  it('refuses a non-loopback IPFS host without a token or keys', async () => {
    await expect(startTestNode({ credentials: null, ipfs: { host: '0.0.0.0' } })).rejects.toThrow(/without a bearer token or the node's keys/);
  });
});
