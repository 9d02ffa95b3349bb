import { describe, expect, it } from 'vitest';
import { backoffDelay, mayRetry } from './backoff';

describe('backoff', () => {
  it('doubles from the base up to the cap, exactly when there is no jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 60, 2000].map((n) => backoffDelay(n, { baseDelayMs: 500, maxDelayMs: 30_000 }))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads each delay by the jitter share both ways', () => {
    const backoff = { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0.25 };
    expect(backoffDelay(1, backoff, () => 0)).toBe(1500);
    expect(backoffDelay(1, backoff, () => 0.5)).toBe(2000);
    expect(backoffDelay(1, backoff, () => 1)).toBe(2500);
    expect(backoffDelay(9, backoff, () => 1)).toBe(10_000); // the cap is spread too
  });

  it('counts tries in all, the first included', () => {
    const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
    expect([1, 2, 3].map((failures) => mayRetry(failures, policy))).toEqual([true, true, false]);
  });
});
