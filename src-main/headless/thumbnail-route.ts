/**
 * Headless mode's thumbnail route, `GET /api/thumbnail?connection&root&path
 * [&ref]&etag&fit&size` (the query src-shared/thumbnails/thumbnail-request.ts
 * builds), a thin transport over the core's ThumbnailService. The URL names
 * the file's etag, so the image is sent as immutable for a year (private: it
 * is the user's data) and the browser asks for it once; an answer whose etag
 * is not the one asked for is current but sent `no-store`. When the browser
 * drops the request (the card scrolled away), the fetch is abandoned.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { parseThumbnailQuery } from '@shared/thumbnails/thumbnail-request';
import type { AppCore } from '../core/app-core';

/** A year: the longest lifetime caches honour, for a URL whose content never changes. */
export const THUMBNAIL_CACHE_CONTROL = 'private, max-age=31536000, immutable';

export async function sendThumbnail(core: AppCore, url: URL, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const parsed = parseThumbnailQuery(url.searchParams);
  if (!parsed.ok) throw new AppError(AppErrorCode.InvalidInput, parsed.message);
  const abandoned = new AbortController();
  // 'close' on the response fires when the connection goes before the answer is sent (the <img> was removed).
  const onClose = () => {
    if (!res.writableFinished) abandoned.abort(new AppError(AppErrorCode.Cancelled, 'the browser no longer wants the thumbnail'));
  };
  res.on('close', onClose);
  req.on('aborted', onClose);
  try {
    const thumbnail = await core.deps.thumbnails.get(parsed.request, abandoned.signal);
    res.writeHead(200, {
      ...headers,
      'Content-Type': thumbnail.contentType,
      'Content-Length': String(thumbnail.bytes.length),
      'Cache-Control': thumbnail.cacheable ? THUMBNAIL_CACHE_CONTROL : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : thumbnail.bytes);
  } finally {
    res.off('close', onClose);
    req.off('aborted', onClose);
  }
}
