/**
 * Downloads to the browser in headless mode: one object as a file, or a
 * folder as a zip (stored, not compressed: most content is already compressed,
 * and every size is known up front, so the zip's Content-Length is too). Bytes
 * stream from the JCS service through the core; each object's SHA-256 is
 * checked on the way, and a mismatch breaks the connection so the browser
 * reports a failed download instead of saving damaged bytes.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { baseName, pathPrefixProblem } from '@shared/jcs/object-path';
import type { JcsObject } from '@shared/jcs/wire';
import type { AppCore } from '../core/app-core';
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

/** Fails the stream when the bytes that passed do not hash to `fileHash`. */
function verifying(object: Pick<JcsObject, 'fileHash' | 'path'>): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (!object.fileHash.startsWith('Full') || 'Full' + hash.digest('hex').toUpperCase() === object.fileHash) callback();
      else callback(new AppError('HashMismatch', `'${object.path}' arrived damaged from the service`));
    },
  });
}

export async function sendObject(core: AppCore, url: URL, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const jcs = client(core, url);
  const packageId = requireNumber(url, 'package');
  const objectId = requireNumber(url, 'object');
  const path = url.searchParams.get('path');
  const info = path ? (await jcs.listByPath({ packageID: packageId, path, isPrefix: false })).objects.find((o) => o.objectID === objectId) : undefined;
  const download = await jcs.download({ objectID: objectId });
  const name = download.fileName ?? (path ? baseName(path) : `object-${objectId}`);
  res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(download.length), 'Content-Disposition': contentDisposition(name), 'Cache-Control': 'no-store' });
  await pipeline(download.stream, info ? verifying(info) : new PassThrough(), res);
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
  const folderName = prefix ? baseName(prefix.slice(0, -1)) : (await jcs.getPackage(packageId)).name;
  const zip = new ZipFile();
  for (const object of objects) {
    zip.addReadStreamLazy(`${folderName}/${object.path.slice(prefix.length)}`, { size: object.size, compress: false, mtime: new Date(object.updateTime) }, (callback) => {
      jcs.download({ objectID: object.objectID }).then(
        (d) => callback(null, d.stream.pipe(verifying(object))),
        (error: unknown) => callback(error, new PassThrough()),
      );
    });
  }
  const total = await new Promise<number | undefined>((resolve) => zip.end(undefined, (size?: number) => resolve(size && size > 0 ? size : undefined)));
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/zip',
    ...(total !== undefined ? { 'Content-Length': String(total) } : {}),
    'Content-Disposition': contentDisposition(`${folderName}.zip`),
    'Cache-Control': 'no-store',
  });
  await pipeline(zip.outputStream, res);
}
