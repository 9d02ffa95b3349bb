/**
 * Keeps the address in step with where the user is (location-url.ts): once
 * the connections are known, the address the page opened with (a reload, a
 * copied link) is read and gone to; from then on every move rewrites the
 * address in place (history.replaceState: the app's own Back and Forward keep
 * their meaning), and a new address typed or pasted into the same tab is gone
 * to as well. What an address gets wrong is said in a toast, and the nearest
 * sane place is shown instead.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { useToasts } from '../../components/toasts';
import { useApiQuery } from '../../lib/api';
import { useAppUi } from '../../stores/app-store';
import { useBrowserStore } from '../../stores/browser-store';
import { formatLocationHash, readLocationHash, type KnownConnection, type LocationProblem } from './location-url';

export function useLocationUrl(): void {
  const connections = useApiQuery('connections.list', {});
  const { t } = useTranslation();
  const latest = useRef({ t, connections: connections.data });
  latest.current = { t, connections: connections.data };
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!ready && connections.data) setReady(true);
  }, [ready, connections.data]);

  // Once the connections are known: the address the page opened with, then every move and every new address.
  useEffect(() => {
    if (!ready) return;
    const goToAddress = () => {
      const { t: tr, connections: list = [] } = latest.current;
      const place = readLocationHash(window.location.hash, list.map(knownConnection));
      if (place) {
        const browser = useBrowserStore.getState();
        if (place.location) {
          if (place.view) browser.setViewMode(place.location.connectionId, place.view);
          browser.navigate(place.location);
        }
        useAppUi.getState().setPage(place.page);
        const names = new Map(list.map((c) => [c.id, c.name]));
        // Not tied to a page: the place the address leads to is entered after this, and would take a page's toasts with it.
        for (const problem of place.problems) useToasts.getState().show('error', problemText(tr, problem, names), { global: true });
      }
      writeAddress(); // the address now names where the user is (what it got wrong dropped)
    };
    goToAddress();
    const stopBrowser = useBrowserStore.subscribe(writeAddress);
    const stopApp = useAppUi.subscribe(writeAddress);
    window.addEventListener('hashchange', goToAddress);
    return () => {
      stopBrowser();
      stopApp();
      window.removeEventListener('hashchange', goToAddress);
    };
  }, [ready]);
}

function writeAddress(): void {
  const { location, viewModes } = useBrowserStore.getState();
  const hash = formatLocationHash(useAppUi.getState().page, location, location ? (viewModes[location.connectionId] ?? 'list') : null);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

function knownConnection(connection: ConnectionView): KnownConnection {
  return { id: connection.id, levels: connection.capabilities.rootLevels.length };
}

function problemText(t: TFunction, problem: LocationProblem, names: ReadonlyMap<string, string>): string {
  switch (problem.kind) {
    case 'page':
      return t('location.problem.page', { value: problem.value });
    case 'connection':
      return t('location.problem.connection');
    case 'levels':
      return t('location.problem.levels', { connection: names.get(problem.connectionId) ?? '' });
    case 'root':
      return t('location.problem.root', { connection: names.get(problem.connectionId) ?? '' });
    case 'folder':
      return t('location.problem.folder');
    case 'view':
      return t('location.problem.view', { value: problem.value });
  }
}
