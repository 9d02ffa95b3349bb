/**
 * What a listing the service sorts and filters (capabilities.listQuery) asks
 * for, from the view's sort order and filter boxes: only fields the service
 * names, so `objects.list` never refuses the request. Pure, unit-tested.
 */
import type { CapabilitiesView, ListFilter, ListSort } from '@shared/contract/locations';
import type { SortOrder } from '../../stores/browser-store';

export type ListQueryCapability = NonNullable<CapabilitiesView['listQuery']>;

/** The main types the type filter offers (the MIME main types a file service stores). */
export const TYPE_FILTERS = ['image', 'audio', 'video', 'text', 'application'] as const;

/** The view's order when the service sorts by its field, else by name (or the first field it sorts by). */
export function serverSort(sort: SortOrder, query: ListQueryCapability): ListSort {
  if (query.sortFields.includes(sort.key)) return { field: sort.key, order: sort.direction };
  return { field: query.sortFields.includes('name') ? 'name' : (query.sortFields[0] ?? 'name'), order: 'asc' };
}

/** The filter boxes' values the service can apply; empty ones are left out. */
export function serverFilter(name: string, type: string, query: ListQueryCapability): ListFilter {
  const filter: ListFilter = {};
  const needle = name.trim().slice(0, 255);
  if (needle !== '' && query.filters.includes('name')) filter.name = needle;
  if ((TYPE_FILTERS as readonly string[]).includes(type) && query.filters.includes('type')) filter.type = type;
  return filter;
}

/** Listings paged by offset with a total (the virtualized list is sized from it). */
export function pagesByOffset(caps: CapabilitiesView | undefined): caps is CapabilitiesView & { listQuery: ListQueryCapability } {
  return !!caps?.listQuery?.offsets && caps.listQuery.total;
}
