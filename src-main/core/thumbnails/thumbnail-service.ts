/**
 * Thumbnails for the renderer's grid: asks the connection's provider for the
 * image at the fit and size the card needs, keeps it on disk by connection,
 * object, etag, fit and size (ThumbnailCache), and answers the same request
 * again from there. At most `concurrency` fetches run at once (a grid that
 * scrolls past hundreds of images queues them instead of opening hundreds of
 * requests to the service); a request whose caller went away (its signal
 * fired) leaves the queue, and a fetch nobody waits for any more is aborted.
 * Callers asking for the same image at once share one fetch.
 *
 * What the service sends is not trusted: it must be a JPEG (the provider
 * interface promises one), of a bounded size, before it is kept or served.
 */
import type { Readable } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ThumbnailRequest } from '@shared/thumbnails/thumbnail-request';
import type { StorageProvider } from '../../providers/storage-provider';
import { generateThumbnail } from './generated-thumbnail';
import { ThumbnailCache } from './thumbnail-cache';

/** Largest thumbnail accepted from a service: a 1024 px JPEG is far smaller. */
const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

export interface ThumbnailServiceOptions {
  provider: (connectionId: string) => StorageProvider;
  cacheFolder: string;
  /** Bytes of thumbnails kept on disk. */
  maxCacheBytes?: number;
  /** Fetches from services at once. */
  concurrency?: number;
}

export interface Thumbnail {
  bytes: Buffer;
  contentType: 'image/jpeg';
  /** False when the service's etag differs from the one asked for: the answer is current but must not be cached under the old URL. */
  cacheable: boolean;
}

interface InFlight {
  promise: Promise<Thumbnail>;
  controller: AbortController;
  waiters: number;
}

export class ThumbnailService {
  private readonly cache: ThumbnailCache;
  private readonly concurrency: number;
  private running = 0;
  private readonly queue: Array<{ start: () => void; signal: AbortSignal }> = [];
  private readonly inFlight = new Map<string, InFlight>();
  /** Fetches sent to providers since start (tests and the bench count them). */
  fetches = 0;

  constructor(private readonly options: ThumbnailServiceOptions) {
    this.cache = new ThumbnailCache({ folder: options.cacheFolder, maxBytes: options.maxCacheBytes ?? 128 * 1024 * 1024 });
    this.concurrency = options.concurrency ?? 4;
  }

  /** Fetches waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async get(request: ThumbnailRequest, signal: AbortSignal): Promise<Thumbnail> {
    const key = cacheKey(request, !this.options.provider(request.connectionId).capabilities.thumbnails);
    const cached = await this.cache.get(key);
    if (cached) return { bytes: cached, contentType: 'image/jpeg', cacheable: true };
    signal.throwIfAborted();
    let flight = this.inFlight.get(key);
    // A fetch everyone left is aborted and on its way out: a new caller starts another.
    if (!flight || flight.controller.signal.aborted) {
      const controller = new AbortController();
      const promise = this.fetch(request, key, controller.signal).finally(() => this.inFlight.delete(key));
      flight = { promise, controller, waiters: 0 };
      this.inFlight.set(key, flight);
    }
    const shared = flight;
    shared.waiters++;
    const leave = () => {
      if (--shared.waiters === 0) shared.controller.abort(signal.reason);
    };
    signal.addEventListener('abort', leave, { once: true });
    try {
      return await raceAbort(shared.promise, signal);
    } finally {
      signal.removeEventListener('abort', leave);
      if (!signal.aborted) shared.waiters--;
    }
  }

  private async fetch(request: ThumbnailRequest, key: string, signal: AbortSignal): Promise<Thumbnail> {
    await this.slot(signal);
    try {
      const provider = this.options.provider(request.connectionId);
      this.fetches++;
      if (!provider.capabilities.thumbnails || !provider.thumbnail) {
        const made = await generateThumbnail(provider, request, signal);
        // Kept by content hash only when the bytes read are the ones the listing named (a stale listing's hash would file another image under it).
        const cacheable = made.sourceSha256 === request.etag.toLowerCase();
        if (cacheable) await this.cache.put(key, made.bytes);
        return { bytes: made.bytes, contentType: 'image/jpeg', cacheable };
      }
      const result = await provider.thumbnail(request.root, { path: request.path, ...(request.ref !== undefined ? { ref: request.ref } : {}) }, { fit: request.fit, size: request.size }, signal);
      const bytes = await readBounded(result.stream, MAX_THUMBNAIL_BYTES, signal);
      // JPEG starts with SOI FF D8 and a marker: anything else is not what the interface promises, whatever its content type says.
      if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) throw new AppError(AppErrorCode.OperationFailed, 'the service sent a thumbnail that is not a JPEG image');
      const cacheable = request.etag !== '' && (result.etag === null || result.etag === request.etag);
      if (cacheable) await this.cache.put(key, bytes);
      return { bytes, contentType: 'image/jpeg', cacheable };
    } finally {
      this.release();
    }
  }

  /** Waits for one of the `concurrency` fetch slots; rejects (and leaves the queue) when the signal fires first. */
  private slot(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        signal,
        start: () => {
          signal.removeEventListener('abort', onAbort);
          this.running++;
          resolve();
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal.reason instanceof Error ? signal.reason : new AppError(AppErrorCode.Cancelled, 'the thumbnail is no longer wanted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private release(): void {
    this.running--;
    const next = this.queue.shift();
    next?.start();
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Where a thumbnail is kept. A service's own thumbnails: by connection,
 * object, etag, fit and size (the key earlier versions used, so their cache stays good). One made here (`generated`): by the SHA-256 of
 * the image the listing names as `etag`, fit and size, so the same content
 * anywhere (another folder, package or connection) shares one; an entry
 * without a content hash gets a key of its own that is never stored.
 */
function cacheKey(request: ThumbnailRequest, generated: boolean): string {
  if (generated && SHA256_HEX.test(request.etag)) return ThumbnailCache.keyOf(['sha256', request.etag.toLowerCase(), request.fit, request.size]);
  const own = [request.connectionId, request.root, request.ref ?? '', request.path, request.etag, request.fit, request.size];
  return ThumbnailCache.keyOf(generated ? ['unhashed', ...own] : own);
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new AppError(AppErrorCode.Cancelled, 'the thumbnail is no longer wanted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new AppError(AppErrorCode.Cancelled, 'the thumbnail is no longer wanted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function readBounded(stream: Readable, limit: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const onAbort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) {
        stream.destroy();
        throw new AppError(AppErrorCode.OperationFailed, `the service sent a thumbnail larger than ${limit} bytes`);
      }
      chunks.push(chunk);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks, total);
}
