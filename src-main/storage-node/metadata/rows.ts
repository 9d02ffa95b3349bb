/** Row shapes of the storage node's metadata tables (see schema.ts). */
export interface BucketRow {
  bucket_id: number;
  name: string;
  create_time: number;
}

export interface PackageRow {
  package_id: number;
  bucket_id: number;
  name: string;
  create_time: number;
}

export type RedundancyType = 'none' | 'multipartUpload';

export interface ObjectRow {
  object_id: number;
  package_id: number;
  path: string;
  size: number;
  file_hash: string;
  redundancy: RedundancyType;
  create_time: number;
  update_time: number;
}

export interface SegmentRow {
  seq: number;
  start_offset: number;
  size: number;
  blob: string;
}

export interface PartRow {
  part_index: number;
  size: number;
  blob: string;
}

/** New content for an object: its full hash and the blobs that make it up, in order. */
export interface ObjectContent {
  size: number;
  fileHash: string;
  segments: ReadonlyArray<{ blob: string; size: number }>;
}

export const OBJECT_COLUMNS = 'object_id, package_id, path, size, file_hash, redundancy, create_time, update_time';

/** A row of OBJECT_COLUMNS as libsql gives it raw (an array, in that order). */
export type RawObjectRow = [number, number, string, number, string, RedundancyType, number, number];

/**
 * A raw row as an ObjectRow. Listings read rows raw and make them objects
 * here: libsql builds a row object field by field through N-API, which was a
 * fifth of the node's CPU while it served a 100,000-object listing.
 */
export function objectRowOf(r: RawObjectRow): ObjectRow {
  return { object_id: r[0], package_id: r[1], path: r[2], size: r[3], file_hash: r[4], redundancy: r[5], create_time: r[6], update_time: r[7] };
}
