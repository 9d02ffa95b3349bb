/** Part sizes for multipart uploads and ranges for downloads. */

export const MIN_PART_SIZE = 8 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** At least 8 MiB, whole MiB, and never more than 10,000 parts for the file. */
export function choosePartSize(fileSize: number, minimum = MIN_PART_SIZE): number {
  const needed = Math.ceil(fileSize / MAX_PARTS);
  return Math.max(minimum, Math.ceil(needed / MIB) * MIB);
}

export interface ByteSpan {
  index: number;
  offset: number;
  size: number;
}

/** The spans that cover `size` bytes in pieces of `partSize` (1-based indexes, as JCS parts are numbered). */
export function splitIntoSpans(size: number, partSize: number): ByteSpan[] {
  const spans: ByteSpan[] = [];
  for (let offset = 0, index = 1; offset < size; offset += partSize, index++) spans.push({ index, offset, size: Math.min(partSize, size - offset) });
  return spans;
}
