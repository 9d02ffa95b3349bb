/**
 * A hostile JCS-pub service for tests: a real HTTP server on loopback that
 * speaks the JCS wire format by forwarding every request to a real storage
 * node (so uploads, moves, multipart and everything else work) and lying
 * where a test tells it to:
 * - `aliases`: an object is listed under another path (`sync/../victim.txt`,
 *   an absolute path, a name with a control character…); an exact lookup of
 *   the alias finds it, downloads by objectID serve its bytes;
 * - `hashes`: an object is listed with another fileHash (`Comp…`, garbage,
 *   or a well-formed hash of other bytes);
 * - `corrupt`: an object's bytes are damaged on the way out (the first byte
 *   of every download answer flipped; the length stays right);
 * - `packageNames`: a package is named something else (`..`, `a/b`).
 * A remote trash entry with a hostile path is an alias under `.jcs-trash/`.
 * It records the requests it saw so a test can check that nothing was moved
 * or deleted because of a hostile entry. The app's real client, transfer
 * engine, sync engine and headless server run against it unmodified.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Without the `/v1` prefix. */
  route: string;
  query: URLSearchParams;
  /** JSON request bodies (move, delete), parsed; undefined for others. */
  json?: unknown;
}

interface WireObject {
  objectID: number;
  path: string;
  fileHash: string;
  [key: string]: unknown;
}

interface Envelope {
  code: string;
  message: string;
  data: Record<string, unknown> | null;
}

export class HostileJcs {
  /** Real object path → the path this service lists it under. */
  readonly aliases = new Map<string, string>();
  /** Real object path → the fileHash this service lists for it. */
  readonly hashes = new Map<string, string>();
  /** Real object paths whose bytes are damaged on the way out. */
  readonly corrupt = new Set<string>();
  /** packageID → the name this service gives the package. */
  readonly packageNames = new Map<number, string>();
  readonly requests: SeenRequest[] = [];
  /** objectID → real path, learnt from every listing that passed. */
  private readonly realPathOf = new Map<number, string>();
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: URL,
  ) {}

  static async start(upstreamUrl: string): Promise<HostileJcs> {
    const server = http.createServer();
    const hostile = new HostileJcs(server, new URL(upstreamUrl));
    server.on('connection', (socket) => {
      hostile.sockets.add(socket);
      socket.on('close', () => hostile.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      hostile.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(error));
        } else res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return hostile;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests to `route` seen so far. */
  seen(route: string): SeenRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Every objectID named by a move or delete request so far. */
  touchedObjectIds(): Set<number> {
    const ids = new Set<number>();
    for (const r of this.requests) {
      const body = r.json as { movings?: Array<{ objectID: number }>; objectIDs?: number[] } | undefined;
      for (const m of body?.movings ?? []) ids.add(m.objectID);
      for (const id of body?.objectIDs ?? []) ids.add(id);
    }
    return ids;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private realPathFor(shown: string): string {
    for (const [real, alias] of this.aliases) if (alias === shown) return real;
    return shown;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hostile');
    const route = url.pathname.replace(/^\/v1(?=\/)/, '');
    const seen: SeenRequest = { method: req.method ?? 'GET', route, query: url.searchParams };
    this.requests.push(seen);
    const body = await readAll(req);
    if (/json/.test(String(req.headers['content-type'] ?? '')) && body.length) {
      try {
        seen.json = JSON.parse(body.toString('utf8'));
      } catch {
        // forwarded as it is; the node answers BadArgument
      }
    }
    // An exact lookup of an alias finds the object behind it.
    if ((route === '/object/listByPath' && url.searchParams.get('isPrefix') !== 'true') || route === '/object/downloadByPath') {
      const path = url.searchParams.get('path');
      if (path !== null) url.searchParams.set('path', this.realPathFor(path));
    }
    const upstream = await this.forward(req, url, body);
    const type = String(upstream.headers['content-type'] ?? '');
    if (type.startsWith('application/json')) {
      const answer = (await readAll(upstream)).toString('utf8');
      const rewritten = this.rewrite(answer);
      const headers = { ...upstream.headers, 'content-length': String(Buffer.byteLength(rewritten)) };
      delete headers['transfer-encoding'];
      res.writeHead(upstream.statusCode ?? 502, headers);
      res.end(rewritten);
      return;
    }
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    const objectId = Number(url.searchParams.get('objectID'));
    const real = route === '/object/download' ? this.realPathOf.get(objectId) : route === '/object/downloadByPath' ? url.searchParams.get('path') : undefined;
    let first = real !== undefined && real !== null && this.corrupt.has(real);
    upstream.on('data', (chunk: Buffer) => {
      if (first && chunk.length > 0) {
        chunk = Buffer.from(chunk);
        chunk[0] = chunk[0]! ^ 0xff;
        first = false;
      }
      res.write(chunk);
    });
    upstream.on('end', () => res.end());
    upstream.on('error', () => res.destroy());
  }

  private forward(req: IncomingMessage, url: URL, body: Buffer): Promise<IncomingMessage> {
    const target = new URL(url.pathname + url.search, this.upstream);
    const headers = { ...req.headers, host: this.upstream.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    return new Promise((resolve, reject) => {
      const upstreamReq = http.request(target, { method: req.method, headers, agent: this.agent }, resolve);
      upstreamReq.on('error', reject);
      upstreamReq.end(body);
    });
  }

  private rewrite(text: string): string {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return text;
    }
    const data = envelope.data;
    if (!data) return text;
    const objects = [...((data.objects as WireObject[] | null) ?? []), ...((data.uploadeds as WireObject[] | null) ?? [])];
    if (data.object) objects.push(data.object as WireObject);
    for (const o of objects) {
      const real = o.path;
      this.realPathOf.set(o.objectID, real);
      const alias = this.aliases.get(real);
      if (alias !== undefined) o.path = alias;
      const hash = this.hashes.get(real);
      if (hash !== undefined) o.fileHash = hash;
    }
    const packages = [...((data.packages as Array<{ packageID: number; name: string }> | null) ?? [])];
    if (data.package) packages.push(data.package as { packageID: number; name: string });
    for (const p of packages) {
      const name = this.packageNames.get(p.packageID);
      if (name !== undefined) p.name = name;
    }
    return JSON.stringify(envelope);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
