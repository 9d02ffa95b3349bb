/**
 * A node with keys decides on the headers: requests whose signature (or size)
 * is wrong are answered before a byte of their body is sent, so nobody
 * without the secret key can make the node read, buffer or store anything.
 * Each request here sends its headers and holds its body back: an answer can
 * only come from a decision made on the headers.
 */
import http, { type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, signRequest, type Credentials } from '../../src-main/common/sigv4';
import { MAX_JSON_BODY } from '../../src-main/storage-node/http/request-input';
import { startTestNode, type TestNode } from '../helpers/storage-node';

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  json: { code: string; message: string; data: unknown };
}

/** Sends only the headers of a request; `answer` resolves when the node answers (the body is never sent unless `send` is called). */
function headersOnly(target: URL, method: string, headers: Record<string, string | number>): { req: ClientRequest; answer: Promise<Answer> } {
  const req = http.request(target, { method, headers, agent: false });
  const answer = new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within 10 s while the body was held back (${method} ${target.pathname})`)), 10_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString()) as Answer['json'] });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  req.flushHeaders();
  return { req, answer };
}

describe('a node with keys refuses on the headers, before reading a body', () => {
  let t: TestNode;
  let credentials: Credentials;
  const url = (path: string) => new URL(path, t.node.url);
  const signed = (method: string, target: URL, payloadHash: string, extra: Partial<Parameters<typeof signRequest>[0]> = {}) => ({
    host: target.host,
    ...signRequest({ method, url: target, payloadHash, credentials, ...extra }),
  });

  beforeAll(async () => {
    t = await startTestNode();
    credentials = t.credentials!;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers unsigned 60 MiB POSTs (JSON and multipart) with 401 and closes the connection, without waiting for their bodies', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/bucket/create', 'application/json'],
      ['/v1/object/move', 'application/json'],
      ['/v1/object/upload', 'multipart/form-data; boundary=x'],
      ['/v1/object/uploadPart', 'multipart/form-data; boundary=x'],
    ];
    const sent = cases.map(([path, type]) => headersOnly(url(path), 'POST', { 'content-type': type, 'content-length': 60 * MiB }));
    for (const [i, { req, answer }] of sent.entries()) {
      const got = await answer;
      expect(got.status, cases[i]![0]).toBe(401);
      expect(got.json).toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('missing Authorization') as unknown });
      expect(got.headers.connection).toBe('close');
      req.destroy();
    }
    expect(await t.client.listBuckets()).toEqual([]);
    // A refused request without a body keeps its connection for the next one.
    const bodiless = await fetch(url('/v1/bucket/listAll'));
    expect(bodiless.status).toBe(401);
    expect(bodiless.headers.get('connection')).toBe('keep-alive');
    await bodiless.arrayBuffer();
  });

  it('answers a client that waits for 100 Continue with the refusal, and a signed one with 100 Continue', async () => {
    const target = url('/v1/bucket/create');
    const unsigned = headersOnly(target, 'POST', { 'content-type': 'application/json', 'content-length': 60 * MiB, expect: '100-continue' });
    let told = false;
    unsigned.req.on('continue', () => (told = true));
    expect(await unsigned.answer).toMatchObject({ status: 401, json: { code: 'Unauthorized' } });
    expect(told).toBe(false);
    unsigned.req.destroy();

    const body = JSON.stringify({ name: 'after-continue' });
    const signedReq = http.request(target, { method: 'POST', headers: { ...signed('POST', target, sha256Hex(body)), 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' }, agent: false });
    let continued = false;
    signedReq.on('continue', () => {
      continued = true;
      signedReq.end(body);
    });
    const answer = await new Promise<Answer['json']>((resolve, reject) => {
      signedReq.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as Answer['json']));
      });
      signedReq.on('error', reject);
      signedReq.flushHeaders();
    });
    expect(continued).toBe(true);
    expect(answer).toMatchObject({ code: 'OK', data: { bucket: { name: 'after-continue' } } });
  });

  it('answers a wrongly signed JSON POST whose hash is declared with 401 before its body', async () => {
    const target = url('/v1/bucket/create');
    const body = Buffer.alloc(2 * MiB, 0x20);
    const wrong = { ...credentials, secretKey: 'not-the-secret' };
    const { req, answer } = headersOnly(target, 'POST', { ...signed('POST', target, sha256Hex(body), { credentials: wrong }), 'content-type': 'application/json', 'content-length': body.length });
    expect(await answer).toMatchObject({ status: 401, json: { code: 'Unauthorized', message: 'signature does not match' } });
    req.destroy();
  });

  it('refuses a JSON body over the 4 MiB cap with 413 before reading it', async () => {
    expect(MAX_JSON_BODY).toBe(4 * MiB);
    const target = url('/v1/object/delete');
    for (const size of [MAX_JSON_BODY + 1, 5 * MiB, 60 * MiB]) {
      const { req, answer } = headersOnly(target, 'POST', { ...signed('POST', target, sha256Hex('x')), 'content-type': 'application/json', 'content-length': size });
      const got = await answer;
      expect(got).toMatchObject({ status: 413, json: { code: 'BadArgument', message: `request body is larger than ${MAX_JSON_BODY} bytes` } });
      expect(got.headers.connection).toBe('close');
      req.destroy();
    }
  });

  it('serves signers that do not declare the body hash (as curl does), checking all but the signature first', async () => {
    const target = url('/v1/bucket/create');
    const body = JSON.stringify({ name: 'undeclared' });
    const undeclared = (extra: Partial<Parameters<typeof signRequest>[0]> = {}) => ({ ...signed('POST', target, sha256Hex(body), { includeContentSha256Header: false, ...extra }), 'content-type': 'application/json' });

    // An unknown access key or a stale date is refused on the headers, body held back.
    const stranger = headersOnly(target, 'POST', { ...undeclared({ credentials: { ...credentials, accessKey: 'AKSTRANGER' } }), 'content-length': 3 * MiB });
    expect(await stranger.answer).toMatchObject({ status: 401, json: { message: 'unknown access key' } });
    stranger.req.destroy();
    const stale = headersOnly(target, 'POST', { ...undeclared({ now: new Date(Date.now() - 10 * 60_000) }), 'content-length': 3 * MiB });
    expect(await stale.answer).toMatchObject({ status: 401, json: { message: expect.stringContaining('5 minutes') as unknown } });
    stale.req.destroy();

    // The right secret works; a wrong one is found once the body is in.
    const wrong = await fetch(target, { method: 'POST', headers: undeclared({ credentials: { ...credentials, secretKey: 'wrong' } }), body });
    expect(wrong.status).toBe(401);
    expect((await t.client.listBuckets()).map((b) => b.name)).not.toContain('undeclared');
    const ok = await fetch(target, { method: 'POST', headers: undeclared(), body });
    expect(await ok.json()).toMatchObject({ code: 'OK', data: { bucket: { name: 'undeclared' } } });
  });

  it('keeps bodies read before their signature check within a shared budget, refusing more with 503', async () => {
    const target = url('/v1/object/move');
    const held = () => headersOnly(target, 'POST', { ...signed('POST', target, sha256Hex('{}'), { includeContentSha256Header: false }), 'content-type': 'application/json', 'content-length': MAX_JSON_BODY });
    const first = held();
    const second = held();
    // A round trip after their headers went out: by its answer the node has read those headers too.
    await t.client.listBuckets();
    // Both are waiting for their bodies; a third does not fit.
    const third = held();
    const refused = await third.answer;
    expect(refused).toMatchObject({ status: 503, json: { code: 'OperationFailed', message: expect.stringContaining('signature check') as unknown } });
    third.req.destroy();
    // Once they go (the node sees their connections close), the budget is free again.
    first.req.destroy();
    second.req.destroy();
    await Promise.allSettled([first.answer, second.answer]);
    const body = JSON.stringify({ movings: [] });
    const move = async () =>
      (await fetch(target, { method: 'POST', headers: { ...signed('POST', target, sha256Hex(body), { includeContentSha256Header: false }), 'content-type': 'application/json' }, body })).json() as Promise<{ code: string }>;
    let after = await move();
    for (let tries = 0; after.code !== 'OK' && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await move();
    }
    expect(after).toMatchObject({ code: 'OK', data: { successes: [] } });
  });
});
