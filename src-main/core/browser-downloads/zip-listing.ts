/**
 * What goes into a folder's zip, decided before the first byte is sent.
 * Entry names come from the service and go through the remote path rules
 * (src-shared/paths/remote-path.ts): an entry with a `..`, absolute, empty or
 * otherwise unusable path is left out, as is (with the setting
 * requireVerifiedDownloads) one whose bytes cannot be checked against a hash
 * the service vouches for. What was left out, and what is included without
 * verification, is listed in a "download report" text file at the top of the
 * zip, in English and Chinese (the server does not know the page's language).
 */
import { AppErrorCode } from '@shared/contract/define';
import { remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { RemoteEntry } from '../../providers/storage-provider';
import { trustedSha256 } from './verifiable';

export interface ZipEntry {
  /** The name inside the zip: the folder's name, then the path below the listed folder. */
  name: string;
  entry: RemoteEntry;
  /** The SHA-256 the bytes must have (lowercase hex), or undefined when they cannot be checked. */
  expected: string | undefined;
}

export interface ZipListing {
  /** The folder every entry goes under (a single safe name). */
  folderName: string;
  entries: ZipEntry[];
  skipped: Array<{ path: string; code: string; reason: string; detail: string }>;
  /** Paths included without a hash to check them against. */
  unverified: string[];
}

/** Sorts a listing of `prefix` into zip entries, and entries left out with the reason. */
export function zipListing(entries: readonly RemoteEntry[], prefix: string, folderName: string, trustedHash: boolean, requireVerified: boolean): ZipListing {
  const listing: ZipListing = { folderName, entries: [], skipped: [], unverified: [] };
  for (const entry of entries) {
    const problem: RemotePathProblem | undefined = entry.path.startsWith(prefix) ? remotePathProblem(entry.path.slice(prefix.length)) : { reason: 'notUnderFolder', detail: 'is not inside the folder that was listed' };
    if (problem) {
      listing.skipped.push({ path: entry.path, code: AppErrorCode.UnsafeRemotePath, reason: problem.reason, detail: problem.detail });
      continue;
    }
    const expected = trustedSha256(entry, trustedHash);
    if (expected === undefined) {
      if (requireVerified) {
        listing.skipped.push({ path: entry.path, code: AppErrorCode.UnverifiableHash, reason: 'requireVerifiedDownloads', detail: 'has a hash that cannot be checked' });
        continue;
      }
      listing.unverified.push(entry.path);
    }
    listing.entries.push({ name: `${folderName}/${entry.path.slice(prefix.length)}`, entry, expected });
  }
  return listing;
}

/** The report's name and text, or undefined when there is nothing to report. */
export function zipReport(listing: ZipListing): { name: string; text: string } | undefined {
  if (listing.skipped.length === 0 && listing.unverified.length === 0) return undefined;
  const lines = [`JCS Desktop: download report for "${listing.folderName}"`, `JCS Desktop：“${listing.folderName}”的下载报告`, ''];
  if (listing.skipped.length) {
    lines.push('Left out of this zip / 未包含在此压缩包中:');
    for (const s of listing.skipped) lines.push(`  ${s.code} (${s.reason}): '${showRemotePath(s.path)}' ${s.detail}`);
    lines.push('');
  }
  if (listing.unverified.length) {
    lines.push('Included but not verified: the service gave no hash that can be checked / 已包含但未校验：服务端未提供可校验的哈希:');
    for (const path of listing.unverified) lines.push(`  '${showRemotePath(path)}'`);
    lines.push('');
  }
  return { name: `${listing.folderName} - download report.txt`, text: lines.join('\n') };
}
