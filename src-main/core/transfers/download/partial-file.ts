/**
 * The temporary file a download's ranges are written into, shared by the
 * ranges in flight. At most two writes go at once: buffered writes to one file
 * take its inode lock, and six at once spun on it (measured: 12 % of the
 * engine's CPU during a 1 GiB download), while strictly one at a time left the
 * file idle between writes (the download fell from ~254 to ~227 MB/s). Ranges
 * are not synced one by one (each is recorded with its hash instead); the
 * download syncs the whole file once, before its final rename. Syncs
 * are shared: a range asking for durability waits for the next datasync that
 * starts after its request, and one datasync covers every range written before
 * it, so the ranges in flight do not each hold a thread-pool thread in fsync
 * (four of those stall every other file operation of the process).
 *
 * Meanwhile a datasync is started in the background after every
 * SYNC_EVERY bytes written, one at a time, that nothing waits for: the
 * kernel would otherwise start writing a 1 GiB download back only at the
 * final sync, which then took half a second of the download's two. Its
 * failure is kept and reported by the next `durable()` (Linux reports a
 * writeback error to one sync only).
 */
import type { FileHandle } from 'node:fs/promises';

const WRITES_AT_ONCE = 2;
const SYNC_EVERY = 64 * 1024 * 1024;

export class PartialFile {
  private writing = 0;
  private readonly waiting: Array<() => void> = [];
  private syncing: Promise<void> | undefined;
  private nextSync: Promise<void> | undefined;
  private unsyncedBytes = 0;
  private backgroundFailure: Error | undefined;

  constructor(readonly handle: FileHandle) {}

  /** Writes `length` bytes of `buffers` at `position`, at most WRITES_AT_ONCE at a time. */
  async write(buffers: Buffer[], length: number, position: number): Promise<void> {
    if (this.writing < WRITES_AT_ONCE) this.writing++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // a finishing write hands over its place
    try {
      await writeAll(this.handle, buffers, length, position);
      this.unsyncedBytes += length;
      if (this.unsyncedBytes >= SYNC_EVERY && !this.syncing) this.syncInBackground();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.writing--;
    }
  }

  /** Resolves once everything written before the call is on disk. */
  async durable(): Promise<void> {
    await this.nextDurable();
    if (this.backgroundFailure) throw this.backgroundFailure;
  }

  private syncInBackground(): void {
    this.startSync().catch((error: unknown) => {
      this.backgroundFailure ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  private nextDurable(): Promise<void> {
    if (!this.syncing) return this.startSync();
    // A sync is under way but may have started before our last write: wait for the one after it.
    this.nextSync ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.nextSync = undefined;
        return this.startSync();
      });
    return this.nextSync;
  }

  private startSync(): Promise<void> {
    this.unsyncedBytes = 0;
    const sync = this.handle.datasync().finally(() => {
      if (this.syncing === sync) this.syncing = undefined;
    });
    this.syncing = sync;
    return sync;
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[], length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.writev(done === 0 ? buffers : unwritten(buffers, done), position + done);
    done += bytesWritten;
  }
}

/** The buffers' bytes from `skip` on (after a short write). */
function unwritten(buffers: Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) skip -= buffer.length;
    else {
      rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
      skip = 0;
    }
  }
  return rest;
}
