/**
 * How a browser upload's file is cut for the chunk route: chunk i is bytes
 * [i*chunkSize, min(size, (i+1)*chunkSize)), sent in order. An empty file is
 * one empty chunk. Pure, so it is unit-tested in Node.
 */

/** A file's bytes as the uploader needs them (a DOM File or Blob fits). */
export interface ChunkSource<B> {
  readonly size: number;
  slice(start: number, end: number): B;
}

export function chunkCount(size: number, chunkSize: number): number {
  if (!(chunkSize > 0)) throw new RangeError(`chunk size must be positive, got ${chunkSize}`);
  return Math.max(1, Math.ceil(size / chunkSize));
}

export function chunkRange(index: number, size: number, chunkSize: number): { start: number; end: number } {
  const count = chunkCount(size, chunkSize);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`chunk ${index} is outside 0…${count - 1}`);
  const start = index * chunkSize;
  return { start, end: Math.min(size, start + chunkSize) };
}

export function sliceChunk<B>(source: ChunkSource<B>, index: number, chunkSize: number): B {
  const { start, end } = chunkRange(index, source.size, chunkSize);
  return source.slice(start, end);
}
