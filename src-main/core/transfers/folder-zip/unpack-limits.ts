/**
 * How much one folder zip may unpack to. A service that zips a folder for us
 * is not trusted to keep it sane: the entry count and the total size are
 * bounded before anything is written (by the central directory) and again
 * while inflating (by the bytes actually produced, since a header can lie).
 * The defaults hold any real workspace folder a person would download with
 * one click (100,000 files, 32 GiB) while stopping a zip bomb long before a
 * disk fills.
 */
export interface UnpackLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxEntries: 100_000, maxTotalBytes: 32 * 1024 * 1024 * 1024 };

/** At most this many refused entries are kept on the job (the count covers all). */
export const MAX_REPORTED_REFUSALS = 200;
