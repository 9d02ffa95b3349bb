/**
 * The usage panel's figures: for each scope the service reports, one bar per
 * type (all files, images, audio, video), each as a share of the scope's
 * total. Pure, unit-tested.
 */
import type { StorageUsage } from '@shared/contract/locations';

export const USAGE_TYPES = ['total', 'image', 'audio', 'video'] as const;
export type UsageType = (typeof USAGE_TYPES)[number];

export interface UsageBar {
  type: UsageType;
  count: number;
  bytes: number;
  /** Bytes as a share of the scope's total, 0..1 (0 when the total is 0). */
  share: number;
}

export interface UsageScope {
  scope: 'service' | 'self';
  bars: UsageBar[];
}

/** Scopes in a fixed order (the service's first), types in USAGE_TYPES order; a type the service left out counts 0. */
export function usageScopes(usage: StorageUsage): UsageScope[] {
  const order = { service: 0, self: 1 } as const;
  return [...usage.scopes]
    .sort((a, b) => order[a.scope] - order[b.scope])
    .map(({ scope, byType }) => {
      const of = (type: UsageType) => byType.find((t) => t.type === type) ?? { count: 0, bytes: 0 };
      // The largest of the figures is the scale: a service may report a total below the sum of its types.
      const scale = Math.max(...USAGE_TYPES.map((type) => of(type).bytes));
      return { scope, bars: USAGE_TYPES.map((type) => ({ type, count: of(type).count, bytes: of(type).bytes, share: scale > 0 ? Math.min(1, of(type).bytes / scale) : 0 })) };
    });
}
