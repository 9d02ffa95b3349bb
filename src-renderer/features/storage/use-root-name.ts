/**
 * The names of the roots along a trail (JCS: a bucket, then a package). Each
 * comes from the listing of the level it is in — the same queries the tree
 * and the views make, so usually cached — never from a separate lookup. A
 * root deleted elsewhere drops out of its level's listing while the view that
 * has it open must still name it ("the package “photos” no longer exists"),
 * so every name seen is remembered for the session: a service id is never
 * shown in its place.
 */
import { useQueries } from '@tanstack/react-query';
import { apiKey, useTransport } from '../../lib/api';

const lastKnownNames = new Map<string, string>();
const nameKey = (connectionId: string, id: string) => `${connectionId}\u0000${id}`;

/** One name per root of the trail, in order; '' while its level loads, or when it is gone and was never seen by its name. */
export function useTrailNames(connectionId: string, trail: readonly string[]): string[] {
  const transport = useTransport();
  const lists = useQueries({
    queries: trail.map((_, i) => {
      const input = { connectionId, parentId: trail[i - 1] ?? null };
      return { queryKey: apiKey('roots.list', input), queryFn: () => transport.call('roots.list', input) };
    }),
  });
  return trail.map((id, i) => {
    const known = lastKnownNames.get(nameKey(connectionId, id)) ?? '';
    const listed = lists[i]?.data?.find((root) => root.id === id)?.name;
    if (listed === undefined) return known;
    if (listed !== known) lastKnownNames.set(nameKey(connectionId, id), listed);
    return listed;
  });
}
