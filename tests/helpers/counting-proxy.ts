/**
 * A real HTTP proxy to put between a JCS client and a storage node: it
 * forwards every request, records what passed (route, query, the part index
 * of an uploadPart, body bytes up and down with times) and can misbehave on
 * demand: flip one byte of a request body, answer 500 (before or after the
 * node saw the request), hold a request, or go away (drop every connection
 * and refuse new ones) until told to come back.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

export interface ProxiedRequest {
  seq: number;
  method: string;
  /** The route without the `/v1` prefix, e.g. `/object/uploadPart`. */
  route: string;
  query: URLSearchParams;
  /** uploadPart only: the part index from the request's `info` field. */
  partIndex?: number;
  /** upload only: how many files the multi-file request carried. */
  files: number;
  /** Status the client got (undefined while running or when the connection was dropped). */
  status?: number;
  bytesUp: number;
  bytesDown: number;
}

export type Fault =
  /** Destroy the client's connection at once. */
  | { kind: 'drop' }
  /** Answer `status`; with `afterForwarding` the node handles the request first and its answer is lost. */
  | { kind: 'status'; status: number; afterForwarding?: boolean }
  /** Flip the byte at `offset` of the request body (beyond the multipart head, into the file's bytes). */
  | { kind: 'corrupt'; offset: number }
  /** Flip the byte at `offset` of the node's answer body. */
  | { kind: 'corruptAnswer'; offset: number }
  /** Cut the connection after `offset` bytes of the node's answer body. */
  | { kind: 'cutAnswer'; offset: number }
  /** Hold the request for `ms` before forwarding it. */
  | { kind: 'delay'; ms: number };

export interface ByteEvent {
  at: number;
  bytes: number;
  route: string;
  direction: 'up' | 'down';
}

export class CountingProxy {
  readonly requests: ProxiedRequest[] = [];
  readonly byteEvents: ByteEvent[] = [];
  /** Decides a fault for a request (called once per request, before forwarding). */
  fault: ((request: ProxiedRequest) => Fault | undefined) | undefined;
  /** Called when the node's answer head arrives, before the client sees it. */
  onAnswer: ((request: ProxiedRequest) => void) | undefined;

  /** Connections refused while the service was down. */
  refused = 0;
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private down = false;
  private seq = 0;

  private constructor(
    private readonly server: http.Server,
    private upstream: URL,
  ) {}

  static async start(upstreamUrl: string): Promise<CountingProxy> {
    const server = http.createServer();
    const proxy = new CountingProxy(server, new URL(upstreamUrl));
    server.on('connection', (socket) => {
      if (proxy.down) {
        proxy.refused++;
        socket.destroy();
        return;
      }
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    server.on('request', (req, res) => proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The service goes away: open connections are cut, new ones refused. */
  goDown(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  comeBack(): void {
    this.down = false;
  }

  /** Forwards to another node from now on (a restarted node on a new port). */
  setUpstream(url: string): void {
    this.upstream = new URL(url);
  }

  /** Requests (to `route`, optionally from `sinceSeq` on) seen so far. */
  seen(route: string, sinceSeq = 0): ProxiedRequest[] {
    return this.requests.filter((r) => r.route === route && r.seq >= sinceSeq);
  }

  count(route: string, sinceSeq = 0): number {
    return this.seen(route, sinceSeq).length;
  }

  /** The sequence number the next request will get (a marker for `seen`). */
  get mark(): number {
    return this.seq + 1;
  }

  /** Request body bytes forwarded to `route` so far. */
  bytesUp(route?: string): number {
    return this.byteEvents.filter((e) => e.direction === 'up' && (route === undefined || e.route === route)).reduce((sum, e) => sum + e.bytes, 0);
  }

  bytesDown(route?: string): number {
    return this.byteEvents.filter((e) => e.direction === 'down' && (route === undefined || e.route === route)).reduce((sum, e) => sum + e.bytes, 0);
  }

  async close(): Promise<void> {
    this.goDown();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const request: ProxiedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      route: url.pathname.replace(/^\/v1(?=\/)/, ''),
      query: url.searchParams,
      bytesUp: 0,
      bytesDown: 0,
      files: 0,
    };
    this.requests.push(request);
    const fault = this.fault?.(request);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status' && !fault.afterForwarding) {
      req.resume();
      req.on('end', () => this.answerStatus(request, res, fault.status));
      return;
    }
    const go = () => this.forward(req, res, request, fault);
    if (fault?.kind === 'delay') setTimeout(go, fault.ms);
    else go();
  }

  private forward(req: IncomingMessage, res: ServerResponse, request: ProxiedRequest, fault: Fault | undefined): void {
    const target = new URL(req.url ?? '/', this.upstream);
    const upstreamReq = http.request(target, { method: req.method, headers: req.headers, agent: this.agent });
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      upstreamReq.destroy();
      req.socket.destroy();
    };
    upstreamReq.on('error', fail);
    req.on('error', fail);
    req.on('aborted', fail);
    res.on('close', () => {
      if (!res.writableFinished) fail();
    });

    upstreamReq.on('response', (upstreamRes) => {
      if (fault?.kind === 'status') {
        upstreamRes.resume();
        upstreamRes.on('end', () => this.answerStatus(request, res, fault.status));
        return;
      }
      this.onAnswer?.(request);
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.on('error', fail);
      let answerOffset = 0;
      upstreamRes
        .pipe(
          new Transform({
            transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
              if (fault?.kind === 'cutAnswer' && answerOffset + chunk.length > fault.offset) {
                const head = chunk.subarray(0, fault.offset - answerOffset);
                request.bytesDown += head.length;
                this.byteEvents.push({ at: performance.now(), bytes: head.length, route: request.route, direction: 'down' });
                res.write(head, () => req.socket.destroy());
                callback();
                return;
              }
              if (fault?.kind === 'corruptAnswer' && fault.offset >= answerOffset && fault.offset < answerOffset + chunk.length) {
                chunk = Buffer.from(chunk);
                chunk[fault.offset - answerOffset] = chunk[fault.offset - answerOffset]! ^ 0xff;
              }
              answerOffset += chunk.length;
              request.bytesDown += chunk.length;
              this.byteEvents.push({ at: performance.now(), bytes: chunk.length, route: request.route, direction: 'down' });
              callback(null, chunk);
            },
          }),
        )
        .pipe(res);
      res.on('finish', () => (request.status = upstreamRes.statusCode));
    });

    let offset = 0;
    let head = '';
    let tail = '';
    req
      .pipe(
        new Transform({
          transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
            if (request.route === '/object/uploadPart' && request.partIndex === undefined && head.length < 4096) {
              head += chunk.subarray(0, 4096).toString('latin1');
              const m = /"index"\s*:\s*(\d+)/.exec(head);
              if (m) request.partIndex = Number(m[1]);
            }
            if (request.route === '/object/upload') {
              const text = tail + chunk.toString('latin1');
              request.files += text.split('name="files"').length - 1;
              tail = text.slice(-11); // one byte shorter than the marker: none is counted twice, none is missed
            }
            let out = chunk;
            if (fault?.kind === 'corrupt' && fault.offset >= offset && fault.offset < offset + chunk.length) {
              out = Buffer.from(chunk);
              out[fault.offset - offset] = out[fault.offset - offset]! ^ 0xff;
            }
            offset += chunk.length;
            request.bytesUp += chunk.length;
            this.byteEvents.push({ at: performance.now(), bytes: chunk.length, route: request.route, direction: 'up' });
            callback(null, out);
          },
        }),
      )
      .pipe(upstreamReq);
  }

  private answerStatus(request: ProxiedRequest, res: ServerResponse, status: number): void {
    const body = JSON.stringify({ code: 'OperationFailed', message: 'injected by the test proxy', data: null });
    request.status = status;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}
