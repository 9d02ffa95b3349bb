/**
 * Headless mode's preview route, `GET|HEAD /api/preview?connection&root&path
 * [&ref]` (the query src-shared/preview/preview-request.ts builds), a thin
 * transport over the core's openPreview: status, headers and bytes as it
 * answers them, a `Range` header passed through (audio and video seek by
 * ranges). When the browser drops the request, the read is abandoned.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { parsePreviewQuery } from '@shared/preview/preview-request';
import type { AppCore } from '../core/app-core';
import { openPreview } from '../core/preview/preview-source';

export async function sendPreview(core: AppCore, url: URL, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const parsed = parsePreviewQuery(url.searchParams);
  if (!parsed.ok) throw new AppError(AppErrorCode.InvalidInput, parsed.message);
  const abandoned = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abandoned.abort(new AppError(AppErrorCode.Cancelled, 'the browser no longer wants the preview'));
  };
  res.on('close', onClose);
  try {
    const provider = core.deps.connections.provider(parsed.request.connectionId);
    const answer = await openPreview(provider, parsed.request, req.headers.range, { head: req.method === 'HEAD', signal: abandoned.signal });
    // The preview's own CSP replaces the page's (it is what applies to a document opened from this URL), and the app's page may frame it (a PDF).
    res.writeHead(answer.status, { ...headers, ...answer.headers, 'X-Frame-Options': 'SAMEORIGIN' });
    if (!answer.body) {
      res.end();
      return;
    }
    await pipeline(answer.body, res);
  } finally {
    res.off('close', onClose);
  }
}
