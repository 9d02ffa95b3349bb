/**
 * Downloads and thumbnails. A download is one stream (the service has no
 * ranges). With a cache (a per-connection folder), a file downloaded before is
 * asked for conditionally, and a 304 is served from the cache; a fresh body
 * is checked against its Content-Length as it arrives and kept only when
 * whole. A body cut off mid-way fails the stream with a retryable transport
 * error and leaves nothing in the cache.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { ProviderError, ProviderErrorCode, ProviderTransportError, invalidInput } from '../provider-errors';
import type { ReadResult, ThumbnailResult, ThumbnailSize, TransferOptions } from '../storage-provider';
import type { FsClient } from './fs-client';
import { isHtml } from './fs-http';
import type { DownloadCache } from './fs-download-cache';

const ROUTE = 'GET /file/:id';

function lengthOf(res: IncomingMessage): number | null {
  const raw = res.headers['content-length'];
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

export async function readFile(client: FsClient, cache: DownloadCache | null, id: string, options: TransferOptions = {}): Promise<ReadResult> {
  const cached = cache ? await cache.lookup(id) : undefined;
  let res: IncomingMessage;
  try {
    res = await client.download(id, cached ? { etag: cached.etag, lastModified: cached.lastModified } : {}, options.signal);
  } catch (error) {
    // Gone from the service: what was kept of it goes too.
    if (cache && error instanceof ProviderError && error.code === ProviderErrorCode.DataNotFound) await cache.drop(id);
    throw error;
  }
  if (res.statusCode === 304) {
    res.resume();
    if (cache && cached) return { stream: counted(await cache.open(cached), options.onBytes), length: cached.size };
    // A 304 to a request without conditions: ask once more for the body.
    res = await client.download(id, {}, options.signal);
    if (res.statusCode === 304) {
      res.resume();
      throw new ProviderTransportError(`${ROUTE} answered 304 Not Modified to a download that had nothing cached`, false, ROUTE, 304);
    }
  }
  if (isHtml(res)) {
    res.resume();
    throw new ProviderTransportError(`${ROUTE} answered HTML, not the File Storage API (is the address right?)`, false, ROUTE, res.statusCode);
  }
  const length = lengthOf(res);
  const etag = typeof res.headers.etag === 'string' ? res.headers.etag : undefined;
  const lastModified = typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : undefined;
  const writer = cache ? await cache.writer(id, length, { etag, lastModified }) : null;
  const out = new PassThrough();
  let received = 0;
  let done = false;
  const fail = (error: Error) => {
    if (done) return;
    done = true;
    res.destroy();
    // The caller sees the error only once the cache holds nothing of this body.
    const report = () => out.destroy(error);
    if (writer) writer.abort().then(report, report);
    else report();
  };
  res.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (length !== null && received > length) return fail(new ProviderTransportError(`${ROUTE} sent more than the ${length} bytes it announced`, true, ROUTE));
    writer?.write(chunk);
    options.onBytes?.(chunk.length);
    if (!out.write(chunk)) res.pause();
  });
  out.on('drain', () => res.resume());
  res.on('end', () => {
    if (done) return;
    if (length !== null && received !== length) return fail(new ProviderTransportError(`the download broke off after ${received} of ${length} bytes`, true, ROUTE));
    void (async () => {
      await writer?.commit(received);
      done = true;
      out.end();
    })();
  });
  res.on('error', (error) => fail(new ProviderTransportError(`the download broke off after ${received} bytes: ${error.message}`, true, ROUTE, undefined, { cause: error })));
  res.on('close', () => {
    if (!res.complete) fail(new ProviderTransportError(`the download broke off after ${received}${length !== null ? ` of ${length}` : ''} bytes`, true, ROUTE));
  });
  // The caller gave up on the stream: stop the download, keep nothing.
  out.on('close', () => {
    if (!done) {
      done = true;
      void writer?.abort();
      res.destroy();
    }
  });
  return { stream: out, length };
}

function counted(stream: Readable, onBytes?: (bytes: number) => void): Readable {
  if (onBytes) stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
  return stream;
}

/** The seed's `size` for a fit: N (short side), N,N (crop), 0,N (long side). */
export function thumbnailSizeParam(size: ThumbnailSize): string {
  if (!size || !['short', 'long', 'crop'].includes(size.fit)) throw invalidInput("size.fit: 'short', 'long' or 'crop' expected");
  if (!Number.isInteger(size.size) || size.size < 1 || size.size > 4096) throw invalidInput(`size.size: a whole number from 1 to 4096 expected (${String(size.size)})`);
  return size.fit === 'short' ? String(size.size) : size.fit === 'crop' ? `${size.size},${size.size}` : `0,${size.size}`;
}

export async function readThumbnail(client: FsClient, id: string, size: ThumbnailSize, signal?: AbortSignal): Promise<ThumbnailResult> {
  const param = thumbnailSizeParam(size);
  const res = await client.thumbnail(id, param, signal);
  const contentType = String(res.headers['content-type'] ?? '');
  if (!/^image\//i.test(contentType)) {
    res.resume();
    const what = isHtml(res) ? 'HTML' : `'${contentType || 'no content type'}'`;
    throw new ProviderTransportError(`GET /file/thumbnail/:id.jpeg answered ${what}, not an image`, false, 'GET /file/thumbnail/:id.jpeg', res.statusCode);
  }
  const rawTag = res.headers.etag;
  const etag = typeof rawTag === 'string' ? rawTag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1') : null;
  const length = lengthOf(res);
  // Errors on the stream are provider errors too: a thumbnail cut off mid-way is a retryable transport error.
  const out = new PassThrough();
  let received = 0;
  const broke = () => out.destroy(new ProviderTransportError(`the thumbnail broke off after ${received} bytes`, true, 'GET /file/thumbnail/:id.jpeg'));
  res.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (!out.write(chunk)) res.pause();
  });
  out.on('drain', () => res.resume());
  res.on('end', () => (length !== null && received !== length ? broke() : out.end()));
  res.on('error', broke);
  res.on('close', () => {
    if (!res.complete) broke();
  });
  out.on('close', () => res.destroy());
  return { stream: out, length, contentType, etag };
}
