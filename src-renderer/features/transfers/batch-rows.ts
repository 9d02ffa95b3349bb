/**
 * The panel's rows as one list: each batch is a header row, followed by its
 * jobs when it is expanded. Only the batches' totals are loaded whole (one
 * short list); a batch's jobs are counted from its totals and fetched a page
 * at a time for the rows in view, so a batch of 10,000 files costs the rows on
 * screen. Pure, so it is unit-tested in Node.
 */
import type { TransferBatch } from '@shared/contract/transfer-batches';

/** Jobs fetched per `transfers.batchJobs` call. */
export const BATCH_PAGE_SIZE = 200;
/** A batch this small opens by itself (its rows are as short as a summary would be). */
export const AUTO_EXPAND_FILES = 20;

export type BatchRowItem = { kind: 'batch'; batch: TransferBatch; expanded: boolean } | { kind: 'job'; batch: TransferBatch; jobIndex: number };

export interface BatchLayout {
  /** Rows in all (headers and jobs of expanded batches). */
  count: number;
  rowAt(index: number): BatchRowItem | undefined;
  /** The job pages the rows first…last need, as `batchId:page` keys (in order, no repeats). */
  pagesFor(first: number, last: number): Array<{ batchId: string; page: number }>;
}

export function isExpanded(batch: TransferBatch, toggled: Readonly<Record<string, boolean>>): boolean {
  return toggled[batch.batchId] ?? batch.files <= AUTO_EXPAND_FILES;
}

export function batchLayout(batches: readonly TransferBatch[], toggled: Readonly<Record<string, boolean>>): BatchLayout {
  // starts[i]: the row of batch i's header; its jobs follow it.
  const starts: number[] = [];
  const open: boolean[] = [];
  let count = 0;
  for (const batch of batches) {
    starts.push(count);
    const expanded = isExpanded(batch, toggled);
    open.push(expanded);
    count += 1 + (expanded ? batch.files : 0);
  }
  const batchIndexOf = (row: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const rowAt = (index: number): BatchRowItem | undefined => {
    if (index < 0 || index >= count) return undefined;
    const b = batchIndexOf(index);
    const batch = batches[b]!;
    return index === starts[b] ? { kind: 'batch', batch, expanded: open[b]! } : { kind: 'job', batch, jobIndex: index - starts[b]! - 1 };
  };
  const pagesFor = (first: number, last: number) => {
    const out: Array<{ batchId: string; page: number }> = [];
    const seen = new Set<string>();
    for (let index = Math.max(0, first); index <= Math.min(last, count - 1); index++) {
      const item = rowAt(index);
      if (item?.kind !== 'job') continue;
      const page = Math.floor(item.jobIndex / BATCH_PAGE_SIZE);
      const key = `${item.batch.batchId}:${page}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ batchId: item.batch.batchId, page });
    }
    return out;
  };
  return { count, rowAt, pagesFor };
}

export function batchPageInput(batchId: string, page: number): { batchId: string; offset: number; limit: number } {
  return { batchId, offset: page * BATCH_PAGE_SIZE, limit: BATCH_PAGE_SIZE };
}

/** Files of the batch that are over (transferred, skipped, failed or cancelled). */
export function settledFiles(batch: TransferBatch): number {
  return batch.completed + batch.skipped + batch.failed + batch.cancelled;
}

/** 0…100 for the batch's bar: its bytes, or its files when it has no bytes. */
export function batchPercent(batch: TransferBatch): number {
  const ratio = batch.bytesTotal > 0 ? batch.bytesDone / batch.bytesTotal : batch.files > 0 ? settledFiles(batch) / batch.files : 0;
  return Math.max(0, Math.min(100, ratio * 100));
}
