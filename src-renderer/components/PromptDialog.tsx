import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';

export interface PromptDialogProps {
  open: boolean;
  title: string;
  label: string;
  initialValue?: string;
  confirmLabel: string;
  /** Returns a problem to show under the field, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined;
  onSubmit: (value: string) => Promise<unknown> | void;
  onClose: () => void;
  testId?: string;
}

/** Asks for one value (a name); validates as you type; shows a failure in place. */
export function PromptDialog({ open, title, label, initialValue = '', confirmLabel, validate, onSubmit, onClose, testId }: PromptDialogProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initialValue);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (open) {
      setValue(initialValue);
      setError(null);
    }
  }, [open, initialValue]);
  const problem = value.trim() === '' ? undefined : validate?.(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || problem || value.trim() === '') return;
    setBusy(true);
    setError(null);
    Promise.resolve(onSubmit(value))
      .then(() => onClose())
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog open={open} title={title} onClose={onClose} testId={testId}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span className="field-label">{label}</span>
          <input
            className="input"
            value={value}
            autoFocus
            onFocus={(e) => {
              // Select the name without its extension, as file managers do on rename.
              const dot = e.target.value.lastIndexOf('.');
              e.target.setSelectionRange(0, dot > 0 ? dot : e.target.value.length);
            }}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={problem ? true : undefined}
          />
          {problem && <span className="field-problem">{problem}</span>}
        </label>
        <ErrorText error={error} />
        <div className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !!problem || value.trim() === ''}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
