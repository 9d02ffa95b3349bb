/**
 * A thumbnail made here, with sharp, for services that make none (the storage
 * node, JCS-pub): the image is read whole (bounded: a source larger than
 * MAX_SOURCE_BYTES is not thumbnailed), its SHA-256 computed as it arrives,
 * and it is resized to the fit asked for and encoded as a JPEG. Only raster
 * formats are decoded: an SVG (a document that may hold scripts and fetch
 * things) is refused, and so is an image of more pixels than sharp's bound.
 * The caller caches the result by that content hash, so a file copied to
 * another folder or package is not thumbnailed again.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ThumbnailRequest } from '@shared/thumbnails/thumbnail-request';
import type { StorageProvider } from '../../providers/storage-provider';

/** Images larger than this are not read for a thumbnail. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
/** A decoded image of more pixels than this (a decompression bomb) is refused. */
const MAX_PIXELS = 100_000_000;
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
const FITS = { crop: 'cover', long: 'inside', short: 'outside' } as const;

// One libvips thread per image: the service makes up to four at once, and the cores are shared with the window that shows them.
sharp.concurrency(1);

export interface GeneratedThumbnail {
  bytes: Buffer;
  /** SHA-256 (hex) of the source image as read. */
  sourceSha256: string;
}

export async function generateThumbnail(provider: StorageProvider, request: ThumbnailRequest, signal: AbortSignal): Promise<GeneratedThumbnail> {
  const ref = { path: request.path, ...(request.ref !== undefined ? { ref: request.ref } : {}) };
  const read = await provider.read(request.root, ref, undefined, { signal });
  if (read.length !== null && read.length > MAX_SOURCE_BYTES) {
    read.stream.destroy();
    throw new AppError(AppErrorCode.InvalidInput, `the image is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB: no thumbnail is made for it`);
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of read.stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_SOURCE_BYTES) {
      read.stream.destroy();
      throw new AppError(AppErrorCode.InvalidInput, `the image is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB: no thumbnail is made for it`);
    }
    hash.update(chunk);
    chunks.push(chunk);
  }
  signal.throwIfAborted();
  const source = Buffer.concat(chunks, total);
  const image = sharp(source, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
  const format = await image.metadata().then(
    (meta) => meta.format,
    () => undefined,
  );
  if (!format || !RASTER_FORMATS.has(format)) throw new AppError(AppErrorCode.InvalidInput, 'the file is not an image a thumbnail can be made of');
  try {
    const bytes = await image
      .rotate() // as the camera held it (EXIF orientation)
      .resize(request.size, request.size, { fit: FITS[request.fit], withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // JPEG has no transparency
      .jpeg({ quality: 80, mozjpeg: false })
      .toBuffer();
    return { bytes, sourceSha256: hash.digest('hex') };
  } catch (error) {
    throw new AppError(AppErrorCode.InvalidInput, `the image could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
