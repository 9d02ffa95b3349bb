/**
 * The user metadata this backend keeps on the objects it writes:
 * `x-amz-meta-sha256` (the content's SHA-256, lowercase hex, so `stat` knows it
 * without reading) and `x-amz-meta-mtime` (the source file's modification time
 * in seconds with a fraction — the key and format rclone uses, so either tool
 * reads the other's times). S3's own Last-Modified is the upload time and
 * cannot be set.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function objectMetadata(sha256: string | undefined, modTime: number | undefined): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (sha256 !== undefined) metadata.sha256 = sha256;
  if (modTime !== undefined && Number.isFinite(modTime)) metadata.mtime = String(modTime / 1000);
  return metadata;
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** The SHA-256 a HEAD answer's metadata records, when it is a well-formed one. */
export function sha256FromMetadata(metadata: Record<string, string> | undefined): string | undefined {
  const value = metadata?.sha256?.toLowerCase();
  return value !== undefined && isSha256Hex(value) ? value : undefined;
}

/** The kept modification time in milliseconds, when the metadata has a sane one. */
export function modTimeFromMetadata(metadata: Record<string, string> | undefined): number | undefined {
  const raw = metadata?.mtime;
  if (raw === undefined || !/^\d{1,12}(\.\d{1,9})?$/.test(raw)) return undefined;
  return Math.round(Number(raw) * 1000);
}

/** `bucket/key` as CopySource wants it: each path segment percent-encoded, the slashes kept. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** An ETag without its quotes, lowercase, so answers of different services compare. */
export function normalizeEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}
