/**
 * Plain HTTP calls to a Kubo-RPC API (the storage node's subset) for tests:
 * node:http, so the request is exactly what the test says (headers, method,
 * body), and multipart bodies built the way Kubo's clients send them.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';

export interface KuboResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | undefined>;
  body: Buffer;
  text: string;
  /** The body as NDJSON lines (or one JSON value). */
  lines(): Array<Record<string, unknown>>;
}

export interface KuboCall {
  query?: Record<string, string | string[]>;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
}

export function kuboUrl(base: string, command: string, query: KuboCall['query'] = {}): URL {
  const url = new URL(`/api/v0/${command}`, base);
  for (const [name, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
  return url;
}

export function kuboCall(base: string, command: string, call: KuboCall = {}): Promise<KuboResponse> {
  const url = kuboUrl(base, command, call.query);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: call.method ?? 'POST', headers: call.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          trailers: res.trailers,
          body,
          text,
          lines: () =>
            text
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => JSON.parse(l) as Record<string, unknown>),
        });
      });
    });
    req.on('error', reject);
    if (call.body instanceof Readable) call.body.pipe(req);
    else req.end(call.body);
  });
}

export type AddPart = { path: string; content: Buffer | (() => AsyncIterable<Uint8Array> | Iterable<Uint8Array>) } | { path: string; dir: true };

export const BOUNDARY = '----jcs-test-boundary-7f3a';

/** A multipart body as kubo-rpc-client sends one: `file`/`dir` parts, URL-encoded filenames. */
export async function* multipartChunks(parts: readonly AddPart[]): AsyncGenerator<Buffer> {
  for (const [index, part] of parts.entries()) {
    const isDir = 'dir' in part;
    const field = `${isDir ? 'dir' : 'file'}${index > 0 ? `-${index}` : ''}`;
    yield Buffer.from(
      `${index > 0 ? '\r\n' : ''}--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${encodeURIComponent(part.path)}"\r\n` +
        `Content-Type: ${isDir ? 'application/x-directory' : 'application/octet-stream'}\r\n\r\n`,
    );
    if (!isDir) {
      if (Buffer.isBuffer(part.content)) yield part.content;
      else for await (const chunk of part.content()) yield Buffer.from(chunk);
    }
  }
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

export async function multipartBuffer(parts: readonly AddPart[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of multipartChunks(parts)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** POST /api/v0/add with these parts (held in memory: small tests only). */
export async function kuboAdd(base: string, parts: readonly AddPart[], query: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<KuboResponse> {
  return kuboCall(base, 'add', { query, headers: { 'content-type': MULTIPART_TYPE, ...headers }, body: await multipartBuffer(parts) });
}

/** The result lines of an add (those with a Hash), by Name. */
export function addResults(response: KuboResponse): Map<string, { hash: string; size: string }> {
  const out = new Map<string, { hash: string; size: string }>();
  for (const line of response.lines()) if (typeof line.Hash === 'string') out.set(String(line.Name), { hash: line.Hash, size: String(line.Size) });
  return out;
}
