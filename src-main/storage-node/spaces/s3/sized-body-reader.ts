/**
 * Reads a write's body as blocks of a chosen size (a whole small object, or one
 * multipart part), hashing every byte as it arrives: one pass over the data, in
 * order, however the blocks are then sent. The body must hold exactly the size
 * the caller declared; more or fewer bytes fail the write before the object
 * could become visible. Reading stops at an abort (the body is destroyed with
 * the abort error), and while the consumer holds a block the body is not read
 * (backpressure), so memory stays at the blocks in hand.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SpaceBackendError } from '../space-backend';

export class SizedBodyReader {
  private readonly hash = createHash('sha256');
  private received = 0;

  constructor(
    private readonly body: Readable,
    private readonly size: number,
    private readonly what: string,
  ) {}

  /** Yields blocks of `blockSize` bytes (the last one shorter); the sum is exactly `size`. */
  async *blocks(blockSize: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    signal?.throwIfAborted();
    const onAbort = () => this.body.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let block = Buffer.allocUnsafe(Math.min(blockSize, this.size));
      let filled = 0;
      for await (const raw of this.body) {
        const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
        this.received += chunk.length;
        if (this.received > this.size) throw this.sizeError(`more than the ${this.size} bytes declared`);
        this.hash.update(chunk);
        let offset = 0;
        while (offset < chunk.length) {
          const copied = chunk.copy(block, filled, offset);
          filled += copied;
          offset += copied;
          if (filled === block.length) {
            yield block;
            const left = this.size - (this.received - (chunk.length - offset));
            block = Buffer.allocUnsafe(Math.min(blockSize, left));
            filled = 0;
          }
        }
      }
      signal?.throwIfAborted();
      if (this.received < this.size) throw this.sizeError(`only ${this.received} bytes, not the ${this.size} declared`);
      // A zero-byte body is one empty block, so a small write still sends its (empty) object.
      if (this.size === 0) yield block;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The SHA-256 (lowercase hex) of everything read; call once, after the last block. */
  digest(): string {
    return this.hash.digest('hex');
  }

  private sizeError(what: string): SpaceBackendError {
    return new SpaceBackendError('Failed', `${this.what} failed: the body held ${what}`);
  }
}
