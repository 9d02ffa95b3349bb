/**
 * Which folder rows are on screen now, and the sizes known for the folders of
 * the root being viewed. Rows register themselves while they are mounted
 * (the virtualized list mounts only the rows in view), so "visible" needs no
 * geometry; the coordinator (use-folder-sizes.ts) asks main for those.
 */
import { create } from 'zustand';

export type KnownSize = { objects: number; bytes: number } | 'failed';

interface FolderSizeState {
  /** `connectionId \0 root` of the view the sizes belong to. */
  scope: string;
  /** Prefix → how many mounted rows show it (a folder may be mounted twice during a re-render). */
  visible: ReadonlyMap<string, number>;
  sizes: ReadonlyMap<string, KnownSize>;
  setScope(scope: string): void;
  show(prefix: string): void;
  hide(prefix: string): void;
  put(scope: string, prefix: string, size: KnownSize): void;
  clearSizes(): void;
}

export const scopeOf = (connectionId: string, root: string) => `${connectionId}\u0000${root}`;

export const useFolderSizeStore = create<FolderSizeState>((set) => ({
  scope: '',
  visible: new Map(),
  sizes: new Map(),
  setScope: (scope) => set((s) => (s.scope === scope ? s : { scope, sizes: new Map() })),
  show: (prefix) =>
    set((s) => {
      const visible = new Map(s.visible);
      visible.set(prefix, (visible.get(prefix) ?? 0) + 1);
      return { visible };
    }),
  hide: (prefix) =>
    set((s) => {
      const visible = new Map(s.visible);
      const n = (visible.get(prefix) ?? 0) - 1;
      if (n > 0) visible.set(prefix, n);
      else visible.delete(prefix);
      return { visible };
    }),
  put: (scope, prefix, size) =>
    set((s) => {
      if (s.scope !== scope) return s; // an answer for a view left since
      const sizes = new Map(s.sizes);
      sizes.set(prefix, size);
      return { sizes };
    }),
  clearSizes: () => set({ sizes: new Map() }),
}));
