/**
 * A full scan as one streaming, sorted merge of the local walk
 * (sorted-local-walk.ts), the remote listing (remote-scan.ts) and the journal
 * (sync-store.ts, in pages), all three in comparePaths order (path-order.ts),
 * instead of three maps of every file. A path present on all three, unchanged
 * on both sides and not skipped, is one the plan does nothing with (no action,
 * no move, no hash: sync-planner.ts) and is dropped at once; only the rest is
 * kept for the planner. A no-change rescan of a million files so holds
 * nothing per file, and the plan is the one the three full maps gave.
 *
 * A stream out of order (a service that does not list in byte order) stops
 * the merge with StreamOutOfOrder: the caller plans from full maps instead.
 */
import type { LocalFile } from './local-scan';
import { comparePaths } from './path-order';
import type { PathFilter } from './path-filter';
import { listRemote, type ListedRemote, type RejectedRemoteEntry, type RemoteFile } from './remote-scan';
import type { RemoteSide } from './remote-side';
import { localChanged, remoteChanged, type PlanInput } from './sync-planner';
import type { JournalState, SyncStore } from './sync-store';
import { SortedLocalWalk, WAIT, type WalkedFile } from './sorted-local-walk';

export class StreamOutOfOrder extends Error {
  constructor(
    readonly stream: 'local' | 'remote' | 'journal',
    readonly before: string,
    readonly after: string,
  ) {
    super(`the ${stream} stream is not in path order ('${after}' came after '${before}')`);
    this.name = 'StreamOutOfOrder';
  }
}

export interface MergeInput {
  root: string;
  filter: PathFilter;
  options: { stableMs: number; now: number };
  remote: RemoteSide;
  store: SyncStore;
  taskId: string;
  mode: PlanInput['mode'];
  /** Paths not to plan: filled further with what either side's filter hides and what is still being written. */
  skip: Set<string>;
  rejected: (entry: RejectedRemoteEntry) => void;
}

export interface MergedScan {
  /** What the planner needs: every path but those present and unchanged on all three. */
  local: Map<string, LocalFile>;
  remote: Map<string, RemoteFile>;
  journal: Map<string, JournalState>;
  unstable: string[];
  /** Files counted on each side (all of them, dropped or kept). */
  localFiles: number;
  remoteFiles: number;
}

/**
 * Journal rows per page. Small on purpose: a page is alive while the walk
 * works through its paths, and what outlives two young-generation collections
 * is promoted to the old generation, which only a full collection frees. With
 * pages of 2,000 rows (and the listing's pages) a rescan's heap grew by ~2 MB
 * per young collection, ~55 MB over a 30,000-file rescan, until the next full
 * collection. A page of 256 rows costs one indexed query per 256 files.
 */
const JOURNAL_PAGE = 256;
/** Local entries between pauses for the event loop (the walk's reads are synchronous). */
const SLICE = 2000;

/** A stream's items one at a time, checked to come in strictly increasing order. */
class Ordered<T extends { path: string }> {
  private last: string | undefined;
  constructor(private readonly name: StreamOutOfOrder['stream']) {}
  check(item: T | undefined): T | undefined {
    if (item === undefined) return undefined;
    if (this.last !== undefined && comparePaths(this.last, item.path) >= 0) throw new StreamOutOfOrder(this.name, this.last, item.path);
    this.last = item.path;
    return item;
  }
}

export async function mergeScan(input: MergeInput): Promise<MergedScan> {
  const out: MergedScan = { local: new Map(), remote: new Map(), journal: new Map(), unstable: [], localFiles: 0, remoteFiles: 0 };

  // Each stream's next item is read synchronously where it can be: the journal
  // always, the walk unless its next folder is still being read, the listing
  // until its page is used up. An await per item (a promise and a resumed
  // frame per file) was a good part of what a rescan allocated.
  const walk = new SortedLocalWalk(input.root, input.filter, input.options);
  try {
    return await merge(input, walk, out);
  } finally {
    walk.close();
  }
}

async function merge(input: MergeInput, walk: SortedLocalWalk, out: MergedScan): Promise<MergedScan> {
  const { filter, skip, mode } = input;
  const localOrder = new Ordered<WalkedFile>('local');
  let walked = 0;
  /** The walk's next file; WAIT while its next folder is being read (`nextLocalRead` then). */
  const nextLocal = (): WalkedFile | typeof WAIT | undefined => {
    const step = walk.next();
    if (step === WAIT) return WAIT;
    walked++;
    return localOrder.check(step);
  };
  const nextLocalRead = async (): Promise<WalkedFile | undefined> => {
    for (;;) {
      const step = nextLocal();
      if (step !== WAIT) return step;
      await walk.ready();
    }
  };

  const aliases = new Set<string>();
  const pages = listRemote(input.remote, filter, aliases, undefined, input.rejected);
  const remoteOrder = new Ordered<ListedRemote>('remote');
  let page: ListedRemote[] = [];
  let pageAt = 0;
  let listingDone = false;
  /** The listing's next item; undefined when its page is used up (`nextPage` first) or the listing is over. */
  const nextRemote = (): ListedRemote | undefined => (pageAt < page.length ? remoteOrder.check(page[pageAt++]) : undefined);
  /** Reads pages until one has an item left or the listing is over (awaited only when `nextRemote` found its page used up). */
  const nextPage = async (): Promise<ListedRemote | undefined> => {
    while (!listingDone && pageAt >= page.length) {
      const step = await pages.next();
      if (step.done) {
        listingDone = true;
        page = [];
        pageAt = 0;
        return undefined;
      }
      page = step.value;
      pageAt = 0;
    }
    return nextRemote();
  };

  type Journaled = JournalState & { path: string };
  const journalOrder = new Ordered<Journaled>('journal');
  let rows: Journaled[] = [];
  let rowAt = 0;
  let journalDone = false;
  const nextJournal = (): Journaled | undefined => {
    if (rowAt >= rows.length) {
      if (journalDone) return undefined;
      const after = rows.length ? rows[rows.length - 1]!.path : '';
      rows = input.store.journalPage(input.taskId, after, JOURNAL_PAGE);
      rowAt = 0;
      if (rows.length < JOURNAL_PAGE) journalDone = true;
      if (rows.length === 0) return undefined;
    }
    return journalOrder.check(rows[rowAt++]);
  };

  let l = await nextLocalRead();
  let r = nextRemote() ?? (await nextPage());
  let j = nextJournal();
  while (l || r || j) {
    let path = l?.path ?? r?.path ?? j!.path;
    if (r && comparePaths(r.path, path) < 0) path = r.path;
    if (j && comparePaths(j.path, path) < 0) path = j.path;

    let localFile: LocalFile | undefined;
    let remoteFile: RemoteFile | undefined;
    let entry: Journaled | undefined;
    if (l && l.path === path) {
      if (l.state === 'file') {
        localFile = l.file;
        out.localFiles++;
      } else {
        skip.add(path); // what a filter hides, or a file still being written, is left as it is on both sides
        if (l.state === 'unstable') out.unstable.push(path);
      }
      if (walked % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const step = nextLocal();
      l = step === WAIT ? await nextLocalRead() : step;
    }
    if (r && r.path === path) {
      if (r.state === 'file') {
        remoteFile = r.file;
        out.remoteFiles++;
      } else skip.add(path);
      r = nextRemote() ?? (await nextPage());
    }
    if (j && j.path === path) {
      entry = j;
      if (!filter.fileIncluded(path, j.local_size)) skip.add(path);
      j = nextJournal();
    }
    const inSync = localFile && remoteFile && entry && !mode.checkHash && !skip.has(path) && !localChanged(localFile, entry, mode, undefined) && !remoteChanged(remoteFile, entry);
    if (inSync) continue;
    if (localFile) out.local.set(path, localFile);
    if (remoteFile) out.remote.set(path, remoteFile);
    // Kept: only what change detection reads, not the row (its path is the key).
    if (entry) out.journal.set(path, { local_size: entry.local_size, local_mtime: entry.local_mtime, local_hash: entry.local_hash, remote_ref: entry.remote_ref, remote_version: entry.remote_version });
  }
  // A rejected object's alias is left alone unless the listing has it: a path dropped above was listed.
  for (const alias of aliases) if (!out.remote.has(alias)) skip.add(alias);
  return out;
}
