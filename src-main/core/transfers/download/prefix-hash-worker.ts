/**
 * The SHA-256 of a download's file (what PrefixHasher computes) on a worker
 * thread, for downloads in several ranges: the reads back from the file and
 * the hashing then run beside the event loop, which keeps receiving and
 * writing the ranges (on the loop, the whole-file hash and its reads took
 * about a fifth of the engine's time during a 1 GiB download). The worker
 * opens the file itself and reads synchronously: each range was just written,
 * so it comes from the page cache. One worker per such download, ended with
 * it; a download in one piece keeps the in-thread PrefixHasher (a worker's
 * start would cost more than hashing a small file). The worker's code is a
 * string evaluated as CommonJS, so it runs the same from the TypeScript
 * sources (tests) and from every bundle.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync } = require('node:fs');
const fd = openSync(workerData.path, 'r');
const buffer = Buffer.allocUnsafe(1024 * 1024);
const hash = createHash('sha256');
const waiting = new Map();
let hashedUpTo = 0;
let failure;

function advance() {
  for (let end = waiting.get(hashedUpTo); end !== undefined; end = waiting.get(hashedUpTo)) {
    waiting.delete(hashedUpTo);
    while (hashedUpTo < end) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - hashedUpTo), hashedUpTo);
      if (read === 0) throw new Error('the file ends at ' + hashedUpTo + ', before the range that ends at ' + end);
      hash.update(buffer.subarray(0, read));
      hashedUpTo += read;
    }
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'add') {
    if (message.size === 0 || failure) return;
    waiting.set(message.offset, message.offset + message.size);
    try { advance(); } catch (error) { failure = 'reading the file back to hash it failed: ' + (error && error.message || error); }
    return;
  }
  if (failure) parentPort.postMessage({ error: failure });
  else if (hashedUpTo !== message.size) parentPort.postMessage({ error: 'hashed ' + hashedUpTo + ' of ' + message.size + ' bytes: ranges are missing' });
  else parentPort.postMessage({ digest: hash.digest('hex') });
});
`;

export class WorkerPrefixHasher {
  private readonly worker: Worker;
  private readonly stopped: Promise<Error>;

  constructor(path: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path } });
    this.worker.unref(); // never what keeps the app running
    this.stopped = new Promise<Error>((resolve) => {
      this.worker.on('error', resolve);
      this.worker.on('exit', (code) => resolve(new Error(`the hashing worker stopped (exit code ${code})`)));
    });
  }

  /** The bytes [offset, offset + size) are written to the file. */
  add(offset: number, size: number): void {
    this.worker.postMessage({ type: 'add', offset, size });
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
