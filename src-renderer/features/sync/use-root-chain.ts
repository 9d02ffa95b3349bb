/**
 * A root and the roots above it, outermost first (`roots.get`, then its
 * parent's, up to the top): what the task form and card show a task's root
 * by ("bucket › package" for JCS). Cached under `roots.get` on the
 * connection, so what invalidates the connection's roots refreshes it too.
 */
import { useQuery } from '@tanstack/react-query';
import type { RootNode } from '@shared/contract/locations';
import { useTransport } from '../../lib/api';

/** Deeper than any service's root tree: a chain longer than this is a service going round in circles. */
const MAX_DEPTH = 16;

export function useRootChain(connectionId: string, root: string | null) {
  const transport = useTransport();
  return useQuery<RootNode[], Error>({
    queryKey: ['roots.get', { connectionId, rootId: root, ancestors: true }],
    enabled: connectionId !== '' && root !== null,
    queryFn: async () => {
      const chain: RootNode[] = [];
      for (let id: string | null = root; id !== null && chain.length < MAX_DEPTH; ) {
        const node = await transport.call('roots.get', { connectionId, rootId: id });
        chain.unshift(node);
        id = node.parentId;
      }
      return chain;
    },
  });
}
