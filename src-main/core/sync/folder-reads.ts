/**
 * One folder of a synced tree as the full scan reads it: its entries, which
 * are folders and which regular files, and each file's size and modification
 * time (a link is followed to see whether it leads to a regular file, as
 * statFile does in local-scan.ts). Read on the calling thread, or on a worker
 * thread (FolderReadWorker): on 100,000 files the stat calls were a third of
 * a rescan's time on the event loop, and on a thread of their own they run
 * beside the merge and the listing instead of before them. The worker reads
 * synchronously (an asynchronous stat per file costs 60–200 µs of CPU on the
 * event loop; a synchronous one on its own thread a few µs). Its code is a
 * string evaluated as CommonJS, so it runs the same from the TypeScript
 * sources (tests) and from every bundle; it does what readFolderSync does,
 * which a test checks entry by entry.
 */
import { readdirSync, lstatSync, statSync, type Stats } from 'node:fs';
import { Worker } from 'node:worker_threads';

export const KIND_OTHER = 0;
export const KIND_FOLDER = 1;
export const KIND_FILE = 2;

/** A folder's entries in the order the system gave them, index by index. */
export interface FolderRead {
  names: string[];
  /** KIND_FOLDER, KIND_FILE (size and mtime set) or KIND_OTHER (not a regular file, vanished, unreadable). */
  kinds: Uint8Array;
  sizes: Float64Array;
  /** Milliseconds, as the system gave them (not floored). */
  mtimes: Float64Array;
}

const EMPTY: FolderRead = { names: [], kinds: new Uint8Array(0), sizes: new Float64Array(0), mtimes: new Float64Array(0) };

/** `absDir` ends with a separator. A folder that vanished or cannot be read reads as empty: the next scan sees it. */
export function readFolderSync(absDir: string): FolderRead {
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch {
    return EMPTY;
  }
  const n = entries.length;
  const read: FolderRead = { names: new Array<string>(n), kinds: new Uint8Array(n), sizes: new Float64Array(n), mtimes: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const entry = entries[i]!;
    read.names[i] = entry.name;
    if (entry.isDirectory()) {
      read.kinds[i] = KIND_FOLDER;
      continue;
    }
    const link = entry.isSymbolicLink();
    if (!link && !entry.isFile()) continue;
    let info: Stats | undefined;
    try {
      info = link ? statSync(absDir + entry.name, { throwIfNoEntry: false }) : lstatSync(absDir + entry.name, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (!info?.isFile()) continue;
    read.kinds[i] = KIND_FILE;
    read.sizes[i] = info.size;
    read.mtimes[i] = info.mtimeMs;
  }
  return read;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readdirSync, lstatSync, statSync } = require('node:fs');

function readFolder(absDir) {
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch {
    entries = [];
  }
  const n = entries.length;
  const names = new Array(n);
  const kinds = new Uint8Array(n);
  const sizes = new Float64Array(n);
  const mtimes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const entry = entries[i];
    names[i] = entry.name;
    if (entry.isDirectory()) {
      kinds[i] = ${KIND_FOLDER};
      continue;
    }
    const link = entry.isSymbolicLink();
    if (!link && !entry.isFile()) continue;
    let info;
    try {
      info = link ? statSync(absDir + entry.name, { throwIfNoEntry: false }) : lstatSync(absDir + entry.name, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (!info || !info.isFile()) continue;
    kinds[i] = ${KIND_FILE};
    sizes[i] = info.size;
    mtimes[i] = info.mtimeMs;
  }
  // One string for the names (no name holds NUL): cheaper to pass than an array of them.
  return { names: names.join('\\u0000'), count: n, kinds, sizes, mtimes };
}

parentPort.on('message', ({ firstId, absDirs }) => {
  for (let k = 0; k < absDirs.length; k++) {
    const read = readFolder(absDirs[k]);
    parentPort.postMessage({ id: firstId + k, ...read }, [read.kinds.buffer, read.sizes.buffer, read.mtimes.buffer]);
  }
});
`;

type Reply = { id: number; names: string; count: number; kinds: Uint8Array; sizes: Float64Array; mtimes: Float64Array };

/** Workers alive at once, at most: several big tasks scanning together (at start) read on their own threads beyond this. */
const MAX_WORKERS = 2;
let workersAlive = 0;

/**
 * A worker that reads folders, in the order asked. One per scan: started
 * only for a big tree (the walk reads a small one on its own thread) and
 * ended with the scan, so an idle app holds no second V8 isolate (each is
 * ~10 MB).
 */
export class FolderReadWorker {
  /** A new worker, or undefined when MAX_WORKERS are busy already. */
  static start(): FolderReadWorker | undefined {
    return workersAlive < MAX_WORKERS ? new FolderReadWorker() : undefined;
  }

  /** Workers alive now (tests). */
  static get alive(): number {
    return workersAlive;
  }

  private readonly worker: Worker;
  private closed = false;
  private nextId = 0;
  private readonly pending = new Map<number, (read: FolderRead | Error) => void>();
  private failure: Error | undefined;

  private constructor() {
    workersAlive++;
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.on('message', (reply: Reply) => {
      const done = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      const names = reply.count === 0 ? [] : reply.names.split('\u0000');
      done?.({ names, kinds: reply.kinds, sizes: reply.sizes, mtimes: reply.mtimes });
    });
    const fail = (error: Error) => {
      this.release();
      this.failure ??= error;
      for (const done of this.pending.values()) done(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the folder-reading worker stopped (exit code ${code})`)));
  }

  /**
   * Reads the folders in order, in one message (each message wakes the worker's
   * thread, which costs more than a folder's read), and calls `done` once per
   * folder with its read, or with the error that stopped the worker (the caller
   * then reads it itself).
   */
  read(absDirs: readonly string[], done: (index: number, read: FolderRead | Error) => void): void {
    if (this.failure) {
      for (let k = 0; k < absDirs.length; k++) done(k, this.failure);
      return;
    }
    const firstId = this.nextId;
    this.nextId += absDirs.length;
    for (let k = 0; k < absDirs.length; k++) this.pending.set(firstId + k, (read) => done(k, read));
    this.worker.postMessage({ firstId, absDirs });
  }

  close(): void {
    this.release();
    this.failure ??= new Error('closed');
    this.pending.clear();
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // an 'error' with no listener would throw in this process
    void this.worker.terminate();
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    workersAlive--;
  }
}
