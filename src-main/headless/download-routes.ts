/**
 * Headless mode's download routes, a thin transport over the core's browser
 * downloads (src-main/core/browser-downloads/): `GET /api/download/object?
 * connection&root&path[&ref]` sends one object as a file, `GET
 * /api/download/folder?connection&root&prefix` a folder (prefix '' = the whole
 * root) as a zip. `X-JCS-Verified: true|false` says whether the bytes are
 * checked. When the core finds the bytes damaged, the body fails before its
 * declared Content-Length is reached and the server destroys the response,
 * so the browser marks the download failed; no stream error can take the
 * process down (the pipeline's rejection reaches the server's handler).
 */
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { contentDisposition } from '../common/content-disposition';
import type { AppCore } from '../core/app-core';
import { openFolderDownload, openObjectDownload, type BrowserDownload, type DownloadDeps } from '../core/browser-downloads/browser-download';

function required(url: URL, name: string, why = ''): string {
  const value = url.searchParams.get(name);
  if (!value) throw new AppError(AppErrorCode.InvalidInput, `${name}: required${why}`);
  return value;
}

function downloadDeps(core: AppCore): DownloadDeps {
  return {
    provider: (connectionId) => core.deps.connections.provider(connectionId),
    requireVerified: () => core.deps.settings.get().transfers.requireVerifiedDownloads,
  };
}

export async function sendObject(core: AppCore, url: URL, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const ref = url.searchParams.get('ref');
  const download = await openObjectDownload(downloadDeps(core), {
    connectionId: required(url, 'connection'),
    root: required(url, 'root'),
    path: required(url, 'path', " (the object's path, to look up the hash its bytes are checked against)"),
    ...(ref ? { ref } : {}),
  });
  await send(download, res, headers);
}

export async function sendFolderZip(core: AppCore, url: URL, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const download = await openFolderDownload(downloadDeps(core), { connectionId: required(url, 'connection'), root: required(url, 'root'), prefix: url.searchParams.get('prefix') ?? '' });
  await send(download, res, headers);
}

async function send(download: BrowserDownload, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  res.writeHead(200, {
    ...headers,
    'Content-Type': download.contentType,
    ...(download.length !== undefined ? { 'Content-Length': String(download.length) } : {}),
    'Content-Disposition': contentDisposition(download.fileName),
    'Cache-Control': 'no-store',
    'X-JCS-Verified': String(download.verified),
  });
  res.flushHeaders(); // a one-chunk object is held back whole: the browser still gets a response, then sees it cut short
  try {
    await pipeline(download.body, res);
  } catch (error) {
    download.fail(error instanceof Error ? error : new Error(String(error))); // the browser went away: stop the downloads
    throw error;
  }
}
