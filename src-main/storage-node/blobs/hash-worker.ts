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
 * by more blobs, without changing it; `drop` forgets one. Calls on the same
 * running hash are handled in order; calls on different ones (and every
 * digest of no running hash) take turns, 8 MiB at a time, so a huge complete
 * never holds up a small one. The worker's code is a string evaluated as
 * CommonJS, so it runs the same from the TypeScript sources (tests) and from
 * every bundle, with no separate file to ship.
 */
import { Worker } from 'node:worker_threads';
import { operationFailed } from '../node-error';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const SLICE = 8 * 1024 * 1024;
const running = new Map();
const lanes = new Map();
const buffer = Buffer.allocUnsafe(1024 * 1024);
let nextAnonymous = 0;
let scheduled = false;

function begin(job) {
  if (job.type === 'add') {
    let hash = running.get(job.name);
    if (!hash) running.set(job.name, (hash = createHash('sha256')));
    job.hash = hash;
    job.files = [job.blob];
  } else {
    const base = job.name === undefined ? undefined : running.get(job.name);
    if (job.name !== undefined && !base) throw new Error('no running hash named ' + job.name);
    job.hash = base ? base.copy() : createHash('sha256');
    job.files = job.blobs;
  }
  job.file = 0;
  job.position = undefined;
}

// Hashes up to SLICE more bytes of a job; true when it is done.
function advance(job) {
  let budget = SLICE;
  while (job.file < job.files.length) {
    const blob = job.files[job.file];
    const start = blob.offset || 0;
    const end = start + blob.size;
    if (job.position === undefined) job.position = start;
    if (blob.size > 0) {
      if (job.fd === undefined) job.fd = openSync(blob.path, 'r');
      while (job.position < end) {
        if (budget <= 0) return false;
        const read = readSync(job.fd, buffer, 0, Math.min(buffer.length, end - job.position), job.position);
        if (read === 0) throw new Error('stored blob ' + blob.path + ' is shorter than recorded (' + job.position + ' of ' + end + ' bytes)');
        job.hash.update(buffer.subarray(0, read));
        job.position += read;
        budget -= read;
      }
      closeSync(job.fd);
      job.fd = undefined;
    }
    job.file++;
    job.position = undefined;
  }
  return true;
}

function settle(job, error) {
  if (job.fd !== undefined) {
    try {
      closeSync(job.fd);
    } catch {}
    job.fd = undefined;
  }
  if (error) {
    if (job.type === 'add') running.delete(job.name);
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  } else if (job.type === 'digest') {
    parentPort.postMessage({ id: job.id, value: job.hash.digest('hex') });
  } else {
    parentPort.postMessage({ id: job.id });
  }
}

// One slice of the first job of every lane, then back to the event loop for new messages.
function work() {
  scheduled = false;
  for (const [key, lane] of lanes) {
    const job = lane[0];
    let done = true;
    try {
      if (job.type === 'drop') running.delete(job.name);
      else {
        if (!job.files) begin(job);
        done = advance(job);
        if (done) settle(job);
      }
    } catch (error) {
      settle(job, error);
    }
    if (done) {
      lane.shift();
      if (lane.length === 0) lanes.delete(key);
    }
  }
  if (lanes.size > 0) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(work);
}

parentPort.on('message', (message) => {
  const key = message.name === undefined ? 'anonymous ' + nextAnonymous++ : 'name ' + message.name;
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = []));
  lane.push(message);
  schedule();
});
`;

export interface BlobFile {
  path: string;
  size: number;
  /** Where the bytes start in the file (0 when absent): a file still being written is hashed a stretch at a time. */
  offset?: number;
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
