/**
 * A client of Kubo's RPC API (`/api/v0/…`) for publishing: a real Kubo, a
 * Crust W3Auth gateway in front of one, or the storage node's Kubo subset.
 * Adds stream a multipart body over node:http(s) with constant memory (never
 * fetch: Node 20's fetch holds a streamed body in memory) and always ask for
 * Kubo's classic settings explicitly, because the CID must equal the one we
 * computed and Kubo's defaults change between releases.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { z } from 'zod';
import { keepAliveAgent } from '../../../providers/provider-http';
import { failureOf, openCall, readJsonAnswer, type EndpointCall } from '../endpoint-http';
import { endpointLabel, parseEndpointUrl, PublishEndpointError } from '../publish-endpoint-error';
import { readAddAnswer, type KuboAdded } from './kubo-add-answer';
import { checkAddEntries, multipartBody, type KuboAddEntry } from './kubo-add-entries';

export type { KuboAdded } from './kubo-add-answer';
export type { KuboAddEntry } from './kubo-add-entries';

export type KuboAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; token: string } | { kind: 'basic'; username: string; password: string };

export interface KuboClientOptions {
  /** The node's RPC address, e.g. http://127.0.0.1:5001 or https://gw.crustfiles.app (a trailing /api/v0 is accepted). */
  url: string;
  auth: KuboAuth;
  /** No traffic either way for this long fails a call (Unreachable, retryable). Default 60 s. */
  timeoutMs?: number;
}

export interface KuboAddOptions {
  /** Bytes of file content the node has taken in so far (from Kubo's progress lines). */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  wrapWithDirectory?: boolean;
}

/** The flags that make Kubo's CID the one `ipfs add` printed with its classic defaults (the spec page's "CIDs that match"). */
const ADD_FLAGS = { 'cid-version': '0', 'raw-leaves': 'false', chunker: 'size-262144', pin: 'true', progress: 'true' } as const;

const versionAnswer = z.object({ Version: z.string().min(1) });
const pinAddAnswer = z.object({ Pins: z.array(z.string()) });

export class KuboClient {
  readonly endpoint: string;
  private readonly apiBase: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;

  constructor(options: KuboClientOptions) {
    const base = parseEndpointUrl(options.url, 'Kubo RPC URL');
    // Assigning '' to URL.pathname gives '/' back: the prefix is kept as a string.
    const prefix = base.pathname.replace(/\/+$/, '').replace(/\/api\/v0$/, '');
    base.pathname = prefix;
    this.endpoint = endpointLabel(base);
    this.apiBase = `${base.origin}${prefix}/api/v0/`;
    this.authorization = authorizationHeader(options.auth);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.agent = keepAliveAgent(base, 4);
  }

  /**
   * Adds one file, or a folder given as its entries (the folder first, each
   * folder before what it holds). The root is the single top-level entry, or
   * the wrapping folder with `wrapWithDirectory`. Every file and the root must
   * come back, every CID must be a CIDv0, and nothing that was not sent may
   * come back, or the add is BadResponse. Reading a file that fails is a
   * LocalSourceError, not an endpoint error.
   */
  async add(entries: readonly KuboAddEntry[], options: KuboAddOptions = {}): Promise<{ root: KuboAdded; all: KuboAdded[] }> {
    const wrap = options.wrapWithDirectory ?? false;
    const tops = checkAddEntries(entries, wrap);
    options.signal?.throwIfAborted();
    const boundary = `----jcs-publish-${randomBytes(12).toString('hex')}`;
    const call = this.call('add', { ...ADD_FLAGS, ...(wrap ? { 'wrap-with-directory': 'true' } : {}) }, options.signal);
    // However the add ends (answered, refused early, cancelled, timed out), the file being sent is closed then, even if its stream is waiting for data.
    const bodyDone = new AbortController();
    const cancel = () => bodyDone.abort();
    options.signal?.addEventListener('abort', cancel, { once: true });
    call.stream = { contentType: `multipart/form-data; boundary=${boundary}`, chunks: multipartBody(entries, boundary, bodyDone.signal) };
    try {
      return await this.exchangeAdd(call, entries, wrap ? '' : tops[0]!, options.onProgress);
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      bodyDone.abort();
    }
  }

  private async exchangeAdd(call: EndpointCall, entries: readonly KuboAddEntry[], rootName: string, onProgress: ((bytes: number) => void) | undefined): Promise<{ root: KuboAdded; all: KuboAdded[] }> {
    const res = await openCall(call);
    if ((res.statusCode ?? 0) !== 200) throw await failureOf(res, call);
    const paths = new Set(entries.map((entry) => entry.path));
    const files = new Set(entries.filter((entry) => entry.kind === 'file').map((entry) => entry.path));
    return readAddAnswer(res, call, { paths, files, rootName, onProgress });
  }

  /** Pins a CID on the node (recursively, Kubo's default). */
  async pinAdd(cid: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!/^[A-Za-z0-9]{10,200}$/.test(cid)) throw new Error(`not a CID: '${cid}'`);
    const call = this.call('pin/add', { arg: cid }, options.signal);
    const answer = await this.json(call, pinAddAnswer);
    if (!answer.Pins.includes(cid)) throw new PublishEndpointError('BadResponse', this.endpoint, `Kubo RPC at ${this.endpoint} answered pin/add without pinning ${cid} (it pinned ${answer.Pins.join(', ') || 'nothing'})`, false, 200);
  }

  async version(options: { signal?: AbortSignal } = {}): Promise<{ version: string }> {
    const answer = await this.json(this.call('version', {}, options.signal), versionAnswer);
    return { version: answer.Version };
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private call(command: string, query: Record<string, string>, signal: AbortSignal | undefined): EndpointCall {
    const url = new URL(this.apiBase + command);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return {
      method: 'POST',
      url,
      service: 'Kubo RPC',
      endpoint: this.endpoint,
      route: `POST /api/v0/${command}`,
      headers: this.authorization ? { authorization: this.authorization } : {},
      timeoutMs: this.timeoutMs,
      signal,
      agent: this.agent,
    };
  }

  private async json<S extends z.ZodType>(call: EndpointCall, schema: S): Promise<z.output<S>> {
    const res = await openCall(call);
    if ((res.statusCode ?? 0) !== 200) throw await failureOf(res, call);
    return readJsonAnswer(res, call, schema, 1024 * 1024);
  }
}

/** The Authorization header: W3Auth gateways take their token as Basic, a Kubo behind a proxy usually Bearer. */
function authorizationHeader(auth: KuboAuth): string | undefined {
  const checked = (value: string, what: string): string => {
    if (value === '' || /[\r\n]/.test(value)) throw new Error(`Kubo RPC ${what} must be non-empty and on one line`);
    return value;
  };
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'bearer':
      return `Bearer ${checked(auth.token, 'token')}`;
    case 'basic':
      if ('token' in auth) return `Basic ${checked(auth.token, 'token')}`;
      if (auth.username.includes(':')) throw new Error('a Basic auth user name cannot contain ":"');
      return `Basic ${Buffer.from(`${checked(auth.username, 'user name')}:${auth.password}`).toString('base64')}`;
  }
}
