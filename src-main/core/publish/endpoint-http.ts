/**
 * The HTTP layer the publishing clients share: one request over node:http(s)
 * (never fetch — Node 20's fetch holds a streamed body in memory), an idle
 * timeout, cancellation, and every way an endpoint can fail turned into a
 * PublishEndpointError that names the endpoint and what it said. What an
 * answer *means* stays with each client.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { AnswerTooLargeError, isRetryableSocketError, readLimitedText, snippet, writeChunks } from '../../providers/provider-http';
import { PublishEndpointError } from './publish-endpoint-error';

export interface EndpointCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** The full request URL (query included). */
  url: URL;
  /** How messages name the service: 'Kubo RPC', 'pinning service'. */
  service: string;
  /** The service's URL as it may be shown (endpointLabel). */
  endpoint: string;
  /** How messages name the call: 'POST /api/v0/add'. */
  route: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** A streamed body, sent with chunked transfer encoding; each chunk is written only after the socket took the one before. */
  stream?: { contentType: string; chunks: AsyncIterable<Buffer> };
  /** No traffic either way for this long fails the call (Unreachable, retryable). */
  timeoutMs: number;
  signal?: AbortSignal;
  agent?: http.Agent;
  /** Why we stopped the exchange (our body source failed, the idle timeout): the reason reported, whatever the socket says after. */
  bodyFailure?: Error;
}

const MAX_ERROR_BODY = 64 * 1024;

/** Sends the call; resolves with the answer's head (any status). Socket failures, timeouts and refusals to connect become Unreachable. */
export function openCall(call: EndpointCall): Promise<IncomingMessage> {
  const headers: Record<string, string | number> = { accept: 'application/json', ...call.headers };
  let payload: Buffer | undefined;
  if (call.json !== undefined) {
    payload = Buffer.from(JSON.stringify(call.json));
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  } else if (call.stream) {
    headers['content-type'] = call.stream.contentType;
    headers['transfer-encoding'] = 'chunked';
  }
  return new Promise<IncomingMessage>((resolve, reject) => {
    const transport = call.url.protocol === 'https:' ? https : http;
    let req: http.ClientRequest;
    try {
      req = transport.request(call.url, { method: call.method, headers, agent: call.agent, signal: call.signal });
    } catch (error) {
      reject(unreachable(call, error));
      return;
    }
    let answered = false;
    req.setTimeout(call.timeoutMs, () => {
      // Kept on the call: once the answer has begun, its reader sees only "aborted", not this reason.
      call.bodyFailure ??= new PublishEndpointError('Unreachable', call.endpoint, `${call.service} at ${call.endpoint} did not answer ${call.route} for ${Math.round(call.timeoutMs / 1000)} s`, true);
      req.destroy(call.bodyFailure);
    });
    req.on('error', (error) => {
      if (!answered) reject(unreachable(call, error));
    });
    req.on('response', (res) => {
      answered = true;
      resolve(res);
    });
    if (payload) req.end(payload);
    else if (call.stream) {
      // An answer that comes before the whole body was sent (a refused token, a
      // bad flag) ends the upload: the body is not worth sending any more, and
      // the answer is what the caller reads.
      writeChunks(call.stream.chunks, req).catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        // After the answer began, a socket the endpoint closed is its way of
        // ending the exchange (read the answer); our own source failing is not,
        // and must stop the exchange with that reason.
        if (answered && !(failure instanceof LocalSourceError)) return;
        call.bodyFailure = failure;
        req.destroy(failure);
      });
    } else req.end();
  });
}

/** The error for a socket that failed: a timeout or cancellation passes through as it is. */
export function unreachable(call: Pick<EndpointCall, 'service' | 'endpoint' | 'route' | 'signal' | 'bodyFailure'>, error: unknown): Error {
  if (call.signal?.aborted) return abortReason(call.signal);
  // A file the caller opened for the body that failed is not the endpoint's fault; a timeout says how long it waited.
  if (call.bodyFailure) return call.bodyFailure;
  if (error instanceof PublishEndpointError || error instanceof LocalSourceError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const retryable = code === undefined || isRetryableSocketError(error) || /socket hang up|aborted|premature|closed/i.test(detail);
  return new PublishEndpointError('Unreachable', call.endpoint, `cannot reach ${call.service} at ${call.endpoint} (${call.route}): ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`, retryable, undefined, { cause: error });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('the operation was cancelled', 'AbortError');
}

/** A failure reading the local data being sent (the file vanished, a disk error): not an endpoint problem, so never a PublishEndpointError. */
export class LocalSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalSourceError';
  }
}

/** Reads the whole answer (at most `limit` bytes) as text; a cut-off body is Unreachable, an oversized one BadResponse. */
export async function readAnswerText(res: IncomingMessage, call: EndpointCall, limit: number): Promise<string> {
  try {
    return await readLimitedText(res, limit);
  } catch (error) {
    if (error instanceof AnswerTooLargeError) throw new PublishEndpointError('BadResponse', call.endpoint, `${call.service} at ${call.endpoint} answered ${call.route} with more than ${limit} bytes`, false, res.statusCode);
    throw unreachable(call, error);
  }
}

/** Parses a 2xx answer as JSON of `schema`; anything else is BadResponse naming the first problem. */
export async function readJsonAnswer<S extends z.ZodType>(res: IncomingMessage, call: EndpointCall, schema: S, limit = 16 * 1024 * 1024): Promise<z.output<S>> {
  const text = await readAnswerText(res, call, limit);
  return parseJsonText(text, call, schema, res.statusCode);
}

export function parseJsonText<S extends z.ZodType>(text: string, call: Pick<EndpointCall, 'service' | 'endpoint' | 'route'>, schema: S, status?: number): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PublishEndpointError('BadResponse', call.endpoint, `${call.service} at ${call.endpoint} answered ${call.route} with something that is not JSON: ${snippet(text, '(empty)')}`, false, status);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid';
    throw new PublishEndpointError('BadResponse', call.endpoint, `${call.service} at ${call.endpoint} answered ${call.route} with an unexpected shape (${where}): ${snippet(text)}`, false, status);
  }
  return parsed.data;
}

/**
 * The error for a non-2xx answer (reads the body for what the service said:
 * Kubo's `Message`, the pinning service's `error.reason`/`details`, the seed's
 * `msg`). 401/403 are the token; 502–504 are a proxy that cannot reach the
 * service; 408, 429 and other 5xx may pass later.
 */
export async function failureOf(res: IncomingMessage, call: EndpointCall): Promise<PublishEndpointError> {
  const status = res.statusCode ?? 0;
  const text = await readLimitedText(res, MAX_ERROR_BODY).catch(() => '');
  const said = whatTheServiceSaid(text, String(res.headers['content-type'] ?? ''));
  const tail = `HTTP ${status}${said ? `: ${said}` : ''}`;
  const name = `${call.service} at ${call.endpoint}`;
  if (status === 401 || status === 403) return new PublishEndpointError('TokenRefused', call.endpoint, `${name} refused the token (${tail})`, false, status);
  if (status === 404) return new PublishEndpointError('NotFound', call.endpoint, `${name}: ${call.route} found nothing (${tail})`, false, status);
  if (status === 502 || status === 503 || status === 504) return new PublishEndpointError('Unreachable', call.endpoint, `${name} is not available (${tail})`, true, status);
  const retryable = status === 408 || status === 429 || status >= 500;
  return new PublishEndpointError('Refused', call.endpoint, `${name} refused ${call.route} (${tail})`, retryable, status);
}

/** The service's own words from an error body, on one line; HTML pages (proxies, portals) say nothing useful. */
export function whatTheServiceSaid(text: string, contentType: string): string {
  if (/^\s*text\/html\b/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) return '';
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      if (typeof record.Message === 'string') return snippet(record.Message);
      const error = record.error;
      if (error && typeof error === 'object') {
        const { reason, details } = error as Record<string, unknown>;
        const parts = [reason, details].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
        if (parts.length > 0) return snippet(parts.join(': '));
      }
      const found = [record.msg, record.message, record.error].find((v) => typeof v === 'string' && v.trim() !== '');
      if (typeof found === 'string') return snippet(found);
    }
  } catch {
    // Not JSON: the text is what it said.
  }
  return snippet(text);
}
