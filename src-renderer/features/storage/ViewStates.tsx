/** The loading, failure and empty states every storage view shows in place of its table. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../components/ErrorText';
import { Icon, type IconName } from '../../components/Icon';

export function LoadingState() {
  const { t } = useTranslation();
  return (
    <div className="view-state" role="status" data-testid="view-loading">
      <span className="spinner" aria-hidden />
      <span>{t('common.loading')}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  return (
    <div className="view-state view-state-error" role="alert" data-testid="view-error">
      <Icon name="warning" size={28} />
      <p className="view-state-text">{describe(error)}</p>
      <button type="button" className="button" onClick={onRetry}>
        <Icon name="refresh" size={14} />
        {t('common.retry')}
      </button>
    </div>
  );
}

export function EmptyState({ icon, title, text, action }: { icon: IconName; title: string; text: string; action: ReactNode }) {
  return (
    <div className="view-state" data-testid="view-empty">
      <span className="view-state-icon">
        <Icon name={icon} size={40} />
      </span>
      <p className="view-state-title">{title}</p>
      <p className="view-state-text">{text}</p>
      {action}
    </div>
  );
}
