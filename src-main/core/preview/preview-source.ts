/**
 * An object's bytes for a preview, the same for both transports (headless
 * route, desktop scheme): looked up first (it must exist, be this `ref`, and
 * not be an upload in progress), read whole or by the one range asked for
 * (where the service reads ranges: audio and video seek through them), under
 * the content type previewKind gives by name, never one the service or the
 * bytes suggest.
 *
 * A preview never runs content: every answer carries `nosniff` (the browser
 * keeps our content type) and a CSP that forbids scripts, and all but PDFs
 * are sandboxed by the CSP too (a document opened from the URL on its own is
 * a unique origin without scripts). PDFs are the exception because Chromium's
 * viewer does not run in a sandboxed document; it runs in its own process and
 * the PDF never gets the page's origin to script. Bytes are not checked
 * against the object's hash here: a preview is shown, never kept, and ranged
 * reads could not be checked anyway (downloads are checked).
 */
import type { Readable } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { previewKind, type PreviewRequest } from '@shared/preview/preview-request';
import type { StorageProvider } from '../../providers/storage-provider';
import { readRangeHeader } from './range-header';

export interface PreviewAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Absent for 416 and HEAD. */
  body?: Readable;
}

/** Sent with every preview answer. */
export const PREVIEW_CSP_SANDBOXED = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
export const PREVIEW_CSP_PDF = "default-src 'none'; script-src 'none'; object-src 'none'; frame-ancestors 'self'";

export async function openPreview(provider: StorageProvider, request: PreviewRequest, range: string | null | undefined, options: { head?: boolean; signal?: AbortSignal } = {}): Promise<PreviewAnswer> {
  const entry = await provider.stat(request.root, request.path, options.signal);
  if (!entry || (request.ref !== undefined && entry.ref !== undefined && entry.ref !== request.ref)) throw new AppError(AppErrorCode.DataNotFound, 'the file is no longer there (deleted or replaced): refresh the list');
  if (entry.pending) throw new AppError(AppErrorCode.InvalidInput, 'the file is still being uploaded');
  const { kind, contentType } = previewKind(request.path);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': kind === 'pdf' ? PREVIEW_CSP_PDF : PREVIEW_CSP_SANDBOXED,
    'Content-Disposition': 'inline',
    'Cache-Control': 'private, no-cache',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(provider.capabilities.ranges ? { 'Accept-Ranges': 'bytes' } : {}),
  };
  // An empty file has no range to ask for: it is sent (empty) whole.
  const verdict = provider.capabilities.ranges && entry.size > 0 ? readRangeHeader(range, entry.size) : ({ kind: 'whole' } as const);
  if (verdict.kind === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${entry.size}` } };
  const ref = { path: entry.path, ...(entry.ref !== undefined ? { ref: entry.ref } : {}) };
  if (verdict.kind === 'range') {
    headers['Content-Range'] = `bytes ${verdict.offset}-${verdict.offset + verdict.length - 1}/${entry.size}`;
    headers['Content-Length'] = String(verdict.length);
    if (options.head) return { status: 206, headers };
    const read = await provider.read(request.root, ref, { offset: verdict.offset, length: verdict.length }, options.signal ? { signal: options.signal } : {});
    return { status: 206, headers, body: read.stream };
  }
  headers['Content-Length'] = String(entry.size);
  if (options.head) return { status: 200, headers };
  const read = await provider.read(request.root, ref, undefined, options.signal ? { signal: options.signal } : {});
  return { status: 200, headers, body: read.stream };
}
