/**
 * The Crust page's filters: label chips (none chosen = every job) with the
 * counts the core reports per label, and the search box (a name or a CID).
 * What `publish.list` gets from them. Pure, unit-tested in Node.
 */
import type { OrderLabel } from '@shared/contract/publish';
import { LABEL_ORDER } from './order-display';

export interface CrustFilter {
  labels: readonly OrderLabel[];
  query: string;
}

export const NO_FILTER: CrustFilter = { labels: [], query: '' };

/** Chooses a label, or drops it when chosen; the result keeps LABEL_ORDER (so the same choice is the same query key). */
export function toggleLabel(labels: readonly OrderLabel[], label: OrderLabel): OrderLabel[] {
  const chosen = new Set(labels);
  if (chosen.has(label)) chosen.delete(label);
  else chosen.add(label);
  return LABEL_ORDER.filter((l) => chosen.has(l));
}

export interface Chip {
  label: OrderLabel;
  count: number;
  chosen: boolean;
}

/**
 * The chips to show: every label that has jobs, and any chosen one (so a
 * choice can be undone when its count drops to 0).
 */
export function chips(counts: Partial<Record<OrderLabel, number>>, chosen: readonly OrderLabel[]): Chip[] {
  return LABEL_ORDER.filter((label) => (counts[label] ?? 0) > 0 || chosen.includes(label)).map((label) => ({ label, count: counts[label] ?? 0, chosen: chosen.includes(label) }));
}

export function totalCount(counts: Partial<Record<OrderLabel, number>>): number {
  return LABEL_ORDER.reduce((sum, label) => sum + (counts[label] ?? 0), 0);
}

/** The filter part of a `publish.list` input: absent fields when nothing filters (the contract's optional ones). */
export function listFilter(filter: CrustFilter): { labels?: OrderLabel[]; query?: string } {
  const query = filter.query.trim().slice(0, 200);
  return { ...(filter.labels.length > 0 ? { labels: [...filter.labels] } : {}), ...(query !== '' ? { query } : {}) };
}
