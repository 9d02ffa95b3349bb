/**
 * Reads a batch of small files whole, with their SHA-256, on a worker thread
 * (one for the engine, started when first needed). Each file is read as
 * `snapshotFile` reads it: opened once, its size and mtime taken on the open
 * file before and after, one byte more than its size asked for so growth
 * shows, three tries before it counts as changing. The worker reads
 * synchronously: on the event loop, five asynchronous calls per file cost
 * 60–200 µs of CPU (each a trip through libuv's threads), synchronous ones on
 * a thread of their own about 10 µs, and a slow disk holds up only the
 * worker. The bytes come back transferred, not copied. The worker's code is
 * a string evaluated as CommonJS, so it runs the same from the TypeScript
 * sources (tests) and from every bundle. A worker is a whole V8 isolate
 * (~13 MB of RSS once it has read a first sync's files), so it ends once idle
 * for a while and the next read starts a new one (~30 ms, once per burst).
 * The upload planner's walk has it stat a folder's files too (`stat`), for
 * the same reason: the walk's asynchronous stats were 0.12 CPU-s of the event
 * loop per 10,000 files, before any upload could start.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, fstatSync, readSync, closeSync, statSync } = require('node:fs');

function snapshot(path) {
  const fd = openSync(path, 'r');
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = fstatSync(fd);
      const buffer = Buffer.allocUnsafeSlow(before.size + 1);
      let length = 0;
      for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
      const after = fstatSync(fd);
      if (before.size === after.size && before.mtimeMs === after.mtimeMs && length === after.size) {
        return { bytes: buffer.buffer, size: length, mtime: Math.floor(after.mtimeMs), sha256: createHash('sha256').update(buffer.subarray(0, length)).digest('hex') };
      }
    }
    return { changed: true };
  } finally {
    closeSync(fd);
  }
}

function stats(id, paths) {
  const n = paths.length;
  const sizes = new Float64Array(n);
  const mtimes = new Float64Array(n);
  const isFile = new Uint8Array(n);
  const errors = [];
  for (let i = 0; i < n; i++) {
    try {
      const info = statSync(paths[i]);
      isFile[i] = info.isFile() ? 1 : 0;
      sizes[i] = info.size;
      mtimes[i] = info.mtimeMs;
    } catch (error) {
      errors.push({ index: i, message: String(error && error.message || error), code: error && error.code });
    }
  }
  parentPort.postMessage({ id, stats: { sizes, mtimes, isFile, errors } }, [sizes.buffer, mtimes.buffer, isFile.buffer]);
}

parentPort.on('message', ({ id, paths, stat }) => {
  if (stat) return stats(id, paths);
  const files = [];
  const transfer = [];
  for (const path of paths) {
    try {
      const file = snapshot(path);
      if (file.bytes) transfer.push(file.bytes);
      files.push(file);
    } catch (error) {
      files.push({ error: { message: String(error && error.message || error), code: error && error.code } });
    }
  }
  parentPort.postMessage({ id, files }, transfer);
});
`;

/** One file as read: its bytes and what they were read as, or why not. */
export type Snapshot = { bytes: Buffer; size: number; mtime: number; sha256: string } | { changed: true } | { error: Error };

/** A path's stat (it follows links) as the planner uses it, or why there is none. */
export type PathStat = { size: number; mtimeMs: number; isFile: boolean } | { error: Error };

type ErrorReply = { message: string; code?: string };
type Reply = {
  id: number;
  files?: Array<{ bytes?: ArrayBuffer; size?: number; mtime?: number; sha256?: string; changed?: true; error?: ErrorReply }>;
  stats?: { sizes: Float64Array; mtimes: Float64Array; isFile: Uint8Array; errors: Array<ErrorReply & { index: number }> };
};

/** A worker with nothing to read for this long ends (see the note above). */
export const WORKER_IDLE_MS = 10_000;

export class SnapshotReader {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  constructor(private readonly idleMs = WORKER_IDLE_MS) {}

  /** A worker is up (tests). */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /** The files of `paths`, in their order. Rejects only if the worker itself fails (every file of the call then). */
  async read(paths: readonly string[]): Promise<Snapshot[]> {
    const reply = await this.ask(paths, false);
    return reply.files!.map(toSnapshot);
  }

  /** `fs.stat` of each of `paths`, in their order. Rejects only if the worker itself fails. */
  async stat(paths: readonly string[]): Promise<PathStat[]> {
    const { sizes, mtimes, isFile, errors } = (await this.ask(paths, true)).stats!;
    const out: PathStat[] = paths.map((_, i) => ({ size: sizes[i]!, mtimeMs: mtimes[i]!, isFile: isFile[i] === 1 }));
    for (const e of errors) out[e.index] = { error: errorOf(e) };
    return out;
  }

  private ask(paths: readonly string[], stat: boolean): Promise<Reply> {
    clearTimeout(this.idleTimer);
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref(); // keeps the process up only while a read is in flight
      worker.postMessage({ id, paths, stat });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) {
        worker.unref();
        this.endWhenIdle(worker);
      }
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined; // the next read starts a new one
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the file-reading worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Ends `worker` once it has had nothing to read for idleMs (a read in between cancels this). */
  private endWhenIdle(worker: Worker): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      // Its exit is expected: nothing waits on it, and a read started meanwhile belongs to the next worker.
      worker.removeAllListeners();
      worker.on('error', () => undefined); // an 'error' with no listener would throw in this process
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

function toSnapshot(file: NonNullable<Reply['files']>[number]): Snapshot {
  if (file.bytes) return { bytes: Buffer.from(file.bytes, 0, file.size), size: file.size!, mtime: file.mtime!, sha256: file.sha256! };
  if (file.changed) return { changed: true };
  return { error: errorOf(file.error) };
}

/** An Error with the system's code and message, as fs would have thrown it (local-file-error.ts reads the code). */
function errorOf(error: ErrorReply | undefined): Error {
  return Object.assign(new Error(error?.message ?? 'the file could not be read'), { code: error?.code });
}

/** The engine's reader of local files (one worker thread, started when first needed): small uploads and the upload planner share it. */
export const localFileReader = new SnapshotReader();
