import type { BlobStore } from './blob-store';
import type { SegmentRow } from '../metadata/rows';

/** Bytes [offset, offset + length) of an object whose content is `segments`, read blob by blob. The caller pins the blobs. */
export async function* readRange(store: BlobStore, segments: readonly SegmentRow[], offset: number, length: number): AsyncGenerator<Buffer> {
  if (length <= 0) return; // an empty range reads nothing (a read stream cannot express it)
  const end = offset + length;
  for (const segment of segments) {
    const segmentEnd = segment.start_offset + segment.size;
    if (segmentEnd <= offset || segment.size === 0) continue;
    if (segment.start_offset >= end) break;
    const from = Math.max(offset, segment.start_offset) - segment.start_offset;
    const to = Math.min(end, segmentEnd) - segment.start_offset - 1;
    for await (const chunk of store.read(segment.blob, from, to)) yield chunk as Buffer;
  }
}
