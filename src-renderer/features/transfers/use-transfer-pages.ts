/**
 * The pages of the transfer queue that the visible rows need, one react-query
 * entry per page (kept fresh by TransferEvents: patched by progress,
 * invalidated on changes). The row count is the newest page's total, and
 * stays while pages scrolled into view load (the list must not collapse).
 */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { apiKey, useTransport } from '../../lib/api';
import { pageInput, pagesForRows, type TransferPage } from './transfer-pages';

export interface TransferPages {
  pages: ReadonlyMap<number, TransferPage>;
  /** Rows in the queue; undefined until a page arrived. */
  total: number | undefined;
  error: Error | null;
  loading: boolean;
  /** Tells which rows are in view (plus overscan); pages load for them. */
  showRows: (first: number, last: number) => void;
  retry: () => void;
}

export function useTransferPages(): TransferPages {
  const transport = useTransport();
  const [span, setSpan] = useState({ first: 0, last: 0 });
  const numbers = useMemo(() => pagesForRows(span.first, span.last), [span.first, span.last]);
  const results = useQueries({
    queries: numbers.map((page) => {
      const input = pageInput(page);
      return { queryKey: apiKey('transfers.list', input), queryFn: () => transport.call('transfers.list', input), staleTime: Infinity };
    }),
  });

  const pages = new Map<number, TransferPage>();
  // The row count comes from the newest answer ever seen, never an older one:
  // after "clear finished", a stale cached page still says 10,000 while fresh
  // ones say 0, and trusting whichever is in view made the count (and so the
  // rows in view, and so the pages) flip back and forth.
  const known = useRef<{ total: number | undefined; at: number }>({ total: undefined, at: -1 });
  results.forEach((r, i) => {
    if (!r.data) return;
    pages.set(numbers[i]!, r.data);
    if (r.dataUpdatedAt > known.current.at) known.current = { total: r.data.total, at: r.dataUpdatedAt };
  });
  const total = known.current.total;
  const failed = results.find((r) => r.error && !r.data);

  const showRows = useCallback((first: number, last: number) => {
    setSpan((old) => {
      const a = pagesForRows(old.first, old.last);
      const b = pagesForRows(first, last);
      return a.length === b.length && a.every((p, i) => p === b[i]) ? old : { first, last };
    });
  }, []);
  const retry = () => results.forEach((r) => r.error && void r.refetch());

  return { pages, total, error: failed?.error ?? null, loading: results.some((r) => r.isPending), showRows, retry };
}
