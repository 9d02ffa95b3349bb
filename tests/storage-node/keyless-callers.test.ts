/**
 * A node without keys serves only this machine's programs, not the web pages
 * this machine's browser shows: Host must be a loopback name (DNS rebinding),
 * a request a page sent (Origin or Sec-Fetch-Site say so) is refused, and
 * writes need their own content types. The last test is the attack itself,
 * in a real Chromium: a page on another origin tries no-cors fetches.
 */
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { expectFailure, okData, raw, type RawResponse } from './routes-support';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestNode;
let port: number;
let packageID: number;

beforeAll(async () => {
  t = await startTestNode({ credentials: null });
  port = t.node.port;
  const bucket = await t.client.createBucket('mine');
  packageID = (await t.client.createPackage(bucket.bucketID, 'p')).packageID;
});
afterAll(async () => {
  await t.dispose();
});

/** A raw request with exactly these headers (Host included). */
function send(path: string, headers: Record<string, string>, options: { method?: string; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const contentType = String(res.headers['content-type'] ?? '');
        resolve({ status: res.statusCode!, headers: new Headers(), contentType, bytes, json: contentType.startsWith('application/json') ? (JSON.parse(bytes.toString()) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const listAll = (headers: Record<string, string>) => send('/v1/bucket/listAll', headers);
const createBucket = (name: string, headers: Record<string, string>) =>
  send('/v1/bucket/create', { 'content-type': 'application/json', ...headers }, { method: 'POST', body: JSON.stringify({ name }) });

describe('a node without keys', () => {
  it('answers only requests whose Host is a loopback name', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.0.0.1', `127.1.2.3:${port}`]) {
      okData(await listAll({ host }));
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, `192.168.1.10:${port}`, `[::2]:${port}`]) {
      expectFailure(await listAll({ host }), 403, 'Unauthorized', ['loopback', host], host);
      expectFailure(await createBucket('rebound', { host }), 403, 'Unauthorized', 'DNS rebinding', host);
    }
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['mine']);
  });

  it('refuses requests that a web page sent (a foreign Origin or a cross-origin Sec-Fetch-Site)', async () => {
    const host = `127.0.0.1:${port}`;
    for (const origin of ['http://evil.example', `http://localhost:${port + 1}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      expectFailure(await createBucket('from-a-page', { host, origin }), 403, 'Unauthorized', origin, origin);
      expectFailure(await listAll({ host, origin }), 403, 'Unauthorized', 'web pages', origin);
    }
    for (const site of ['cross-site', 'same-site']) {
      expectFailure(await send(`/v1/object/listByPath?packageID=${packageID}&path=&isPrefix=true`, { host, 'sec-fetch-site': site }), 403, 'Unauthorized', site, site);
      expectFailure(await createBucket('from-a-page', { host, 'sec-fetch-site': site }), 403, 'Unauthorized', site, site);
    }
    // Its own origin, and an address typed into the browser, are not a foreign page.
    okData(await listAll({ host, origin: `http://${host}` }));
    okData(await listAll({ host, 'sec-fetch-site': 'none' }));
    okData(await listAll({ host, 'sec-fetch-site': 'same-origin' }));
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['mine']);
  });

  it('takes JSON writes only as application/json and uploads only as multipart/form-data', async () => {
    expectFailure(await raw(t.node.url, '/v1/bucket/create', { body: '{"name":"plain"}', headers: { 'content-type': 'text/plain' } }), 415, 'BadArgument', 'application/json');
    expectFailure(await raw(t.node.url, '/v1/object/upload', { body: 'x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'BadArgument', 'multipart/form-data');
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['mine']);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('a web page in a real browser (Chromium)', () => {
  let page: Server;
  let pageUrl: string;

  beforeAll(async () => {
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>some page</title>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => page.close(() => resolve())));

  it('cannot create a bucket or upload a file through the node with no-cors fetches', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(pageUrl);
      const node = `http://127.0.0.1:${port}`;
      const outcome = await tab.evaluate(
        async ({ node, packageID }) => {
          const tried: string[] = [];
          const attempt = async (label: string, run: () => Promise<unknown>) => {
            try {
              await run();
              tried.push(`${label}: sent`);
            } catch (error) {
              tried.push(`${label}: ${String(error)}`);
            }
          };
          await attempt('bucket as text/plain', () => fetch(`${node}/v1/bucket/create`, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ name: 'made-by-a-page' }) }));
          await attempt('bucket as form', () => {
            const form = new FormData();
            form.append('name', 'made-by-a-page-form');
            return fetch(`${node}/v1/bucket/create`, { method: 'POST', mode: 'no-cors', body: form });
          });
          await attempt('upload', () => {
            const form = new FormData();
            form.append('info', JSON.stringify({ packageID }));
            form.append('files', new Blob(['planted by a web page']), 'planted.txt');
            return fetch(`${node}/v1/object/upload`, { method: 'POST', mode: 'no-cors', body: form });
          });
          return tried;
        },
        { node, packageID },
      );
      // Each no-cors fetch resolves once its (opaque) answer arrived: the node has handled all three.
      expect(outcome).toEqual(['bucket as text/plain: sent', 'bucket as form: sent', 'upload: sent']);
    } finally {
      await browser.close();
    }
    expect((await t.client.listBuckets()).map((b) => b.name)).toEqual(['mine']);
    expect(await t.client.getPackageObjects(packageID)).toEqual([]);
  });
});
