/**
 * A folder (or a whole root) as one zip stream, for a browser in headless
 * mode: stored, not compressed (most content is compressed already, and every
 * size is known up front, so the zip's length is too). Bytes stream from the
 * provider; each object is checked on the way (HoldBackVerifier), so a
 * damaged one fails the zip before its last bytes — and the zip's central
 * directory — leave: the browser sees a failed download, never a
 * complete-looking zip. What goes in is decided first (zip-listing.ts).
 *
 * Every error of every stream ends in `fail`, which stops the downloads and
 * destroys the output: nothing is left unhandled to take the process down.
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';
import type { StorageProvider } from '../../providers/storage-provider';
import { HoldBackVerifier } from './hold-back-verifier';
import { zipReport, type ZipEntry, type ZipListing } from './zip-listing';

export class FolderZip {
  private readonly zip = new ZipFile();
  private readonly downloads = new Set<Readable>();
  private failure: Error | undefined;

  constructor(
    private readonly provider: StorageProvider,
    private readonly root: string,
    listing: ZipListing,
  ) {
    this.zip.on('error', (error: Error) => this.fail(error)); // yazl reports a stream of the wrong length here
    const report = zipReport(listing);
    if (report) this.zip.addBuffer(Buffer.from(report.text, 'utf8'), report.name, { compress: false });
    for (const entry of listing.entries) {
      const mtime = new Date(entry.entry.modified);
      this.zip.addReadStreamLazy(entry.name, { size: entry.entry.size, compress: false, mtime: Number.isNaN(mtime.getTime()) ? new Date() : mtime }, (callback) => {
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

  private async open(entry: ZipEntry): Promise<Readable> {
    const failedBefore = this.failedWith();
    if (failedBefore) throw failedBefore;
    const download = await this.provider.read(this.root, { path: entry.entry.path, ref: entry.entry.ref });
    const failedMeanwhile = this.failedWith();
    if (failedMeanwhile) {
      download.stream.destroy();
      throw failedMeanwhile;
    }
    this.downloads.add(download.stream);
    const verifier = new HoldBackVerifier({ path: entry.entry.path, size: entry.entry.size }, entry.expected);
    const failed = (error: Error) => {
      this.fail(error);
      verifier.destroy();
    };
    download.stream.on('error', failed);
    verifier.on('error', failed);
    download.stream.on('close', () => this.downloads.delete(download.stream));
    if (download.length !== null && download.length !== entry.entry.size) {
      failed(new AppError(AppErrorCode.HashMismatch, `the service sent ${download.length} bytes for the ${entry.entry.size}-byte '${showRemotePath(entry.entry.path)}'`));
      return verifier;
    }
    download.stream.pipe(verifier);
    return verifier;
  }
}
