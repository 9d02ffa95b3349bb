/**
 * What is typed in the search box, and for which root: a search belongs to
 * the root it was typed in, so opening another root (or a result) ends it.
 * UI state only (zustand); the results live in use-search.
 */
import { create } from 'zustand';

interface SearchState {
  text: string;
  /** `connection:root` the text was typed for; null when none. */
  rootKey: string | null;
  setText: (rootKey: string, text: string) => void;
  clear: () => void;
}

export const useSearchStore = create<SearchState>((set) => ({
  text: '',
  rootKey: null,
  setText: (rootKey, text) => set({ rootKey, text }),
  clear: () => set({ text: '', rootKey: null }),
}));

/** The search text typed for this root ('' when none is). */
export function useSearchText(rootKey: string): string {
  return useSearchStore((s) => (s.rootKey === rootKey ? s.text : ''));
}

/** A search shows its results instead of the folder while its text has more than spaces. */
export function useSearching(rootKey: string): boolean {
  return useSearchText(rootKey).trim() !== '';
}
