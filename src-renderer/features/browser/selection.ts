/**
 * Selection rules of the list, as file managers have them: a click selects one
 * entry, Ctrl/Cmd+click toggles one, Shift+click selects the range from the
 * anchor, Ctrl+Shift+click adds that range. The keyboard moves the focus;
 * Shift extends from the anchor, Ctrl moves the focus alone. Pure functions
 * over the ordered keys of the view.
 */
import type { EntryKey } from '../../stores/browser-store';

export interface SelectionState {
  selection: ReadonlySet<EntryKey>;
  anchor: EntryKey | null;
  focus: EntryKey | null;
}

export interface Modifiers {
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle: boolean;
  /** Shift. */
  range: boolean;
}

export type Movement = 'up' | 'down' | 'home' | 'end' | 'pageUp' | 'pageDown';

/** Position of every key in a view, built once per view when first needed. */
const indexCache = new WeakMap<readonly EntryKey[], Map<EntryKey, number>>();
export function indexOfKey(keys: readonly EntryKey[], key: EntryKey | null): number {
  if (key === null) return -1;
  let index = indexCache.get(keys);
  if (!index) {
    index = new Map(keys.map((k, i) => [k, i]));
    indexCache.set(keys, index);
  }
  return index.get(key) ?? -1;
}

/** Keys from index a to index b, both included, in view order. */
export function rangeOf(keys: readonly EntryKey[], a: number, b: number): EntryKey[] {
  return keys.slice(Math.min(a, b), Math.max(a, b) + 1);
}

export function clickSelection(keys: readonly EntryKey[], state: SelectionState, target: EntryKey, mods: Modifiers): SelectionState {
  const targetIndex = indexOfKey(keys, target);
  if (targetIndex < 0) return state;
  if (mods.range) {
    const anchorIndex = indexOfKey(keys, state.anchor);
    const from = anchorIndex < 0 ? targetIndex : anchorIndex;
    const range = rangeOf(keys, from, targetIndex);
    const selection = mods.toggle ? new Set([...state.selection, ...range]) : new Set(range);
    return { selection, anchor: keys[from]!, focus: target };
  }
  if (mods.toggle) {
    const selection = new Set(state.selection);
    if (selection.has(target)) selection.delete(target);
    else selection.add(target);
    return { selection, anchor: target, focus: target };
  }
  return { selection: new Set([target]), anchor: target, focus: target };
}

/** Where the focus goes for a movement key; -1 when the view is empty. */
export function moveIndex(count: number, current: number, movement: Movement, pageSize: number): number {
  if (count === 0) return -1;
  const page = Math.max(1, pageSize);
  let next: number;
  switch (movement) {
    case 'up':
      next = current < 0 ? count - 1 : current - 1;
      break;
    case 'down':
      next = current + 1;
      break;
    case 'home':
      next = 0;
      break;
    case 'end':
      next = count - 1;
      break;
    case 'pageUp':
      next = current < 0 ? 0 : current - page;
      break;
    case 'pageDown':
      next = current < 0 ? Math.min(page, count - 1) : current + page;
      break;
  }
  return Math.max(0, Math.min(count - 1, next));
}

export function keyboardSelection(keys: readonly EntryKey[], state: SelectionState, targetIndex: number, mods: Modifiers): SelectionState {
  const target = keys[targetIndex];
  if (target === undefined) return state;
  if (mods.range) {
    const anchorIndex = indexOfKey(keys, state.anchor);
    const from = anchorIndex < 0 ? indexOfKey(keys, state.focus) : anchorIndex;
    const start = from < 0 ? targetIndex : from;
    return { selection: new Set(rangeOf(keys, start, targetIndex)), anchor: keys[start]!, focus: target };
  }
  if (mods.toggle) return { ...state, focus: target };
  return { selection: new Set([target]), anchor: target, focus: target };
}

export function toggleFocused(state: SelectionState): SelectionState {
  if (state.focus === null) return state;
  const selection = new Set(state.selection);
  if (selection.has(state.focus)) selection.delete(state.focus);
  else selection.add(state.focus);
  return { ...state, selection, anchor: state.focus };
}

/**
 * Drops keys that are no longer in the view (deleted, moved, filtered out), so
 * an action never touches something the user cannot see. Returns null when
 * nothing changes.
 */
export function pruneSelection(state: SelectionState, keys: readonly EntryKey[]): SelectionState | null {
  const present = (key: EntryKey | null) => key !== null && indexOfKey(keys, key) >= 0;
  let changed = false;
  const selection = new Set<EntryKey>();
  for (const key of state.selection) {
    if (present(key)) selection.add(key);
    else changed = true;
  }
  const anchor = present(state.anchor) ? state.anchor : null;
  const focus = present(state.focus) ? state.focus : null;
  if (!changed && anchor === state.anchor && focus === state.focus) return null;
  return { selection, anchor, focus };
}

/**
 * Type-to-find: the first name starting with `typed`, searching from `start`
 * and wrapping around. `lowerNameAt` gives lower-cased names.
 */
export function findByPrefix(count: number, lowerNameAt: (index: number) => string, start: number, typed: string): number {
  const needle = typed.toLowerCase();
  for (let step = 0; step < count; step++) {
    const i = (Math.max(0, start) + step) % count;
    if (lowerNameAt(i).startsWith(needle)) return i;
  }
  return -1;
}
