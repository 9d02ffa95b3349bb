import { describe, expect, it } from 'vitest';
import { usageScopes } from './usage-chart';

describe('usage chart figures', () => {
  it('orders scopes and types, fills in missing types, and scales bars to the largest figure', () => {
    const scopes = usageScopes({
      scopes: [
        { scope: 'self', byType: [{ type: 'image', count: 2, bytes: 50 }, { type: 'total', count: 3, bytes: 100 }] },
        { scope: 'service', byType: [{ type: 'total', count: 0, bytes: 0 }] },
      ],
    });
    expect(scopes.map((s) => s.scope)).toEqual(['service', 'self']);
    expect(scopes[1]!.bars).toEqual([
      { type: 'total', count: 3, bytes: 100, share: 1 },
      { type: 'image', count: 2, bytes: 50, share: 0.5 },
      { type: 'audio', count: 0, bytes: 0, share: 0 },
      { type: 'video', count: 0, bytes: 0, share: 0 },
    ]);
    expect(scopes[0]!.bars.every((b) => b.share === 0)).toBe(true);
  });
});
