/** Part sizes for multipart uploads and ranges for downloads. */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { MultipartLimits } from '../../providers/storage-provider';

export const MIN_PART_SIZE = 8 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** At least `minimum` (8 MiB), whole MiB, and never more than 10,000 parts for the file. */
export function choosePartSize(fileSize: number, minimum = MIN_PART_SIZE, maxParts = MAX_PARTS): number {
  const needed = Math.ceil(fileSize / maxParts);
  return Math.max(minimum, Math.ceil(needed / MIB) * MIB);
}

/**
 * The part size of a multipart upload to a service with these limits: the
 * multipart threshold at least (so a file just over it goes in few parts), the
 * service's smallest part at least, and few enough parts for both the service
 * and the app. A file that would need parts larger than the service takes is
 * refused (InvalidInput), before anything is sent.
 */
export function multipartPartSize(fileSize: number, thresholdBytes: number, limits: MultipartLimits): number {
  const size = choosePartSize(fileSize, Math.max(thresholdBytes, limits.minPartSize), Math.min(MAX_PARTS, limits.maxParts));
  if (size > limits.maxPartSize) throw new AppError(AppErrorCode.InvalidInput, `a file of ${fileSize} bytes needs parts of ${size} bytes; this service takes at most ${limits.maxPartSize}`);
  return size;
}

export interface ByteSpan {
  index: number;
  offset: number;
  size: number;
}

/** The spans that cover `size` bytes in pieces of `partSize` (1-based indexes, as multipart parts are numbered). */
export function splitIntoSpans(size: number, partSize: number): ByteSpan[] {
  const spans: ByteSpan[] = [];
  for (let offset = 0, index = 1; offset < size; offset += partSize, index++) spans.push({ index, offset, size: Math.min(partSize, size - offset) });
  return spans;
}
