/** Behaviours of the sidebar tree that follow the rest of the app. */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, type RefObject } from 'react';
import { LOCAL_CONNECTION_ID, type NodeStatus } from '@shared/contract/domain';
import { useEvent } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { treeKey, useTreeStore } from './tree-store';

/**
 * The current location is always visible in the tree: navigating (from the
 * tree, the main pane, back/forward) expands its connection and the roots
 * down to the current one, and moves the tree's tab stop to it unless the user
 * is working in the tree.
 */
export function useRevealLocation(tree: RefObject<HTMLElement | null>): void {
  const location = useBrowserStore((s) => s.location);
  useEffect(() => {
    if (!location) return;
    const { connectionId, trail } = location;
    const keys = [treeKey.connection(connectionId), ...trail.map((id) => treeKey.root(connectionId, id))];
    const store = useTreeStore.getState();
    store.expandAll(keys);
    if (tree.current?.contains(document.activeElement)) return;
    const current = trail[trail.length - 1];
    store.setFocusedKey(current !== undefined ? treeKey.root(connectionId, current) : treeKey.connection(connectionId));
  }, [location, tree]);
}

/**
 * Keeps exactly one treeitem tabbable. The focused item can vanish (deleted,
 * or its parent collapsed, or a level is still loading); then the tab stop
 * moves to the current location's item or the first one. A MutationObserver
 * sees every such change, whichever component re-rendered.
 */
export function useKeepTreeFocusable(tree: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = tree.current;
    if (!root) return;
    const repair = () => {
      if (root.querySelector('[role="treeitem"][tabindex="0"]')) return;
      const candidate = root.querySelector<HTMLElement>('[role="treeitem"][aria-selected="true"]') ?? root.querySelector<HTMLElement>('[role="treeitem"]');
      const key = candidate?.dataset.key;
      if (key) useTreeStore.getState().setFocusedKey(key);
    };
    const observer = new MutationObserver(repair);
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex'] });
    repair();
    return () => observer.disconnect();
  }, [tree]);
}

/**
 * When the embedded node (re)starts, whatever failed on "This computer"
 * while it was down is fetched again; other connections are unaffected.
 */
export function useRefreshLocalWhenNodeRuns(): void {
  const client = useQueryClient();
  useEvent(
    'node.status',
    useCallback(
      (status: NodeStatus) => {
        if (status.state !== 'running') return;
        void client.invalidateQueries({
          predicate: (query) => {
            const input = query.queryKey[1];
            return typeof input === 'object' && input !== null && 'connectionId' in input && input.connectionId === LOCAL_CONNECTION_ID;
          },
        });
      },
      [client],
    ),
  );
}
