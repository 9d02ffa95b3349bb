/** Rows → the JSON shapes of seed 001 (IDs as numbers, size as a string, RFC 3339 times with offset). */
import type { BucketRow, ObjectRow, PackageRow } from './metadata/rows';

/** The time formatted last: a multi-file upload gives its objects one time, and a listing sends them together. */
let lastMs = NaN;
let lastText = '';

/** RFC 3339 in the server's local time with an explicit numeric offset: `2025-06-24T16:31:28.514+08:00`. */
export function formatTime(ms: number): string {
  if (ms === lastMs) return lastText;
  lastText = formatNew(ms);
  lastMs = ms;
  return lastText;
}

function formatNew(ms: number): string {
  const date = new Date(ms);
  const offsetMinutes = -date.getTimezoneOffset();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23).replace(/\.?0+$/, '');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function wireBucket(row: BucketRow) {
  return { bucketID: row.bucket_id, name: row.name, createTime: formatTime(row.create_time) };
}

export function wirePackage(row: PackageRow) {
  return { packageID: row.package_id, name: row.name, bucketID: row.bucket_id, createTime: formatTime(row.create_time) };
}

export function wireObject(row: ObjectRow) {
  // An object written once has one time for both: formatted once (a listing formats two per object).
  const createTime = formatTime(row.create_time);
  return {
    objectID: row.object_id,
    packageID: row.package_id,
    path: row.path,
    size: String(row.size),
    fileHash: row.file_hash,
    redundancy: { type: row.redundancy },
    createTime,
    updateTime: row.update_time === row.create_time ? createTime : formatTime(row.update_time),
  };
}
