/**
 * The sink a download range is read into when the provider can deliver into
 * our buffers (`readRangeInto`): the socket fills a 128 KiB buffer, which goes
 * to the partial file in one write while the socket fills the next one. Three
 * buffers per range in flight, taken from a small pool kept between ranges,
 * instead of a new Buffer for every 64 KiB that arrives. Three, because the
 * socket takes the buffer for its next read as soon as it has reported the
 * last one, even when it is then paused: one buffer must always be free to
 * give it, beside the one being written and the one waiting for that write.
 * Each received slice is fingerprinted and counted as it arrives, and passes
 * the bandwidth limit; the read pauses while the limiter or the disk makes it
 * wait.
 */
import type { BodySink } from '../../../providers/storage-provider';
import type { PartialFile } from './partial-file';
import { RangeFingerprint } from './range-fingerprint';

/**
 * 128 KiB: a buffered write gets page-cache folios as large as its length
 * and alignment allow, and the socket fills most buffers to the end, so the
 * writes are whole, aligned buffers. On a VM that hands freed memory back to
 * its host (virtio-balloon free page reporting: here, and WSL2), the copy into
 * large folios is slow, by our reading because they come from memory the host
 * has taken back (a host fault per page). Measured on this VM, 1 GiB
 * downloaded from the embedded node after 5 idle seconds, engine system CPU-s
 * per GiB: 512 KiB buffers 2.3-2.9, 240 KiB 1.3-1.8, 120-128 KiB 1.0-1.3,
 * 64 KiB 1.4-1.9 (and more user time: twice the writes). 1 MiB writes were
 * worse still.
 */
const BUFFER_SIZE = 128 * 1024;
const BUFFERS_PER_RANGE = 3;
/** Full buffers waiting for the disk (the one being written included) before the read pauses. */
const MAX_WAITING = BUFFERS_PER_RANGE - 1;
/** A buffer with less room than this goes to disk: reads into a sliver of space would be many small ones. */
const MIN_SPACE = 64 * 1024;
/** Buffers kept for later ranges: enough for the default six ranges in flight. */
const POOL_LIMIT = 6 * BUFFERS_PER_RANGE;
const pool: Buffer[] = [];

export interface RangeWriterHooks {
  /** Called with each slice's size once it has passed the limit (progress). */
  onBytes(bytes: number): void;
  /** Resolves when `bytes` may pass the bandwidth limit (undefined: at once). */
  pace(bytes: number): Promise<void> | undefined;
  /** The most one read may take while a limit is set (undefined: no limit), so the limit paces evenly. */
  readLimit(): number | undefined;
}

interface FullBuffer {
  buffer: Buffer;
  length: number;
  /** Offset in the file. */
  at: number;
}

export class RangeWriter implements BodySink {
  private readonly fingerprint = new RangeFingerprint();
  private readonly owned: Buffer[] = [];
  private readonly free: Buffer[] = [];
  private filling: Buffer;
  private filled = 0;
  /** Bytes of the range given to the write queue so far. */
  private queued = 0;
  /** Full buffers in file order; the first is being written while `pumping`. */
  private readonly waiting: FullBuffer[] = [];
  private pumping: Promise<void> | undefined;
  private roomMade: (() => void) | undefined;
  private failure: Error | undefined;
  private released = false;

  constructor(
    private readonly file: PartialFile,
    private readonly offset: number,
    private readonly size: number,
    private readonly hooks: RangeWriterHooks,
  ) {
    for (let i = 0; i < BUFFERS_PER_RANGE; i++) this.owned.push(pool.pop() ?? Buffer.allocUnsafe(BUFFER_SIZE));
    this.free.push(...this.owned);
    this.filling = this.free.pop()!;
  }

  /** Bytes reported to `onBytes` so far (a failed range takes them back). */
  bytesCounted = 0;

  /** Bytes received so far (written or about to be). */
  private get bytesReceived(): number {
    return this.queued + this.filled;
  }

  space(): Buffer {
    const room = this.filling.subarray(this.filled);
    const limit = this.hooks.readLimit();
    return limit === undefined ? room : room.subarray(0, Math.max(limit, MIN_SPACE));
  }

  received(bytes: Buffer): void | Promise<void> {
    this.throwIfFailed();
    if (this.bytesReceived + bytes.length > this.size) throw new Error(`the server sent more than the ${this.size} bytes of the range at ${this.offset}`);
    this.fingerprint.update(bytes);
    this.filled += bytes.length;
    const count = () => {
      this.bytesCounted += bytes.length;
      this.hooks.onBytes(bytes.length);
    };
    const paced = this.hooks.pace(bytes.length)?.then(count);
    if (!paced) count();
    let room: Promise<void> | undefined;
    if (this.filling.length - this.filled < MIN_SPACE) {
      const next = this.free.pop();
      // There is one, as long as the reader waits when told to (below, while MAX_WAITING buffers wait).
      if (!next) throw new Error('the reader went on while the range writer had asked it to wait');
      this.queueFilling();
      this.filling = next;
      if (this.waiting.length >= MAX_WAITING) room = this.roomForNext();
    }
    if (paced && room) return Promise.all([paced, room]).then(() => undefined);
    return paced ?? room;
  }

  /** Writes the rest, waits for every write, and returns the range's fingerprint. */
  async finish(): Promise<string> {
    this.throwIfFailed();
    if (this.filled > 0) this.queueFilling();
    await this.pumping;
    this.throwIfFailed();
    return this.fingerprint.value();
  }

  /** Gives the buffers back to the pool once no write uses them (call once the read is over, whatever its outcome). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.pumping;
    for (const buffer of this.owned) if (pool.length < POOL_LIMIT) pool.push(buffer);
  }

  private queueFilling(): void {
    this.waiting.push({ buffer: this.filling, length: this.filled, at: this.offset + this.queued });
    this.queued += this.filled;
    this.filled = 0;
    this.pumping ??= this.pump();
  }

  /** Writes the waiting buffers in order, one at a time (PartialFile limits writes across ranges). */
  private async pump(): Promise<void> {
    try {
      for (let next = this.waiting[0]; next; next = this.waiting[0]) {
        await this.file.write([next.buffer.subarray(0, next.length)], next.length, next.at);
        this.waiting.shift();
        this.free.push(next.buffer);
        this.makeRoom();
      }
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      this.makeRoom();
    } finally {
      this.pumping = undefined;
    }
  }

  private roomForNext(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.roomMade = resolve;
    }).then(() => this.throwIfFailed());
  }

  /** A write failed: the range ends with the disk's error. */
  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private makeRoom(): void {
    const resolve = this.roomMade;
    this.roomMade = undefined;
    resolve?.();
  }
}
