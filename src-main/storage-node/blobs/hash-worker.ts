/**
 * A worker thread that hashes stored blobs, so the node's event loop keeps
 * serving while a multipart object's SHA-256 is computed. On the main thread
 * the reads back from disk queued behind the thread pool's writes and fsyncs
 * (during a 1 GiB upload the running hash got through a quarter of the parts),
 * and the hashing itself took the loop from parsing and writing other parts.
 * Here the reads are synchronous (the parts were just written, so they come
 * from the page cache) and the hashing runs beside the loop.
 *
 * The worker holds named running hashes: `add` appends a blob to one,
 * `digest` returns the hex SHA-256 of a running hash (or of nothing) followed
 * by more blobs, without changing it; `drop` forgets one. Messages are handled
 * one at a time, in order. The worker's code is a string evaluated as
 * CommonJS, so it runs the same from the TypeScript sources (tests) and from
 * every bundle, with no separate file to ship.
 */
import { Worker } from 'node:worker_threads';
import { operationFailed } from '../node-error';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const running = new Map();
const buffer = Buffer.allocUnsafe(1024 * 1024);
function hashBlobInto(hash, blob) {
  if (blob.size === 0) return;
  const fd = openSync(blob.path, 'r');
  try {
    for (let position = 0; position < blob.size; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, blob.size - position), position);
      if (read === 0) throw new Error('stored blob ' + blob.path + ' is shorter than recorded (' + position + ' of ' + blob.size + ' bytes)');
      hash.update(buffer.subarray(0, read));
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}
parentPort.on('message', (message) => {
  try {
    if (message.type === 'add') {
      let hash = running.get(message.name);
      if (!hash) running.set(message.name, (hash = createHash('sha256')));
      hashBlobInto(hash, message.blob);
      parentPort.postMessage({ id: message.id });
    } else if (message.type === 'digest') {
      const base = message.name === undefined ? undefined : running.get(message.name);
      if (message.name !== undefined && !base) throw new Error('no running hash named ' + message.name);
      const hash = base ? base.copy() : createHash('sha256');
      for (const blob of message.blobs) hashBlobInto(hash, blob);
      parentPort.postMessage({ id: message.id, value: hash.digest('hex') });
    } else if (message.type === 'drop') {
      running.delete(message.name);
    }
  } catch (error) {
    if (message.type === 'add') running.delete(message.name);
    parentPort.postMessage({ id: message.id, error: String(error && error.message || error) });
  }
});
`;

export interface BlobFile {
  path: string;
  size: number;
}

type Pending = { resolve: (value: string | undefined) => void; reject: (error: Error) => void };

interface Running {
  worker: Worker;
  /** Calls sent to this worker and not answered yet. */
  pending: Map<number, Pending>;
}

export class HashWorker {
  private current: Running | undefined;
  private nextId = 1;

  /** Appends a blob to the running hash `name` (created empty on first use). A failure drops that hash. */
  async add(name: number, blob: BlobFile): Promise<void> {
    await this.call({ type: 'add', name, blob });
  }

  /** Hex SHA-256 of the running hash `name` (or of nothing, when undefined) followed by `blobs`; `name` is unchanged. */
  async digest(name: number | undefined, blobs: readonly BlobFile[]): Promise<string> {
    return (await this.call({ type: 'digest', name, blobs }))!;
  }

  drop(name: number): void {
    this.current?.worker.postMessage({ type: 'drop', name });
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.worker.terminate();
  }

  private call(message: object): Promise<string | undefined> {
    const id = this.nextId++;
    const { worker, pending } = this.started();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private started(): Running {
    if (this.current) return this.current;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const running: Running = { worker, pending: new Map() };
    worker.unref(); // never what keeps the node running
    worker.on('message', (reply: { id: number; value?: string; error?: string }) => {
      const call = running.pending.get(reply.id);
      running.pending.delete(reply.id);
      if (reply.error !== undefined) call?.reject(operationFailed(reply.error));
      else call?.resolve(reply.value);
    });
    const failAll = (error: Error) => {
      if (this.current === running) this.current = undefined; // the next call starts a new worker
      for (const call of running.pending.values()) call.reject(error);
      running.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the hashing worker stopped (exit code ${code})`)));
    this.current = running;
    return running;
  }
}
