/**
 * The grid view of a listing: paged by offset (a service that makes its own
 * thumbnails) or by token (the storage node, JCS-pub: main makes them, and
 * the next page is asked for as the view nears the end). Rows of cards,
 * virtualized like the list (only the rows in view, plus a couple, are in
 * the DOM), as many columns as the width holds. An image's card shows its
 * thumbnail, asked for at the card's size in device pixels; folders and
 * other files show an icon. Only cards inside the view get an image URL, and
 * the URL is the same whenever the card shows again (it names the file's
 * etag, and the answer is cached as immutable), so each image on screen is
 * fetched once however the view is scrolled. While the view flies past
 * (faster than FLY_PAST_SPEED) no image is asked for: the cards it only
 * passes would be cancelled before they arrived, and asked for again later.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_THUMBNAIL_SIZE } from '@shared/thumbnails/thumbnail-request';
import { Icon } from '../../components/Icon';
import { useTransport } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from './browser-context';
import { mainType, mediaIcon, thumbnailEdge } from './entry-media';
import type { Entry } from './listing';
import type { FolderListing } from './use-folder-listing';
import { ListPlaceholder } from './ListPlaceholder';
import type { RowHandlers } from './ObjectRow';
import { useListKeyboard } from './use-list-keyboard';
import { useRowHandlers } from './use-row-handlers';
import type { OrderStatus } from '@shared/contract/publish';
import { PublishPill } from '../publish/PublishPill';
import { usePublishBadges } from '../publish/use-publish';
import './file-service.css';

/** Cards are at least this wide (CSS px); the columns share what is left over. */
const MIN_CARD = 150;
/** The file name under the image. */
const LABEL_HEIGHT = 36;
const GAP = 8;
/** px/s: scrolled faster, the cards on screen wait for the view to slow down or stop before asking for images. */
const FLY_PAST_SPEED = 2500;
/** Rows of cards before the end of what is loaded at which the next page is asked for (paged by token). */
const PREFETCH_ROWS = 10;

export function ThumbnailGrid() {
  const { t } = useTranslation();
  const { listing, keys, actions, location } = useBrowser();
  const transport = useTransport();
  const rows = useGridRows(listing, keys);
  const setRange = listing.offset?.setRange;
  const total = rows.total;
  const selection = useBrowserStore((s) => s.selection);
  const focus = useBrowserStore((s) => s.focus);
  const scrollRef = useRef<HTMLDivElement>(null);
  const handlers = useRowHandlers();
  const badges = usePublishBadges(location.connectionId, location.root);

  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);
  const columns = Math.max(1, Math.floor((width - GAP) / (MIN_CARD + GAP)));
  const cardWidth = Math.max(MIN_CARD, Math.floor((width - GAP) / columns) - GAP);
  const rowHeight = cardWidth + LABEL_HEIGHT + GAP;
  const edge = thumbnailEdge(cardWidth, window.devicePixelRatio, MAX_THUMBNAIL_SIZE);

  const virtualizer = useVirtualizer({
    count: Math.ceil(total / columns),
    getScrollElement: () => scrollRef.current,
    estimateSize: useCallback(() => rowHeight, [rowHeight]),
    overscan: 2,
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    setRange?.({ first: firstRow * columns, last: (lastRow + 1) * columns - 1 });
  }, [setRange, firstRow, lastRow, columns]);
  // Paged by token: the next page once the rows drawn near the end of what is loaded.
  const { hasNextPage, isFetching, isFetchNextPageError, fetchNextPage } = listing.query;
  const byToken = !listing.offset;
  useEffect(() => {
    if (byToken && hasNextPage && !isFetching && !isFetchNextPageError && (lastRow + 1 + PREFETCH_ROWS) * columns >= total) void fetchNextPage();
  }, [byToken, lastRow, columns, total, hasNextPage, isFetching, isFetchNextPageError, fetchNextPage]);
  // Rows actually on screen (without the overscan): only their cards ask for images, and not while the view flies past.
  const visibleFirst = virtualizer.range?.startIndex ?? 0;
  const visibleLast = virtualizer.range?.endIndex ?? -1;
  const flyingPast = useFlyingPast(virtualizer.scrollOffset ?? 0, virtualizer.isScrolling);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [location.connectionId, location.root, location.prefix]);
  const focusIndex = rows.indexOf(focus);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(Math.floor(focusIndex / columns), { align: 'auto' });
    // Only when the focus moves (a page arriving must not pull the view back): focusIndex and columns are read, not watched.
  }, [focus]);

  const { connectionId, root } = location;
  const imageUrl = useCallback(
    (entry: Entry) =>
      entry.kind === 'object' && mainType(entry.entry) === 'image' && root !== null
        ? // A service's etag names its thumbnail; without one, the content hash names the one main makes (and keys its cache).
          transport.thumbnailUrl({ connectionId, root, path: entry.entry.path, ...(entry.entry.ref !== undefined ? { ref: entry.entry.ref } : {}), etag: entry.entry.etag ?? entry.entry.hash?.value ?? '', fit: 'crop', size: edge })
        : undefined,
    [transport, connectionId, root, edge],
  );

  const pageSize = useCallback(() => columns * Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / rowHeight)), [columns, rowHeight]);
  const menuAnchor = useCallback(() => {
    const rect = scrollRef.current?.querySelector('.thumb-card.focused')?.getBoundingClientRect() ?? scrollRef.current?.getBoundingClientRect();
    return rect ? { x: rect.left + 24, y: rect.top + 24 } : { x: 0, y: 0 };
  }, []);
  const onKeyDown = useListKeyboard({ pageSize, menuAnchor, columns });
  const onBackground = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest('.thumb-card')) return;
    if (event.type === 'contextmenu') {
      event.preventDefault();
      if (event.target === event.currentTarget) return;
      useBrowserStore.getState().select([], { anchor: null });
      actions.openMenu(event.clientX, event.clientY, false);
    } else if (!event.shiftKey && !event.ctrlKey && !event.metaKey) {
      useBrowserStore.getState().select([], { anchor: null });
    }
  };
  const loading = t('common.loading');

  return (
    <div
      ref={scrollRef}
      className="thumb-grid"
      role="grid"
      tabIndex={0}
      aria-label={t('browser.listLabel')}
      aria-multiselectable
      aria-rowcount={listing.complete ? Math.ceil(total / columns) : -1}
      aria-busy={listing.query.isFetching || undefined}
      data-testid="thumbnail-grid"
      data-entry-count={total}
      data-columns={columns}
      data-keys={keys.length}
      onKeyDown={onKeyDown}
      onClick={onBackground}
      onContextMenu={onBackground}
    >
      <div className="thumb-grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const onScreen = !flyingPast && item.index >= visibleFirst && item.index <= visibleLast;
          const cells = [];
          for (let column = 0; column < columns; column++) {
            const index = item.index * columns + column;
            if (index >= total) break;
            const entry = rows.rowAt(index);
            cells.push(
              entry ? (
                <ThumbnailCard
                  key={entry.key}
                  entry={entry}
                  width={cardWidth}
                  src={onScreen ? imageUrl(entry) : undefined}
                  selected={selection.has(entry.key)}
                  focused={entry.key === focus}
                  handlers={handlers}
                  published={entry.kind === 'object' ? badges.get(entry.entry.path)?.status : undefined}
                />
              ) : (
                <div key={`slot:${index}`} role="gridcell" className="thumb-card loading" style={{ width: cardWidth }} data-testid="card-loading">
                  <div className="thumb-image" style={{ height: cardWidth }} />
                  <div className="thumb-label">{loading}</div>
                </div>
              ),
            );
          }
          return (
            <div key={item.key} role="row" aria-rowindex={item.index + 1} className="thumb-row" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}>
              {cells}
            </div>
          );
        })}
      </div>
      <ListPlaceholder />
    </div>
  );
}

/**
 * Whether the view is scrolling faster than FLY_PAST_SPEED, from the scroll
 * offsets it renders at. The virtualizer renders once more when scrolling
 * stops (`isScrolling` turns false), which ends a fly-past.
 */
function useFlyingPast(offset: number, scrolling: boolean): boolean {
  const last = useRef({ offset, time: performance.now(), speed: 0 });
  const now = performance.now();
  const sample = last.current;
  if (offset !== sample.offset) {
    // From rest, the first move counts over one short interval (not the whole time at rest): a fling reads as one at once.
    const instant = (Math.abs(offset - sample.offset) * 1000) / Math.min(50, Math.max(1, now - sample.time));
    // Then smoothed over a few frames: one long frame must not read as a stop.
    sample.speed = sample.speed === 0 ? instant : sample.speed * 0.5 + instant * 0.5;
    sample.offset = offset;
    sample.time = now;
  }
  if (!scrolling) sample.speed = 0;
  return sample.speed > FLY_PAST_SPEED;
}

/** The grid's rows, whichever way the listing is paged. */
function useGridRows(listing: FolderListing, keys: readonly string[]): { total: number; rowAt(index: number): Entry | undefined; indexOf(key: string | null): number } {
  const offsetRows = listing.offset?.rows;
  const entries = listing.entries;
  return useMemo(
    () =>
      offsetRows
        ? { total: offsetRows.total, rowAt: (index: number) => offsetRows.rowAt(index), indexOf: (key: string | null) => offsetRows.indexOf(key) }
        : { total: entries.length, rowAt: (index: number) => entries[index], indexOf: (key: string | null) => (key === null ? -1 : keys.indexOf(key)) },
    [offsetRows, entries, keys],
  );
}

interface ThumbnailCardProps {
  entry: Entry;
  width: number;
  /** The thumbnail's URL, once the card is on screen (an image only). */
  src: string | undefined;
  selected: boolean;
  focused: boolean;
  handlers: RowHandlers;
  /** The status of this file's newest publish, when it was published. */
  published: OrderStatus | undefined;
}

/** One file. Memoized: scrolling renders only the cards that come into view. */
const ThumbnailCard = memo(function ThumbnailCard({ entry, width, src, selected, focused, handlers, published }: ThumbnailCardProps) {
  const type = entry.kind === 'object' ? mainType(entry.entry) : undefined;
  // Once shown, the image stays while the card is mounted (scrolled into the overscan and back: no new element, no new request).
  const [shown, setShown] = useState(src);
  if (src !== undefined && src !== shown) setShown(src);
  const image = useMemo(
    () => (shown ? <img src={shown} alt="" width={width} height={width} decoding="async" draggable={false} data-testid="thumbnail-image" /> : <Icon name={entry.kind === 'folder' ? 'folder' : mediaIcon(type)} size={Math.min(64, Math.round(width / 3))} />),
    [shown, width, type, entry.kind],
  );
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      className={['thumb-card', selected ? 'selected' : '', focused ? 'focused' : ''].join(' ')}
      style={{ width }}
      title={entry.name}
      data-testid="thumbnail-card"
      data-entry-key={entry.key}
      data-name={entry.name}
      data-kind={entry.kind}
      data-type={type}
      onClick={(event) => handlers.onClick(entry, event)}
      onDoubleClick={() => handlers.onDoubleClick(entry)}
      onContextMenu={(event) => handlers.onContextMenu(entry, event)}
    >
      <div className="thumb-image" style={{ height: width }}>
        {image}
        {published && (
          <span className="thumb-publish">
            <PublishPill status={published} />
          </span>
        )}
      </div>
      <div className="thumb-label">{entry.name}</div>
    </div>
  );
});
