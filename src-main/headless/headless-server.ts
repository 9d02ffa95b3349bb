/**
 * Headless mode's HTTP server: the built renderer, the contract as
 * `POST /api/call/<operation>` (JSON in, `{ok, value | error}` out) and core
 * events over a WebSocket at `/api/events`. Every request passes HeadlessAuth;
 * there are no CORS headers, so other origins cannot read anything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCore } from '../core/app-core';
import { toAppError } from '../core/errors/to-app-error';
import { sendFolderZip, sendObject } from './download-routes';
import { HeadlessAuth, hostForUrl, type AuthVerdict } from './headless-auth';
import { sendThumbnail } from './thumbnail-route';
import { sendPreview } from './preview-route';
import { resolveStatic, sendStatic } from './static-files';
import { AppErrorCode } from '@shared/contract/error-codes';
import { CONTENT_SECURITY_POLICY } from '@shared/security/csp';
import { THUMBNAIL_ROUTE } from '@shared/thumbnails/thumbnail-request';
import { PREVIEW_ROUTE } from '@shared/preview/preview-request';

const MAX_CALL_BODY = 16 * 1024 * 1024;
/** Chunks are part-sized: the threshold (8 MiB by default) or more for files over 80 GB. */
const MAX_CHUNK_BODY = 1024 * 1024 * 1024;

export interface HeadlessServerOptions {
  core: AppCore;
  host: string;
  port: number;
  token: string;
  /** The built renderer (out/renderer). */
  staticDir: string;
}

export interface RunningHeadlessServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<RunningHeadlessServer> {
  const { core } = options;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = core.events.onAny((event) => {
    const message = JSON.stringify(event);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
  });

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The allowed Host and Origin values name the real port, known only now (--port 0).
  const port = (server.address() as AddressInfo).port;
  const auth = new HeadlessAuth({ host: options.host, port, token: options.token });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, auth, options).catch((error: unknown) => {
      console.error('headless request failed', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: AppErrorCode.Internal, message: 'internal error' } });
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const verdict = firstFailure(auth.checkHost(req), auth.checkOrigin(req), auth.checkToken(req, url));
    if (!verdict.ok || url.pathname !== '/api/events') {
      const status = verdict.ok ? 404 : verdict.status;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', () => {}); // the event socket is one-way; anything sent is ignored
    });
  });

  return {
    url: `http://${hostForUrl(options.host)}:${port}`,
    port,
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, auth: HeadlessAuth, options: HeadlessServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const hostVerdict = auth.checkHost(req);
  if (!hostVerdict.ok) return refuse(res, hostVerdict);
  const tokenVerdict = auth.checkToken(req, url);
  if (!tokenVerdict.ok) return refuse(res, tokenVerdict);

  if (url.pathname.startsWith('/api/')) {
    const originVerdict = auth.checkOrigin(req);
    if (!originVerdict.ok) return refuse(res, originVerdict);
    if (url.pathname === '/api/transfers/chunk') return receiveChunk(req, res, url, options.core);
    if (url.pathname === '/api/download/object' || url.pathname === '/api/download/folder') {
      if (req.method !== 'GET') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'use GET' } }, { Allow: 'GET' });
      try {
        await (url.pathname === '/api/download/object' ? sendObject : sendFolderZip)(options.core, url, res, SECURITY_HEADERS);
      } catch (error) {
        if (res.headersSent) res.destroy(); // the browser sees a failed download, never a truncated "complete" file
        else sendJson(res, 400, { ok: false, error: toAppError(error) });
      }
      return;
    }
    if (url.pathname === THUMBNAIL_ROUTE) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'use GET' } }, { Allow: 'GET' });
      try {
        await sendThumbnail(options.core, url, req, res, SECURITY_HEADERS);
      } catch (error) {
        const shape = toAppError(error);
        if (res.headersSent || res.destroyed) res.destroy();
        else sendJson(res, shape.code === AppErrorCode.InvalidInput ? 400 : shape.code === AppErrorCode.DataNotFound || shape.code === AppErrorCode.NotFound ? 404 : 502, { ok: false, error: shape });
      }
      return;
    }
    if (url.pathname === PREVIEW_ROUTE) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'use GET' } }, { Allow: 'GET' });
      try {
        await sendPreview(options.core, url, req, res, SECURITY_HEADERS);
      } catch (error) {
        const shape = toAppError(error);
        if (res.headersSent || res.destroyed) res.destroy();
        else sendJson(res, shape.code === AppErrorCode.InvalidInput ? 400 : shape.code === AppErrorCode.DataNotFound || shape.code === AppErrorCode.NotFound ? 404 : 502, { ok: false, error: shape });
      }
      return;
    }
    const match = /^\/api\/call\/([A-Za-z0-9.]+)$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { ok: false, error: { code: AppErrorCode.NotFound, message: `no such API route: ${url.pathname}` } });
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'use POST' } }, { Allow: 'POST' });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      // Also keeps cross-site "simple" form posts out: they cannot send application/json.
      return sendJson(res, 415, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'Content-Type must be application/json' } });
    }
    const body = await readBody(req, MAX_CALL_BODY);
    if (body === undefined) return sendJson(res, 413, { ok: false, error: { code: AppErrorCode.InvalidInput, message: `request body is larger than ${MAX_CALL_BODY} bytes` } });
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'request body is not valid JSON' } });
    }
    const result = await options.core.call(match[1]!, input);
    return sendJson(res, 200, result);
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'method not allowed' } }, { Allow: 'GET' });
  if (auth.tokenInQuery(url)) {
    // First visit: keep the token in a cookie and drop it from the address bar and history.
    url.searchParams.delete('token');
    // One leading slash only: '//host/...' in Location would send the browser to another site.
    const location = '/' + url.pathname.replace(/^\/+/, '') + url.search;
    res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': auth.cookieHeader(), Location: location, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  const file = resolveStatic(options.staticDir, path);
  if (file && (await sendStatic(res, file, SECURITY_HEADERS))) return;
  // Client-side routes fall back to the app page; missing assets are 404.
  if (!/\.[a-z0-9]+$/i.test(path) && (await sendStatic(res, join(options.staticDir, 'index.html'), SECURITY_HEADERS))) return;
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

/** One chunk of a browser upload: the body is the raw bytes. */
async function receiveChunk(req: IncomingMessage, res: ServerResponse, url: URL, core: AppCore): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'use POST' } }, { Allow: 'POST' });
  if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'Content-Type must be application/octet-stream' } });
  const jobId = url.searchParams.get('job') ?? '';
  const index = Number(url.searchParams.get('index'));
  if (!jobId || !Number.isSafeInteger(index) || index < 0) return sendJson(res, 400, { ok: false, error: { code: AppErrorCode.InvalidInput, message: 'job and index (a non-negative integer) are required' } });
  const body = await readBody(req, MAX_CHUNK_BODY);
  if (body === undefined) return sendJson(res, 413, { ok: false, error: { code: AppErrorCode.InvalidInput, message: `a chunk may not exceed ${MAX_CHUNK_BODY} bytes` } });
  return sendJson(res, 200, await core.uploadChunk(jobId, index, body));
}

function firstFailure(...verdicts: AuthVerdict[]): AuthVerdict {
  return verdicts.find((v) => !v.ok) ?? { ok: true };
}

function refuse(res: ServerResponse, verdict: Exclude<AuthVerdict, { ok: true }>): void {
  sendJson(res, verdict.status, { ok: false, error: { code: verdict.status === 401 ? AppErrorCode.Unauthorized : AppErrorCode.Forbidden, message: verdict.message } });
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
