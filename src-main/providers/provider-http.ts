/**
 * The plain-HTTP pieces every adapter's client needs the same way: the
 * service URL checked once, a keep-alive agent, request bodies written chunk
 * by chunk, answers read with a size limit, and which socket failures are
 * worth trying again. What an answer *means* stays with each adapter.
 */
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';

/** The service's base URL, refused unless it is plain http(s) with nothing a request path could be confused by (query, fragment, credentials). */
export function parseServiceUrl(baseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new Error(`not a valid service URL: '${baseUrl}'`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`service URL must be http or https: '${baseUrl}'`);
  if (base.search || base.hash || base.username || base.password) throw new Error(`service URL must not have a query, fragment or credentials: '${baseUrl}'`);
  return base;
}

/** One agent per provider: connections are reused, the most recent first (`lifo`: the warmest socket, the fewest stale ones). */
export function keepAliveAgent(base: URL, maxSockets: number): http.Agent {
  const options = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  return base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * Writes a body chunk by chunk, each only after the one before has been handed
 * to the socket (so a source may reuse its buffer), then ends the request. The
 * request closing early (aborted, refused, connection lost) fails the write.
 */
export async function writeChunks(chunks: AsyncIterable<Buffer>, req: ClientRequest): Promise<void> {
  const closed = new Promise<never>((_, reject) => req.once('close', () => reject(new Error('the connection closed while the request body was being sent'))));
  closed.catch(() => undefined);
  for await (const chunk of chunks) {
    await Promise.race([new Promise<void>((resolve, reject) => req.write(chunk, (error) => (error ? reject(error) : resolve()))), closed]);
  }
  await Promise.race([new Promise<void>((resolve) => req.end(resolve)), closed]);
}

/** An answer longer than the caller allowed: it was cut off unread. */
export class AnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'AnswerTooLargeError';
  }
}

/** Reads a whole answer as UTF-8, destroying it at `limit` bytes (an `AnswerTooLargeError`). */
export async function readLimitedText(res: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      res.destroy();
      throw new AnswerTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Enough of an answer's text to say what it was, on one line. */
export function snippet(text: string, whenEmpty = ''): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? flat.slice(0, 200) + '…' : flat || whenEmpty;
}

const RETRYABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

/** A socket failure the same request may get past later (the service down, the network away). */
export function isRetryableSocketError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && RETRYABLE_SOCKET_CODES.has(code);
}
