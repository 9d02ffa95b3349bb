/**
 * What a click, double-click, context menu or drag on one entry does, for the
 * list's rows and the grid's cards alike: stable handlers (they read the
 * current keys, entries and actions through refs), so memoized rows and
 * cards do not re-render when the view scrolls.
 */
import { useMemo, useRef } from 'react';
import { useBrowserStore } from '../../stores/browser-store';
import { selectedEntries, useBrowser } from './browser-context';
import type { RowHandlers } from './ObjectRow';
import { clickSelection } from './selection';

export function useRowHandlers(): RowHandlers {
  const { keys, listing, actions } = useBrowser();
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const entriesRef = useRef(listing.entries);
  entriesRef.current = listing.entries;
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  return useMemo<RowHandlers>(
    () => ({
      onClick(entry, event) {
        const store = useBrowserStore.getState();
        const next = clickSelection(keysRef.current, store, entry.key, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
        store.select(next.selection, { anchor: next.anchor, focus: next.focus });
      },
      onDoubleClick(entry) {
        actionsRef.current.open(entry);
      },
      onContextMenu(entry, event) {
        event.preventDefault();
        const store = useBrowserStore.getState();
        if (!store.selection.has(entry.key)) store.select([entry.key], { anchor: entry.key, focus: entry.key });
        else store.setFocus(entry.key);
        actionsRef.current.openMenu(event.clientX, event.clientY, true);
      },
      onDragStart(entry, event) {
        // Main starts the OS drag (it needs the files on disk first): the page's own drag never begins.
        event.preventDefault();
        const store = useBrowserStore.getState();
        if (store.selection.has(entry.key)) {
          actionsRef.current.dragOut(selectedEntries(entriesRef.current, store.selection));
        } else {
          store.select([entry.key], { anchor: entry.key, focus: entry.key });
          actionsRef.current.dragOut([entry]);
        }
      },
    }),
    [],
  );
}
