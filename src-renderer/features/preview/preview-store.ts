/**
 * Which object the preview shows (UI state only: the bytes come from main by
 * URL). One preview at a time; opening another replaces it.
 */
import { create } from 'zustand';
import type { ObjectEntry } from '../browser/listing';

export interface PreviewTarget {
  connectionId: string;
  root: string;
  entry: ObjectEntry;
}

interface PreviewState {
  target: PreviewTarget | null;
  show: (target: PreviewTarget) => void;
  close: () => void;
}

export const usePreviewStore = create<PreviewState>((set) => ({
  target: null,
  show: (target) => set({ target }),
  close: () => set({ target: null }),
}));
