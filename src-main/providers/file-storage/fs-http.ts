/**
 * The HTTP layer of the File Storage client: URL building, the optional
 * bearer token, keep-alive connections, an idle timeout, cancellation, and
 * turning every answer that is not what the API promises into a provider
 * error named after the endpoint ("GET /file/list answered HTML, not the File
 * Storage API"). Error bodies are read as text when they are not JSON (the
 * seed defines none).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { ProviderError, ProviderErrorCode, ProviderTransportError, UploadBodyError } from '../provider-errors';
import { isRetryableSocketError, keepAliveAgent, parseServiceUrl, readLimitedText, snippet, writeChunks } from '../provider-http';

export interface FsHttpOptions {
  /** e.g. http://files.example.com (a path prefix is kept: http://host/api). */
  baseUrl: string;
  token?: string;
  /** A request with no traffic for this long fails (retryable). Default 60 s. */
  idleTimeoutMs?: number;
}

export interface FsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path under the base URL, already encoded: `/file/list`, `/file/<id>`. */
  path: string;
  /** How errors name the endpoint: 'GET /file/list', 'GET /file/:id'. */
  route: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  /** A streamed body (multipart) with its content type and exact length. */
  body?: { contentType: string; length: number; chunks: AsyncIterable<Buffer> };
  signal?: AbortSignal;
}

/** What the file routes mean by 404: the file is gone. Other routes answering 404 are not this API. */
export type NotFoundMeaning = 'file' | 'endpoint';

const MAX_JSON_ANSWER = 256 * 1024 * 1024;
const MAX_ERROR_BODY = 64 * 1024;

export class FsHttp {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: FsHttpOptions) {
    this.base = parseServiceUrl(options.baseUrl);
    this.agent = keepAliveAgent(this.base, 16);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  url(path: string, query: FsRequest['query'] = {}): URL {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.append(key, String(value));
    const text = search.toString();
    return new URL(`${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}${path}${text ? '?' + text : ''}`);
  }

  /** Sends a request; resolves with the response head (any status) once it arrives. */
  send(request: FsRequest): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = { accept: 'application/json, */*;q=0.5', ...request.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let payload: Buffer | undefined;
    if (request.json !== undefined) {
      payload = Buffer.from(JSON.stringify(request.json));
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    } else if (request.body) {
      headers['content-type'] = request.body.contentType;
      headers['content-length'] = request.body.length;
    }
    const url = this.url(request.path, request.query);
    // A keep-alive connection the server closed while idle fails the next
    // request on it at once; a request without a streamed body is sent once
    // more on a fresh connection (a streamed body cannot be replayed here).
    const attempt = (): Promise<IncomingMessage> => this.sendOnce(request, url, headers, payload);
    return attempt().catch((error: unknown) => {
      if (error instanceof StaleConnection && !request.body) return attempt().catch((again: unknown) => Promise.reject(this.unwrap(again, request.route)));
      return Promise.reject(this.unwrap(error, request.route));
    });
  }

  private unwrap(error: unknown, route: string): Error {
    return transportError(error instanceof StaleConnection ? error.cause : error, route, this.base.origin);
  }

  private sendOnce(request: FsRequest, url: URL, headers: Record<string, string | number>, payload: Buffer | undefined): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method: request.method, headers, agent: this.agent, signal: request.signal });
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        if (req.reusedSocket && (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') reject(new StaleConnection(error));
        else reject(transportError(error, request.route, this.base.origin));
      };
      req.setTimeout(this.idleTimeoutMs, () => {
        req.destroy(new ProviderTransportError(`${this.base.origin} did not respond for ${Math.round(this.idleTimeoutMs / 1000)} s`, true, request.route));
      });
      req.on('error', fail);
      req.on('response', (res) => {
        settled = true;
        // The request's idle limit keeps watching while the body comes in: a stalled body destroys the request, and the reader sees it cut off.
        resolve(res);
      });
      if (payload) req.end(payload);
      else if (request.body)
        writeChunks(request.body.chunks, req).catch((error: unknown) => {
          req.destroy(error instanceof Error ? error : new Error(String(error)));
          if (error instanceof UploadBodyError) {
            settled = true;
            reject(error);
          } else fail(error);
        });
      else req.end();
    });
  }

  /** Sends a request whose 2xx answer is JSON of `schema`; anything else becomes a provider error. */
  async json<S extends z.ZodType>(request: FsRequest, schema: S, notFound: NotFoundMeaning = 'endpoint'): Promise<z.output<S>> {
    const res = await this.send(request);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await failureOf(res, request.route, notFound);
    if (isHtml(res)) {
      res.resume();
      throw new ProviderTransportError(`${request.route} answered HTML, not the File Storage API (is the address right?)`, false, request.route, status);
    }
    let text: string;
    try {
      text = await readLimitedText(res, MAX_JSON_ANSWER);
    } catch (error) {
      throw new ProviderTransportError(`the answer to ${request.route} broke off: ${(error as Error).message}`, true, request.route, status, { cause: error });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProviderTransportError(`${request.route} answered something that is not JSON, not the File Storage API: ${snippet(text)}`, false, request.route, status);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderTransportError(`${request.route} answered an unexpected shape (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}), not the File Storage API`, false, request.route, status);
    }
    return parsed.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function isHtml(res: IncomingMessage): boolean {
  return /^\s*text\/html\b/i.test(String(res.headers['content-type'] ?? ''));
}

/** The provider error for a non-2xx answer (reads and discards the body). */
export async function failureOf(res: IncomingMessage, route: string, notFound: NotFoundMeaning): Promise<Error> {
  const status = res.statusCode ?? 0;
  const html = isHtml(res);
  const text = await readLimitedText(res, MAX_ERROR_BODY).catch(() => '');
  const said = html ? '' : messageOf(text);
  const details = { route, serviceCode: `HTTP ${status}` };
  if (status === 401) return new ProviderError(ProviderErrorCode.Unauthorized, 'the service refused the token', details);
  if (status === 403) return new ProviderError(ProviderErrorCode.Unauthorized, `the service does not allow this${said ? `: ${said}` : ''}`, details);
  if (html) return new ProviderTransportError(`${route} answered HTML (HTTP ${status}), not the File Storage API (is the address right?)`, status >= 500, route, status);
  // The service says which file by its id ("no file with id '…'"), which means nothing to a user: the caller knows the name.
  if (status === 404 && notFound === 'file') return new ProviderError(ProviderErrorCode.DataNotFound, 'the file is not on the service (any more)', details);
  if (status === 404) return new ProviderTransportError(`${route} is not there (HTTP 404): not the File Storage API${said ? ` (${said})` : ''}`, false, route, status);
  if (status === 400 || status === 413 || status === 415 || status === 422) return new ProviderError(ProviderErrorCode.BadArgument, said || `the service refused the request (HTTP ${status})`, details);
  if (status >= 500) return new ProviderError(ProviderErrorCode.OperationFailed, said || `the service failed (HTTP ${status})`, { ...details, retryable: true });
  return new ProviderError(ProviderErrorCode.OperationFailed, said || `unexpected HTTP ${status}`, details);
}

/** The message of a JSON error body (`message`, `error`, `error.message`), or the text itself. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      const nested = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>).message : undefined;
      const found = [record.message, nested, record.error, record.msg].find((v) => typeof v === 'string' && v.trim() !== '');
      if (typeof found === 'string') return snippet(found);
    }
  } catch {
    // Not JSON: the text is the message.
  }
  return text.trim() === '' ? '' : snippet(text);
}

export function transportError(error: unknown, route: string, origin: string): Error {
  if (error instanceof ProviderTransportError || error instanceof ProviderError || error instanceof UploadBodyError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = (error as Error | undefined)?.message ?? String(error);
  const retryable = code === undefined || isRetryableSocketError(error) || /socket hang up|aborted|premature/i.test(detail);
  return new ProviderTransportError(`cannot reach ${origin}: ${detail}${code ? ` (${code})` : ''}`, retryable, route, undefined, { cause: error });
}


class StaleConnection extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive connection');
  }
}


