/**
 * The folder's entries as a virtualized, keyboard-driven grid: only the rows
 * in view (plus a few) are in the DOM, so 100,000 entries scroll like 100.
 * Paged by token, the next page loads as the end comes into view; a last row
 * says so. Paged by offset (a service that sorts and filters itself), the
 * list has the listing's `total` rows from the start and tells the listing
 * which are in view; rows whose page has not arrived show as loading.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { useCapabilities } from '../storage/root-levels';
import { useBrowser } from './browser-context';
import { ListHeader } from './ListHeader';
import { ListPlaceholder } from './ListPlaceholder';
import { ObjectRow, rowId, type EngineFolderNotes, type UnverifiedBadge } from './ObjectRow';
import { useRowLabels } from './row-labels';
import { indexOfKey } from './selection';
import { useListKeyboard } from './use-list-keyboard';
import { useRowHandlers } from './use-row-handlers';
import { usePublishBadges } from '../publish/use-publish';
import { entryPath } from './use-browser-actions';
import { useFolderSizes } from '../sizes/use-folder-sizes';

const ROW_HEIGHT = 30;
const rowHeight = () => ROW_HEIGHT;
/** Start loading the next page when the view is this many rows from the end. */
const PREFETCH_ROWS = 100;
const NO_PREFIXES: readonly string[] = [];

export function ObjectList() {
  const { t, i18n } = useTranslation();
  const { listing, keys, actions, location } = useBrowser();
  const { entries, query, offset } = listing;
  const rows = offset?.rows;
  const selection = useBrowserStore((s) => s.selection);
  const focus = useBrowserStore((s) => s.focus);
  const scrollRef = useRef<HTMLDivElement>(null);
  const labels = useRowLabels(i18n.language);
  // Desktop only: rows drag out of the window as files. In a browser they do not drag at all.
  const draggable = useTransport().host.dragOut;
  const reserved = useCapabilities(location.connectionId)?.reservedPrefixes ?? NO_PREFIXES;
  const engineNotes = useMemo<EngineFolderNotes>(() => ({ staging: t('browser.engineFolder.staging'), trash: t('browser.engineFolder.trash') }), [t]);
  const badges = usePublishBadges(location.connectionId, location.root);
  useFolderSizes(location);
  const unverified = useMemo<UnverifiedBadge>(() => ({ label: t('browser.unverified.badge'), note: t('browser.unverified.note') }), [t]);

  const moreRow = !rows && (!!query.hasNextPage || query.isFetchNextPageError);
  const entryAt = useCallback((index: number) => (rows ? rows.rowAt(index) : entries[index]), [rows, entries]);
  // The virtualizer re-measures every item whenever getItemKey changes identity:
  // it must change with the entries only, not on every render (every scroll frame).
  const getItemKey = useCallback((index: number) => entryAt(index)?.key ?? (rows ? `slot:${index}` : 'more'), [entryAt, rows]);
  const virtualizer = useVirtualizer({
    count: rows ? rows.total : entries.length + (moreRow ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 10,
    paddingStart: ROW_HEIGHT, // the sticky header row
    scrollPaddingStart: ROW_HEIGHT,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();

  // Each folder starts at its top. When a package opens from the main pane (its
  // row is gone, focus fell to the body), the list takes the keyboard; opened
  // from the sidebar tree, the focus stays in the tree.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [location.connectionId, location.root, location.prefix]);
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  const firstIndex = items.length > 0 ? items[0]!.index : 0;
  const setRange = offset?.setRange;
  useEffect(() => {
    setRange?.({ first: firstIndex, last: lastIndex });
  }, [setRange, firstIndex, lastIndex]);
  const { hasNextPage, isFetching, isFetchNextPageError, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetching && !isFetchNextPageError && lastIndex >= entries.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastIndex, entries.length, hasNextPage, isFetching, isFetchNextPageError, fetchNextPage]);

  const keysRef = useRef(keys);
  keysRef.current = keys;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  /** The row index of an entry (paged by offset, keys hold only the loaded rows: their index is the listing's). */
  const rowIndexOf = useCallback((key: string | null) => (rowsRef.current ? rowsRef.current.indexOf(key) : indexOfKey(keysRef.current, key)), []);
  // Keep the keyboard focus in view, but only when the focus moves: a page arriving
  // or a scroll with the wheel must not pull the view back to it.
  useEffect(() => {
    const index = rowIndexOf(focus);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focus, virtualizer, rowIndexOf]);
  // The focused row, if it is rendered (only then can aria-activedescendant point at it).
  const focusedItem = focus === null ? undefined : items.find((item) => entryAt(item.index)?.key === focus);
  const handlers = useRowHandlers();

  const pageSize = useCallback(() => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2), []);
  const menuAnchor = useCallback(() => {
    const index = rowIndexOf(useBrowserStore.getState().focus);
    const rect = (index >= 0 ? document.getElementById(rowId(index)) : null)?.getBoundingClientRect() ?? scrollRef.current?.getBoundingClientRect();
    return rect ? { x: rect.left + 24, y: rect.top + (index >= 0 ? rect.height : ROW_HEIGHT) } : { x: 0, y: 0 };
  }, [rowIndexOf]);
  const onKeyDown = useListKeyboard({ pageSize, menuAnchor });

  const onBackground = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest('[role="row"]')) return;
    if (event.type === 'contextmenu') {
      event.preventDefault();
      // The menu key and Shift+F10 also fire a contextmenu at the focused element,
      // the grid itself: the key handler has opened the right menu already.
      if (event.target === event.currentTarget) return;
      useBrowserStore.getState().select([], { anchor: null });
      actions.openMenu(event.clientX, event.clientY, false);
    } else if (!event.shiftKey && !event.ctrlKey && !event.metaKey) {
      useBrowserStore.getState().select([], { anchor: null });
    }
  };

  const pendingLabel = t('browser.pendingBadge');
  return (
    <div
      ref={scrollRef}
      className="browser-grid"
      role="grid"
      tabIndex={0}
      aria-label={t('browser.listLabel')}
      aria-multiselectable
      aria-rowcount={listing.complete ? listing.count + 1 : -1}
      aria-busy={query.isFetching || undefined}
      aria-activedescendant={focusedItem ? rowId(focusedItem.index) : undefined}
      data-testid="object-list"
      data-entry-count={listing.count}
      data-complete={listing.complete}
      onKeyDown={onKeyDown}
      onClick={onBackground}
      onContextMenu={onBackground}
    >
      <div className="browser-grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
        <div role="rowgroup" className="browser-grid-head">
          <ListHeader />
        </div>
        <div role="rowgroup">
          {items.map((item) => {
            const entry = entryAt(item.index);
            if (!entry && rows) {
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className="browser-row browser-row-loading" style={{ transform: `translateY(${item.start}px)` }} data-testid="row-loading">
                  <div role="gridcell" className="browser-cell-name">
                    {t('common.loading')}
                  </div>
                </div>
              );
            }
            if (!entry) {
              return (
                <div key={item.key} role="row" className="browser-row browser-more-row" style={{ transform: `translateY(${item.start}px)` }} data-testid="loading-more">
                  <div role="gridcell">
                    {query.isFetchNextPageError ? (
                      <button type="button" className="button" onClick={() => void fetchNextPage()}>
                        {t('browser.loadMoreFailed')}
                      </button>
                    ) : (
                      t('common.loadingMore')
                    )}
                  </div>
                </div>
              );
            }
            return (
              <ObjectRow
                key={item.key}
                entry={entry}
                index={item.index}
                start={item.start}
                selected={selection.has(entry.key)}
                focused={entry.key === focus}
                size={labels(entry).size}
                modified={labels(entry).modified}
                pendingLabel={pendingLabel}
                engineNotes={engineNotes}
                reserved={reserved}
                unverified={unverified}
                draggable={draggable}
                handlers={handlers}
                published={badges.get(entryPath(entry))?.status}
              />
            );
          })}
        </div>
      </div>
      <ListPlaceholder />
    </div>
  );
}
