/**
 * A folder's entries, paged from the server 1,000 at a time with an infinite
 * query. The first pages show as they arrive; when the view needs every entry
 * (a sort other than name ascending, or a filter), the remaining pages load
 * in the background while the list stays usable. Its query key starts with
 * ['objects.list', {connectionId, root, prefix}] so `storage.changed`
 * invalidates it like any listing of that root.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { ObjectPage } from '@shared/contract/domain';
import { useTransport } from '../../lib/api';
import { rootKey, useBrowserStore, type SortOrder } from '../../stores/browser-store';
import type { OffsetRows, RowRange } from './offset-pages';
import { ListingBuilder, needsAllPages, pageEntries, pendingChildren, type Entry, type PageEntries } from './listing';

export const PAGE_SIZE = 1000;

export interface FolderRef {
  connectionId: string;
  root: string;
  prefix: string;
}

export function folderQueryKey(folder: FolderRef): readonly unknown[] {
  return ['objects.list', { connectionId: folder.connectionId, root: folder.root, prefix: folder.prefix }, 'pages'];
}

/** Entries of a page, computed once per page object (pages are immutable and keep their index). */
const entriesOfPage = new WeakMap<ObjectPage, PageEntries>();
function cachedPageEntries(page: ObjectPage, index: number): PageEntries {
  let entries = entriesOfPage.get(page);
  if (!entries) {
    entries = pageEntries(page, index);
    entriesOfPage.set(page, entries);
  }
  return entries;
}

/** The raw paged listing of a folder (shared with the folder picker of Move/Copy). */
export function useFolderPages(folder: FolderRef, enabled = true) {
  const transport = useTransport();
  return useInfiniteQuery({
    queryKey: folderQueryKey(folder),
    queryFn: ({ pageParam }) =>
      transport.call('objects.list', { connectionId: folder.connectionId, root: folder.root, prefix: folder.prefix, maxKeys: PAGE_SIZE, ...(pageParam ? { continuationToken: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last: ObjectPage) => last.nextToken ?? undefined,
    enabled,
  });
}

/** The view-only folders of a root that show inside `prefix`. */
export function usePendingChildren(connectionId: string, root: string, prefix: string): string[] {
  const pending = useBrowserStore((s) => s.pendingFolders[rootKey(connectionId, root)]);
  return useMemo(() => pendingChildren(pending ?? [], prefix), [pending, prefix]);
}

/** What the views read of a listing's requests (an infinite query's result has it all; a listing paged by offset makes its own). */
export interface ListingQuery {
  data: unknown;
  error: Error | null;
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  isFetching: boolean;
  isRefetching: boolean;
  isRefetchError: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
  refetch: () => Promise<unknown>;
}

/**
 * A listing the service sorts, filters and pages (capabilities.listQuery):
 * `total` rows, of which the pages around the view are loaded. The list
 * tells it which rows are in view.
 */
export interface OffsetListing {
  rows: OffsetRows;
  /** The rows in view changed: the pages around them are fetched (each once). */
  setRange: (range: RowRange) => void;
}

export interface FolderListing {
  /** The rows to act on: all of them, or (paged by offset) the ones loaded, in row order. */
  entries: readonly Entry[];
  /** How many rows the listing has (known so far, when paged by token; `total` when paged by offset). */
  count: number;
  /** Entries received from the server so far (before filtering). */
  loaded: number;
  /** Every page is here (paged by offset: the total is known). */
  complete: boolean;
  /** The remaining pages are loading because the view needs them all. */
  loadingAll: boolean;
  query: ListingQuery;
  /** Present when the service pages by offset. */
  offset?: OffsetListing;
}

export function useFolderListing(folder: FolderRef, sort: SortOrder, filter: string, enabled = true): FolderListing {
  const query = useFolderPages(folder, enabled);
  const pending = usePendingChildren(folder.connectionId, folder.root, folder.prefix);
  const removePending = useBrowserStore((s) => s.removePendingFolders);
  const { connectionId, root, prefix } = folder;
  // One builder per folder and sort order: it keeps sorted work between pages (a new folder starts afresh).
  const builder = useMemo(() => new ListingBuilder(sort), [sort, connectionId, root, prefix]);
  const pages = useMemo(() => (query.data?.pages ?? []).map((page, index) => cachedPageEntries(page, index)), [query.data]);
  const entries = useMemo(() => builder.build(pages, pending, filter), [builder, pages, pending, filter]);
  const loaded = useMemo(() => pages.reduce((n, p) => n + p.folders.length + p.objects.length, 0), [pages]);

  const needsAll = needsAllPages(sort, filter);
  const { hasNextPage, isFetching, isFetchNextPageError, fetchNextPage } = query;
  useEffect(() => {
    if (needsAll && hasNextPage && !isFetching && !isFetchNextPageError) void fetchNextPage();
  }, [needsAll, hasNextPage, isFetching, isFetchNextPageError, fetchNextPage]);

  // A view-only folder becomes real once the server lists it (something was uploaded or moved into it).
  useEffect(() => {
    if (pending.length === 0) return;
    const listed = new Set(pages.flatMap((p) => p.folders.map((f) => f.prefix)));
    const real = pending.filter((p) => listed.has(p));
    if (real.length > 0) removePending(connectionId, root, real);
  }, [pages, pending, removePending, connectionId, root]);

  return { entries, count: entries.length, loaded, complete: query.isSuccess && !hasNextPage, loadingAll: needsAll && !!hasNextPage, query };
}
