/**
 * What a `storage.changed` event does to the cache of data main owns. Roots
 * added or removed: every root list of the connection (a level's view and the
 * tree), and what was in a removed root. Objects changed: the listings and
 * summaries of that root, and the connection's usage figures. Pages of a
 * listing paged by offset that are out of view are dropped rather than kept
 * stale: a change shifts every row after it, so an old page would show wrong
 * rows until its refetch. No React here: unit-tested with a real QueryClient.
 */
import type { Query, QueryClient } from '@tanstack/react-query';
import type { EventPayload } from '@shared/contract/events';

export function applyStorageChange(client: QueryClient, change: EventPayload<'storage.changed'>): Promise<void> {
  const touched = (query: Query) => {
    const [name, input] = query.queryKey as [unknown, { connectionId?: string; root?: string } | undefined];
    if (input?.connectionId !== change.connectionId) return false;
    if (name === 'roots.list' || name === 'roots.get') return change.scope === 'roots';
    if (name === 'objects.usage') return true;
    if (name !== 'objects.list' && name !== 'objects.summarize') return false;
    return change.rootId === null || input.root === change.rootId;
  };
  client.removeQueries({ type: 'inactive', predicate: (query) => touched(query) && query.queryKey[2] === 'offset' });
  return client.invalidateQueries({ predicate: touched });
}
