/**
 * The notices in a corner, as data. A toast belongs to the page it was shown
 * on (its scope) and goes when that page does: an error about a folder left
 * behind would otherwise sit over the next one until dismissed. Its text is
 * either a function that says it again in the current language (it follows a
 * language switch) or a fixed string, which cannot be said again and so goes
 * when the language changes rather than stay in the old one.
 */
import type { TFunction } from 'i18next';
import { create } from 'zustand';

/** The words of the language shown now (a `t` made at an earlier render would keep speaking that render's language). */
export interface ToastWords {
  t: TFunction;
  /** An error in words, as ErrorText says it. */
  describe: (error: unknown) => string;
}

/** A function is called at each render with the words of the moment, so it follows a language switch. */
export type ToastText = string | ((words: ToastWords) => string);

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: ToastText;
  /** The page it was shown on; null for one that outlives pages. */
  scope: string | null;
  /** The language a fixed string was said in. */
  language: string | null;
}

export interface ToastOptions {
  /** Not tied to the page shown (about work that goes on elsewhere, such as transfers). */
  global?: boolean;
}

interface ToastState {
  toasts: Toast[];
  scope: string | null;
  language: string | null;
  show: (kind: Toast['kind'], text: ToastText, options?: ToastOptions) => void;
  dismiss: (id: number) => void;
  /** The page shown now: toasts of any other page go. */
  enterScope: (scope: string) => void;
  /** The language now: fixed strings said in another go. */
  enterLanguage: (language: string) => void;
}

/** Errors stay until read (or their page goes); other notices this long. */
const NOTICE_MS = 5000;
const MAX_TOASTS = 5;

let nextId = 1;

/** Whether a toast can be shown in `language`: it can be said again, or was said in it. */
export function speaks(toast: Toast, language: string | null): boolean {
  return typeof toast.text === 'function' || toast.language === null || toast.language === language;
}

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  scope: null,
  language: null,
  show(kind, text, options) {
    const id = nextId++;
    const { scope, language } = get();
    const toast: Toast = { id, kind, text, scope: options?.global ? null : scope, language: typeof text === 'string' ? language : null };
    set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
    if (kind !== 'error') setTimeout(() => get().dismiss(id), NOTICE_MS);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  enterScope(scope) {
    if (get().scope === scope) return;
    set({ scope, toasts: get().toasts.filter((t) => t.scope === null || t.scope === scope) });
  },
  enterLanguage(language) {
    if (get().language === language) return;
    set({ language, toasts: get().toasts.filter((t) => speaks(t, language)) });
  },
}));
