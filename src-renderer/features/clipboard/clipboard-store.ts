/**
 * The app's own clipboard for objects (Ctrl+C / Ctrl+X in the list, Ctrl+V
 * in another folder or root): what was taken, from where, and whether the
 * paste copies or moves it. Not the system clipboard: objects stay on the
 * service, and a paste is a server-side copy or move of the same connection.
 */
import { create } from 'zustand';
import type { ObjectTarget } from '@shared/contract/domain';

export interface ClipboardItems {
  mode: 'copy' | 'move';
  connectionId: string;
  root: string;
  /** The folder the items were taken from. */
  folder: string;
  targets: readonly ObjectTarget[];
  /** What the progress says it works on: the one name, or "3 items". */
  subject: string;
}

interface ClipboardState {
  items: ClipboardItems | null;
  put: (items: ClipboardItems) => void;
  clear: () => void;
}

export const useObjectClipboard = create<ClipboardState>((set) => ({
  items: null,
  put: (items) => set({ items }),
  clear: () => set({ items: null }),
}));
