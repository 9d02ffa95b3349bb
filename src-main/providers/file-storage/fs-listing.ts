/**
 * Listings of the flat File Storage service, in the two forms the provider
 * interface has:
 *
 * - With a query (`sort`, `filter` or `offset`): the service sorts, filters
 *   and pages; the page token is the next item offset. This is what a
 *   virtualized list of 20,000 files uses. `filter.name` is passed as the
 *   service's `name` parameter: a service that matches it exactly (the seed
 *   does not say) finds exact names only; exact lookups (`named`) keep only
 *   exact matches either way, so they work on both.
 * - Without: the interface promises byte-wise UTF-8 name order across pages.
 *   A service may sort names by a collation of its own (case-insensitive,
 *   locale), and offsets over a list that changes between requests skip or
 *   repeat entries, so the client does not rely on the service's order here:
 *   it reads the whole list (pages of 1,000, `orderBy=name`), sorts it by
 *   name bytes then id (names are not unique), and serves pages from that
 *   snapshot. A token carries the snapshot's id and the (name, id) of the
 *   last entry given; a snapshot that has expired (kept 2 minutes, 4 at most)
 *   is read again and the listing resumes after that cursor. These listings
 *   are for sync and folder transfers, which read everything anyway.
 */
import { randomBytes } from 'node:crypto';
import { decodePageToken, encodePageToken, type ListingScope } from '../page-tokens';
import { invalidInput, ProviderTransportError } from '../provider-errors';
import type { FolderPage, ListOptions, ListSort } from '../storage-provider';
import { byNameThenId, entryOf } from './fs-entries';
import type { FsPaging } from './fs-paging';
import type { WireFile, WireOrderBy } from './fs-wire';

const SERVICE_PAGE = 1000;
const DEFAULT_QUERY_PAGE = 100;
const MAX_PAGE = 1000;
const MAX_SNAPSHOT_ENTRIES = 200_000;
const SNAPSHOT_TTL_MS = 2 * 60_000;
const MAX_SNAPSHOTS = 4;

const ORDER_BY: Readonly<Record<ListSort['field'], WireOrderBy>> = { name: 'name', size: 'size', modified: 'updated', created: 'created', type: 'maintype' };

interface Snapshot {
  files: WireFile[];
  expires: number;
}

export class FsListing {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly paging: FsPaging) {}

  async page(scope: ListingScope, options: ListOptions): Promise<FolderPage> {
    const maxKeys = options.maxKeys === undefined ? undefined : Math.min(MAX_PAGE, Math.max(1, Math.floor(options.maxKeys)));
    if (options.sort || options.filter || options.offset !== undefined) return this.queryPage(scope, options, maxKeys ?? DEFAULT_QUERY_PAGE);
    return this.pathOrderPage(scope, options, maxKeys ?? MAX_PAGE);
  }

  private async queryPage(scope: ListingScope, options: ListOptions, maxKeys: number): Promise<FolderPage> {
    let offset = options.offset ?? 0;
    if (options.token !== undefined) {
      const inner = decodePageToken(scope, options.token);
      const match = /^q:(\d{1,9})$/.exec(inner);
      if (!match) throw invalidInput('token: not a token of a sorted or filtered listing');
      offset = Number(match[1]);
    }
    const query = {
      orderBy: ORDER_BY[options.sort?.field ?? 'name'],
      order: options.sort?.order ?? 'asc',
      ...(options.filter?.name ? { name: options.filter.name } : {}),
      ...(options.filter?.type ? { maintype: options.filter.type } : {}),
    };
    const { files, total } = await this.paging.slice(query, offset, maxKeys, options.signal);
    const next = offset + files.length;
    return { entries: files.map(entryOf), folders: [], nextToken: files.length > 0 && next < total ? encodePageToken(scope, `q:${next}`) : null, total };
  }

  private async pathOrderPage(scope: ListingScope, options: ListOptions, maxKeys: number): Promise<FolderPage> {
    let snapshotId: string | null = null;
    let after: { name: string; id: string } | null = null;
    if (options.token !== undefined) {
      const inner = decodePageToken(scope, options.token);
      let parsed: unknown;
      try {
        parsed = JSON.parse(inner);
      } catch {
        parsed = null;
      }
      const cursor = parsed as { s?: unknown; n?: unknown; i?: unknown } | null;
      if (!cursor || typeof cursor.s !== 'string' || typeof cursor.n !== 'string' || typeof cursor.i !== 'string') throw invalidInput('token: not a token of a name-ordered listing');
      snapshotId = cursor.s;
      after = { name: cursor.n, id: cursor.i };
    }
    const [id, snapshot] = await this.snapshot(snapshotId, options.signal);
    let start = 0;
    if (after) {
      const cursor = after;
      // First entry past the cursor (binary search: the snapshot is sorted).
      let lo = 0;
      let hi = snapshot.files.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (byNameThenId(snapshot.files[mid]!, cursor) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const files = snapshot.files.slice(start, start + maxKeys);
    const last = files[files.length - 1];
    const more = start + files.length < snapshot.files.length;
    return {
      entries: files.map(entryOf),
      folders: [],
      nextToken: more && last ? encodePageToken(scope, JSON.stringify({ s: id, n: last.name, i: last.id })) : null,
      total: snapshot.files.length,
    };
  }

  private async snapshot(id: string | null, signal?: AbortSignal): Promise<[string, Snapshot]> {
    const now = Date.now();
    for (const [key, snap] of this.snapshots) if (snap.expires < now) this.snapshots.delete(key);
    const kept = id ? this.snapshots.get(id) : undefined;
    if (id && kept) return [id, kept];
    const files = await this.readAll(signal);
    const fresh: Snapshot = { files, expires: now + SNAPSHOT_TTL_MS };
    const newId = randomBytes(9).toString('base64url');
    this.snapshots.set(newId, fresh);
    while (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    return [newId, fresh];
  }

  /** Every file, sorted by name bytes then id, each once. */
  private async readAll(signal?: AbortSignal): Promise<WireFile[]> {
    const byId = new Map<string, WireFile>();
    for (let offset = 0; ; offset += SERVICE_PAGE) {
      const { files, total } = await this.paging.slice({ orderBy: 'name', order: 'asc' }, offset, SERVICE_PAGE, signal);
      for (const file of files) byId.set(file.id, file);
      if (byId.size > MAX_SNAPSHOT_ENTRIES) throw new ProviderTransportError(`the service holds more than ${MAX_SNAPSHOT_ENTRIES} files; list it sorted or filtered instead`, false, 'GET /file/list');
      if (files.length < SERVICE_PAGE || offset + files.length >= total) break;
    }
    return [...byId.values()].sort(byNameThenId);
  }

  /** The files named exactly `name`, newest first (the `name` filter may match substrings: only exact names are kept). */
  async named(name: string, signal?: AbortSignal): Promise<WireFile[]> {
    const exact: WireFile[] = [];
    for (let offset = 0; ; offset += SERVICE_PAGE) {
      const { files, total } = await this.paging.slice({ name, orderBy: 'created', order: 'desc' }, offset, SERVICE_PAGE, signal);
      exact.push(...files.filter((f) => f.name === name));
      if (files.length < SERVICE_PAGE || offset + files.length >= total || offset > MAX_SNAPSHOT_ENTRIES) break;
    }
    return exact.sort((a, b) => b.created - a.created || b.updated - a.updated || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }
}
