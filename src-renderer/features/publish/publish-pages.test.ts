import { describe, expect, it } from 'vitest';
import type { PublishJob } from '@shared/contract/publish';
import { jobAt, loadedJobs, pageRange, pagesForRows, PUBLISH_PAGE_SIZE, type PublishPage } from './publish-pages';

const fakeJob = (id: string) => ({ id }) as PublishJob;
const page = (from: number, count: number): PublishPage => ({ jobs: Array.from({ length: count }, (_, i) => fakeJob(`j${from + i}`)), total: 1000, counts: {} });

describe('publish pages', () => {
  it('names the pages a range of rows needs', () => {
    expect(pagesForRows(0, 10)).toEqual([0]);
    expect(pagesForRows(90, 110)).toEqual([0, 1]);
    expect(pagesForRows(5, 2)).toEqual([]);
    expect(pageRange(2)).toEqual({ offset: 2 * PUBLISH_PAGE_SIZE, limit: PUBLISH_PAGE_SIZE });
  });

  it('finds a row in the cached pages, and nothing while its page loads', () => {
    const pages = new Map([[1, page(100, 100)]]);
    expect(jobAt(pages, 150)?.id).toBe('j150');
    expect(jobAt(pages, 10)).toBeUndefined();
    expect([...loadedJobs(pages).keys()]).toHaveLength(100);
  });
});
