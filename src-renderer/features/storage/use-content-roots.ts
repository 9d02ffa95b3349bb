/**
 * Every root of a connection that holds content (JCS: every package of every
 * bucket), each with the names of the roots above it, for choosing a
 * destination. One query walks the levels; its key starts with 'roots.list'
 * and the connection, so `storage.changed` about roots refreshes it too.
 */
import { useQuery } from '@tanstack/react-query';
import type { RootNode } from '@shared/contract/locations';
import { useTransport } from '../../lib/api';

export interface ContentRoot {
  root: RootNode;
  /** Names of the roots above it, outermost first. */
  above: string[];
}

export function useContentRoots(connectionId: string, levels: number, enabled = true) {
  const transport = useTransport();
  return useQuery({
    queryKey: ['roots.list', { connectionId }, 'content', levels],
    enabled: enabled && levels > 0,
    queryFn: async () => {
      let frontier: ContentRoot[] = (await transport.call('roots.list', { connectionId, parentId: null })).map((root) => ({ root, above: [] }));
      for (let level = 1; level < levels; level++) {
        const below = await Promise.all(
          frontier.map(async ({ root, above }) => (await transport.call('roots.list', { connectionId, parentId: root.id })).map((child) => ({ root: child, above: [...above, root.name] }))),
        );
        frontier = below.flat();
      }
      return frontier;
    },
  });
}
