/**
 * The details panel's storage chart: the package, its bucket and the whole
 * connection, each a bar scaled to the connection's bytes (the largest of
 * the three). Pure, unit-tested.
 */
import type { UsageTotals } from '@shared/contract/sizes';

export type UsageLevel = 'root' | 'parent' | 'connection';

export interface UsageBar {
  level: UsageLevel;
  objects: number;
  bytes: number;
  /** 0..1 of the largest of the bars (0 when everything is empty). */
  share: number;
}

export function usageBars(totals: UsageTotals): UsageBar[] {
  const levels: Array<[UsageLevel, { objects: number; bytes: number } | null]> = [
    ['root', totals.root],
    ['parent', totals.parent],
    ['connection', totals.connection],
  ];
  const present = levels.filter((l): l is [UsageLevel, { objects: number; bytes: number }] => l[1] !== null);
  const scale = Math.max(0, ...present.map(([, t]) => t.bytes));
  return present.map(([level, t]) => ({ level, objects: t.objects, bytes: t.bytes, share: scale > 0 ? Math.min(1, t.bytes / scale) : 0 }));
}
