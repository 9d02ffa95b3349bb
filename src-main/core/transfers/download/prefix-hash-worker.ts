/**
 * The SHA-256 of a download's file (what PrefixHasher computes) on a worker
 * thread, for downloads in several ranges, so that hashing runs beside the
 * event loop, which keeps receiving and writing the ranges.
 *
 * The bytes are hashed from memory wherever they can be: each batch a range
 * has written is handed over to the worker (`written`: its buffers are
 * transferred, not copied) and hashed at once when every byte before it is
 * hashed, or held until then, up to HOLD_BYTES (the ranges in flight run side
 * by side, so most batches come ahead of the hash). A batch beyond that limit,
 * and a range written by an earlier run (`onDisk`), is read back from the file
 * when the hash reaches it (it comes from the page cache, or from disk after a
 * restart). Reading everything back cost the engine about a third of its CPU
 * during a 1 GiB download.
 *
 * The hash must be the hash of the bytes the file finally holds. A range's
 * attempt that fails after some of its batches were handed over is
 * `discarded`: what is held of it is dropped, and if some of it was hashed
 * already (its retry may write other bytes there), the whole file is hashed
 * again from disk at the end. The worker's code is a string evaluated as
 * CommonJS, so it runs the same from the TypeScript sources (tests) and from
 * every bundle.
 */
import { Worker } from 'node:worker_threads';

/** Bytes held ahead of the hash, at most (the engine's RSS budget is shared with everything else). */
const HOLD_BYTES = 32 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync } = require('node:fs');
const fd = openSync(workerData.path, 'r');
const holdLimit = workerData.holdBytes;
const buffer = Buffer.allocUnsafe(1024 * 1024);
let hash = createHash('sha256');
/** Pieces not hashed yet, by start offset: their end, and their bytes (null: to read back from the file). */
const pieces = new Map();
let held = 0;
let hashedUpTo = 0;
/** Bytes were hashed that a retry may have overwritten: hash the whole file again from disk at the end. */
let rehash = false;
let failure;

function readBack(from, to) {
  for (let at = from; at < to; ) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - at), at);
    if (read === 0) throw new Error('the file ends at ' + at + ', before the range that ends at ' + to);
    hash.update(buffer.subarray(0, read));
    at += read;
  }
}

function advance() {
  for (let piece = pieces.get(hashedUpTo); piece !== undefined; piece = pieces.get(hashedUpTo)) {
    pieces.delete(hashedUpTo);
    if (piece.bytes) {
      for (const bytes of piece.bytes) hash.update(bytes);
      held -= piece.end - hashedUpTo;
    } else readBack(hashedUpTo, piece.end);
    hashedUpTo = piece.end;
  }
}

function handle(message) {
  if (message.type === 'onDisk') {
    if (message.size > 0) pieces.set(message.offset, { end: message.offset + message.size, bytes: null });
  } else if (message.type === 'written') {
    if (message.offset < hashedUpTo) return; // a retry's bytes where the hash has passed: rehash is set already
    const size = message.bytes.reduce((sum, b) => sum + b.byteLength, 0);
    const keep = message.offset === hashedUpTo || held + size <= holdLimit;
    if (keep) held += size;
    pieces.set(message.offset, { end: message.offset + size, bytes: keep ? message.bytes : null });
  } else if (message.type === 'discarded') {
    const end = message.offset + message.size;
    if (message.offset < hashedUpTo) rehash = true;
    for (const [start, piece] of pieces) {
      if (start < message.offset || start >= end) continue;
      if (piece.bytes) held -= piece.end - start;
      pieces.delete(start);
    }
    return;
  }
  advance();
}

parentPort.on('message', (message) => {
  if (message.type !== 'digest') {
    if (failure) return;
    try { handle(message); } catch (error) { failure = 'reading the file back to hash it failed: ' + (error && error.message || error); }
    return;
  }
  if (failure) return parentPort.postMessage({ error: failure });
  if (hashedUpTo !== message.size) return parentPort.postMessage({ error: 'hashed ' + hashedUpTo + ' of ' + message.size + ' bytes: ranges are missing' });
  if (rehash) {
    try {
      hash = createHash('sha256');
      readBack(0, message.size);
    } catch (error) {
      return parentPort.postMessage({ error: 'reading the file back to hash it failed: ' + (error && error.message || error) });
    }
  }
  parentPort.postMessage({ digest: hash.digest('hex') });
});
`;

export class WorkerPrefixHasher {
  private readonly worker: Worker;
  private readonly stopped: Promise<Error>;

  /** `holdBytes`: how much may wait in memory for the hash to reach it (tests set it low). */
  constructor(path: string, holdBytes = HOLD_BYTES) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, holdBytes } });
    this.worker.unref(); // never what keeps the app running
    this.stopped = new Promise<Error>((resolve) => {
      this.worker.on('error', resolve);
      this.worker.on('exit', (code) => resolve(new Error(`the hashing worker stopped (exit code ${code})`)));
    });
  }

  /** The bytes [offset, offset + size) are in the file from an earlier run: they are read back when the hash reaches them. */
  onDisk(offset: number, size: number): void {
    this.worker.postMessage({ type: 'onDisk', offset, size });
  }

  /**
   * `buffers` are written to the file at `offset`. They are handed over to
   * the worker: the caller must not use them again (their memory moves to the
   * worker's thread where it can, so they read as empty afterwards).
   */
  written(offset: number, buffers: readonly Uint8Array[]): void {
    const owned = new Set<ArrayBufferLike>();
    const bytes = buffers.map((b) => {
      // Moved whole where the view is all of its memory (a socket's chunk is); copied otherwise (a slice of a pool).
      const movable = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && !(b.buffer instanceof SharedArrayBuffer) && !owned.has(b.buffer);
      const own = movable ? b : new Uint8Array(b);
      owned.add(own.buffer);
      return own;
    });
    this.worker.postMessage({ type: 'written', offset, bytes }, [...owned] as ArrayBuffer[]);
  }

  /** An attempt at the range [offset, offset + size) failed: what it handed over does not count. */
  discarded(offset: number, size: number): void {
    this.worker.postMessage({ type: 'discarded', offset, size });
  }

  /** The hex digest, once the file's first `size` bytes are all in; fails if some are missing. */
  async digest(size: number): Promise<string> {
    type Reply = { digest?: string; error?: string };
    const answer = new Promise<Reply>((resolve) => this.worker.once('message', resolve));
    this.worker.postMessage({ type: 'digest', size });
    const reply = await Promise.race([answer, this.stopped.then((error): Reply => ({ error: error.message }))]);
    if (reply.digest === undefined) throw new Error(reply.error ?? 'the hashing worker gave no digest');
    return reply.digest;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
