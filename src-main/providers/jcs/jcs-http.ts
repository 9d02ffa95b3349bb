/**
 * The HTTP layer of the JCS client: URL building, SigV4 signing, keep-alive
 * connections, timeouts, cancellation, and turning answers into typed values
 * or typed errors. JSON bodies are signed with their SHA-256; streamed
 * multipart bodies as UNSIGNED-PAYLOAD, as JCS-pub clients do.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { JcsCode } from '@shared/jcs/error-codes';
import { describeZodError, envelopeSchema } from '@shared/jcs/wire';
import { JcsError, JcsTransportError } from './jcs-errors';
import { isRetryableSocketError, keepAliveAgent, parseServiceUrl, readLimitedText, snippet, writeChunks } from '../provider-http';
import { BodySizeMismatchError, BodySourceError, type MultipartBody } from './multipart-body';
import { EMPTY_PAYLOAD_SHA256, encodeRfc3986, sha256Hex, signRequest, UNSIGNED_PAYLOAD, type Credentials } from '../../common/sigv4';

export interface JcsHttpOptions {
  /** e.g. http://127.0.0.1:7890 (a path prefix is kept: http://host/jcs). */
  baseUrl: string;
  credentials?: Credentials;
  /** A request with no traffic for this long fails (retryable). Default 60 s. */
  idleTimeoutMs?: number;
  /** Parallel connections to the service. Default 16. */
  maxSockets?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface JcsRequest {
  method: 'GET' | 'POST';
  /** Route under /v1, e.g. `/object/listByPath`. */
  route: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  multipart?: MultipartBody;
  signal?: AbortSignal;
  /** This request's silence limit instead of the client's (a route that answers only when long work is done). */
  idleTimeoutMs?: number;
}

const MAX_JSON_RESPONSE = 512 * 1024 * 1024;

export class JcsHttp {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: JcsHttpOptions) {
    this.base = parseServiceUrl(options.baseUrl);
    this.agent = keepAliveAgent(this.base, options.maxSockets ?? 16);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  get origin(): string {
    return this.base.origin;
  }

  url(route: string, query: Record<string, QueryValue> = {}): URL {
    const pairs = Object.entries(query).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
    const search = pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(String(v))}`).join('&');
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return new URL(`${this.base.origin}${prefix}/v1${route}${search ? '?' + search : ''}`);
  }

  /** The URL and headers of a request, signed when the client has credentials; `payload` is the JSON body's bytes. */
  requestHead(request: JcsRequest): { url: URL; headers: Record<string, string | number>; payload: Buffer | undefined } {
    const url = this.url(request.route, request.query);
    const headers: Record<string, string | number> = { accept: 'application/json, application/octet-stream' };
    let payload: Buffer | undefined;
    let payloadHash = EMPTY_PAYLOAD_SHA256;
    if (request.json !== undefined) {
      payload = Buffer.from(JSON.stringify(request.json));
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
      payloadHash = sha256Hex(payload);
    } else if (request.multipart) {
      headers['content-type'] = request.multipart.contentType;
      headers['content-length'] = request.multipart.contentLength;
      payloadHash = UNSIGNED_PAYLOAD;
    }
    if (this.options.credentials) Object.assign(headers, signRequest({ method: request.method, url, payloadHash, credentials: this.options.credentials }));
    return { url, headers, payload };
  }

  /** The silence limit of a request: its own, or the client's. */
  idleTimeoutOf(request: Pick<JcsRequest, 'idleTimeoutMs'>): number {
    return request.idleTimeoutMs ?? this.idleTimeoutMs;
  }

  /** Sends a request and resolves with the response head once it arrives. */
  send(request: JcsRequest): Promise<IncomingMessage> {
    const { url, headers, payload } = this.requestHead(request);

    // A keep-alive connection the server closed while it sat idle fails the
    // next request on it at once (ECONNRESET, "socket hang up") before the
    // server has read a byte of it. Such a request is sent once more on a new
    // connection when its body can be sent again (none, or JSON); a streamed
    // body cannot, and the transfer engine's own retry covers it.
    const replayable = !request.multipart;
    const giveUp = (error: unknown): never => {
      throw error instanceof StaleConnectionError ? this.transportError(error.cause, request.route) : error;
    };
    return this.sendOnce(request, url, headers, payload).catch((error: unknown) =>
      replayable && error instanceof StaleConnectionError ? this.sendOnce(request, url, headers, payload).catch(giveUp) : giveUp(error),
    );
  }

  private sendOnce(request: JcsRequest, url: URL, headers: Record<string, string | number>, payload: Buffer | undefined): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method: request.method, headers, agent: this.agent, signal: request.signal });
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        if (req.reusedSocket && (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') reject(new StaleConnectionError(error));
        else reject(this.transportError(error, request.route));
      };
      const idleTimeoutMs = this.idleTimeoutOf(request);
      req.setTimeout(idleTimeoutMs, () => {
        req.destroy(new JcsTransportError(`${this.origin} did not respond for ${Math.round(idleTimeoutMs / 1000)} s`, request.route, true));
      });
      req.on('error', fail);
      req.on('response', (res) => {
        settled = true;
        resolve(res);
      });
      if (payload) req.end(payload);
      else if (request.multipart) writeChunks(request.multipart.chunks, req).catch((error: unknown) => {
        req.destroy(error instanceof Error ? error : new Error(String(error)));
        fail(error);
      });
      else req.end();
    });
  }

  /** Sends a request that answers with the JSON envelope and returns `data` parsed by `schema`. */
  async call<S extends z.ZodType>(request: JcsRequest, schema: S): Promise<z.output<S>> {
    const res = await this.send(request);
    return readEnvelope(res, request.route, schema);
  }

  private transportError(error: unknown, route: string): Error {
    if (error instanceof JcsTransportError || error instanceof BodySizeMismatchError || error instanceof BodySourceError) return error;
    if (error instanceof Error && error.name === 'AbortError') return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const detail = (error as Error | undefined)?.message ?? String(error);
    if (isRetryableSocketError(error)) return new JcsTransportError(`cannot reach ${this.origin}: ${detail}`, route, true, undefined, { cause: error });
    return new JcsTransportError(`request to ${this.origin} failed: ${detail}${code ? ` (${code})` : ''}`, route, true, undefined, { cause: error });
  }

  close(): void {
    this.agent.destroy();
  }
}


/** A request failed on a reused keep-alive connection before any answer: the server had closed it. */
class StaleConnectionError extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive connection');
  }
}

export async function readEnvelope<S extends z.ZodType>(res: IncomingMessage, route: string, schema: S): Promise<z.output<S>> {
  const status = res.statusCode ?? 0;
  let text: string;
  try {
    text = await readLimitedText(res, MAX_JSON_RESPONSE);
  } catch (error) {
    throw new JcsTransportError(`the response to ${route} broke off: ${(error as Error).message}`, route, true, status, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JcsTransportError(`unexpected answer to ${route} (HTTP ${status}): ${snippet(text, '(empty body)')}`, route, status >= 500 || status === 0, status);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new JcsTransportError(`unexpected answer to ${route} (HTTP ${status}): not a JCS envelope`, route, status >= 500, status);
  if (envelope.data.code !== JcsCode.OK) throw new JcsError(envelope.data.code, envelope.data.message, status, route);
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) throw new JcsTransportError(`unexpected answer to ${route}: ${describeZodError(data.error, 'data')}`, route, false, status);
  return data.data;
}


