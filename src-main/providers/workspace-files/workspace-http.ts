/**
 * The HTTP layer of the Workspace Files client (seed 004): the bearer token on
 * every request, keep-alive connections, an idle timeout, cancellation, and
 * every failure turned into a provider error at this boundary:
 * - 401: `Unauthorized`, "the token was refused (wrong or expired)";
 * - 503: the workspace is not initialized (retryable: it may be later);
 * - 404 `DataNotFound`, 400 `BadArgument`, 409 `Conflict`, 500 "could not
 *   save" (retryable), other statuses and unreadable answers (an HTML page
 *   from a proxy, JSON of another shape) `ProviderTransportError` naming the
 *   endpoint.
 * Error bodies are read as text when they are not JSON (the seed shows none).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { describeZodError } from '@shared/jcs/wire';
import { ProviderError, ProviderErrorCode, ProviderTransportError, UploadBodyError } from '../provider-errors';
import { AnswerTooLargeError, isRetryableSocketError, keepAliveAgent, parseServiceUrl, readLimitedText, snippet, writeChunks } from '../provider-http';

export interface WorkspaceHttpOptions {
  /** e.g. http://127.0.0.1:8091 (a path prefix is kept: http://host/ws). */
  baseUrl: string;
  token: string;
  /** A request with no traffic for this long fails (retryable). Default 60 s. */
  idleTimeoutMs?: number;
}

export interface StreamedBody {
  contentType: string;
  contentLength: number;
  /** Written chunk by chunk, each after the one before has left the process. */
  chunks: AsyncIterable<Buffer>;
}

export interface WorkspaceRequest {
  method: 'GET' | 'POST';
  /** Under /api/v1/files: '' (list), '/upload', '/download'. */
  route: '' | '/upload' | '/download';
  query?: Record<string, string | undefined>;
  body?: StreamedBody;
  signal?: AbortSignal;
}

const MAX_JSON_ANSWER = 256 * 1024 * 1024;

/** What the endpoint is called in messages: "GET /api/v1/files/download". */
export function endpointName(request: Pick<WorkspaceRequest, 'method' | 'route'>): string {
  return `${request.method} /api/v1/files${request.route}`;
}

export class WorkspaceHttp {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: WorkspaceHttpOptions) {
    this.base = parseServiceUrl(options.baseUrl);
    this.agent = keepAliveAgent(this.base, 8);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  url(request: WorkspaceRequest): URL {
    const url = new URL(`${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}/api/v1/files${request.route}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  /** Sends the request; resolves with a 2xx answer's head, rejects with the mapped error otherwise. */
  async send(request: WorkspaceRequest): Promise<IncomingMessage> {
    const res = await this.sendOnce(request);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw await this.statusError(res, request);
  }

  /** Sends a request whose answer is JSON and returns it parsed by `schema`. */
  async json<S extends z.ZodType>(request: WorkspaceRequest, schema: S): Promise<z.output<S>> {
    const res = await this.send(request);
    const endpoint = endpointName(request);
    const text = await readText(res, endpoint);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ProviderTransportError(`unexpected answer to ${endpoint} (HTTP ${res.statusCode}, ${res.headers['content-type'] ?? 'no content type'}): not JSON: ${snippet(text, '(empty body)')}`, false, endpoint, res.statusCode);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) throw new ProviderTransportError(`unexpected answer to ${endpoint}: ${describeZodError(checked.error, 'answer')}`, false, endpoint, res.statusCode);
    return checked.data;
  }

  private sendOnce(request: WorkspaceRequest): Promise<IncomingMessage> {
    const url = this.url(request);
    const endpoint = endpointName(request);
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.options.token}`, accept: 'application/json, application/octet-stream, application/zip' };
    if (request.body) {
      headers['content-type'] = request.body.contentType;
      headers['content-length'] = request.body.contentLength;
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method: request.method, headers, agent: this.agent, signal: request.signal });
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(this.transportError(error, endpoint));
      };
      req.setTimeout(this.idleTimeoutMs, () => {
        req.destroy(new ProviderTransportError(`${this.base.origin} did not respond for ${Math.round(this.idleTimeoutMs / 1000)} s (${endpoint})`, true, endpoint));
      });
      req.on('error', fail);
      req.on('response', (res) => {
        if (settled) return void res.resume();
        settled = true;
        resolve(res);
      });
      if (!request.body) req.end();
      else
        writeChunks(request.body.chunks, req).catch((error: unknown) => {
          // The body failing is the caller's problem, reported as such even if the server answered meanwhile.
          req.destroy(error instanceof Error ? error : new Error(String(error)));
          if (error instanceof UploadBodyError || (error instanceof Error && error.name === 'AbortError')) {
            settled = true;
            reject(error);
          } else fail(error);
        });
    });
  }

  private async statusError(res: IncomingMessage, request: WorkspaceRequest): Promise<Error> {
    const status = res.statusCode ?? 0;
    const endpoint = endpointName(request);
    const detail = await readDetail(res, endpoint);
    const details = { serviceCode: `HTTP ${status}`, route: endpoint };
    switch (status) {
      case 401:
        return new ProviderError(ProviderErrorCode.Unauthorized, 'the token was refused (wrong or expired)', details);
      case 503:
        return new ProviderError(ProviderErrorCode.OperationFailed, `the workspace is not initialized${detail ? ` (${detail})` : ''}`, { ...details, retryable: true });
      case 404:
        return new ProviderError(ProviderErrorCode.DataNotFound, detail || 'not found', details);
      case 400:
        return new ProviderError(ProviderErrorCode.BadArgument, detail || 'the service refused the request', details);
      case 409:
        return new ProviderError(ProviderErrorCode.Conflict, detail || 'the name exists already', details);
      case 500:
        return new ProviderError(ProviderErrorCode.OperationFailed, `the service could not do it${detail ? `: ${detail}` : ''}`, { ...details, retryable: true });
      default:
        return new ProviderTransportError(`unexpected answer to ${endpoint} (HTTP ${status})${detail ? `: ${detail}` : ''}`, status >= 500, endpoint, status);
    }
  }

  private transportError(error: unknown, endpoint: string): Error {
    if (error instanceof ProviderTransportError || error instanceof ProviderError || error instanceof UploadBodyError) return error;
    if (error instanceof Error && error.name === 'AbortError') return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const message = (error as Error | undefined)?.message ?? String(error);
    const reach = isRetryableSocketError(error) ? 'cannot reach' : 'request to';
    return new ProviderTransportError(`${reach} ${this.base.origin} (${endpoint}) failed: ${message}${code ? ` (${code})` : ''}`, true, endpoint, undefined, { cause: error });
  }

  close(): void {
    this.agent.destroy();
  }
}


async function readText(res: IncomingMessage, endpoint: string, limit = MAX_JSON_ANSWER): Promise<string> {
  try {
    return await readLimitedText(res, limit);
  } catch (error) {
    if (error instanceof AnswerTooLargeError) throw new ProviderTransportError(`the answer to ${endpoint} is larger than ${limit} bytes`, false, endpoint, res.statusCode);
    throw new ProviderTransportError(`the answer to ${endpoint} broke off: ${(error as Error).message}`, true, endpoint, res.statusCode, { cause: error });
  }
}

/** What an error answer says: FastAPI's `detail`, another JSON message field, or the text itself (briefly). */
async function readDetail(res: IncomingMessage, endpoint: string): Promise<string> {
  const text = await readText(res, endpoint, 64 * 1024).catch(() => '');
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    for (const key of ['detail', 'error', 'message', 'msg']) {
      const value = body?.[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  } catch {
    // not JSON: the text is the message
  }
  return snippet(text);
}

