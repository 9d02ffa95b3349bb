/**
 * The results of a search across the root's folders, in place of the folder's
 * list while the search box has text: a virtualized list (name, the folder it
 * is in, size) filled step by step as the walk in main goes on, with what the
 * walk has looked at so far. Clicking a result (or Enter) opens its folder
 * with it selected, and ends the search.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchMatch } from '@shared/contract/search';
import { useErrorMessage } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { formatBytes, formatCount } from '../../lib/format';
import { rootKey, useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from '../browser/browser-context';
import { resultKey, resultPlace } from './reveal';
import { useSearchStore, useSearchText } from './search-store';
import { useDebounced } from '../browser/use-debounced';
import { useSearch, type SearchView } from './use-search';
import './search.css';

const ROW_HEIGHT = 34;
/** A new search starts once typing pauses this long. */
const TYPING_PAUSE_MS = 250;
const optionId = (index: number) => `search-result-${index}`;

export function SearchResults() {
  const { t, i18n } = useTranslation();
  const { location } = useBrowser();
  const text = useSearchText(rootKey(location.connectionId, location.root));
  const query = useDebounced(text.trim(), TYPING_PAUSE_MS);
  const search = useSearch(location.connectionId, location.root, query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [query]);
  const virtualizer = useVirtualizer({ count: search.matches.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  const open = (match: SearchMatch) => {
    const place = resultPlace(match);
    useSearchStore.getState().clear();
    const store = useBrowserStore.getState();
    store.navigate({ ...location, prefix: place.folder });
    store.select([place.key], { anchor: place.key, focus: place.key });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const last = search.matches.length - 1;
    const move = (index: number) => {
      const next = Math.max(0, Math.min(last, index));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    };
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp') move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(last);
    else if (event.key === 'Enter' && search.matches[active]) open(search.matches[active]);
    else return;
    event.preventDefault();
  };

  return (
    <div className="search-results" data-testid="search-results" data-query={query} data-count={search.matches.length} data-state={resultsState(search, query, text.trim())}>
      <SearchStatus search={search} query={query} />
      <div
        ref={scrollRef}
        className="search-results-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('search.resultsLabel')}
        aria-activedescendant={search.matches.length > 0 ? optionId(active) : undefined}
        onKeyDown={onKeyDown}
        data-testid="search-results-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const match = search.matches[item.index]!;
            const place = resultPlace(match);
            return (
              <div
                key={resultKey(match)}
                id={optionId(item.index)}
                role="option"
                aria-selected={item.index === active}
                className={`search-result${item.index === active ? ' active' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => open(match)}
                data-testid="search-result"
                data-path={match.kind === 'folder' ? match.prefix : match.entry.path}
              >
                <Icon name={match.kind === 'folder' ? 'folder' : 'file'} />
                <span className="search-result-name">{place.name}</span>
                <span className="search-result-folder">{place.folder === '' ? t('search.topFolder') : t('search.inFolder', { folder: place.folder.slice(0, -1) })}</span>
                <span className="search-result-size">{match.kind === 'folder' ? t('search.folderKind') : formatBytes(match.entry.size, i18n.language)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** 'settled' only once the results shown are those of what is typed, and no step of it is in flight. */
function resultsState(search: SearchView, query: string, typed: string): 'running' | 'settled' | 'failed' {
  if (search.query !== query || query !== typed) return 'running';
  if (search.error) return 'failed';
  return search.running ? 'running' : 'settled';
}

function SearchStatus({ search, query }: { search: SearchView; query: string }) {
  const { t, i18n } = useTranslation();
  const describe = useErrorMessage();
  const count = (n: number) => formatCount(n, i18n.language);
  const found = search.matches.length;
  const scanned = count(search.scanned);
  let text: string;
  if (search.error) text = t('search.failed', { reason: describe(search.error) });
  else if (search.running || query === '' || search.query !== query) text = t('search.searching', { found: count(found), scanned });
  else if (search.capped) text = t('search.capped', { found: count(found), scanned });
  else if (found === 0) text = t('search.none', { query, scanned });
  else text = t('search.done', { count: found, formatted: count(found), scanned });
  return (
    <div className="search-status" role="status" data-testid="search-status">
      <span>{text}</span>
      {search.capped && !search.running && (
        <button type="button" className="button" onClick={search.more} data-testid="search-more">
          {t('search.more')}
        </button>
      )}
      {!!search.error && (
        <button type="button" className="button" onClick={search.retry} data-testid="search-retry">
          {t('search.retry')}
        </button>
      )}
    </div>
  );
}
