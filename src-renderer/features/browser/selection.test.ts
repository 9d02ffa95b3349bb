import { describe, expect, it } from 'vitest';
import { clickSelection, findByPrefix, keyboardSelection, moveIndex, pruneSelection, toggleFocused, type SelectionState } from './selection';

const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
const none: SelectionState = { selection: new Set(), anchor: null, focus: null };
const sel = (state: SelectionState) => [...state.selection].sort();

describe('clickSelection', () => {
  it('selects one entry on a plain click', () => {
    const state = clickSelection(keys, { selection: new Set(['a', 'b']), anchor: 'a', focus: 'b' }, 'd', { toggle: false, range: false });
    expect(sel(state)).toEqual(['d']);
    expect(state.anchor).toBe('d');
    expect(state.focus).toBe('d');
  });

  it('toggles with Ctrl/Cmd and moves the anchor', () => {
    let state = clickSelection(keys, none, 'b', { toggle: false, range: false });
    state = clickSelection(keys, state, 'd', { toggle: true, range: false });
    expect(sel(state)).toEqual(['b', 'd']);
    state = clickSelection(keys, state, 'b', { toggle: true, range: false });
    expect(sel(state)).toEqual(['d']);
    expect(state.anchor).toBe('b');
  });

  it('selects the range from the anchor with Shift, both directions, keeping the anchor', () => {
    let state = clickSelection(keys, none, 'c', { toggle: false, range: false });
    state = clickSelection(keys, state, 'e', { toggle: false, range: true });
    expect(sel(state)).toEqual(['c', 'd', 'e']);
    state = clickSelection(keys, state, 'a', { toggle: false, range: true });
    expect(sel(state)).toEqual(['a', 'b', 'c']);
    expect(state.anchor).toBe('c');
    expect(state.focus).toBe('a');
  });

  it('adds the range to the selection with Ctrl+Shift', () => {
    let state = clickSelection(keys, none, 'a', { toggle: false, range: false });
    state = clickSelection(keys, state, 'd', { toggle: true, range: false });
    state = clickSelection(keys, state, 'f', { toggle: true, range: true });
    expect(sel(state)).toEqual(['a', 'd', 'e', 'f']);
  });

  it('treats Shift+click without an anchor as a plain click', () => {
    expect(sel(clickSelection(keys, none, 'c', { toggle: false, range: true }))).toEqual(['c']);
  });
});

describe('moveIndex', () => {
  it('moves and clamps', () => {
    expect(moveIndex(6, 2, 'down', 3)).toBe(3);
    expect(moveIndex(6, 5, 'down', 3)).toBe(5);
    expect(moveIndex(6, 0, 'up', 3)).toBe(0);
    expect(moveIndex(6, 2, 'home', 3)).toBe(0);
    expect(moveIndex(6, 2, 'end', 3)).toBe(5);
    expect(moveIndex(6, 1, 'pageDown', 3)).toBe(4);
    expect(moveIndex(6, 4, 'pageDown', 3)).toBe(5);
    expect(moveIndex(6, 4, 'pageUp', 3)).toBe(1);
    expect(moveIndex(6, 1, 'pageUp', 3)).toBe(0);
  });

  it('starts at the first entry (or the last for Up) when nothing has focus', () => {
    expect(moveIndex(6, -1, 'down', 3)).toBe(0);
    expect(moveIndex(6, -1, 'up', 3)).toBe(5);
    expect(moveIndex(0, -1, 'down', 3)).toBe(-1);
  });
});

describe('keyboardSelection', () => {
  it('selects the focused entry on plain moves', () => {
    const state = keyboardSelection(keys, none, 2, { toggle: false, range: false });
    expect(sel(state)).toEqual(['c']);
    expect(state.anchor).toBe('c');
  });

  it('extends from the anchor with Shift', () => {
    let state = keyboardSelection(keys, none, 1, { toggle: false, range: false });
    state = keyboardSelection(keys, state, 2, { toggle: false, range: true });
    state = keyboardSelection(keys, state, 3, { toggle: false, range: true });
    expect(sel(state)).toEqual(['b', 'c', 'd']);
    state = keyboardSelection(keys, state, 0, { toggle: false, range: true });
    expect(sel(state)).toEqual(['a', 'b']);
  });

  it('moves only the focus with Ctrl, and Ctrl+Space toggles it', () => {
    let state = keyboardSelection(keys, none, 0, { toggle: false, range: false });
    state = keyboardSelection(keys, state, 2, { toggle: true, range: false });
    expect(sel(state)).toEqual(['a']);
    expect(state.focus).toBe('c');
    state = toggleFocused(state);
    expect(sel(state)).toEqual(['a', 'c']);
  });
});

describe('pruneSelection', () => {
  it('drops keys no longer in the view and reports no change otherwise', () => {
    const state: SelectionState = { selection: new Set(['a', 'x']), anchor: 'x', focus: 'a' };
    const pruned = pruneSelection(state, keys);
    expect(pruned && sel(pruned)).toEqual(['a']);
    expect(pruned?.anchor).toBeNull();
    expect(pruned?.focus).toBe('a');
    expect(pruneSelection({ selection: new Set(['a']), anchor: 'a', focus: 'a' }, keys)).toBeNull();
  });
});

describe('findByPrefix', () => {
  const names = ['alpha', 'beta', 'bravo', 'charlie'];
  it('finds from the start position and wraps around', () => {
    expect(findByPrefix(names.length, (i) => names[i]!, 0, 'b')).toBe(1);
    expect(findByPrefix(names.length, (i) => names[i]!, 2, 'b')).toBe(2);
    expect(findByPrefix(names.length, (i) => names[i]!, 3, 'Al')).toBe(0);
    expect(findByPrefix(names.length, (i) => names[i]!, 0, 'z')).toBe(-1);
  });
});
