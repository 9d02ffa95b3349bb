import { describe, expect, it } from 'vitest';
import { usageBars } from './usage-bars';

describe('usageBars', () => {
  it('scales package, bucket and connection to the largest', () => {
    expect(usageBars({ root: { objects: 2, bytes: 250 }, parent: { objects: 4, bytes: 500 }, connection: { objects: 9, bytes: 1000 } })).toEqual([
      { level: 'root', objects: 2, bytes: 250, share: 0.25 },
      { level: 'parent', objects: 4, bytes: 500, share: 0.5 },
      { level: 'connection', objects: 9, bytes: 1000, share: 1 },
    ]);
  });

  it('leaves out a missing parent and gives empty storage empty bars', () => {
    expect(usageBars({ root: { objects: 0, bytes: 0 }, parent: null, connection: { objects: 0, bytes: 0 } })).toEqual([
      { level: 'root', objects: 0, bytes: 0, share: 0 },
      { level: 'connection', objects: 0, bytes: 0, share: 0 },
    ]);
  });
});
