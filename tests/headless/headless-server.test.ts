/**
 * Headless mode as a browser and an attacker see it: `out/cli/serve.mjs` as a
 * real process (core, embedded node, built UI) on a loopback port. Every
 * request needs the token (query → HttpOnly SameSite=Strict cookie, or
 * Bearer); Host and Origin are checked (DNS rebinding, cross-site requests);
 * there are no CORS headers; the API takes only JSON POSTs; static files never
 * leave out/renderer; pages carry a strict CSP; the WebSocket pushes core
 * events; bad flags exit 2 and SIGTERM stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureRendererBuilt, lockOwner, processAlive, rendererDir, serveScript, waitFor } from '../helpers/core';
import { repoRoot } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Serve {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
}

/** Runs serve.mjs; resolves once it printed its address (or exited). */
async function runServe(args: string[]): Promise<Serve & { url: string | undefined }> {
  const child = spawn(process.execPath, [serveScript, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => setImmediate(() => resolve(code ?? signal ?? 'unknown'))));
  let done = false;
  void exited.then(() => (done = true));
  await waitFor('serve to print its address or exit', () => done || /open http:\/\/\S+\/\?token=/.test(output), 30_000);
  const url = /open (http:\/\/\S+)\/\?token=/.exec(output)?.[1];
  return { child, url, output: () => output, exited };
}

describe('headless server', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let serve: Serve;
  let port: number;
  let origin: string;
  const token = randomBytes(24).toString('base64url');
  const bearer = { Authorization: `Bearer ${token}` };
  /** Every response seen, to check headers across all of them. */
  const seen: Reply[] = [];
  let asset: string;

  /** A raw request: the path is sent exactly as given, headers as given (Host defaults to the bound address). */
  function request(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    const headers = { Host: `127.0.0.1:${port}`, ...options.headers };
    const setHost = headers.Host !== ''; // '' means: send no Host header at all
    if (!setHost) delete (headers as Partial<typeof headers>).Host;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const reply = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
          seen.push(reply);
          resolve(reply);
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  function call(name: string, input: unknown, headers: Record<string, string> = bearer): Promise<Reply> {
    return request(`/api/call/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) });
  }

  /** Opens the event socket; resolves with the socket once open, or with the HTTP status it was refused with. */
  function openSocket(options: { path?: string; headers?: Record<string, string>; origin?: string } = {}): Promise<{ socket: WebSocket; messages: unknown[] } | { status: number; headers: IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/api/events'}`, { headers: options.headers, origin: options.origin });
      const messages: unknown[] = [];
      socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
      socket.once('open', () => resolve({ socket, messages }));
      socket.once('unexpected-response', (_req, res) => {
        res.resume();
        seen.push({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        socket.terminate();
      });
      socket.once('error', (error) => reject(error));
    });
  }

  beforeAll(async () => {
    ensureRendererBuilt();
    asset = `/assets/${readdirSync(join(rendererDir, 'assets')).find((f) => f.endsWith('.js'))!}`;
    temp = await makeTempDir('jcs-headless');
    const started = await runServe(['--port', '0', '--data', temp.path, `--token=${token}`]);
    serve = started;
    if (!started.url) throw new Error(`serve did not start:\n${started.output()}`);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.output()).toContain(`open ${started.url}/?token=${token}`);
    port = Number(new URL(started.url).port);
    origin = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (serve && serve.child.exitCode === null && serve.child.signalCode === null) {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
    await temp?.remove();
  });

  it('refuses every request without a token with 401: page, API, static asset and WebSocket', async () => {
    for (const path of ['/', '/index.html', asset, '/some/client/route']) {
      const reply = await request(path);
      expect(reply.status, path).toBe(401);
      expect(reply.body).not.toContain('<html');
    }
    const api = await call('app.info', {}, {});
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    expect(await openSocket()).toMatchObject({ status: 401 });
  });

  it('refuses a wrong token in the query, a cookie, a Bearer header and on the WebSocket', async () => {
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await request(`/?token=${wrong}`)).status).toBe(401);
    expect((await request('/', { headers: { Cookie: `jcs_token_${port}=${wrong}` } })).status).toBe(401);
    expect((await request('/', { headers: { Cookie: `jcs_token_${port + 1}=${token}` } })).status).toBe(401); // another port's cookie
    expect((await call('app.info', {}, { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await call('app.info', {}, { Authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await call('app.info', {}, { Authorization: `Basic ${token}` })).status).toBe(401);
    expect(await openSocket({ headers: { Authorization: `Bearer ${wrong}` } })).toMatchObject({ status: 401 });
    expect(await openSocket({ path: `/api/events?token=${wrong}` })).toMatchObject({ status: 401 });
  });

  it('trades a token in the address for an HttpOnly SameSite=Strict cookie, then serves the app with it', async () => {
    const first = await request(`/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['cache-control']).toBe('no-store');
    const setCookie = first.headers['set-cookie'];
    expect(setCookie).toHaveLength(1);
    const cookie = setCookie![0]!;
    expect(cookie).toMatch(new RegExp(`^jcs_token_${port}=${token};`));
    expect(cookie).toMatch(/;\s*HttpOnly(;|$)/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict(;|$)/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);

    // Other query parameters and the path survive; the token does not.
    const deep = await request(`/browse/x?a=1&token=${token}&b=2`);
    expect(deep.status).toBe(303);
    expect(deep.headers.location).toBe('/browse/x?a=1&b=2');
    // The redirect never leaves this origin, however the path is spelled.
    for (const path of [`/.//evil.example/?token=${token}`, `/%2e//evil.example?token=${token}`, `/a/..//evil.example?token=${token}`]) {
      const reply = await request(path);
      expect(reply.status, path).toBe(303);
      expect(reply.headers.location, path).toMatch(/^\/(?![/\\])/);
    }

    const withCookie = { Cookie: cookie.split(';')[0]! };
    const page = await request('/', { headers: withCookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(readFileSync(join(rendererDir, 'index.html'), 'utf8'));
    const script = await request(asset, { headers: withCookie });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A client-side route gets the app page; a missing asset does not.
    expect((await request('/some/client/route', { headers: withCookie })).body).toBe(page.body);
    expect((await request('/assets/missing.js', { headers: withCookie })).status).toBe(404);

    const api = await call('app.info', {}, withCookie);
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ ok: true, value: { mode: 'headless' } });
  });

  it('accepts a Bearer token and runs contract operations, errors included', async () => {
    const reply = await call('app.info', {});
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(reply.body) as { ok: boolean; value: { mode: string; dataDir: string; embeddedNode: { state: string } } };
    expect(body).toMatchObject({ ok: true, value: { mode: 'headless', dataDir: temp.path, embeddedNode: { state: 'running' } } });

    expect(JSON.parse((await call('roots.create', { connectionId: 'local', parentId: null })).body)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(JSON.parse((await call('no.such', {})).body)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect((await call('nested/path', {})).status).toBe(404);
    const badJson = await request('/api/call/app.info', { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it('refuses Host headers other than its own address (DNS rebinding) with 403', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, `127.0.0.2:${port}`]) {
      const page = await request('/', { headers: { ...bearer, Host: host } });
      expect(page.status, host).toBe(403);
      expect(JSON.parse(page.body)).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      expect((await call('app.info', {}, { ...bearer, Host: host })).status, host).toBe(403);
      expect((await request(`/?token=${token}`, { headers: { Host: host } })).status, host).toBe(403);
    }
    expect(await openSocket({ headers: { ...bearer, Host: `evil.example:${port}` } })).toMatchObject({ status: 403 });
    // No Host header at all: refused too (Node's parser answers 400 before our check can say 403).
    expect([400, 403]).toContain((await request('/', { headers: { ...bearer, Host: '' } })).status);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect((await call('app.info', {}, { ...bearer, Host: host })).status, host).toBe(200);
    }
  });

  it('refuses API calls and WebSockets from foreign origins with 403', async () => {
    for (const foreign of ['http://evil.example', `http://evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const reply = await call('roots.create', { connectionId: 'local', parentId: null, name: 'from-elsewhere' }, { ...bearer, Origin: foreign });
      expect(reply.status, foreign).toBe(403);
      expect(await openSocket({ headers: bearer, origin: foreign })).toMatchObject({ status: 403 });
    }
    expect(JSON.parse((await call('roots.list', { connectionId: 'local', parentId: null })).body)).toMatchObject({ ok: true, value: [] });
    expect((await call('app.info', {}, { ...bearer, Origin: origin })).status).toBe(200);
    expect((await call('app.info', {}, { ...bearer, Origin: `http://localhost:${port}` })).status).toBe(200);
    const own = await openSocket({ headers: bearer, origin });
    expect('socket' in own).toBe(true);
    if ('socket' in own) own.socket.close();
  });

  it('takes only JSON POSTs on the API', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const reply = await request('/api/call/app.info', { method: 'POST', headers: { ...bearer, 'Content-Type': type }, body: '{}' });
      expect(reply.status, type).toBe(415);
    }
    expect((await request('/api/call/app.info', { method: 'POST', headers: bearer, body: '{}' })).status).toBe(415);
    expect((await request('/api/call/app.info', { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' })).status).toBe(200);

    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await request('/api/call/app.info', { method, headers: bearer });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    }
    expect((await request('/', { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(405);
  });

  it('never serves a file from outside out/renderer', async () => {
    const packageJson = readFileSync(join(repoRoot, 'package.json'), 'utf8');
    const serveBundle = readFileSync(serveScript, 'utf8').slice(0, 200);
    const attempts = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..%5c..%5cpackage.json',
      '/assets/..\\..\\package.json',
      '/%2e%2e%2fcli%2fserve.mjs',
      '/../cli/serve.mjs',
      '/assets/..%2f..%2fcli/serve.mjs',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/..%00/package.json',
      '/%c0%ae%c0%ae/package.json',
    ];
    for (const path of attempts) {
      const reply = await request(path, { headers: bearer });
      expect(reply.body, path).not.toContain('"name": "jcs-desktop"');
      expect(reply.body, path).not.toContain(serveBundle);
      expect(reply.body, path).not.toContain('root:');
      if (reply.status === 200) expect(reply.headers['content-type'], path).toBe('text/html; charset=utf-8'); // only the app page, as a client route
      else expect(reply.status, path).toBe(404);
    }
    expect(packageJson).toContain('"name": "jcs-desktop"'); // the marker above is real
  });

  it('sends a strict CSP and no CORS headers on every response', async () => {
    const pages = [await request('/', { headers: bearer }), await request(asset, { headers: bearer }), await call('app.info', {}), await request('/missing.png', { headers: bearer })];
    for (const reply of pages) {
      const csp = reply.headers['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:.*script|http:/);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['x-frame-options']).toBe('DENY');
    }
    // A CORS preflight gets nothing that would let another origin in.
    await request('/api/call/app.info', { method: 'OPTIONS', headers: { ...bearer, Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    await request('/api/call/app.info', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(seen.length).toBeGreaterThan(50);
    for (const reply of seen) {
      expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('pushes core events over the WebSocket: storage.changed after roots.create', async () => {
    const opened = await openSocket({ headers: bearer });
    if (!('socket' in opened)) throw new Error(`the event socket was refused: ${opened.status}`);
    const viaQuery = await openSocket({ path: `/api/events?token=${token}`, origin });
    if (!('socket' in viaQuery)) throw new Error(`the event socket was refused: ${viaQuery.status}`);
    try {
      const created = JSON.parse((await call('roots.create', { connectionId: 'local', parentId: null, name: 'pushed' })).body) as { ok: boolean; value: { id: string } };
      expect(created.ok).toBe(true);
      const expected = { name: 'storage.changed', payload: { connectionId: 'local', scope: 'roots', parentId: null, rootId: created.value.id } };
      for (const { messages } of [opened, viaQuery]) {
        await waitFor('storage.changed on the socket', () => messages.some((m) => JSON.stringify(m) === JSON.stringify(expected)), 5_000);
      }
      await call('settings.update', { theme: 'dark' });
      await waitFor('settings.changed on the socket', () => opened.messages.some((m) => (m as { name: string }).name === 'settings.changed'), 5_000);
      // Only the event route upgrades.
      expect(await openSocket({ path: '/api/other', headers: bearer })).toMatchObject({ status: 404 });
    } finally {
      opened.socket.close();
      viaQuery.socket.close();
    }
  });

  it('refuses a non-loopback --host without --allow-remote: exit code 2 and a message', async () => {
    const refused = await runServe(['--host', '0.0.0.0', '--port', '0', '--data', join(temp.path, 'remote'), `--token=${token}`]);
    expect(refused.url).toBeUndefined();
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toMatch(/--host 0\.0\.0\.0 is not a loopback address; add --allow-remote/);

    const shortToken = await runServe(['--port', '0', '--data', join(temp.path, 'short'), '--token', 'short']);
    expect(await shortToken.exited).toBe(2);
    expect(shortToken.output()).toContain('--token must be');
  });

  it('stops on SIGTERM with exit code 0, taking the embedded node with it', async () => {
    const nodeDir = join(temp.path, 'storage-node');
    const nodePid = lockOwner(nodeDir)!;
    expect(nodePid).toBeDefined();
    expect(processAlive(nodePid)).toBe(true);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain('SIGTERM received, stopping');
    expect(processAlive(nodePid)).toBe(false);
    expect(lockOwner(nodeDir)).toBeUndefined();
  });
});
