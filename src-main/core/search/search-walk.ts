/**
 * One step of a search: walks a root's recursive listing under a prefix
 * (through the provider interface, a page at a time) from where the last step
 * stopped, and collects the objects and folders whose names contain the query.
 *
 * A step ends when it has `maxResults` matches (possibly in the middle of a
 * provider page), when the listing ends, when it found something and a
 * provider page is done (so the first results show while the walk goes on),
 * or when it has walked for `budgetMs` (so a search with few matches still
 * reports progress and can be stopped between steps).
 */
import type { SearchMatch, SearchPage } from '@shared/contract/search';
import { compareBytes } from '@shared/paths/byte-order';
import type { StorageProvider } from '../../providers/storage-provider';
import { entryView } from '../storage/storage-service';
import { foldersEntered, nameOf, searchKey } from './name-match';
import { decodeSearchToken, encodeSearchToken, type SearchCursor, type SearchScope } from './search-token';

/** The first page of a walk is small (the first results come sooner), the rest larger (fewer round trips). */
const FIRST_PAGE_KEYS = 1_000;
const NEXT_PAGE_KEYS = 5_000;
export const STEP_BUDGET_MS = 400;

export interface SearchStep extends SearchScope {
  token?: string;
  maxResults: number;
  signal: AbortSignal;
  budgetMs?: number;
}

export async function searchStep(provider: StorageProvider, step: SearchStep): Promise<SearchPage> {
  const scope: SearchScope = { root: step.root, prefix: step.prefix, query: step.query };
  const cursor: SearchCursor = step.token === undefined ? { inner: null, last: null } : decodeSearchToken(scope, step.token);
  const wanted = searchKey(step.query);
  const reserved = provider.capabilities.reservedPrefixes;
  const trusted = provider.capabilities.hash?.trusted ?? false;
  const matches: SearchMatch[] = [];
  const started = performance.now();
  let scanned = 0;
  for (;;) {
    const maxKeys = cursor.inner === null && cursor.last === null ? FIRST_PAGE_KEYS : NEXT_PAGE_KEYS;
    const page = await provider.listFolder(step.root, step.prefix, { recursive: true, maxKeys, signal: step.signal, ...(cursor.inner !== null && { token: cursor.inner }) });
    for (const entry of page.entries) {
      // The service's paths are not trusted to stay under the prefix, nor to come only once.
      if (!entry.path.startsWith(step.prefix) || (cursor.last !== null && compareBytes(entry.path, cursor.last) <= 0)) continue;
      if (matches.length >= step.maxResults) {
        // Full: the next step lists this page again and goes on after `last`.
        return { matches, scanned, nextToken: encodeSearchToken(scope, cursor) };
      }
      scanned++;
      const previous = cursor.last;
      cursor.last = entry.path;
      if (entry.pending || reserved.some((r) => entry.path.startsWith(r))) continue;
      for (const folder of foldersEntered(step.prefix, entry.path, previous)) if (searchKey(nameOf(folder.slice(0, -1))).includes(wanted)) matches.push({ kind: 'folder', prefix: folder });
      if (searchKey(nameOf(entry.path)).includes(wanted)) matches.push({ kind: 'object', entry: entryView(entry, trusted) });
    }
    if (page.nextToken === null) return { matches, scanned, nextToken: null };
    cursor.inner = page.nextToken;
    if (matches.length > 0 || performance.now() - started >= (step.budgetMs ?? STEP_BUDGET_MS)) return { matches, scanned, nextToken: encodeSearchToken(scope, cursor) };
  }
}
