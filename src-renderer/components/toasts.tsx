/** Short notices in a corner: results of operations and failures that have no dialog to show them. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from './ErrorText';
import { speaks, useToasts, type Toast, type ToastWords } from './toast-store';

export { useToasts, type Toast, type ToastOptions, type ToastText, type ToastWords } from './toast-store';

/** Marks the page shown (any string that differs between pages): toasts of the page before go. */
export function useToastScope(scope: string): void {
  useEffect(() => useToasts.getState().enterScope(scope), [scope]);
}

export function Toasts() {
  // useTranslation re-renders on a language switch, so texts that are functions are said again in the new language.
  const { t, i18n } = useTranslation();
  const describe = useErrorMessage();
  const words: ToastWords = { t, describe };
  const language = i18n.language;
  const { toasts, dismiss } = useToasts();
  useEffect(() => useToasts.getState().enterLanguage(language), [language]);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts
        .filter((toast) => speaks(toast, language))
        .map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast" data-kind={toast.kind}>
            <span>{textOf(toast, words)}</span>
            <button type="button" className="toast-close" aria-label={t('common.close')} title={t('common.close')} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
    </div>
  );
}

function textOf(toast: Toast, words: ToastWords): string {
  return typeof toast.text === 'function' ? toast.text(words) : toast.text;
}
