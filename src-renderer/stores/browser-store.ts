/**
 * UI state of the browser (zustand): where the user is, the back/forward
 * history, the selection, sorting, the filter box, and "new folders" that exist
 * only in the view until something is uploaded into them. Data main owns
 * (lists, details) lives in react-query, not here.
 */
import { create } from 'zustand';

/**
 * Where the user is. Root ids are the connection's own (opaque: whatever its
 * kind hands out), and the levels of its roots are the ones its capabilities
 * name (JCS: a bucket, then a package).
 */
export interface BrowseLocation {
  connectionId: string;
  /** The roots opened from the connection down, outermost first; empty at the connection itself. */
  trail: readonly string[];
  /** The root whose folders and objects are shown, once the trail reaches a root of the last level; null while choosing one. */
  root: string | null;
  /** '' for the root's top, otherwise a folder prefix ending in '/'. */
  prefix: string;
}

/** 'created' and 'type' only where the service sorts by them (capabilities.listQuery). */
export type SortKey = 'name' | 'size' | 'modified' | 'created' | 'type';
/** How a folder's entries show: rows, or cards with thumbnails (where the service makes them). */
export type ViewMode = 'list' | 'grid';
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** Keys of entries in the list: `o:<ref>` (or `p:<path>`) for objects, `f:<prefix>` for folders. */
export type EntryKey = string;

export function sameLocation(a: BrowseLocation | null, b: BrowseLocation | null): boolean {
  return !!a && !!b && a.connectionId === b.connectionId && a.root === b.root && a.prefix === b.prefix && a.trail.length === b.trail.length && a.trail.every((id, i) => id === b.trail[i]);
}

/** The connection itself: its top-level roots. */
export function connectionLocation(connectionId: string): BrowseLocation {
  return { connectionId, trail: [], root: null, prefix: '' };
}

/** Roots opened down to `trail`: a root of the last of `levels` levels shows its content, any other its roots. */
export function trailLocation(connectionId: string, trail: readonly string[], levels: number): BrowseLocation {
  const root = trail.length === levels ? (trail[trail.length - 1] ?? null) : null;
  return { connectionId, trail, root, prefix: '' };
}

export function rootKey(connectionId: string, root: string): string {
  return `${connectionId}:${root}`;
}

interface BrowserState {
  location: BrowseLocation | null;
  back: BrowseLocation[];
  forward: BrowseLocation[];
  selection: ReadonlySet<EntryKey>;
  /** Where Shift-selection extends from, and the keyboard focus. */
  anchor: EntryKey | null;
  focus: EntryKey | null;
  sort: SortOrder;
  filter: string;
  /** A MIME main type the service filters by ('' = all); only where capabilities.listQuery.filters has 'type'. */
  typeFilter: string;
  /** The view chosen per connection (list when none was chosen). */
  viewModes: Readonly<Record<string, ViewMode>>;
  detailsOpen: boolean;
  /** Folders created in the view, per root (`connection:root` → prefixes). */
  pendingFolders: Readonly<Record<string, readonly string[]>>;

  navigate: (location: BrowseLocation) => void;
  goBack: () => void;
  goForward: () => void;
  select: (keys: Iterable<EntryKey>, options?: { anchor?: EntryKey | null; focus?: EntryKey | null }) => void;
  setFocus: (key: EntryKey | null) => void;
  setSort: (sort: SortOrder) => void;
  setFilter: (filter: string) => void;
  setTypeFilter: (type: string) => void;
  setViewMode: (connectionId: string, mode: ViewMode) => void;
  toggleDetails: (open?: boolean) => void;
  addPendingFolder: (connectionId: string, root: string, prefix: string) => void;
  removePendingFolders: (connectionId: string, root: string, prefixes: readonly string[]) => void;
  forgetConnection: (connectionId: string) => void;
}

const HISTORY_LIMIT = 100;
const VIEW_MODES_KEY = 'jcs.browser.viewModes';

/** The view chosen per connection outlives the page (localStorage; nothing there in Node tests). */
const storage = (globalThis as { localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void } }).localStorage;

function loadViewModes(): Record<string, ViewMode> {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(VIEW_MODES_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    return Object.fromEntries(Object.entries(raw).filter((pair): pair is [string, ViewMode] => pair[1] === 'list' || pair[1] === 'grid'));
  } catch {
    return {};
  }
}

function saveViewModes(modes: Readonly<Record<string, ViewMode>>): void {
  try {
    storage?.setItem(VIEW_MODES_KEY, JSON.stringify(modes));
  } catch {
    // storage full or disabled: the choice lasts for this session only
  }
}

export const useBrowserStore = create<BrowserState>((set, get) => ({
  location: null,
  back: [],
  forward: [],
  selection: new Set(),
  anchor: null,
  focus: null,
  sort: { key: 'name', direction: 'asc' },
  filter: '',
  typeFilter: '',
  viewModes: loadViewModes(),
  detailsOpen: true,
  pendingFolders: {},

  navigate(location) {
    const current = get().location;
    if (sameLocation(current, location)) return;
    set({
      location,
      back: current ? [...get().back, current].slice(-HISTORY_LIMIT) : get().back,
      forward: [],
      selection: new Set(),
      anchor: null,
      focus: null,
      filter: '',
      typeFilter: '',
    });
  },
  goBack() {
    const { back, location, forward } = get();
    const previous = back[back.length - 1];
    if (!previous) return;
    set({ location: previous, back: back.slice(0, -1), forward: location ? [location, ...forward] : forward, selection: new Set(), anchor: null, focus: null, filter: '', typeFilter: '' });
  },
  goForward() {
    const { back, location, forward } = get();
    const next = forward[0];
    if (!next) return;
    set({ location: next, forward: forward.slice(1), back: location ? [...back, location] : back, selection: new Set(), anchor: null, focus: null, filter: '', typeFilter: '' });
  },
  select(keys, options = {}) {
    set({
      selection: new Set(keys),
      ...(options.anchor !== undefined ? { anchor: options.anchor } : {}),
      ...(options.focus !== undefined ? { focus: options.focus } : {}),
    });
  },
  setFocus(key) {
    set({ focus: key });
  },
  setSort(sort) {
    set({ sort });
  },
  setFilter(filter) {
    set({ filter });
  },
  setTypeFilter(typeFilter) {
    set({ typeFilter });
  },
  setViewMode(connectionId, mode) {
    const viewModes = { ...get().viewModes, [connectionId]: mode };
    set({ viewModes });
    saveViewModes(viewModes);
  },
  toggleDetails(open) {
    set({ detailsOpen: open ?? !get().detailsOpen });
  },
  addPendingFolder(connectionId, root, prefix) {
    const key = rootKey(connectionId, root);
    const existing = get().pendingFolders[key] ?? [];
    if (existing.includes(prefix)) return;
    set({ pendingFolders: { ...get().pendingFolders, [key]: [...existing, prefix] } });
  },
  removePendingFolders(connectionId, root, prefixes) {
    const key = rootKey(connectionId, root);
    const existing = get().pendingFolders[key];
    if (!existing) return;
    const drop = new Set(prefixes);
    set({ pendingFolders: { ...get().pendingFolders, [key]: existing.filter((p) => !drop.has(p)) } });
  },
  forgetConnection(connectionId) {
    const { location, back, forward } = get();
    const keep = (l: BrowseLocation) => l.connectionId !== connectionId;
    set({ location: location && keep(location) ? location : null, back: back.filter(keep), forward: forward.filter(keep) });
  },
}));
