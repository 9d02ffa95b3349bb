/**
 * A listing the service sorts, filters and pages itself (a flat File Storage
 * service with thousands of files): the list is sized from the `total` the
 * pages carry, and only the pages around the rows in view are fetched, each
 * by its offset. Pages are cached by react-query under
 * ['objects.list', {connectionId, root, prefix}, 'offset', {sort, filter}, offset]:
 * a page is asked for once however often the view passes it (react-query
 * shares a request in flight and keeps the answer), `storage.changed`
 * refetches the pages in view and drops the others (lib/api.tsx).
 */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ListFilter, ListSort } from '@shared/contract/locations';
import type { ObjectPage } from '@shared/contract/domain';
import { useTransport } from '../../lib/api';
import { objectEntry, type ObjectEntry } from './listing';
import { OFFSET_PAGE_SIZE, OffsetRows, pagesForRange, samePages, type RowRange } from './offset-pages';
import type { FolderListing, FolderRef, ListingQuery } from './use-folder-listing';

export function offsetPageKey(folder: FolderRef, sort: ListSort, filter: ListFilter, offset: number): readonly unknown[] {
  return ['objects.list', { connectionId: folder.connectionId, root: folder.root, prefix: folder.prefix }, 'offset', { sort, filter }, offset];
}

/** Entries of a page, computed once per page object (a refetch gives a new object). */
const entriesOfPage = new WeakMap<ObjectPage, ObjectEntry[]>();
function pageObjects(page: ObjectPage, offset: number): ObjectEntry[] {
  let entries = entriesOfPage.get(page);
  if (!entries) {
    entries = page.entries.map((e, i) => objectEntry(e, offset + i));
    entriesOfPage.set(page, entries);
  }
  return entries;
}

const FIRST_PAGE: readonly number[] = [0];

export function useOffsetListing(folder: FolderRef, sort: ListSort, filter: ListFilter, enabled: boolean): FolderListing {
  const transport = useTransport();
  const { connectionId, root, prefix } = folder;
  const queryKey = JSON.stringify([connectionId, root, prefix, sort, filter]);
  // The pages the view needs; a new sort or filter starts at the top.
  const [wanted, setWanted] = useState<{ key: string; offsets: readonly number[] }>({ key: queryKey, offsets: FIRST_PAGE });
  const offsets = wanted.key === queryKey ? wanted.offsets : FIRST_PAGE;
  // The last total seen for this query: the list keeps its size while the pages that bring it are refetched.
  const lastTotal = useRef<{ key: string; total: number } | null>(null);

  const results = useQueries({
    queries: offsets.map((offset) => ({
      queryKey: offsetPageKey(folder, sort, filter, offset),
      queryFn: () => transport.call('objects.list', { connectionId, root, prefix, maxKeys: OFFSET_PAGE_SIZE, offset, sort, ...(filter.name !== undefined || filter.type !== undefined ? { filter } : {}) }),
      enabled,
    })),
  });

  let total: number | undefined;
  let newest = -1;
  for (const result of results) {
    if (result.data?.total !== undefined && result.dataUpdatedAt > newest) {
      newest = result.dataUpdatedAt;
      total = result.data.total;
    }
  }
  if (total !== undefined) lastTotal.current = { key: queryKey, total };
  else if (lastTotal.current?.key === queryKey) total = lastTotal.current.total;

  // `results` is a new array every render (every scroll frame): what the views read of it changes only with this.
  const signature = results.map((r) => `${r.status}:${r.fetchStatus}:${r.dataUpdatedAt}:${r.errorUpdatedAt}`).join(',');
  const resultsRef = useRef(results);
  resultsRef.current = results;
  const rows = useMemo(() => {
    const pages = new Map<number, readonly ObjectEntry[]>();
    resultsRef.current.forEach((result, i) => {
      if (result.data) pages.set(offsets[i]!, pageObjects(result.data, offsets[i]!));
    });
    return new OffsetRows(pages, total ?? 0);
  }, [total, offsets, signature]);

  const totalRef = useRef(total);
  totalRef.current = total;
  // The rows the view last showed: when the total arrives (a new sort or filter, the view scrolled down) the pages there are fetched.
  const lastRange = useRef<RowRange>({ first: 0, last: -1 });
  const setRange = useCallback(
    (range: RowRange) => {
      lastRange.current = range;
      const next = pagesForRange(range, totalRef.current);
      setWanted((current) => (current.key === queryKey && samePages(current.offsets, next) ? current : { key: queryKey, offsets: next }));
    },
    [queryKey],
  );
  useEffect(() => {
    const next = pagesForRange(lastRange.current, total);
    setWanted((current) => (current.key === queryKey && samePages(current.offsets, next) ? current : { key: queryKey, offsets: next }));
  }, [queryKey, total]);

  const query = useMemo<ListingQuery>(() => {
    const results = resultsRef.current;
    const failed = results.find((r) => r.isError);
    const anyData = results.some((r) => r.data !== undefined);
    return {
      data: anyData ? results.map((r) => r.data) : undefined,
      error: failed?.error ?? null,
      isPending: total === undefined && !failed,
      isError: !!failed,
      isSuccess: total !== undefined,
      isFetching: results.some((r) => r.isFetching),
      isRefetching: results.some((r) => r.isRefetching),
      isRefetchError: results.some((r) => r.isRefetchError),
      isFetchingNextPage: false,
      hasNextPage: false,
      isFetchNextPageError: false,
      fetchNextPage: () => Promise.resolve(),
      refetch: () => Promise.all(resultsRef.current.map((r) => r.refetch())),
    };
  }, [total, signature]);

  return useMemo<FolderListing>(
    () => ({ entries: rows.entries, count: rows.total, loaded: rows.entries.length, complete: total !== undefined, loadingAll: false, query, offset: { rows, setRange } }),
    [rows, total, query, setRange],
  );
}
