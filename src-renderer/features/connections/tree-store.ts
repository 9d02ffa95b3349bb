/**
 * UI state of the sidebar tree (zustand): which nodes are expanded and which
 * item holds the tree's keyboard focus (the one Tab lands on). Kept outside the
 * component so the tree looks the same after it re-mounts.
 */
import { create } from 'zustand';

/** Keys of tree items; root ids are unique only within a connection. */
export const treeKey = {
  connection: (connectionId: string) => `c:${connectionId}`,
  root: (connectionId: string, rootId: string) => `r:${connectionId}:${rootId}`,
};

interface TreeState {
  expanded: Readonly<Record<string, boolean>>;
  focusedKey: string | null;
  setExpanded: (key: string, open: boolean) => void;
  expandAll: (keys: readonly string[]) => void;
  setFocusedKey: (key: string | null) => void;
}

export const useTreeStore = create<TreeState>((set, get) => ({
  expanded: {},
  focusedKey: null,
  setExpanded(key, open) {
    if (!!get().expanded[key] === open) return;
    set({ expanded: { ...get().expanded, [key]: open } });
  },
  expandAll(keys) {
    const expanded = get().expanded;
    if (keys.every((key) => expanded[key])) return;
    set({ expanded: { ...expanded, ...Object.fromEntries(keys.map((key) => [key, true])) } });
  },
  setFocusedKey(key) {
    if (get().focusedKey !== key) set({ focusedKey: key });
  },
}));
