/**
 * The Crust page's list as it caches it: fixed-size pages of `publish.list`
 * (one react-query entry each, keyed by the filter too), fetched as they
 * scroll into view. Pure, unit-tested in Node.
 */
import type { OrderLabel, PublishJob } from '@shared/contract/publish';

export const PUBLISH_PAGE_SIZE = 100;

export interface PublishPage {
  jobs: PublishJob[];
  total: number;
  counts: Partial<Record<OrderLabel, number>>;
}

export function pageRange(page: number): { offset: number; limit: number } {
  return { offset: page * PUBLISH_PAGE_SIZE, limit: PUBLISH_PAGE_SIZE };
}

/** Page numbers that hold rows first…last (inclusive); none when the range is empty. */
export function pagesForRows(first: number, last: number): number[] {
  if (last < first || last < 0) return [];
  const pages: number[] = [];
  for (let p = Math.floor(Math.max(0, first) / PUBLISH_PAGE_SIZE); p <= Math.floor(last / PUBLISH_PAGE_SIZE); p++) pages.push(p);
  return pages;
}

/** The row at `index` from whatever pages are cached (undefined while its page loads). */
export function jobAt(pages: ReadonlyMap<number, PublishPage>, index: number): PublishJob | undefined {
  return pages.get(Math.floor(index / PUBLISH_PAGE_SIZE))?.jobs[index % PUBLISH_PAGE_SIZE];
}

/** Every job the cached pages hold, by id (what bulk actions can judge). */
export function loadedJobs(pages: ReadonlyMap<number, PublishPage>): Map<string, PublishJob> {
  const jobs = new Map<string, PublishJob>();
  for (const page of pages.values()) for (const job of page.jobs) jobs.set(job.id, job);
  return jobs;
}
