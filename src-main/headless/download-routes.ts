/**
 * Downloads to the browser in headless mode: one object as a file, or a
 * folder as a zip (src-main/core/transfers/download/folder-zip.ts). Bytes
 * stream from the JCS service through the core and are checked on the way
 * without being held in memory or on disk: the last chunk of each object is
 * held back until its SHA-256 matches its fileHash (HoldBackVerifier). On a
 * mismatch the response is destroyed before its declared Content-Length is
 * reached, so the browser marks the download failed rather than saving
 * damaged bytes. Everything that can be checked before the response starts
 * is: the object must be listed at the path asked for (so `path` is
 * required), with the size the service then sends; an empty object's hash is
 * checked outright; with requireVerifiedDownloads an object whose fileHash
 * cannot be checked is refused with UnverifiableHash. Headers
 * `X-JCS-Verified: true|false` say whether the bytes are checked.
 * Every stream error ends in a rejected pipeline, which the server turns into
 * a destroyed response: a damaged object never takes the process down.
 */
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { expectedSha256 } from '@shared/jcs/file-hash';
import { baseName, pathPrefixProblem } from '@shared/jcs/object-path';
import type { JcsObject } from '@shared/jcs/wire';
import { remotePathProblem, showRemotePath } from '@shared/paths/remote-path';
import type { AppCore } from '../core/app-core';
import { FolderZip, zipListing } from '../core/transfers/download/folder-zip';
import { EMPTY_SHA256, HoldBackVerifier } from '../core/transfers/download/hold-back-verifier';
import { STAGING_FOLDER } from '../core/transfers/upload/multipart-upload';
import type { JcsClient } from '../providers/jcs/jcs-client';
import { contentDisposition } from '../storage-node/routes/object-read-routes';

function requireNumber(url: URL, name: string): number {
  const value = Number(url.searchParams.get(name));
  if (!Number.isSafeInteger(value) || value < 1) throw new AppError(AppErrorCode.InvalidInput, `${name}: a positive integer is required`);
  return value;
}

function client(core: AppCore, url: URL): JcsClient {
  const connection = url.searchParams.get('connection');
  if (!connection) throw new AppError(AppErrorCode.InvalidInput, 'connection: required');
  return core.deps.connections.client(connection);
}

function requireVerified(core: AppCore): boolean {
  return core.deps.settings.get().transfers.requireVerifiedDownloads;
}

export async function sendObject(core: AppCore, url: URL, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const jcs = client(core, url);
  const packageId = requireNumber(url, 'package');
  const objectId = requireNumber(url, 'object');
  const path = url.searchParams.get('path');
  if (!path) throw new AppError(AppErrorCode.InvalidInput, "path: required (the object's path, to look up the fileHash its bytes are checked against)");
  const info = (await jcs.listByPath({ packageID: packageId, path, isPrefix: false })).objects[0];
  if (!info || info.objectID !== objectId || info.path !== path) throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(path)}' (object ${objectId}) no longer exists`);
  const expected = expectedSha256(info.fileHash);
  if (expected === undefined && requireVerified(core)) {
    throw new AppError(AppErrorCode.UnverifiableHash, `'${showRemotePath(path)}' has a fileHash that cannot be checked, and the settings require verified downloads`);
  }
  // Nothing is held back of an empty body: its hash is checked before the response starts.
  if (info.size === 0 && expected !== undefined && expected !== EMPTY_SHA256) throw new AppError(AppErrorCode.HashMismatch, `'${showRemotePath(path)}' is listed as empty but with the fileHash of other content`);
  const download = await jcs.download({ objectID: objectId });
  // A length the service does not state (NaN) is left to the verifier's count.
  if (!Number.isNaN(download.length) && download.length !== info.size) {
    download.stream.destroy();
    throw new AppError(AppErrorCode.HashMismatch, `the service sends ${download.length} bytes for the ${info.size}-byte '${showRemotePath(path)}'`);
  }
  const name = remotePathProblem(baseName(path)) === undefined ? baseName(path) : `object-${objectId}`;
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(info.size),
    'Content-Disposition': contentDisposition(name),
    'Cache-Control': 'no-store',
    'X-JCS-Verified': String(expected !== undefined),
  });
  res.flushHeaders(); // a one-chunk object is held back whole: the browser still gets a response, then sees it cut short
  await pipeline(download.stream, new HoldBackVerifier({ path, size: info.size }, expected), res);
}

export async function sendFolderZip(core: AppCore, url: URL, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const jcs = client(core, url);
  const packageId = requireNumber(url, 'package');
  const prefix = url.searchParams.get('prefix') ?? '';
  if (prefix !== '' && (!prefix.endsWith('/') || pathPrefixProblem(prefix))) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' is not a folder`);
  const objects: JcsObject[] = [];
  for await (const page of jcs.listAllByPath({ packageID: packageId, path: prefix, maxKeys: 1000 })) {
    for (const o of page.objects) if (o.redundancy.type !== 'multipartUpload' && !o.path.startsWith(`${STAGING_FOLDER}/`)) objects.push(o);
  }
  // The folder's name comes from the service too (a package name): one that is not a single safe name gives way.
  const listedName = prefix ? baseName(prefix.slice(0, -1)) : (await jcs.getPackage(packageId)).name;
  const folderName = remotePathProblem(listedName) === undefined && !listedName.includes('/') ? listedName : `package-${packageId}`;
  const listing = zipListing(objects, prefix, folderName, requireVerified(core));
  const zip = new FolderZip(jcs, listing);
  const total = await zip.end();
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/zip',
    ...(total !== undefined ? { 'Content-Length': String(total) } : {}),
    'Content-Disposition': contentDisposition(`${folderName}.zip`),
    'Cache-Control': 'no-store',
    'X-JCS-Verified': String(listing.unverified.length === 0),
  });
  try {
    await pipeline(zip.output, res);
  } catch (error) {
    zip.fail(error instanceof Error ? error : new Error(String(error))); // the browser went away: stop the downloads
    throw error;
  }
}
