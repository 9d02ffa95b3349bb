/** Copies a value to the clipboard and says "Copied" for a moment. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { copyText } from './clipboard';

export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="icon-button browser-copy"
      title={label}
      aria-label={label}
      data-testid={testId}
      onClick={() => void copyText(text).then(() => setCopied(true), (error: unknown) => show('error', error instanceof Error ? error.message : String(error)))}
    >
      {copied ? (
        <span className="browser-copied" role="status">
          <Icon name="check" /> {t('common.copied')}
        </span>
      ) : (
        <Icon name="copy" />
      )}
    </button>
  );
}
