/**
 * A Writable that streams bytes into a new temporary file while computing
 * their SHA-256. Incoming chunks are hashed in order on the main thread and
 * written as batches at explicit offsets, several batches in flight, so the
 * kernel's copy into the page cache (the dominant cost of a large upload)
 * runs on the thread pool alongside parsing and hashing. Memory stays bounded
 * by the batches in flight, whatever the size of the blob.
 *
 * It also syncs as it goes (every SYNC_EVERY bytes, in the background) so the
 * final fsync before the rename has little left to flush; when the stream
 * finishes, the data is durable.
 *
 * A writer told to `hashInWorker()` (multipart parts: large, and many at
 * once) leaves the hashing to a worker thread that reads back what has been
 * written, a stretch at a time, from the page cache. The event loop was the
 * node's bottleneck during a 1 GiB upload (parsing, copying and hashing six
 * parts' bytes, with the hash about a third of it); beside it, the worker
 * hashes on the other core, and the final digest runs alongside the fsync.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { HashWorker } from './hash-worker';

// About 32 MiB in flight per stream absorbs the stalls of page-cache writes
// (measured: 1 MiB × 4 in flight gave 220-560 MB/s for a 1 GiB upload here,
// 2 MiB × 16 gave 510-760 MB/s); a budget shared by all writers keeps many
// concurrent uploads from multiplying that memory. The batches are 512 KiB:
// aligned writes of 1 MiB or more fill the page cache with large folios, which
// on a VM that returns freed memory to its host cost a host fault each (the
// node's CPU per GiB uploaded fell from 3.6-4.0 s to 3.3-3.4 s with 512 KiB × 64).
const BATCH_BYTES = 512 * 1024;
const MAX_IN_FLIGHT = 64;
const SHARED_BUDGET = 64 * 1024 * 1024;
let sharedInFlight = 0;
const SYNC_EVERY = 64 * 1024 * 1024;
/** Written bytes handed to the hashing worker at a time. */
const HASH_STRETCH = 8 * 1024 * 1024;
/** Stretches handed over and not hashed yet, at most: the reads stay in the page cache, and a slow worker slows the writer instead. */
const HASH_STRETCHES_BEHIND = 8;
/** Shared by every writer that hashes off the event loop; started on first use, never what keeps the process running. */
let hashWorker: HashWorker | undefined;
let nextHashName = 1;

/** How far a file is written without a gap, from batches that finish in any order. */
export class WrittenPrefix {
  /** Every byte below this is in the file. */
  end = 0;
  /** Finished batches above `end`: start → end. */
  private readonly above = new Map<number, number>();

  /** The batch [start, end) finished; returns the new end of the gapless prefix. */
  add(start: number, end: number): number {
    this.above.set(start, end);
    for (let next = this.above.get(this.end); next !== undefined; next = this.above.get(this.end)) {
      this.above.delete(this.end);
      this.end = next;
    }
    return this.end;
  }
}

/** The state of a writer whose bytes are hashed by the worker as they reach the file. */
interface WorkerHashing {
  name: number;
  written: WrittenPrefix;
  /** Bytes handed to the worker so far. */
  handedTo: number;
  pending: Set<Promise<void>>;
}

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
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private writeError: Error | undefined;
  private unsynced = 0;
  private backgroundSync: Promise<void> | undefined;
  private digest: string | undefined;
  private workerHashing: WorkerHashing | undefined;

  constructor(
    readonly tempPath: string,
    private readonly maxBytes = Number.MAX_SAFE_INTEGER,
    /** Batches in flight at most (imports from a space, slower than the disk, keep fewer: less memory, same speed). */
    private readonly maxInFlight = MAX_IN_FLIGHT,
  ) {
    super({ highWaterMark: BATCH_BYTES });
  }

  /** Hashes this blob in the worker thread instead of on the event loop; call before writing. */
  hashInWorker(): this {
    if (this.bytes > 0) throw new Error('hashInWorker() must be called before the first write');
    this.workerHashing = { name: nextHashName++, written: new WrittenPrefix(), handedTo: 0, pending: new Set() };
    return this;
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
    this.accept([chunk], callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.accept(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  private accept(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    if (this.writeError) return callback(this.writeError);
    let length = 0;
    for (const buffer of buffers) length += buffer.length;
    if (this.bytes + length > this.maxBytes) return callback(new SizeLimitError(this.maxBytes));
    for (const buffer of buffers) {
      if (!this.workerHashing) this.hash.update(buffer);
      this.batch.push(buffer);
    }
    this.bytes += length;
    this.batchBytes += length;
    if (this.batchBytes >= BATCH_BYTES) this.dispatch();
    this.whenRoom(callback);
  }

  /** Sends the pending batch to the thread pool at its offset in the file. */
  private dispatch(): void {
    if (this.batchBytes === 0) return;
    const buffers = this.batch;
    const position = this.bytes - this.batchBytes;
    const length = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    sharedInFlight += length;
    const write = writeFully(this.handle!, buffers, position, length).then(
      () => {
        sharedInFlight -= length;
        this.inFlight.delete(write);
        this.unsynced += length;
        if (this.workerHashing) this.written(this.workerHashing, position, position + length);
        if (this.unsynced >= SYNC_EVERY && !this.backgroundSync) {
          this.unsynced = 0;
          this.backgroundSync = this.handle!.datasync().finally(() => (this.backgroundSync = undefined));
        }
      },
      (error: Error) => {
        sharedInFlight -= length;
        this.inFlight.delete(write);
        this.writeError ??= error;
      },
    );
    this.inFlight.add(write);
  }

  /** A batch reached the file: the bytes now written without a gap go to the worker once a stretch has gathered. */
  private written(hashing: WorkerHashing, start: number, end: number): void {
    if (hashing.written.add(start, end) - hashing.handedTo >= HASH_STRETCH) this.handToWorker(hashing);
  }

  private handToWorker(hashing: WorkerHashing): void {
    const offset = hashing.handedTo;
    const size = hashing.written.end - offset;
    if (size === 0) return;
    hashing.handedTo = hashing.written.end;
    hashWorker ??= new HashWorker();
    // A failed stretch drops the worker's running hash: the writer fails, and never asks for that hash's digest.
    const added: Promise<void> = hashWorker.add(hashing.name, { path: this.tempPath, offset, size }).then(
      () => void hashing.pending.delete(added),
      (error: Error) => {
        hashing.pending.delete(added);
        this.writeError ??= error;
      },
    );
    hashing.pending.add(added);
  }

  private whenRoom(callback: (error?: Error | null) => void): void {
    // Every writer may keep one batch in flight whatever the others do, so none waits forever.
    const writeRoom = this.inFlight.size === 0 || (this.inFlight.size < this.maxInFlight && sharedInFlight < SHARED_BUDGET);
    const hashRoom = !this.workerHashing || this.workerHashing.pending.size <= HASH_STRETCHES_BEHIND;
    if ((writeRoom && hashRoom) || this.writeError) return callback(this.writeError);
    Promise.race([...this.inFlight, ...(this.workerHashing?.pending ?? [])]).then(
      () => this.whenRoom(callback),
      () => this.whenRoom(callback),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    const finish = async () => {
      this.dispatch();
      await Promise.all(this.inFlight);
      if (this.writeError) throw this.writeError;
      const handle = this.handle!;
      const synced = (async () => {
        if (this.backgroundSync) await this.backgroundSync;
        await handle.sync();
      })();
      const [digest, sync] = await Promise.allSettled([this.finalDigest(), synced]);
      if (digest.status === 'rejected') throw digest.reason;
      if (sync.status === 'rejected') throw sync.reason;
      await handle.close();
      this.handle = undefined;
      this.digest = digest.value;
    };
    finish().then(() => callback(), callback);
  }

  /** The hex SHA-256 of every byte written (all batches have finished). */
  private async finalDigest(): Promise<string> {
    const hashing = this.workerHashing;
    if (!hashing) return this.hash.digest('hex');
    this.handToWorker(hashing);
    await Promise.all(hashing.pending);
    if (this.writeError) throw this.writeError;
    if (hashing.written.end !== this.bytes) throw new Error(`hashed ${hashing.written.end} of ${this.bytes} bytes written`);
    // Nothing handed over (an empty blob): the worker has no running hash of that name.
    if (hashing.handedTo === 0) return createHash('sha256').digest('hex');
    try {
      return await hashWorker!.digest(hashing.name, []);
    } finally {
      this.dropWorkerHash();
    }
  }

  private dropWorkerHash(): void {
    const hashing = this.workerHashing;
    if (hashing && hashing.handedTo > 0) hashWorker?.drop(hashing.name);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.digest === undefined) this.dropWorkerHash(); // after its queued stretches, in the worker's order
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    // Let writes already handed to the thread pool settle before closing their file descriptor.
    Promise.allSettled(this.inFlight)
      .then(() => handle.close())
      .then(
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

async function writeFully(handle: FileHandle, buffers: Buffer[], position: number, length: number): Promise<void> {
  let written = 0;
  let pending = buffers;
  while (written < length) {
    const { bytesWritten } = await handle.writev(pending, position + written);
    written += bytesWritten;
    if (written < length) pending = sliceFrom(buffers, written);
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
