/**
 * Folder listings in pages. The service lists a whole directory at once, in
 * no promised order, so the adapter sorts byte-wise and pages locally: the
 * page token carries the last key handed out (a file's path, or a folder's
 * prefix ending in '/'), and the next page starts after it. A recursive
 * listing walks sub-folders depth first in the same order (a folder's key
 * with its '/' sorts exactly where its contents do), and skips folders that
 * lie wholly before the token.
 *
 * The service has no paging of its own: every page would list the whole
 * folder again. So a first page (no token) lists afresh and keeps what it
 * got for a minute (a few folders at most), and the pages that continue it
 * read that snapshot: one listing per folder per walk, and pages that agree
 * with each other even if the folder changes meanwhile.
 *
 * Paths the service returns are not trusted: entries are passed on as given,
 * but a request is only ever built from a folder path that passes the path
 * rules (no '..', no empty segment...) and lies under the folder listed, so a
 * hostile listing cannot steer the walk outside it or into a loop.
 */
import { objectPathProblem } from '@shared/jcs/object-path';
import { ProviderError, ProviderErrorCode } from '../provider-errors';
import { byteOrder } from '../provider-paths';
import type { FolderPage, RemoteEntry } from '../storage-provider';
import { toRemoteEntry } from './workspace-entries';
import type { WorkspaceHttp } from './workspace-http';
import { listAnswer, type ListItem } from './workspace-wire';

export const DEFAULT_PAGE_SIZE = 1000;

/** The items of the folder `prefix` ('' or ending in '/'); none when the service says it is not there or not a folder. */
export async function listDirectory(http: WorkspaceHttp, prefix: string, signal?: AbortSignal): Promise<ListItem[]> {
  try {
    const answer = await http.json({ method: 'GET', route: '', query: { path: prefix === '' ? undefined : prefix.slice(0, -1) }, signal }, listAnswer);
    return answer.items;
  } catch (error) {
    // 404: no such folder; 400: a file has that name. Either way no folder is there (as on a service of path prefixes).
    if (error instanceof ProviderError && (error.code === ProviderErrorCode.DataNotFound || error.code === ProviderErrorCode.BadArgument)) return [];
    throw error;
  }
}

/** Where a listing reads a folder's items from. */
export type FolderSource = (prefix: string, signal?: AbortSignal) => Promise<ListItem[]>;

const SNAPSHOT_MS = 60_000;
const SNAPSHOTS = 16;

export class FolderSnapshots {
  private readonly kept = new Map<string, { items: ListItem[]; at: number }>();

  constructor(
    private readonly http: WorkspaceHttp,
    private readonly now: () => number = Date.now,
  ) {}

  /** Fresh items (and kept for the pages after), or, continuing a listing, the kept ones while they are recent. */
  source(continuing: boolean): FolderSource {
    return async (prefix, signal) => {
      const kept = this.kept.get(prefix);
      if (continuing && kept && this.now() - kept.at < SNAPSHOT_MS) return kept.items;
      const items = await listDirectory(this.http, prefix, signal);
      this.kept.delete(prefix);
      this.kept.set(prefix, { items, at: this.now() });
      if (this.kept.size > SNAPSHOTS) this.kept.delete(this.kept.keys().next().value!);
      return items;
    };
  }
}

interface Keyed {
  key: string;
  item: ListItem;
}

function keyed(items: readonly ListItem[]): Keyed[] {
  return items.map((item) => ({ key: item.is_dir ? `${item.path}/` : item.path, item })).sort((a, b) => byteOrder(a.key, b.key));
}

/** One level: files and folders after `after`, at most `max`. */
export async function listLevel(items: FolderSource, prefix: string, max: number, after: string | undefined, signal?: AbortSignal): Promise<{ page: FolderPage; last: string | undefined }> {
  const all = keyed(await items(prefix, signal)).filter((k) => after === undefined || byteOrder(k.key, after) > 0);
  const taken = all.slice(0, max);
  const entries: RemoteEntry[] = [];
  const folders: string[] = [];
  for (const { key, item } of taken) {
    if (item.is_dir) folders.push(key);
    else entries.push(toRemoteEntry(item));
  }
  return { page: { entries, folders, nextToken: null }, last: all.length > max ? taken[taken.length - 1]!.key : undefined };
}

/** Every file under `prefix`, depth first in byte order, after `after`, at most `max`. */
export async function listTree(items: FolderSource, prefix: string, max: number, after: string | undefined, signal?: AbortSignal): Promise<{ page: FolderPage; last: string | undefined }> {
  const entries: RemoteEntry[] = [];
  let more = false;
  // Collects up to max + 1 files: the one beyond says there is another page.
  const walk = async (folder: string, cursor: string | undefined): Promise<boolean> => {
    for (const { key, item } of keyed(await items(folder, signal))) {
      if (item.is_dir) {
        if (!walkable(key, folder)) continue;
        if (cursor !== undefined && !cursor.startsWith(key) && byteOrder(key, cursor) < 0) continue; // wholly before the token
        if (!(await walk(key, cursor !== undefined && cursor.startsWith(key) ? cursor : undefined))) return false;
        continue;
      }
      if (cursor !== undefined && byteOrder(key, cursor) <= 0) continue;
      if (entries.length === max) {
        more = true;
        return false;
      }
      entries.push(toRemoteEntry(item));
    }
    return true;
  };
  await walk(prefix, after);
  return { page: { entries, folders: [], nextToken: null }, last: more ? entries[entries.length - 1]!.path : undefined };
}

/** A folder key the walk may list: a well-formed path strictly under the folder being listed. */
function walkable(key: string, parent: string): boolean {
  return key.startsWith(parent) && key.length > parent.length + 1 && objectPathProblem(key.slice(0, -1)) === undefined;
}
