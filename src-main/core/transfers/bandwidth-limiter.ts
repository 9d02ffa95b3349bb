/**
 * A global bandwidth limit shared by every transfer: a token bucket refilled
 * at the configured rate (0 = unlimited), with about a quarter second of
 * burst. While a limit is set, bytes pass in slices of at most 64 KiB, so the
 * rate holds smoothly even for large chunks; without one, chunks pass whole.
 * The rate can change at any time, and applies from the next chunk on.
 */
import { sleep } from './retry';

const SLICE = 64 * 1024;
const BURST_SECONDS = 0.25;

export class BandwidthLimiter {
  private tokens = 0;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();
  /** Aborted when the rate changes, so waits computed at the old rate are computed again. */
  private rateChanged = new AbortController();

  constructor(private bytesPerSecond = 0) {}

  setRate(bytesPerSecond: number): void {
    this.refill();
    this.bytesPerSecond = Math.max(0, bytesPerSecond);
    this.tokens = Math.min(this.tokens, this.capacity());
    this.rateChanged.abort();
    this.rateChanged = new AbortController();
  }

  get rate(): number {
    return this.bytesPerSecond;
  }

  /** Resolves when `bytes` may pass. Callers are served in order. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.bytesPerSecond <= 0) return Promise.resolve();
    const turn = this.queue.then(() => this.wait(bytes, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (this.bytesPerSecond <= 0) return;
      this.refill();
      if (this.tokens >= bytes || this.tokens >= this.capacity()) {
        this.tokens -= bytes;
        return;
      }
      const missing = Math.min(bytes, this.capacity()) - this.tokens;
      const changed = this.rateChanged.signal;
      try {
        await sleep(Math.max(5, (missing / this.bytesPerSecond) * 1000), signal ? AbortSignal.any([signal, changed]) : changed);
      } catch (error) {
        if (!changed.aborted || signal?.aborted) throw error;
      }
    }
  }

  private capacity(): number {
    return Math.max(SLICE, this.bytesPerSecond * BURST_SECONDS);
  }

  private refill(): void {
    const now = performance.now();
    if (this.bytesPerSecond > 0) this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
  }

  /**
   * Paces a body's chunks to the limit, reporting each one (or slice) to
   * `onBytes` once its consumer asks for more: bytes are counted when they have
   * been sent, not when they were read. Passes the chunks themselves (or views
   * of them), so a source that reuses its buffer still may.
   */
  async *pace(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, signal?: AbortSignal, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      if (this.bytesPerSecond <= 0) {
        yield chunk;
        onBytes?.(chunk.length);
        continue;
      }
      for (let offset = 0; offset < chunk.length; offset += SLICE) {
        const slice = chunk.subarray(offset, Math.min(chunk.length, offset + SLICE));
        await this.take(slice.length, signal);
        yield slice;
        onBytes?.(slice.length);
      }
    }
  }
}
