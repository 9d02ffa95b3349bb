import { describe, expect, it } from 'vitest';
import { publishListInputSchema } from '@shared/contract/publish';
import { chips, listFilter, NO_FILTER, toggleLabel, totalCount } from './crust-filters';

describe('crust filters', () => {
  it('toggles labels and keeps them in the chips’ order (one query key per choice)', () => {
    expect(toggleLabel([], 'failed')).toEqual(['failed']);
    expect(toggleLabel(['failed'], 'stored')).toEqual(['stored', 'failed']);
    expect(toggleLabel(['stored', 'failed'], 'stored')).toEqual(['failed']);
  });

  it('shows chips for labels with jobs and for chosen ones at 0', () => {
    expect(chips({ stored: 3, pending: 0, failed: 1 }, ['expired'])).toEqual([
      { label: 'stored', count: 3, chosen: false },
      { label: 'expired', count: 0, chosen: true },
      { label: 'failed', count: 1, chosen: false },
    ]);
    expect(totalCount({ stored: 3, failed: 1 })).toBe(4);
  });

  it('asks publish.list for what is chosen, leaving out what filters nothing, within the contract', () => {
    expect(listFilter(NO_FILTER)).toEqual({});
    expect(listFilter({ labels: ['expired'], query: '  Qm12 ' })).toEqual({ labels: ['expired'], query: 'Qm12' });
    const long = listFilter({ labels: [], query: 'x'.repeat(500) });
    expect(publishListInputSchema.safeParse({ offset: 0, limit: 200, ...long }).success).toBe(true);
  });
});
