/**
 * Runs a search for the results view: steps of `search.page` one after
 * another, each shown as it arrives, until the walk ends or `limit` matches
 * are shown (then `more()` goes on from the same place). A new query, or the
 * view going away, stops the search: the step in flight is cancelled in main
 * (`search.cancel`), so its walk stops there too, and its answer is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchMatch } from '@shared/contract/search';
import { useTransport } from '../../lib/api';

/** Matches shown before the walk waits for "Find more". */
export const SEARCH_SHOW_LIMIT = 500;
const STEP_RESULTS = 200;

export interface SearchView {
  /** The query these results are for ('' before the first one starts). */
  query: string;
  matches: readonly SearchMatch[];
  scanned: number;
  /** A step is in flight. */
  running: boolean;
  /** The whole root has been walked. */
  done: boolean;
  /** Stopped at the limit: `more()` goes on. */
  capped: boolean;
  error: unknown;
  more: () => void;
  retry: () => void;
}

interface Run {
  searchId: string;
  token: string | undefined;
  stopped: boolean;
  shown: number;
  limit: number;
}

const EMPTY: Omit<SearchView, 'more' | 'retry'> = { query: '', matches: [], scanned: 0, running: false, done: false, capped: false, error: null };

function newSearchId(): string {
  return `s-${crypto.randomUUID()}`;
}

export function useSearch(connectionId: string, root: string, query: string): SearchView {
  const transport = useTransport();
  const [view, setView] = useState(EMPTY);
  const run = useRef<Run | null>(null);

  const walk = useCallback(
    async (current: Run) => {
      setView((v) => ({ ...v, running: true, capped: false, error: null }));
      try {
        while (!current.stopped && current.shown < current.limit) {
          const page = await transport.call('search.page', { connectionId, root, prefix: '', query, searchId: current.searchId, maxResults: Math.min(STEP_RESULTS, current.limit - current.shown), ...(current.token !== undefined && { token: current.token }) });
          if (current.stopped) return;
          current.shown += page.matches.length;
          current.token = page.nextToken ?? undefined;
          const done = page.nextToken === null;
          setView((v) => ({ ...v, matches: page.matches.length > 0 ? [...v.matches, ...page.matches] : v.matches, scanned: v.scanned + page.scanned, done }));
          if (done) break;
        }
        if (!current.stopped) setView((v) => ({ ...v, running: false, capped: !v.done }));
      } catch (error) {
        if (!current.stopped) setView((v) => ({ ...v, running: false, error }));
      }
    },
    [transport, connectionId, root, query],
  );

  useEffect(() => {
    setView({ ...EMPTY, query });
    if (query === '') return undefined;
    const current: Run = { searchId: newSearchId(), token: undefined, stopped: false, shown: 0, limit: SEARCH_SHOW_LIMIT };
    run.current = current;
    void walk(current);
    return () => {
      current.stopped = true;
      // The walk in main stops with it (nothing to stop once the walk ended: then this is a no-op there).
      transport.call('search.cancel', { searchId: current.searchId }).catch(() => {});
    };
  }, [walk, query, transport]);

  const more = useCallback(() => {
    const current = run.current;
    if (!current || current.stopped) return;
    current.limit = current.shown + SEARCH_SHOW_LIMIT;
    void walk(current);
  }, [walk]);
  const retry = more;

  return { ...view, more, retry };
}
