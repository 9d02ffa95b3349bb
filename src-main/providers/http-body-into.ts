/**
 * One plain-HTTP GET whose body the socket reads straight into the caller's
 * buffers (net.Socket's `onread`, with a function giving the buffer for each
 * read): no Buffer per chunk, no HTTP parser copy, no stream or promise per
 * chunk. Measured on a 1 GiB download from the embedded node, those were a
 * fifth of the engine's CPU (node:http copies every body chunk out of the
 * socket's buffer into a new one, and the garbage of 16,000 of them per GiB
 * comes back as GC).
 *
 * It takes only the answer it is built for: `200`, `application/octet-stream`,
 * a `Content-Length` equal to the expected length, no transfer coding. Any
 * other answer (an error envelope, a chunked body, a redirect...) is handed
 * back unread as `NOT_PLAIN`, and the caller asks again through its ordinary
 * client, which knows what such answers mean. The connection is never reused
 * (`Connection: close`): bytes a hostile server sends past the body go nowhere.
 * Plain `http:` only; TLS stays with node:https.
 */
import net from 'node:net';

/** Where the body goes: the socket reads into `space()`, then reports the bytes it put at its start. */
export interface BodySink {
  /** A buffer for the next read, at least 64 KiB long; the reader writes into it from its start. */
  space(): Buffer;
  /** `bytes` (a view of the start of the last `space()`) were received. A promise pauses reading until it settles; a rejection ends the read with its error. */
  received(bytes: Buffer): void | Promise<void>;
}

export const NOT_PLAIN = Symbol('not a plain body answer');

/**
 * The read failed: `stage` says how far it got ('connect': no answer came;
 * 'body': the body broke off or ran long; 'answer': the answer was not HTTP
 * this reader can trust). `retryable` unless the answer itself was malformed.
 */
export class HttpBodyError extends Error {
  constructor(
    message: string,
    readonly stage: 'connect' | 'answer' | 'body',
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpBodyError';
  }
}

export interface GetIntoOptions {
  signal?: AbortSignal;
  /** No traffic for this long fails the read (retryable). */
  idleTimeoutMs: number;
}

const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** GETs `url` with `headers`, delivering its `length`-byte body to `sink`. Resolves when every byte was delivered and the sink's last promise settled, or with NOT_PLAIN (nothing delivered). */
export function getBodyInto(url: URL, headers: Record<string, string | number>, length: number, sink: BodySink, options: GetIntoOptions): Promise<void | typeof NOT_PLAIN> {
  if (url.protocol !== 'http:') return Promise.reject(new Error(`getBodyInto reads plain http only, not ${url.protocol}`));
  options.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const head = Buffer.allocUnsafe(MAX_HEAD_BYTES);
    let headBytes = 0;
    let inBody = false;
    let remaining = length;
    let settled = false;
    let waiting = 0; // sink promises not settled yet (reading is paused while one is)

    const finish = (outcome: void | typeof NOT_PLAIN | Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => finish(options.signal?.reason instanceof Error ? options.signal.reason : new DOMException('the read was cancelled', 'AbortError'));
    const pauseFor = (pending: Promise<void>): boolean => {
      waiting++;
      pending.then(
        () => {
          waiting--;
          if (settled) return;
          if (remaining === 0) finish();
          else {
            socket.setTimeout(options.idleTimeoutMs); // a timeout that fired while we waited does not re-arm by itself
            socket.resume();
          }
        },
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
      return false;
    };
    /** Body bytes now at the start of the sink's last space: false pauses the socket. */
    const deliver = (bytes: Buffer): boolean => {
      remaining -= bytes.length;
      let pending: void | Promise<void>;
      try {
        pending = sink.received(bytes);
      } catch (error) {
        // Thrown inside the socket's read callback it would escape to the process: it ends this read instead.
        finish(error instanceof Error ? error : new Error(String(error)));
        return false;
      }
      if (pending) return pauseFor(pending);
      if (remaining === 0) finish();
      return true;
    };
    /** The head is complete at `end`: true when the answer is one this reader takes, its first body bytes delivered. */
    const startBody = (end: number): boolean => {
      const verdict = plainBodyVerdict(head.toString('latin1', 0, end), length);
      if (verdict !== 'plain') {
        finish(verdict === 'not plain' ? NOT_PLAIN : new HttpBodyError(verdict, 'answer', false));
        return false;
      }
      inBody = true;
      // As below: bytes past the announced length are not delivered.
      const early = head.subarray(end + HEAD_END.length, Math.min(headBytes, end + HEAD_END.length + remaining));
      if (early.length === 0 && remaining === 0) {
        finish();
        return false;
      }
      if (early.length === 0) return true;
      const space = sink.space();
      early.copy(space);
      return deliver(space.subarray(0, early.length));
    };

    const socket = net.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 80),
      onread: {
        buffer: () => (inBody ? sink.space() : head.subarray(headBytes)),
        callback: (bytes: number, buffer: Uint8Array): boolean => {
          if (settled) return false;
          // Bytes past the announced length (a hostile server) are not delivered: the connection ends at the body's end.
          if (inBody) return deliver((buffer as Buffer).subarray(0, Math.min(bytes, remaining)));
          const searchFrom = Math.max(0, headBytes - HEAD_END.length + 1);
          headBytes += bytes;
          const end = head.subarray(0, headBytes).indexOf(HEAD_END, searchFrom);
          if (end >= 0) return startBody(end);
          if (headBytes >= MAX_HEAD_BYTES) finish(new HttpBodyError(`the answer's head is longer than ${MAX_HEAD_BYTES} bytes`, 'answer', false));
          return !settled;
        },
      },
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => {
      if (waiting === 0) finish(new HttpBodyError(`did not respond for ${Math.round(options.idleTimeoutMs / 1000)} s`, inBody ? 'body' : 'connect', true));
    });
    socket.on('error', (error) => finish(new HttpBodyError(error.message, inBody ? 'body' : 'connect', true, { cause: error })));
    // The server closed the connection: complete only if every byte came (a sink promise may still be settling).
    socket.on('end', () => {
      if (remaining > 0) finish(inBody ? new HttpBodyError(`the body broke off after ${length - remaining} of ${length} bytes`, 'body', true) : new HttpBodyError('the server closed the connection before answering', 'connect', true));
      else if (waiting === 0) finish();
    });
    socket.on('close', () => {
      if (remaining > 0) finish(new HttpBodyError('the connection closed before the body was complete', inBody ? 'body' : 'connect', true));
    });
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
    for (const [name, value] of Object.entries(headers)) {
      if (/[\r\n]/.test(`${name}${value}`)) {
        finish(new Error(`header '${name}' holds a line break`));
        return;
      }
      if (name.toLowerCase() !== 'host' && name.toLowerCase() !== 'connection') lines.push(`${name}: ${value}`);
    }
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

/**
 * 'plain' when the head announces exactly the body this reader takes; 'not
 * plain' for any other well-formed answer (the ordinary client handles it); a
 * message for a head that is not HTTP/1.x at all.
 */
export function plainBodyVerdict(headText: string, length: number): string {
  const [statusLine = '', ...fieldLines] = headText.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) return `the answer does not start like HTTP/1.1: '${statusLine.slice(0, 60)}'`;
  if (status[1] !== '200') return 'not plain';
  const fields = new Map<string, string[]>();
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line in the answer: '${line.slice(0, 60)}'`;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const one = (name: string) => (fields.get(name)?.length === 1 ? fields.get(name)![0] : undefined);
  if (fields.has('transfer-encoding')) return 'not plain';
  if (!one('content-type')?.toLowerCase().startsWith('application/octet-stream')) return 'not plain';
  const declared = one('content-length');
  if (declared === undefined || !/^\d{1,16}$/.test(declared) || Number(declared) !== length) return 'not plain';
  return 'plain';
}
