/**
 * The transfer queue as the panel caches it: pages of a batch's jobs
 * (`transfers.batchJobs`, one react-query entry each; see batch-rows.ts),
 * fetched as they scroll into view. Progress events patch the cached pages in
 * place (no refetch); only `transfers.changed` refetches. Pure, so it is
 * unit-tested in Node.
 */
import type { TransferJob, TransferUpdate } from '@shared/contract/domain';
import { AppErrorCode } from '@shared/contract/error-codes';

export interface TransferPage {
  jobs: TransferJob[];
  total: number;
}

export function updatesById(updates: readonly TransferUpdate[]): Map<string, TransferUpdate> {
  return new Map(updates.map((u) => [u.id, u]));
}

/**
 * The page with the updates applied. Unchanged jobs keep their identity and a
 * page nothing touched is returned as it is, so React re-renders only the rows
 * that moved.
 */
export function mergeUpdates<P extends TransferPage>(page: P, updates: ReadonlyMap<string, TransferUpdate>): P {
  if (updates.size === 0) return page;
  let jobs: TransferJob[] | undefined;
  page.jobs.forEach((job, i) => {
    const update = updates.get(job.id);
    if (!update || !changes(job, update)) return;
    jobs ??= page.jobs.slice();
    jobs[i] = { ...job, ...update };
  });
  return jobs ? { ...page, jobs } : page;
}

function changes(job: TransferJob, update: TransferUpdate): boolean {
  return (Object.keys(update) as Array<keyof TransferUpdate>).some((key) => job[key] !== update[key]);
}

/**
 * Roots that uploads just finished in (`connectionId:root`), found from the
 * cached pages, so their folder listings can refresh. `unknown` when a job
 * finished that no cached page holds (its root cannot be told).
 */
export function finishedUploads(pages: readonly TransferPage[], updates: ReadonlyMap<string, TransferUpdate>): { roots: Set<string>; unknown: boolean } {
  const roots = new Set<string>();
  const finished = new Set([...updates.values()].filter((u) => u.state === 'completed' && u.errorCode !== AppErrorCode.Skipped).map((u) => u.id));
  if (finished.size === 0) return { roots, unknown: false };
  const seen = new Set<string>();
  for (const page of pages) {
    for (const job of page.jobs) {
      if (!finished.has(job.id)) continue;
      seen.add(job.id);
      if (job.direction === 'upload' && job.state !== 'completed') roots.add(`${job.connectionId}:${job.root}`);
    }
  }
  return { roots, unknown: seen.size < finished.size };
}
