/**
 * A folder (or a whole package) as one zip stream, for a browser in headless
 * mode: stored, not compressed (most content is compressed already, and every
 * size is known up front, so the zip's length is too). Bytes stream from the
 * service; each object is checked on the way (HoldBackVerifier), so a damaged
 * one fails the zip before its last bytes — and the zip's central directory —
 * leave: the browser sees a failed download, never a complete-looking zip.
 *
 * Entry names come from the service and go through the remote path rules
 * (src-shared/paths/remote-path.ts): an entry with a `..`, absolute, empty or
 * otherwise unusable path is left out, as is (with the setting
 * requireVerifiedDownloads) one whose fileHash cannot be checked. What was
 * left out, and what is included without verification, is listed in a
 * "download report" text file at the top of the zip, in English and Chinese
 * (the server does not know the page's language).
 *
 * Every error of every stream ends in `fail`, which stops the downloads and
 * destroys the output: nothing is left unhandled to take the process down.
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { expectedSha256 } from '@shared/jcs/file-hash';
import type { JcsObject } from '@shared/jcs/wire';
import { remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { JcsClient } from '../../../providers/jcs/jcs-client';
import { HoldBackVerifier } from './hold-back-verifier';

export interface ZipListing {
  /** The folder every entry goes under (a single safe name). */
  folderName: string;
  entries: Array<{ name: string; object: JcsObject; expected: string | undefined }>;
  skipped: Array<{ path: string; code: string; reason: string; detail: string }>;
  /** Object paths included without a checkable fileHash. */
  unverified: string[];
}

/** Sorts a listing of `prefix` into zip entries, and entries left out with the reason. */
export function zipListing(objects: readonly JcsObject[], prefix: string, folderName: string, requireVerified: boolean): ZipListing {
  const listing: ZipListing = { folderName, entries: [], skipped: [], unverified: [] };
  for (const object of objects) {
    const problem: RemotePathProblem | undefined = object.path.startsWith(prefix) ? remotePathProblem(object.path.slice(prefix.length)) : { reason: 'notUnderFolder', detail: 'is not inside the folder that was listed' };
    if (problem) {
      listing.skipped.push({ path: object.path, code: AppErrorCode.UnsafeRemotePath, reason: problem.reason, detail: problem.detail });
      continue;
    }
    const expected = expectedSha256(object.fileHash);
    if (expected === undefined) {
      if (requireVerified) {
        listing.skipped.push({ path: object.path, code: AppErrorCode.UnverifiableHash, reason: 'requireVerifiedDownloads', detail: `has a fileHash that cannot be checked ('${showRemotePath(object.fileHash.slice(0, 16))}…')` });
        continue;
      }
      listing.unverified.push(object.path);
    }
    listing.entries.push({ name: `${folderName}/${object.path.slice(prefix.length)}`, object, expected });
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
    lines.push('Included but not verified: the service gave no fileHash that can be checked / 已包含但未校验：服务端提供的 fileHash 无法校验:');
    for (const path of listing.unverified) lines.push(`  '${showRemotePath(path)}'`);
    lines.push('');
  }
  return { name: `${listing.folderName} - download report.txt`, text: lines.join('\n') };
}

export class FolderZip {
  private readonly zip = new ZipFile();
  private readonly downloads = new Set<Readable>();
  private failure: Error | undefined;

  constructor(
    private readonly client: JcsClient,
    listing: ZipListing,
  ) {
    this.zip.on('error', (error: Error) => this.fail(error)); // yazl reports a stream of the wrong length here
    const report = zipReport(listing);
    if (report) this.zip.addBuffer(Buffer.from(report.text, 'utf8'), report.name, { compress: false });
    for (const entry of listing.entries) {
      const mtime = new Date(entry.object.updateTime);
      this.zip.addReadStreamLazy(entry.name, { size: entry.object.size, compress: false, mtime: Number.isNaN(mtime.getTime()) ? new Date() : mtime }, (callback) => {
        this.open(entry).then(
          (stream) => callback(null, stream),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), undefined as unknown as Readable),
        );
      });
    }
  }

  /** yazl's output stream (a PassThrough, typed loosely by @types/yazl). */
  get output(): Readable {
    return this.zip.outputStream as Readable;
  }

  /** The zip's length in bytes (known when every size is), once all entries are added. */
  end(): Promise<number | undefined> {
    return new Promise((resolve) => this.zip.end(undefined, (size?: number) => resolve(size !== undefined && size > 0 ? size : undefined)));
  }

  /** Stops every download and breaks the output (the response then ends short). */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const download of this.downloads) download.destroy();
    this.downloads.clear();
    this.output.destroy(error);
  }

  /** A method, not the field: TypeScript keeps a field's narrowing across an await, and the zip may fail meanwhile. */
  private failedWith(): Error | undefined {
    return this.failure;
  }

  private async open(entry: ZipListing['entries'][number]): Promise<Readable> {
    const failedBefore = this.failedWith();
    if (failedBefore) throw failedBefore;
    const download = await this.client.download({ objectID: entry.object.objectID });
    const failedMeanwhile = this.failedWith();
    if (failedMeanwhile) {
      download.stream.destroy();
      throw failedMeanwhile;
    }
    this.downloads.add(download.stream);
    const verifier = new HoldBackVerifier({ path: entry.object.path, size: entry.object.size }, entry.expected);
    const failed = (error: Error) => {
      this.fail(error);
      verifier.destroy();
    };
    download.stream.on('error', failed);
    verifier.on('error', failed);
    download.stream.on('close', () => this.downloads.delete(download.stream));
    if (!Number.isNaN(download.length) && download.length !== entry.object.size) {
      failed(new AppError(AppErrorCode.HashMismatch, `the service sent ${download.length} bytes for the ${entry.object.size}-byte '${showRemotePath(entry.object.path)}'`));
      return verifier;
    }
    download.stream.pipe(verifier);
    return verifier;
  }
}
