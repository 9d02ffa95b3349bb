/**
 * The rows of a folder view, built from the server's pages plus the folders
 * that exist only in the view ("New folder" before anything is uploaded into
 * it), then sorted and filtered. Folders always come first. Pure: no React,
 * no DOM, so it is unit-tested in Node.
 */
import type { RemoteEntry } from '@shared/contract/locations';
import type { EntryKey, SortOrder } from '../../stores/browser-store';
import { compareBytes } from '@shared/paths/byte-order';
import { SortedAccumulator, mergeSorted, type Comparator } from './sorted-accumulator';

export interface FolderEntry {
  kind: 'folder';
  key: EntryKey;
  name: string;
  /** Full prefix, ending in '/'. */
  prefix: string;
  /** Created in the view only; nothing is stored under it yet. */
  pending: boolean;
  /** Lower-cased name, for the filter. */
  lower: string;
  /** The name has UTF-16 units ≥ 0xD800, where code unit order and byte order may differ. */
  wide: boolean;
}

export interface ObjectEntry {
  kind: 'object';
  key: EntryKey;
  name: string;
  entry: RemoteEntry;
  size: number;
  /** The entry's modification time in epoch ms (NaN when unparseable). */
  modified: number;
  /**
   * Position in the server's listing, which is in byte order of paths: the
   * tie-break for size and time, as a number (sorting 100,000 entries with a
   * numeric tie-break takes a fraction of the time a name comparison does).
   */
  order: number;
  /** False when no hash the service vouches for can check it: downloads of it are "not verified". */
  verifiable: boolean;
  lower: string;
  wide: boolean;
}

export type Entry = FolderEntry | ObjectEntry;

export interface PageEntries {
  folders: readonly FolderEntry[];
  objects: readonly ObjectEntry[];
}

export function folderKey(prefix: string): EntryKey {
  return `f:${prefix}`;
}

/** By the provider's handle for the object when it has one (it follows the object), else by its path. */
export function objectKey(entry: Pick<RemoteEntry, 'path' | 'ref'>): EntryKey {
  return entry.ref !== undefined ? `o:${entry.ref}` : `p:${entry.path}`;
}

/** Display name of a folder prefix: its last segment. */
export function folderName(prefix: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const WIDE = /[\uD800-\uFFFF]/;

export function folderEntry(prefix: string, pending = false): FolderEntry {
  const name = folderName(prefix);
  return { kind: 'folder', key: folderKey(prefix), name, prefix, pending, lower: name.toLowerCase(), wide: WIDE.test(name) };
}

export function objectEntry(entry: RemoteEntry, order: number): ObjectEntry {
  const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  return { kind: 'object', key: objectKey(entry), name, entry, size: entry.size, modified: Date.parse(entry.modified), order, verifiable: entry.verifiable, lower: name.toLowerCase(), wide: WIDE.test(name) };
}

/** A page can hold at most 10,000 entries (the contract's maxKeys), so orders of pages never overlap. */
const ORDER_STRIDE = 100_000;

/** The entries of the `pageIndex`-th page of a listing. */
export function pageEntries(page: { folders: readonly string[]; entries: readonly RemoteEntry[] }, pageIndex: number): PageEntries {
  return { folders: page.folders.map((prefix) => folderEntry(prefix)), objects: page.entries.map((e, i) => objectEntry(e, pageIndex * ORDER_STRIDE + i)) };
}

/**
 * The direct children of `prefix` among the view-only folders: a pending
 * `a/b/c/` shows as `b/` inside `a/`, so the user can walk down to it.
 */
export function pendingChildren(pending: readonly string[], prefix: string): string[] {
  const children = new Set<string>();
  for (const folder of pending) {
    if (!folder.startsWith(prefix) || folder === prefix) continue;
    const rest = folder.slice(prefix.length);
    children.add(prefix + rest.slice(0, rest.indexOf('/') + 1));
  }
  return [...children];
}

/**
 * Byte order of names. The engine's own string comparison is much faster and
 * agrees with byte order unless a name holds units ≥ 0xD800 (known per entry).
 */
const byName: Comparator<Entry> = (a, b) => {
  if (a.wide || b.wide) return compareBytes(a.name, b.name);
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/** Comparator of objects for a sort order; ties fall back to the listing's (name) order so the order is total. */
export function objectComparator(sort: SortOrder): Comparator<ObjectEntry> {
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.key === 'name') return (a, b) => sign * byName(a, b);
  if (sort.key === 'size') return (a, b) => sign * (a.size - b.size) || a.order - b.order;
  return (a, b) => sign * (timeOrZero(a.modified) - timeOrZero(b.modified)) || a.order - b.order;
}

/** Folders have no size or time: they sort by name, descending only when the name column is. */
export function folderComparator(sort: SortOrder): Comparator<FolderEntry> {
  const sign = sort.key === 'name' && sort.direction === 'desc' ? -1 : 1;
  return (a, b) => sign * byName(a, b);
}

function timeOrZero(ms: number): number {
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * Whether a view needs every page before it is right: the server lists in
 * ascending byte order, so only "name, ascending" without a filter can show
 * the first pages as they come.
 */
export function needsAllPages(sort: SortOrder, filter: string): boolean {
  return !(sort.key === 'name' && sort.direction === 'asc') || filter.trim() !== '';
}

export function matchesFilter(entry: Entry, needle: string): boolean {
  return needle === '' || entry.lower.includes(needle);
}

/** Builds views for one sort order, reusing sorted work as pages are appended. */
export class ListingBuilder {
  private readonly folders: SortedAccumulator<FolderEntry>;
  private readonly objects: SortedAccumulator<ObjectEntry>;
  private readonly compareFolders: Comparator<FolderEntry>;

  constructor(readonly sort: SortOrder) {
    this.compareFolders = folderComparator(sort);
    this.folders = new SortedAccumulator(this.compareFolders);
    this.objects = new SortedAccumulator(objectComparator(sort));
  }

  build(pages: readonly PageEntries[], pendingPrefixes: readonly string[], filter: string): Entry[] {
    const listed = this.folders.update(pages.map((p) => p.folders));
    const objects = this.objects.update(pages.map((p) => p.objects));
    let folders: readonly FolderEntry[] = listed;
    if (pendingPrefixes.length > 0) {
      const known = new Set(listed.map((f) => f.prefix));
      const extra = pendingPrefixes.filter((p) => !known.has(p)).map((p) => folderEntry(p, true));
      folders = mergeSorted(listed, extra.sort(this.compareFolders), this.compareFolders);
    }
    const needle = filter.trim().toLowerCase();
    if (needle === '') return [...folders, ...objects];
    const out: Entry[] = [];
    for (const f of folders) if (matchesFilter(f, needle)) out.push(f);
    for (const o of objects) if (matchesFilter(o, needle)) out.push(o);
    return out;
  }
}
