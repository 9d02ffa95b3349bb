/**
 * Shared helpers for the routes-* integration tests: raw HTTP against a real
 * node (optionally SigV4-signed), hand-built multipart bodies, envelope checks
 * and data-folder inspection. Not a test file itself.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'libsql';
import { expect } from 'vitest';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signRequest, UNSIGNED_PAYLOAD, type Credentials } from '../../src-main/common/sigv4';

/** RFC 3339 with a numeric offset and at most 7 fractional digits (seed 001: `2025-06-24T16:31:28.5148754+08:00`). */
export const TIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?[+-]\d\d:\d\d$/;
export const FULL_HASH_RE = /^Full[0-9A-F]{64}$/;

export function fullHashOf(content: Buffer | string): string {
  return 'Full' + createHash('sha256').update(content).digest('hex').toUpperCase();
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RawResponse {
  status: number;
  headers: Headers;
  contentType: string;
  bytes: Buffer;
  /** The parsed JSON body (undefined when the body is not JSON). */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  /** Query parameters, encoded with URLSearchParams. */
  query?: Record<string, string | number | boolean>;
  /** A value to send as JSON. */
  json?: unknown;
  /** A raw body (sent as is). */
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Signs the request (JSON/empty bodies with their hash, others UNSIGNED-PAYLOAD). */
  credentials?: Credentials;
}

/** Sends one raw HTTP request to `baseUrl` + `path` (path given with or without /v1, as the test wants). */
export async function raw(baseUrl: string, path: string, request: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(baseUrl + path);
  if (request.query) for (const [k, v] of Object.entries(request.query)) url.searchParams.append(k, String(v));
  const headers: Record<string, string> = { ...request.headers };
  let body: Buffer | undefined;
  if (request.json !== undefined) {
    body = Buffer.from(JSON.stringify(request.json));
    headers['content-type'] ??= 'application/json';
  } else if (request.body !== undefined) {
    body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  }
  const method = request.method ?? (body === undefined ? 'GET' : 'POST');
  if (request.credentials) {
    const streamed = (headers['content-type'] ?? '').startsWith('multipart/');
    const payloadHash = body === undefined ? EMPTY_PAYLOAD_SHA256 : streamed ? UNSIGNED_PAYLOAD : sha256Hex(body);
    Object.assign(headers, signRequest({ method, url, payloadHash, credentials: request.credentials }));
  }
  const res = await fetch(url, { method, headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  let json: unknown;
  if (contentType.startsWith('application/json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, contentType, bytes, json };
}

export interface Envelope {
  code: string;
  message: string;
  data: unknown;
}

/** Asserts the response is exactly a JCS envelope `{code, message, data}` and returns it. */
export function envelope(res: RawResponse): Envelope {
  expect(res.contentType).toMatch(/^application\/json/);
  const body = res.json as Envelope;
  expect(body).toBeTypeOf('object');
  expect(Object.keys(body).sort()).toEqual(['code', 'data', 'message']);
  expect(typeof body.code).toBe('string');
  expect(typeof body.message).toBe('string');
  return body;
}

/** Asserts an OK envelope with HTTP 200 and returns `data`. */
export function okData<T = Record<string, unknown>>(res: RawResponse): T {
  const body = envelope(res);
  expect({ status: res.status, code: body.code, message: body.message }).toEqual({ status: 200, code: 'OK', message: '' });
  return body.data as T;
}

/** Asserts a failure envelope: the HTTP status, the code, data null, and (each of) `mentions` in the message. */
export function expectFailure(res: RawResponse, status: number, code: string, mentions: string | readonly string[] = [], label = ''): Envelope {
  const context = `${label ? label + ': ' : ''}HTTP ${res.status} ${res.contentType} ${res.bytes.toString('utf8').slice(0, 300)}`;
  expect(res.contentType, context).toMatch(/^application\/json/);
  const body = envelope(res);
  expect({ status: res.status, code: body.code }, context).toEqual({ status, code });
  expect(body.data, context).toBeNull();
  expect(body.message.length, context).toBeGreaterThan(0);
  for (const word of typeof mentions === 'string' ? [mentions] : mentions) expect(body.message, context).toContain(word);
  return body;
}

export interface FormPart {
  name: string;
  /** Set for file parts: written as given into the header (already URL-encoded where the test wants that). */
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body built by hand (so tests control every byte). */
export function formBody(parts: readonly FormPart[], boundary = 'routes-test-boundary-7d1f3a'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(head + '\r\n'), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under `dir` (recursively), as paths relative to it; [] when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string) => {
    let entries;
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

/**
 * Every blob a node's data folder stores, wherever it is kept: blob files as
 * `<shard>/<sha256>` and blobs inline in the catalog (schema version 6) as
 * `inline/<sha256>`. Safe while the node runs (a read of the WAL database).
 */
export async function storedBlobs(dataDir: string): Promise<string[]> {
  const files = await listFiles(join(dataDir, 'blobs'));
  const db = new Database(join(dataDir, 'metadata.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM inline_blobs').all() as Array<{ blob: string }>;
    return [...files, ...rows.map((r) => `inline/${r.blob}`)].sort();
  } finally {
    db.close();
  }
}
