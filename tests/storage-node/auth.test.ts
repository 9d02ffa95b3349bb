/**
 * SigV4 on a real storage node over loopback: the signed client works, every
 * kind of bad or tampered request is refused with 401 Unauthorized (and
 * stores nothing), and the node keeps serving. A node without keys refuses
 * non-loopback hosts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signRequest, UNSIGNED_PAYLOAD, type Credentials } from '../../src-main/common/sigv4';
import { startStorageNode } from '../../src-main/storage-node/storage-node';
import { rawRequest, type RawResponse } from '../helpers/node-inspection';
import { generateCredentials, startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

function expectUnauthorized(res: RawResponse, reason?: RegExp): void {
  expect(res.status, res.body.toString()).toBe(401);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const envelope = res.json();
  expect(envelope).toMatchObject({ code: 'Unauthorized', data: null });
  if (reason) expect(envelope.message).toMatch(reason);
}

async function expectClientUnauthorized(call: Promise<unknown>): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JcsError);
  expect(error).toMatchObject({ code: 'Unauthorized', httpStatus: 401 });
}

describe('storage node with keys: SigV4 required on every request', () => {
  let t: TestNode;
  let credentials: Credentials;
  let packageID: number;

  /** Signed headers for a request to `url` on this node, as the client would make them. */
  function signedHeaders(method: string, url: URL, payloadHash: string, options: { credentials?: Credentials; now?: Date } = {}): Record<string, string> {
    return { host: url.host, ...signRequest({ method, url, payloadHash, credentials: options.credentials ?? credentials, now: options.now }) };
  }

  const url = (pathAndQuery: string) => new URL(pathAndQuery, t.node.url);

  beforeAll(async () => {
    t = await startTestNode();
    credentials = t.credentials!;
    const bucket = await t.client.createBucket('auth');
    packageID = (await t.client.createPackage(bucket.bucketID, 'p')).packageID;
    await t.client.uploadObjects(packageID, [{ path: 'a/x.txt', body: Buffer.from('x') }]);
  });

  afterAll(async () => {
    await t.dispose();
  });

  it('serves the signed client (JSON, query, multi-file upload, download)', async () => {
    const [obj] = await t.client.uploadObjects(packageID, [{ path: 'a/y.txt', body: Buffer.from('yy') }]);
    expect(obj).toMatchObject({ path: 'a/y.txt', size: 2 });
    const page = await t.client.listByPath({ packageID, path: 'a/', isPrefix: true, maxKeys: 10 });
    expect(page.objects.map((o) => o.path)).toEqual(['a/x.txt', 'a/y.txt']);
    const download = await t.client.download({ packageID, path: 'a/y.txt' });
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('yy');
  });

  it('accepts a correctly signed raw request (the baseline for the refusals below)', async () => {
    const target = url(`/v1/object/listByPath?packageID=${packageID}&path=a%2F&isPrefix=true`);
    const res = await rawRequest(target, { headers: signedHeaders('GET', target, EMPTY_PAYLOAD_SHA256) });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ code: 'OK' });
  });

  it('refuses an unsigned request with 401 Unauthorized, on /v1 routes and their bare aliases', async () => {
    expectUnauthorized(await rawRequest(url('/v1/bucket/listAll')), /missing Authorization/);
    expectUnauthorized(await rawRequest(url('/bucket/listAll')), /missing Authorization/);
    expectUnauthorized(await rawRequest(url(`/v1/object/download?objectID=1`)));
    expectUnauthorized(
      await rawRequest(url('/v1/bucket/create'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'sneaky' }) }),
    );
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['auth']);
  });

  it('refuses a wrong secret key and a wrong access key', async () => {
    const wrongSecret = new JcsClient({ baseUrl: t.node.url, credentials: { ...credentials, secretKey: credentials.secretKey + 'x' } });
    const wrongAccess = new JcsClient({ baseUrl: t.node.url, credentials: { ...credentials, accessKey: 'AKNOBODY' } });
    try {
      await expectClientUnauthorized(wrongSecret.listBuckets());
      await expectClientUnauthorized(wrongSecret.createBucket('nope'));
      await expectClientUnauthorized(wrongAccess.listBuckets());
      await expectClientUnauthorized(wrongAccess.uploadObjects(packageID, [{ path: 'a/nope.txt', body: Buffer.from('no') }]));
    } finally {
      wrongSecret.close();
      wrongAccess.close();
    }
    const target = url('/v1/bucket/listAll');
    expectUnauthorized(await rawRequest(target, { headers: signedHeaders('GET', target, EMPTY_PAYLOAD_SHA256, { credentials: { ...credentials, accessKey: 'AKNOBODY' } }) }), /unknown access key/);
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['auth']);
  });

  it('refuses a query or path changed after signing', async () => {
    const signedFor = url(`/v1/object/listByPath?packageID=${packageID}&path=a%2F&isPrefix=true`);
    const headers = signedHeaders('GET', signedFor, EMPTY_PAYLOAD_SHA256);
    expectUnauthorized(await rawRequest(url(`/v1/object/listByPath?packageID=${packageID}&path=b%2F&isPrefix=true`), { headers }), /signature does not match/);
    expectUnauthorized(await rawRequest(url(`/v1/object/listByPath?packageID=${packageID}&path=a%2F&isPrefix=true&maxKeys=1`), { headers }), /signature does not match/);
    expectUnauthorized(await rawRequest(url(`/v1/object/listByPath?packageID=${packageID}&path=a%2F`), { headers }), /signature does not match/);
    expectUnauthorized(await rawRequest(url(`/v1/object/getPackageObjects?packageID=${packageID}`), { headers }), /signature does not match/);
    // The same request, untouched, still passes (the header set itself is valid).
    expect((await rawRequest(signedFor, { headers })).status).toBe(200);
  });

  it('accepts a request dated 4 minutes off and refuses one 6 minutes off, either way', async () => {
    const target = url('/v1/bucket/listAll');
    for (const offset of [-4, 4]) {
      const headers = signedHeaders('GET', target, EMPTY_PAYLOAD_SHA256, { now: new Date(Date.now() + offset * 60_000) });
      expect((await rawRequest(target, { headers })).status, `${offset} minutes`).toBe(200);
    }
    for (const offset of [-6, 6, -20, 20]) {
      const headers = signedHeaders('GET', target, EMPTY_PAYLOAD_SHA256, { now: new Date(Date.now() + offset * 60_000) });
      expectUnauthorized(await rawRequest(target, { headers }), /more than 5 minutes away/);
    }
  });

  it('refuses a signature scoped to another region than any', async () => {
    const target = url('/v1/bucket/create');
    const body = JSON.stringify({ name: 'other-region' });
    for (const region of ['us-east-1', 'ANY', 'cn-north-1']) {
      const headers = { host: target.host, 'content-type': 'application/json', ...signRequest({ method: 'POST', url: target, payloadHash: sha256Hex(body), credentials, region }) };
      expectUnauthorized(await rawRequest(target, { method: 'POST', headers, body }), new RegExp(`region '${region}', expected 'any'`));
    }
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['auth']);
  });

  it('refuses a JSON body signed as UNSIGNED-PAYLOAD, even with a valid signature', async () => {
    const target = url('/v1/bucket/create');
    const body = JSON.stringify({ name: 'unsigned-json' });
    const headers = { ...signedHeaders('POST', target, UNSIGNED_PAYLOAD), 'content-type': 'application/json' };
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers, body }), /JSON bodies must be signed with their SHA-256/);
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['auth']);
  });

  it('refuses a JSON body altered after signing, and changes nothing', async () => {
    const target = url('/v1/bucket/create');
    const signedBody = JSON.stringify({ name: 'signed-name' });
    const sentBody = JSON.stringify({ name: 'evil-name!!' }); // same length
    const headers: Record<string, string> = { ...signedHeaders('POST', target, sha256Hex(signedBody)), 'content-type': 'application/json' };
    // x-amz-content-sha256 names the signed body; the body is another.
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers, body: sentBody }), /X-Amz-Content-Sha256/);
    // x-amz-content-sha256 rewritten to match the new body: the signature no longer matches.
    expectUnauthorized(
      await rawRequest(target, { method: 'POST', headers: { ...headers, 'x-amz-content-sha256': sha256Hex(sentBody) }, body: sentBody }),
      /signature does not match/,
    );
    // x-amz-content-sha256 removed: the server hashes the body itself.
    const { 'x-amz-content-sha256': _declared, ...withoutDeclared } = headers;
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers: withoutDeclared, body: sentBody }));
    // A JSON body cannot be passed off as UNSIGNED-PAYLOAD either.
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers: { ...headers, 'x-amz-content-sha256': UNSIGNED_PAYLOAD }, body: sentBody }));
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['auth']);
    // The untampered request works.
    const ok = await rawRequest(target, { method: 'POST', headers, body: signedBody });
    expect(ok.json()).toMatchObject({ code: 'OK', data: { bucket: { name: 'signed-name' } } });
  });

  it('accepts multipart uploads signed UNSIGNED-PAYLOAD, and refuses unsigned ones before storing a byte', async () => {
    // Through the client: upload and uploadPart are both sent as UNSIGNED-PAYLOAD.
    const mp = await t.client.newMultipartUpload(packageID, 'mp/file.bin');
    await t.client.uploadPart(mp.objectID, 0, Buffer.from('hello '));
    await t.client.uploadPart(mp.objectID, 1, Buffer.from('world'));
    expect(await t.client.completeMultipartUpload(mp.objectID, [0, 1])).toMatchObject({ size: 11, redundancy: { type: 'none' } });

    // By hand, to see the header the node accepts.
    const boundary = 'xBOUNDARYx';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="info"\r\n\r\n${JSON.stringify({ packageID })}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="raw%2Fupload.txt"\r\nContent-Type: application/octet-stream\r\n\r\nraw bytes\r\n` +
        `--${boundary}--\r\n`,
    );
    const target = url('/v1/object/upload');
    const contentHeaders = { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length };
    const signed = signedHeaders('POST', target, UNSIGNED_PAYLOAD);
    expect(signed['x-amz-content-sha256']).toBe(UNSIGNED_PAYLOAD);
    const ok = await rawRequest(target, { method: 'POST', headers: { ...contentHeaders, ...signed }, body });
    expect(ok.json()).toMatchObject({ code: 'OK', data: { uploadeds: [{ path: 'raw/upload.txt', size: '9' }] } });

    // Unsigned, wrongly signed, or with the path changed: refused, nothing stored, no temp file left.
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers: contentHeaders, body }));
    const wrong = signedHeaders('POST', target, UNSIGNED_PAYLOAD, { credentials: { ...credentials, secretKey: 'wrong' } });
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers: { ...contentHeaders, ...wrong }, body }), /signature does not match/);
    expectUnauthorized(await rawRequest(url('/v1/object/uploadPart'), { method: 'POST', headers: { ...contentHeaders, ...signed }, body }), /signature does not match/);
    // Signed with a body hash but sent without x-amz-content-sha256: the node cannot hash a streamed body, and says how to sign it.
    const { 'x-amz-content-sha256': _declared, ...undeclared } = signedHeaders('POST', target, sha256Hex(body));
    expectUnauthorized(await rawRequest(target, { method: 'POST', headers: { ...contentHeaders, ...undeclared }, body }), /UNSIGNED-PAYLOAD/);
    expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
    const paths = (await t.client.getPackageObjects(packageID)).map((o) => o.path);
    expect(paths.filter((p) => p.startsWith('raw/'))).toEqual(['raw/upload.txt']);
  });

  it('keeps serving after all of the refusals', async () => {
    const [obj] = await t.client.uploadObjects(packageID, [{ path: 'after/ok.txt', body: Buffer.from('still here') }]);
    expect(obj).toMatchObject({ path: 'after/ok.txt', size: 10 });
    expect((await t.client.listBuckets()).map((b) => b.name).sort()).toEqual(['auth', 'signed-name']);
  });
});

describe('storage node host and key rules', () => {
  it('refuses a non-loopback host without keys, with a clear message, and leaves the data folder unlocked', async () => {
    const temp = await makeTempDir('jcs-auth-host');
    try {
      for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
        await expect(startStorageNode({ dataDir: temp.path, host, log: () => {} })).rejects.toThrow(
          new RegExp(`refusing to serve on ${host.replace(/\./g, '\\.')} without an access key and secret key.*loopback`),
        );
      }
      // Nothing was locked: a loopback node starts on the same folder.
      const node = await startStorageNode({ dataDir: temp.path, log: () => {} });
      await node.close();
    } finally {
      await temp.remove();
    }
  });

  it('refuses half a key pair', async () => {
    const temp = await makeTempDir('jcs-auth-half');
    try {
      await expect(startStorageNode({ dataDir: temp.path, host: '0.0.0.0', credentials: { accessKey: 'AK', secretKey: '' }, log: () => {} })).rejects.toThrow(
        /both an access key and a secret key/,
      );
    } finally {
      await temp.remove();
    }
  });

  it('starts on 0.0.0.0 with keys and still requires signatures', async () => {
    const credentials = generateCredentials();
    const temp = await makeTempDir('jcs-auth-any');
    const node = await startStorageNode({ dataDir: temp.path, host: '0.0.0.0', credentials, log: () => {} });
    const loopbackUrl = `http://127.0.0.1:${node.port}`;
    const client = new JcsClient({ baseUrl: loopbackUrl, credentials });
    try {
      expect(node.host).toBe('0.0.0.0');
      expect(await client.listBuckets()).toEqual([]);
      expectUnauthorized(await rawRequest(`${loopbackUrl}/v1/bucket/listAll`));
    } finally {
      client.close();
      await node.close(1000);
      await temp.remove();
    }
  });

  it('serves unsigned requests on loopback when it has no keys', async () => {
    const t = await startTestNode({ credentials: null });
    try {
      const res = await rawRequest(`${t.node.url}/v1/bucket/listAll`);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ code: 'OK', data: { buckets: [] } });
      expect(await t.client.createBucket('open')).toMatchObject({ name: 'open' });
    } finally {
      await t.dispose();
    }
  });
});
