/** The line under the list: how many entries, how many selected, and what is still loading. */
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../components/ErrorText';
import { formatCount } from '../../lib/format';
import { useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from './browser-context';

export function ListStatus() {
  const { t, i18n } = useTranslation();
  const describe = useErrorMessage();
  const { listing, gone } = useBrowser();
  const selected = useBrowserStore((s) => s.selection.size);
  const locale = i18n.language;
  const { query } = listing;
  const count = (n: number) => formatCount(n, locale);
  return (
    <div className="browser-status" data-testid="list-status">
      <span data-testid="entry-count">
        {listing.complete ? t('browser.status.items', { count: listing.count, formatted: count(listing.count) }) : t('browser.status.itemsSoFar', { count: listing.count, formatted: count(listing.count) })}
      </span>
      {selected > 0 && <span data-testid="selected-count">{t('browser.status.selected', { count: selected, formatted: count(selected) })}</span>}
      {listing.loadingAll && (
        <span className="browser-loading-hint" data-testid="loading-hint" role="status">
          {t('browser.status.loadingAll', { formatted: count(listing.loaded) })}
        </span>
      )}
      {query.isRefetching && !query.isFetchingNextPage && <span className="browser-loading-hint">{t('browser.status.refreshing')}</span>}
      {query.isRefetchError && !gone && (
        <span className="error-text">
          {describe(query.error)}{' '}
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </button>
        </span>
      )}
    </div>
  );
}
