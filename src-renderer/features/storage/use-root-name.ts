/**
 * The names of the roots along a trail (JCS: a bucket, then a package). Each
 * comes from the listing of the level it is in — the same queries the tree
 * and the views make, so usually cached — never from a separate lookup.
 */
import { useQueries } from '@tanstack/react-query';
import { apiKey, useTransport } from '../../lib/api';

/** One name per root of the trail, in order; '' while its level loads, its id if the service no longer lists it. */
export function useTrailNames(connectionId: string, trail: readonly string[]): string[] {
  const transport = useTransport();
  const lists = useQueries({
    queries: trail.map((_, i) => {
      const input = { connectionId, parentId: trail[i - 1] ?? null };
      return { queryKey: apiKey('roots.list', input), queryFn: () => transport.call('roots.list', input) };
    }),
  });
  return trail.map((id, i) => {
    const list = lists[i];
    if (!list?.data) return '';
    return list.data.find((root) => root.id === id)?.name ?? id;
  });
}
