/**
 * A Writable that streams bytes into a new temporary file while computing
 * their SHA-256. It never holds more than the chunks in flight, so memory does
 * not grow with the size of what it writes. It syncs to disk as it goes (every
 * SYNC_EVERY bytes, in the background) so that the final fsync before the
 * rename has little left to flush; finishing the stream means the data is durable.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

const SYNC_EVERY = 64 * 1024 * 1024;

export class SizeLimitError extends Error {
  constructor(readonly limit: number) {
    super(`content exceeds the limit of ${limit} bytes`);
  }
}

export interface WrittenBlob {
  tempPath: string;
  sha256: string;
  size: number;
}

export class TempBlobWriter extends Writable {
  private handle: FileHandle | undefined;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private unsynced = 0;
  private backgroundSync: Promise<void> | undefined;
  private digest: string | undefined;

  constructor(
    readonly tempPath: string,
    private readonly maxBytes = Number.MAX_SAFE_INTEGER,
  ) {
    super({ highWaterMark: 4 * 1024 * 1024 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.tempPath, 'wx', 0o600).then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeChunks([chunk]).then(() => callback(), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.writeChunks(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  private async writeChunks(buffers: Buffer[]): Promise<void> {
    let length = 0;
    for (const buffer of buffers) length += buffer.length;
    if (this.bytes + length > this.maxBytes) throw new SizeLimitError(this.maxBytes);
    for (const buffer of buffers) this.hash.update(buffer);
    const handle = this.handle!;
    let written = 0;
    while (written < length) {
      const remaining = written === 0 ? buffers : sliceFrom(buffers, written);
      const { bytesWritten } = await handle.writev(remaining);
      written += bytesWritten;
    }
    this.bytes += length;
    this.unsynced += length;
    if (this.unsynced >= SYNC_EVERY && !this.backgroundSync) {
      this.unsynced = 0;
      this.backgroundSync = handle.datasync().finally(() => {
        this.backgroundSync = undefined;
      });
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    const finish = async () => {
      const handle = this.handle!;
      if (this.backgroundSync) await this.backgroundSync;
      await handle.sync();
      await handle.close();
      this.handle = undefined;
      this.digest = this.hash.digest('hex');
    };
    finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  /** The written blob; only valid once the stream has finished. */
  result(): WrittenBlob {
    if (this.digest === undefined) throw new Error('TempBlobWriter.result() called before the stream finished');
    return { tempPath: this.tempPath, sha256: this.digest, size: this.bytes };
  }
}

function sliceFrom(buffers: Buffer[], offset: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = offset;
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    out.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return out;
}
