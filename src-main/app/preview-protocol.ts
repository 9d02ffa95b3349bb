/**
 * The desktop app's preview URLs, `jcs-preview://preview/?…` (the query
 * src-shared/preview/preview-request.ts builds), answered by the core's
 * openPreview: the same answers as headless mode's route (content type by
 * name, nosniff, the preview's sandboxing CSP, ranges for audio and video),
 * carried by Electron. Registered as privileged before the app is ready:
 * standard and secure (the page's CSP names the scheme), with fetch (the text
 * preview reads it) and streaming (media elements read it by ranges).
 */
import { Readable } from 'node:stream';
import type { Session } from 'electron';
import { AppErrorCode } from '@shared/contract/error-codes';
import { parsePreviewQuery, PREVIEW_SCHEME } from '@shared/preview/preview-request';
import type { AppCore } from '../core/app-core';
import { toAppError } from '../core/errors/to-app-error';
import { openPreview } from '../core/preview/preview-source';

/** The scheme's privileges, for the one `registerSchemesAsPrivileged` call at startup (Electron keeps only the last call's list). */
export const PREVIEW_SCHEME_PRIVILEGES = { scheme: PREVIEW_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } };

export function handlePreviews(session: Session, core: AppCore): void {
  session.protocol.handle(PREVIEW_SCHEME, async (request) => {
    const url = new URL(request.url);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || url.hostname !== 'preview') return new Response('not found', { status: 404 });
    const parsed = parsePreviewQuery(url.searchParams);
    if (!parsed.ok) return new Response(parsed.message, { status: 400 });
    try {
      const provider = core.deps.connections.provider(parsed.request.connectionId);
      const answer = await openPreview(provider, parsed.request, request.headers.get('range'), { head: request.method === 'HEAD', signal: request.signal });
      const body = answer.body ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: answer.status, headers: answer.headers });
    } catch (error) {
      const shape = toAppError(error);
      return new Response(shape.message, { status: shape.code === AppErrorCode.InvalidInput ? 400 : shape.code === AppErrorCode.DataNotFound ? 404 : 502 });
    }
  });
}
