/**
 * The fingerprint a download range is recorded with (in the unit's `sha256`
 * column), to tell after a crash whether the range's bytes are still on disk.
 * It only decides which ranges to fetch again: the whole file's SHA-256,
 * checked against the service's hash before the final rename, is what
 * guarantees the content. So the fingerprint need not resist forgery, only
 * catch what a crash of the machine leaves in unsynced pages (a range short,
 * zeroed, stale or partly written), which a CRC-32 does (all bursts up to 32
 * bits, any other change but for one chance in 2^32). It costs a fifth of a
 * SHA-256 per byte (zlib.crc32: ~4.7 GB/s here against ~1.6), and the range
 * hash was the engine's largest cost during a download.
 *
 * Stored as `crc32:<8 hex digits>`. A value of 64 hex digits is a range
 * recorded with its SHA-256 by an earlier version of the app (app database
 * v13): it is still checked as such on resume.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

const CRC32_TAG = 'crc32:';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The fingerprint of a range's bytes, fed as they arrive. */
export class RangeFingerprint {
  private crc = 0;

  update(bytes: Uint8Array): void {
    this.crc = crc32(bytes, this.crc);
  }

  /** The value to record with the range. */
  value(): string {
    return CRC32_TAG + this.crc.toString(16).padStart(8, '0');
  }
}

/** A checker for one recorded fingerprint, fed the range's bytes as read back; undefined for a value it does not know (the range is then fetched again). */
export function fingerprintChecker(recorded: string): { update(bytes: Uint8Array): void; matches(): boolean } | undefined {
  if (recorded.startsWith(CRC32_TAG)) {
    const fingerprint = new RangeFingerprint();
    return { update: (bytes) => fingerprint.update(bytes), matches: () => fingerprint.value() === recorded };
  }
  if (SHA256_HEX.test(recorded)) {
    const hash = createHash('sha256');
    return { update: (bytes) => hash.update(bytes), matches: () => hash.digest('hex') === recorded };
  }
  return undefined;
}
