/**
 * The pages of `publish.list` the visible rows need, for the current filter
 * (one react-query entry per page; PublishEvents refetches them on
 * `publish.changed`). The row count and the per-label counts come from the
 * newest answer seen, and stay while pages scrolled into view load (the list
 * must not collapse); a new filter starts over.
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { OrderLabel } from '@shared/contract/publish';
import { apiKey, useTransport } from '../../lib/api';
import { listFilter, type CrustFilter } from './crust-filters';
import { pageRange, pagesForRows, type PublishPage } from './publish-pages';

export interface PublishPages {
  pages: ReadonlyMap<number, PublishPage>;
  /** Rows for the filter; undefined until a page arrived. */
  total: number | undefined;
  counts: Partial<Record<OrderLabel, number>>;
  error: Error | null;
  loading: boolean;
  showRows: (first: number, last: number) => void;
  retry: () => void;
}

export function usePublishPages(filter: CrustFilter): PublishPages {
  const transport = useTransport();
  const [span, setSpan] = useState({ first: 0, last: 0 });
  const numbers = useMemo(() => pagesForRows(span.first, span.last), [span.first, span.last]);
  const filterInput = useMemo(() => listFilter(filter), [filter]);
  const results = useQueries({
    queries: numbers.map((page) => {
      const input = { ...pageRange(page), ...filterInput };
      return { queryKey: apiKey('publish.list', input), queryFn: () => transport.call('publish.list', input), staleTime: Infinity, placeholderData: keepPreviousData };
    }),
  });

  const filterKey = JSON.stringify(filterInput);
  const known = useRef<{ filterKey: string; total: number | undefined; counts: Partial<Record<OrderLabel, number>>; at: number }>({ filterKey, total: undefined, counts: {}, at: -1 });
  // A new filter's rows are not the old ones (no total yet), but the chips keep their counts until its first page says.
  if (known.current.filterKey !== filterKey) known.current = { filterKey, total: undefined, counts: known.current.counts, at: -1 };
  const pages = new Map<number, PublishPage>();
  results.forEach((r, i) => {
    if (!r.data || r.isPlaceholderData) return;
    pages.set(numbers[i]!, r.data);
    if (r.dataUpdatedAt > known.current.at) known.current = { filterKey, total: r.data.total, counts: r.data.counts, at: r.dataUpdatedAt };
  });
  const failed = results.find((r) => r.error && !r.data);

  const showRows = useCallback((first: number, last: number) => {
    setSpan((old) => {
      const a = pagesForRows(old.first, old.last);
      const b = pagesForRows(first, last);
      return a.length === b.length && a.every((p, i) => p === b[i]) ? old : { first, last };
    });
  }, []);
  const retry = () => results.forEach((r) => r.error && void r.refetch());
  return { pages, total: known.current.total, counts: known.current.counts, error: failed?.error ?? null, loading: results.some((r) => r.isPending || r.isPlaceholderData), showRows, retry };
}
