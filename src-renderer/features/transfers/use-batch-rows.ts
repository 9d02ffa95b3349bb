/**
 * The panel's rows (batch headers, and the jobs of open batches) with the
 * data they need: the batches' totals (one query), and the pages of jobs the
 * visible rows fall in (one react-query entry per batch page, kept fresh by
 * TransferEvents: patched by progress, invalidated on changes).
 */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { TransferJob } from '@shared/contract/domain';
import { apiKey, useApiQuery, useTransport } from '../../lib/api';
import { BATCH_PAGE_SIZE, batchLayout, batchPageInput, type BatchLayout } from './batch-rows';
import type { TransferPage } from './transfer-pages';
import { useTransfersUi } from './transfers-store';

/** Batches listed (failures first, then unfinished ones): older finished ones wait for "Clear finished". */
export const BATCHES_LISTED = 200;

export interface BatchRows {
  layout: BatchLayout | undefined;
  /** Jobs in all batches listed. */
  jobTotal: number;
  error: Error | null;
  loading: boolean;
  jobAt: (batchId: string, jobIndex: number) => TransferJob | undefined;
  /** Tells which rows are in view (plus overscan); their pages load. */
  showRows: (first: number, last: number) => void;
  retry: () => void;
}

export function useBatchRows(): BatchRows {
  const transport = useTransport();
  const toggled = useTransfersUi((s) => s.toggledBatches);
  const batches = useApiQuery('transfers.batches', { offset: 0, limit: BATCHES_LISTED }, { staleTime: Infinity });
  const layout = useMemo(() => (batches.data ? batchLayout(batches.data.batches, toggled) : undefined), [batches.data, toggled]);
  const [span, setSpan] = useState({ first: 0, last: 0 });
  const wanted = useMemo(() => layout?.pagesFor(span.first, span.last) ?? [], [layout, span.first, span.last]);
  const results = useQueries({
    queries: wanted.map(({ batchId, page }) => {
      const input = batchPageInput(batchId, page);
      return { queryKey: apiKey('transfers.batchJobs', input), queryFn: () => transport.call('transfers.batchJobs', input), staleTime: Infinity };
    }),
  });
  const pages = new Map<string, TransferPage>();
  results.forEach((r, i) => r.data && pages.set(`${wanted[i]!.batchId}:${wanted[i]!.page}`, r.data));

  const showRows = useCallback((first: number, last: number) => setSpan((old) => (old.first === first && old.last === last ? old : { first, last })), []);
  const jobAt = (batchId: string, jobIndex: number) => pages.get(`${batchId}:${Math.floor(jobIndex / BATCH_PAGE_SIZE)}`)?.jobs[jobIndex % BATCH_PAGE_SIZE];
  const failed = results.find((r) => r.error && !r.data);
  const retry = () => {
    if (batches.error) void batches.refetch();
    results.forEach((r) => r.error && void r.refetch());
  };
  return {
    layout,
    jobTotal: batches.data?.batches.reduce((sum, b) => sum + b.files, 0) ?? 0,
    error: batches.error ?? failed?.error ?? null,
    loading: batches.isPending || results.some((r) => r.isPending),
    jobAt,
    showRows,
    retry,
  };
}
