/**
 * The synced folder walked in comparePaths order (path-order.ts), one file at
 * a time, for the full scan's merge (scan-merge.ts): each folder's entries are
 * sorted (a folder's by its name and '/'), and a folder is entered where it
 * sorts, so the whole walk yields one globally sorted sequence and nothing is
 * held but the folders on the way down and a few read ahead. What it reports
 * per file, and what it leaves out, is what scanLocal (local-scan.ts) reports.
 *
 * A big tree's folders are read on a worker thread (folder-reads.ts) ahead of
 * the walk: `next` answers WAIT when the folder it is to enter is still being
 * read, and `ready` says when to ask again.
 */
import { join, sep } from 'node:path';
import { beingWritten, type LocalFile } from './local-scan';
import { FolderReadWorker, KIND_FILE, KIND_FOLDER, readFolderSync, type FolderRead } from './folder-reads';
import { comparePaths, entryKey } from './path-order';
import type { PathFilter } from './path-filter';

export type WalkedFile =
  | { path: string; state: 'file'; file: LocalFile }
  /** Present, but the filter hides it: never to be read as deleted. */
  | { path: string; state: 'filtered' }
  /** Changed too recently to be trusted as complete. */
  | { path: string; state: 'unstable' };

/** `next`'s answer while the folder it is to enter is still being read. */
export const WAIT = Symbol('wait');

export interface WalkTuning {
  /** Entries read on the walk's own thread before the rest of the tree goes to a worker (a small tree is not worth one). */
  readsBeforeWorker: number;
  /** Folders asked of the worker and not yet entered by the walk, at most (what is read ahead is held). */
  readAhead: number;
}

const DEFAULT_TUNING: WalkTuning = { readsBeforeWorker: 5000, readAhead: 16 };

/** A folder read, with its entries' walk order. */
interface Listing extends FolderRead {
  order: Uint32Array;
}

interface Level {
  dir: string;
  /** The folder's absolute path and a separator, to which a name is appended (one `join` per folder, not per file). */
  absPrefix: string;
  listing: Listing;
  next: number;
}

function sorted(read: FolderRead): Listing {
  const keys = read.names.map((name, i) => entryKey(name, read.kinds[i] === KIND_FOLDER));
  const order = Uint32Array.from(keys.keys());
  order.sort((a, b) => comparePaths(keys[a]!, keys[b]!));
  return { ...read, order };
}

/** Folders (relative) in walk order, smallest first: a folder's path and '/' sorts where the walk enters it. */
class FolderQueue {
  /** A binary heap of the folders' keys (path and '/'). */
  private readonly heap: string[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(rel: string): void {
    const heap = this.heap;
    heap.push(`${rel}/`);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (comparePaths(heap[parent]!, heap[i]!) <= 0) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }
  /** The smallest folder's key (its path and '/'). */
  popKey(): string | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && comparePaths(heap[left]!, heap[least]!) < 0) least = left;
      if (right < heap.length && comparePaths(heap[right]!, heap[least]!) < 0) least = right;
      if (least === i) break;
      [heap[least], heap[i]] = [heap[i]!, heap[least]!];
      i = least;
    }
    return top;
  }
}

export class SortedLocalWalk {
  private readonly stack: Level[] = [];
  /** Included folders seen in a read and not yet asked for, smallest (next in walk order) first. */
  private readonly toRead = new FolderQueue();
  /** Folders asked of the worker: their read once it came, undefined until then. */
  private readonly asked = new Map<string, Listing | undefined>();
  private worker: FolderReadWorker | undefined;
  /** No worker for this walk (any more): it failed, the walk was closed, or enough scans have one. */
  private readsStayHere = false;
  private readsOnThread = 0;
  /** The key (path and '/') of the folder the walk entered last: every folder up to it in walk order has been entered. */
  private enteredKey = '';
  /** The folder the walk waits for, and who waits. */
  private waitingFor: string | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly root: string,
    private readonly filter: PathFilter,
    private readonly options: { stableMs: number; now: number },
    private readonly tuning: WalkTuning = DEFAULT_TUNING,
  ) {
    this.stack.push(this.level('', this.readHere('')));
  }

  /** The next file in order; WAIT while the next folder is still being read (await `ready`, then ask again); undefined at the end. */
  next(): WalkedFile | typeof WAIT | undefined {
    const { stack, filter } = this;
    while (stack.length > 0) {
      const level = stack[stack.length - 1]!;
      const { listing } = level;
      if (level.next >= listing.order.length) {
        stack.pop();
        continue;
      }
      const i = listing.order[level.next]!;
      const name = listing.names[i]!;
      const rel = level.dir ? `${level.dir}/${name}` : name;
      const kind = listing.kinds[i];
      if (kind === KIND_FOLDER) {
        if (!filter.folderIncluded(rel)) {
          level.next++;
          continue;
        }
        const read = this.take(rel);
        if (!read) return WAIT; // entered once it has been read: the same entry is looked at again
        level.next++;
        this.enteredKey = `${rel}/`;
        stack.push(this.level(rel, read));
        continue;
      }
      level.next++;
      if (kind !== KIND_FILE) continue;
      const size = listing.sizes[i]!;
      if (!filter.fileIncluded(rel, size)) return { path: rel, state: 'filtered' };
      const mtime = Math.floor(listing.mtimes[i]!);
      if (beingWritten(mtime, this.options)) return { path: rel, state: 'unstable' };
      return { path: rel, state: 'file', file: { size, mtime } };
    }
    return undefined;
  }

  /** Resolves when `next` has something other than WAIT to say. */
  ready(): Promise<void> {
    if (this.waitingFor === undefined || this.asked.get(this.waitingFor) !== undefined) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Ends the worker, if one was started; the walk cannot go on after this. */
  close(): void {
    this.worker?.close();
    this.worker = undefined;
    this.readsStayHere = true;
  }

  /** Every file, for a caller that can wait on the thread (tests): the walk with folders read here. */
  static *all(root: string, filter: PathFilter, options: { stableMs: number; now: number }): Generator<WalkedFile> {
    const walk = new SortedLocalWalk(root, filter, options, { readsBeforeWorker: Infinity, readAhead: 0 });
    for (let file = walk.next(); file !== undefined; file = walk.next()) if (file !== WAIT) yield file;
  }

  private absPrefix(dir: string): string {
    const abs = dir ? join(this.root, dir) : this.root;
    return abs.endsWith(sep) ? abs : abs + sep; // a root like '/' or 'C:\\' ends in one already
  }

  private level(dir: string, listing: Listing): Level {
    return { dir, absPrefix: this.absPrefix(dir), listing, next: 0 };
  }

  /** A folder's read, sorted, its included subfolders queued to be read ahead. */
  private arrived(dir: string, read: FolderRead): Listing {
    const listing = sorted(read);
    if (this.tuning.readAhead > 0) {
      for (let k = 0; k < listing.order.length; k++) {
        const i = listing.order[k]!;
        if (listing.kinds[i] !== KIND_FOLDER) continue;
        const rel = dir ? `${dir}/${listing.names[i]!}` : listing.names[i]!;
        if (this.filter.folderIncluded(rel)) this.toRead.push(rel);
      }
    }
    return listing;
  }

  private readHere(dir: string): Listing {
    const read = readFolderSync(this.absPrefix(dir));
    this.readsOnThread += read.names.length;
    return this.arrived(dir, read);
  }

  /** The folder's read if it is here (read now on this thread, when no worker does it), undefined while the worker reads it. */
  private take(rel: string): Listing | undefined {
    if (this.asked.has(rel)) {
      const listing = this.asked.get(rel);
      if (listing === undefined) {
        this.waitingFor = rel;
        return undefined;
      }
      this.asked.delete(rel);
      this.waitingFor = undefined;
      this.askAhead();
      return listing;
    }
    if (!this.worker && !this.readsStayHere && this.readsOnThread >= this.tuning.readsBeforeWorker) {
      this.worker = FolderReadWorker.start();
      this.readsStayHere = this.worker === undefined; // enough scans have one: this one reads here
    }
    if (!this.worker) return this.readHere(rel);
    this.ask([rel]); // the next folder in walk order, not asked yet (those asked ahead were further on)
    this.askAhead();
    this.waitingFor = rel;
    return undefined;
  }

  /** Asks the worker for these folders, in this order. */
  private ask(rels: readonly string[]): void {
    for (const rel of rels) this.asked.set(rel, undefined);
    this.worker!.read(
      rels.map((rel) => this.absPrefix(rel)),
      (k, read) => {
        const rel = rels[k]!;
        if (!this.asked.has(rel)) return; // closed meanwhile
        // A worker that failed leaves its folders to this thread: the walk goes on, only slower.
        if (read instanceof Error) {
          this.readsStayHere = true;
          this.worker = undefined;
          read = readFolderSync(this.absPrefix(rel));
        }
        this.asked.set(rel, this.arrived(rel, read));
        if (this.waitingFor === rel) {
          const wake = this.wake;
          this.wake = undefined;
          wake?.();
        }
      },
    );
  }

  /**
   * Asks the worker for the next folders in walk order, up to readAhead not
   * yet entered: once half of them have been entered, in one message.
   */
  private askAhead(): void {
    if (!this.worker || this.asked.size > this.tuning.readAhead / 2) return;
    const batch: string[] = [];
    while (this.asked.size + batch.length < this.tuning.readAhead && this.toRead.size > 0) {
      const key = this.toRead.popKey()!;
      if (comparePaths(key, this.enteredKey) <= 0) continue; // entered already (read on this thread)
      const rel = key.slice(0, -1);
      if (!this.asked.has(rel)) batch.push(rel);
    }
    if (batch.length > 0) this.ask(batch);
  }
}
