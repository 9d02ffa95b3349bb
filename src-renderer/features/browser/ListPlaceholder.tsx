/** What the list shows instead of rows: loading, a failure with its code and a retry, or an empty folder. */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { rootKey, useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from './browser-context';
import { parentPrefix } from './names';
import { folderQueryKey } from './use-folder-listing';

export function ListPlaceholder() {
  const { t } = useTranslation();
  const { listing, location, actions } = useBrowser();
  const filter = useBrowserStore((s) => s.filter);
  const typeFilter = useBrowserStore((s) => s.typeFilter);
  const queryClient = useQueryClient();
  // Inside a folder made with "New folder" (or on the way to one), nothing is stored yet.
  const viewOnly = useBrowserStore((s) => location.prefix !== '' && !!s.pendingFolders[rootKey(location.connectionId, location.root)]?.some((p) => p.startsWith(location.prefix)));
  const { query, entries } = listing;
  if (query.isPending) {
    return (
      <div className="browser-placeholder" data-testid="list-loading">
        {t('common.loading')}
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="browser-placeholder" data-testid="list-error">
        <ErrorText error={query.error} />
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (entries.length > 0) return null;
  if (filter.trim() !== '') {
    if (!listing.complete) return null; // matches may still come with the next pages
    return (
      <div className="browser-placeholder" data-testid="list-empty">
        {t('browser.noMatches', { filter: filter.trim() })}
      </div>
    );
  }
  if (!listing.complete) return null;
  if (typeFilter !== '' && listing.offset) {
    return (
      <div className="browser-placeholder" data-testid="list-empty">
        {t('fileService.noTypeMatches', { type: t(`fileService.type.${typeFilter}`) })}
      </div>
    );
  }
  return (
    <div className="browser-placeholder" data-testid="list-empty">
      <p>{t('browser.emptyFolder')}</p>
      {viewOnly && <p className="field-hint">{t('browser.viewOnlyFolder')}</p>}
      <p className="field-hint">{t('browser.dropHint')}</p>
      {/* A folder exists by what is in it: one emptied or deleted elsewhere lists as empty, and the way out is up. */}
      {location.prefix !== '' && (
        <button
          type="button"
          className="button"
          onClick={() => {
            // What is cached of the folder above still lists this one: ask again (it may have been changed by another client).
            void queryClient.invalidateQueries({ queryKey: folderQueryKey({ connectionId: location.connectionId, root: location.root, prefix: parentPrefix(location.prefix) }) });
            actions.goUp();
          }}
          data-testid="empty-up"
        >
          {t('browser.emptyUp')}
        </button>
      )}
    </div>
  );
}
