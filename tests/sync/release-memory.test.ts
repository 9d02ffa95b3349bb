/**
 * releaseMemory (release-memory.ts): a full collection that frees what a big
 * run left in the old generation, at most once per interval.
 */
import { describe, expect, it } from 'vitest';
import { releaseMemory } from '../../src-main/core/sync/release-memory';

/** Objects kept alive while made, so young-generation collections promote them; let go on return. */
function makePromotedGarbage(): number {
  const kept: Array<{ path: string; size: number }> = [];
  for (let i = 0; i < 600_000; i++) kept.push({ path: `folder/file-${i}.bin`, size: i });
  return kept.length;
}

describe('releaseMemory', () => {
  it('frees garbage that survived into the old generation, and runs at most once per interval', () => {
    makePromotedGarbage();
    const before = process.memoryUsage().heapUsed;

    const now = Date.now();
    expect(releaseMemory(now)).toBe(true);
    const after = process.memoryUsage().heapUsed;
    expect(before - after).toBeGreaterThan(20 * 1024 * 1024);

    expect(releaseMemory(now + 1000)).toBe(false);
    expect(releaseMemory(now + 60_000)).toBe(true);
  });
});
