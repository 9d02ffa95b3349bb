/** The status bar's switch for the transfers panel, with the count of unfinished transfers (and a mark when some failed). */
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { unfinishedCount } from './job-display';
import { TransferIcon } from './TransferIcon';
import { useTransfersUi } from './transfers-store';

export function TransfersButton() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const open = useTransfersUi((s) => s.panelOpen);
  const totals = useApiQuery('transfers.totals', {}).data;
  const active = totals ? unfinishedCount(totals) : 0;
  const failed = totals?.failed ?? 0;
  const status = [
    active > 0 ? t('transfers.badge', { count: active, formatted: formatCount(active, locale) }) : null,
    failed > 0 ? t('transfers.failedBadge', { count: failed, formatted: formatCount(failed, locale) }) : null,
  ].filter((s): s is string => !!s);
  const label = [open ? t('transfers.close') : t('transfers.open'), ...status].join(' — ');
  return (
    <button
      type="button"
      className={`transfers-toggle ${open ? 'is-open' : ''}`}
      aria-pressed={open}
      aria-label={label}
      title={label}
      onClick={() => useTransfersUi.getState().togglePanel()}
      data-testid="transfers-toggle"
    >
      <TransferIcon name="transfers" size={14} />
      <span>{t('transfers.title')}</span>
      {active > 0 && (
        <span className="transfers-badge" data-testid="transfers-badge" data-count={active}>
          {formatCount(active, locale)}
        </span>
      )}
      {failed > 0 && <span className="transfers-failed-dot" data-testid="transfers-failed-mark" aria-hidden />}
    </button>
  );
}
