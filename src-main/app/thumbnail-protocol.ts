/**
 * The desktop app's thumbnail URLs, `jcs-thumb://thumbnail/?…` (the query
 * src-shared/thumbnails/thumbnail-request.ts builds), answered by the core's
 * ThumbnailService: the same service and query as headless mode's route, only
 * carried by Electron instead of HTTP. The scheme is registered as privileged
 * (standard and secure, so the CSP's `img-src jcs-thumb:` can name it and the
 * page treats it like https) before the app is ready; the handler goes on the
 * window's session once the core runs. Nothing else is served on it.
 */
import { protocol, type Session } from 'electron';
import { AppErrorCode } from '@shared/contract/error-codes';
import { parseThumbnailQuery, THUMBNAIL_SCHEME } from '@shared/thumbnails/thumbnail-request';
import type { AppCore } from '../core/app-core';
import { toAppError } from '../core/errors/to-app-error';
import { PREVIEW_SCHEME_PRIVILEGES } from './preview-protocol';

const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** Call at startup, before `app.whenReady()` (Electron requires it then, once: the preview scheme is registered in the same call). */
export function registerThumbnailScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: THUMBNAIL_SCHEME, privileges: { standard: true, secure: true } }, PREVIEW_SCHEME_PRIVILEGES]);
}

export function handleThumbnails(session: Session, core: AppCore): void {
  session.protocol.handle(THUMBNAIL_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.hostname !== 'thumbnail') return new Response('not found', { status: 404 });
    const parsed = parseThumbnailQuery(url.searchParams);
    if (!parsed.ok) return new Response(parsed.message, { status: 400 });
    try {
      const thumbnail = await core.deps.thumbnails.get(parsed.request, request.signal);
      return new Response(new Uint8Array(thumbnail.bytes), {
        status: 200,
        headers: { 'Content-Type': thumbnail.contentType, 'Content-Length': String(thumbnail.bytes.length), 'Cache-Control': thumbnail.cacheable ? CACHE_CONTROL : 'no-store', 'X-Content-Type-Options': 'nosniff' },
      });
    } catch (error) {
      const shape = toAppError(error);
      return new Response(shape.message, { status: shape.code === AppErrorCode.InvalidInput ? 400 : 502 });
    }
  });
}
