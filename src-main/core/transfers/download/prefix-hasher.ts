/**
 * SHA-256 of a file that is being filled in ranges, out of order, by several
 * downloads at once. Each range is hashed as soon as every byte before it is
 * in, by reading it back from the file (it was just written, so from the page
 * cache): the hash runs alongside the downloads instead of as a second pass
 * over the whole file after them.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const READ_SIZE = 1024 * 1024;

export class PrefixHasher {
  private readonly hash = createHash('sha256');
  private readonly buffer = Buffer.allocUnsafe(READ_SIZE);
  /** Ranges on disk and not hashed yet: start offset → end offset. */
  private readonly waiting = new Map<number, number>();
  private hashedUpTo = 0;
  private work: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(private readonly handle: FileHandle) {}

  /** The bytes [offset, offset + size) are written to the file. */
  add(offset: number, size: number): void {
    if (size === 0) return;
    this.waiting.set(offset, offset + size);
    this.work = this.work.then(() => this.advance()).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(`reading the file back to hash it failed: ${String(error)}`);
    });
  }

  /** The hex digest, once the file's first `size` bytes are all in; fails if some are missing. */
  async digest(size: number): Promise<string> {
    await this.work;
    if (this.failure) throw this.failure;
    if (this.hashedUpTo !== size) throw new Error(`hashed ${this.hashedUpTo} of ${size} bytes: ranges are missing`);
    return this.hash.digest('hex');
  }

  private async advance(): Promise<void> {
    for (let end = this.waiting.get(this.hashedUpTo); end !== undefined; end = this.waiting.get(this.hashedUpTo)) {
      this.waiting.delete(this.hashedUpTo);
      while (this.hashedUpTo < end) {
        const want = Math.min(READ_SIZE, end - this.hashedUpTo);
        const { bytesRead } = await this.handle.read(this.buffer, 0, want, this.hashedUpTo);
        if (bytesRead === 0) throw new Error(`the file ends at ${this.hashedUpTo}, before the range that ends at ${end}`);
        this.hash.update(this.buffer.subarray(0, bytesRead));
        this.hashedUpTo += bytesRead;
      }
    }
  }
}
