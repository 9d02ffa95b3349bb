/**
 * What a key press in the list means. Windows/Linux and macOS conventions are
 * both accepted (Ctrl or Cmd; Backspace or Alt+Up or Cmd+Up for "up"; Delete
 * or Cmd+Backspace for "delete"), since the same UI runs in a browser on any
 * platform. Pure, so the mapping is unit-tested.
 */
import type { Movement } from './selection';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export type ListCommand =
  /** `step`: how far a page moves (a grid's Up and Down move one row of cards); the view's page when absent. */
  | { type: 'move'; movement: Movement; extend: boolean; focusOnly: boolean; step?: number }
  | { type: 'selectAll' }
  | { type: 'toggleFocused' }
  | { type: 'open' }
  | { type: 'up' }
  | { type: 'back' }
  | { type: 'forward' }
  | { type: 'delete' }
  | { type: 'rename' }
  | { type: 'clear' }
  | { type: 'menu' }
  /** Ctrl+C / Ctrl+X: the selection onto the app's clipboard, to copy or move with Ctrl+V. */
  | { type: 'copy' }
  | { type: 'cut' }
  | { type: 'paste' }
  | { type: 'typeahead'; text: string };

const MOVEMENTS: Record<string, Movement> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
};

export function listCommand(event: KeyInput): ListCommand | null {
  const command = event.ctrlKey || event.metaKey;
  const { key, shiftKey: shift, altKey: alt } = event;
  if (alt && !command) {
    if (key === 'ArrowUp') return { type: 'up' };
    if (key === 'ArrowLeft') return { type: 'back' };
    if (key === 'ArrowRight') return { type: 'forward' };
    return null;
  }
  if (event.metaKey && !shift) {
    // Finder: Cmd+Up goes up, Cmd+Down opens, Cmd+Backspace deletes, Cmd+[ / ] go back and forward.
    if (key === 'ArrowUp') return { type: 'up' };
    if (key === 'ArrowDown') return { type: 'open' };
    if (key === 'Backspace') return { type: 'delete' };
    if (key === '[') return { type: 'back' };
    if (key === ']') return { type: 'forward' };
  }
  const movement = MOVEMENTS[key];
  if (movement && !alt) return { type: 'move', movement, extend: shift, focusOnly: command && !shift };
  if (command && !shift && key.toLowerCase() === 'a') return { type: 'selectAll' };
  if (command && key === ' ') return { type: 'toggleFocused' };
  if (command && !shift) {
    const lower = key.toLowerCase();
    if (lower === 'c') return { type: 'copy' };
    if (lower === 'x') return { type: 'cut' };
    if (lower === 'v') return { type: 'paste' };
  }
  if (command || alt) return null;
  switch (key) {
    case 'Enter':
      return { type: 'open' };
    case 'Backspace':
      return { type: 'up' };
    case 'Delete':
      return { type: 'delete' };
    case 'F2':
      return { type: 'rename' };
    case 'Escape':
      return { type: 'clear' };
    case 'ContextMenu':
      return { type: 'menu' };
    case 'F10':
      return shift ? { type: 'menu' } : null;
  }
  // One printable character starts or continues type-to-find (a Space only continues it: see the list's handler).
  if (key.length === 1) return { type: 'typeahead', text: key };
  return null;
}

/** Ctrl+F (Cmd+F): to the search box, not the page's own find bar. */
export function isFindKey(event: KeyInput): boolean {
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f';
}

/**
 * The same keys in a grid of `columns` cards per row: Left and Right move
 * one card, Up and Down one row (Shift extends, Ctrl moves the focus only, as
 * in the list); everything else as in the list.
 */
export function gridCommand(event: KeyInput, columns: number): ListCommand | null {
  const command = event.ctrlKey || event.metaKey;
  if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && !event.altKey && !event.metaKey) {
    return { type: 'move', movement: event.key === 'ArrowLeft' ? 'up' : 'down', extend: event.shiftKey, focusOnly: command && !event.shiftKey };
  }
  const list = listCommand(event);
  if (list?.type === 'move' && (list.movement === 'up' || list.movement === 'down')) return { ...list, movement: list.movement === 'up' ? 'pageUp' : 'pageDown', step: Math.max(1, columns) };
  return list;
}
