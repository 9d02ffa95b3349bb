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
  let total: number | undefined;
  let newest = -1;
  results.forEach((r, i) => {
    if (!r.data) return;
    pages.set(numbers[i]!, r.data);
    if (r.dataUpdatedAt > newest) {
      newest = r.dataUpdatedAt;
      total = r.data.total;
    }
  });
  const known = useRef<number | undefined>(undefined);
  if (total === undefined) total = known.current;
  known.current = total;
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
