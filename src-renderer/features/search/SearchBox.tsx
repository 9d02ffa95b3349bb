/**
 * The toolbar's search box: searches every folder of the root being viewed
 * (SearchResults shows what it finds). Ctrl+F (Cmd+F) anywhere in the browser
 * puts the keyboard here instead of the page's find bar; Escape clears it and
 * gives the list back. Absent where the service has no folders: there the
 * filter box already searches the whole space.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { rootKey } from '../../stores/browser-store';
import { useBrowser } from '../browser/browser-context';
import { isFindKey } from '../browser/keyboard';
import { levelText, useCapabilities } from '../storage/root-levels';
import { useSearchStore, useSearchText } from './search-store';
import './search.css';

export function SearchBox() {
  const { t } = useTranslation();
  const { location } = useBrowser();
  const capabilities = useCapabilities(location.connectionId);
  const key = rootKey(location.connectionId, location.root);
  const text = useSearchText(key);
  const input = useRef<HTMLInputElement>(null);
  const available = !!capabilities && capabilities.folders !== 'none';

  useEffect(() => {
    if (!available) return undefined;
    // Capture: the list stops the keys it handles before they bubble anywhere.
    const onKey = (event: KeyboardEvent) => {
      // A modal dialog keeps the keyboard: the box is behind it.
      if (!isFindKey(event) || !input.current || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      event.stopPropagation();
      input.current.focus();
      input.current.select();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [available]);

  // Leaving this root ends its search (coming back shows the folder, not an old search).
  useEffect(
    () => () => {
      if (useSearchStore.getState().rootKey === key) useSearchStore.getState().clear();
    },
    [key],
  );

  if (!available) return null;
  const noun = levelText(t, capabilities.rootLevels[capabilities.rootLevels.length - 1]?.key ?? 'other', 'noun');
  return (
    <label className="browser-filter search-box">
      <Icon name="search" />
      <input
        ref={input}
        className="input"
        type="search"
        value={text}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label', { noun })}
        title={t('search.label', { noun })}
        data-testid="search-input"
        onChange={(event) => useSearchStore.getState().setText(key, event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            useSearchStore.getState().clear();
            event.stopPropagation();
          } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
            // Into the results, to pick one with the arrows and Enter.
            const list = document.querySelector<HTMLElement>('[data-testid="search-results-list"]');
            if (list) {
              event.preventDefault();
              list.focus();
            }
          }
        }}
      />
    </label>
  );
}
