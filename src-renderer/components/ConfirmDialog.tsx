import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** Red confirm button for destructive actions. */
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
  testId?: string;
}

/** Asks before doing something; shows the failure in place if it fails. */
export function ConfirmDialog({ open, title, message, confirmLabel, danger, onConfirm, onClose, testId }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      testId={testId}
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'button button-danger' : 'button button-primary'}
            disabled={busy}
            autoFocus
            onClick={() => {
              setBusy(true);
              setError(null);
              Promise.resolve(onConfirm())
                .then(() => close())
                .catch((e: unknown) => setError(e))
                .finally(() => setBusy(false));
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-message">{message}</div>
      <ErrorText error={error} />
    </Dialog>
  );
}
