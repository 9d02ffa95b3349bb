/**
 * The list's keyboard: turns a key press (see keyboard.ts) into a focus move,
 * a selection change or an action. Type-to-find collects the characters typed
 * within a short pause and jumps to the first name that starts with them.
 */
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { useBrowserStore } from '../../stores/browser-store';
import { useObjectClipboardActions } from '../clipboard/use-object-clipboard';
import { selectedEntries, useBrowser } from './browser-context';
import { gridCommand, listCommand } from './keyboard';
import { findByPrefix, indexOfKey, keyboardSelection, moveIndex, toggleFocused } from './selection';

const TYPEAHEAD_PAUSE_MS = 800;

/** `columns`: the view is a grid of that many cards per row (arrow keys move by card and by row). */
export function useListKeyboard(options: { pageSize: () => number; menuAnchor: () => { x: number; y: number }; columns?: number }): (event: KeyboardEvent) => void {
  const { listing, keys, actions } = useBrowser();
  const typed = useRef({ text: '', at: 0 });
  const { pageSize, menuAnchor, columns } = options;
  const clipboard = useObjectClipboardActions();

  return useCallback(
    (event: KeyboardEvent) => {
      const command = columns ? gridCommand(event, columns) : listCommand(event);
      if (!command) return;
      const store = useBrowserStore.getState();
      const state = { selection: store.selection, anchor: store.anchor, focus: store.focus };
      const entries = listing.entries;
      const focusIndex = indexOfKey(keys, store.focus);
      const focused = entries[focusIndex];
      const selected = () => selectedEntries(entries, store.selection);

      switch (command.type) {
        case 'move': {
          const next = moveIndex(keys.length, focusIndex, command.movement, command.step ?? pageSize());
          if (next < 0) break;
          const updated = keyboardSelection(keys, state, next, { toggle: command.focusOnly, range: command.extend });
          store.select(updated.selection, { anchor: updated.anchor, focus: updated.focus });
          break;
        }
        case 'selectAll':
          store.select(keys, { anchor: keys[0] ?? null, focus: store.focus ?? keys[0] ?? null });
          break;
        case 'toggleFocused': {
          const updated = toggleFocused(state);
          store.select(updated.selection, { anchor: updated.anchor });
          break;
        }
        case 'open': {
          const target = focused ?? (store.selection.size === 1 ? selected()[0] : undefined);
          if (target) actions.open(target);
          break;
        }
        case 'up':
          actions.goUp();
          break;
        case 'back':
          actions.goBack();
          break;
        case 'forward':
          actions.goForward();
          break;
        case 'delete': {
          const targets = selected();
          if (targets.length > 0) actions.remove(targets);
          break;
        }
        case 'rename': {
          const targets = selected();
          const target = targets.length === 1 ? targets[0] : targets.length === 0 ? focused : undefined;
          if (target) actions.rename(target);
          break;
        }
        case 'clear':
          store.select([], { anchor: null });
          break;
        case 'menu': {
          const at = menuAnchor();
          actions.openMenu(at.x, at.y, store.selection.size > 0);
          break;
        }
        case 'copy':
        case 'cut': {
          // Nothing selected: let the browser copy text (a name selected with the mouse, say).
          const targets = selected();
          if (targets.length === 0) return;
          clipboard.take(command.type === 'copy' ? 'copy' : 'move', targets);
          break;
        }
        case 'paste':
          clipboard.paste();
          break;
        case 'typeahead': {
          const now = performance.now();
          const continuing = now - typed.current.at < TYPEAHEAD_PAUSE_MS && typed.current.text !== '';
          // A Space only belongs to a name being typed; alone it does nothing.
          if (command.text === ' ' && !continuing) return;
          typed.current = { text: continuing ? typed.current.text + command.text : command.text, at: now };
          // A new search starts after the focused entry; a longer one may still match it.
          const start = continuing ? Math.max(0, focusIndex) : focusIndex + 1;
          const found = findByPrefix(entries.length, (i) => entries[i]!.lower, start, typed.current.text);
          if (found >= 0) store.select([keys[found]!], { anchor: keys[found]!, focus: keys[found]! });
          break;
        }
      }
      event.preventDefault();
      event.stopPropagation();
    },
    [listing.entries, keys, actions, pageSize, menuAnchor, columns, clipboard],
  );
}
