/**
 * The roots of a connection (JCS: buckets, then packages) and folder listings,
 * through the connection's provider. Mutations announce themselves with
 * `storage.changed`, so every open view (other windows, other browser tabs in
 * headless mode) refreshes. What the provider says is passed on as neutral
 * shapes: roots with their level, entries with their hash and whether a
 * transfer of them can be verified.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectPage } from '@shared/contract/domain';
import type { RemoteEntry as RemoteEntryView, RootNode as RootNodeView } from '@shared/contract/locations';
import { entityNameProblem } from '@shared/jcs/names';
import { pathPrefixProblem } from '@shared/jcs/object-path';
import type { Capabilities, ListFilter, ListSort, RemoteEntry, RootNode, StorageUsage } from '../../providers/storage-provider';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';

/** Entries per listing page when the renderer does not ask for a size. */
export const DEFAULT_PAGE_SIZE = 1000;

export class StorageService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly events: EventBus,
  ) {}

  async listRoots(connectionId: string, parentId: string | null): Promise<RootNodeView[]> {
    const roots = await this.connections.provider(connectionId).listRoots(parentId);
    for (const root of roots) this.connections.rootNames.record(connectionId, root);
    return roots.map(rootView);
  }

  async getRoot(connectionId: string, rootId: string): Promise<RootNodeView> {
    const root = await this.connections.provider(connectionId).getRoot(rootId);
    this.connections.rootNames.record(connectionId, root);
    return rootView(root);
  }

  async createRoot(connectionId: string, parentId: string | null, name: string): Promise<RootNodeView> {
    requireName(name);
    const provider = this.connections.provider(connectionId);
    const level = parentId === null ? 0 : (await provider.getRoot(parentId)).level + 1;
    if (!provider.createRoot || !provider.capabilities.rootLevels[level]?.create) throw new AppError(AppErrorCode.Unsupported, `this service cannot create a ${provider.capabilities.rootLevels[level]?.key ?? 'root'} here`);
    const root = await provider.createRoot(parentId, name);
    this.connections.rootNames.record(connectionId, root);
    this.events.emit('storage.changed', { connectionId, scope: 'roots', parentId, rootId: root.id });
    return rootView(root);
  }

  async deleteRoot(connectionId: string, rootId: string): Promise<void> {
    const provider = this.connections.provider(connectionId);
    const root = await provider.getRoot(rootId);
    if (!provider.deleteRoot || !provider.capabilities.rootLevels[root.level]?.delete) throw new AppError(AppErrorCode.Unsupported, `this service cannot delete its ${provider.capabilities.rootLevels[root.level]?.key ?? 'root'}s`);
    await provider.deleteRoot(rootId);
    this.events.emit('storage.changed', { connectionId, scope: 'roots', parentId: root.parentId, rootId });
  }

  /** One page of a folder ('' is the root itself, otherwise a prefix ending in '/'). */
  async listFolder(connectionId: string, root: string, prefix: string, continuationToken: string | undefined, maxKeys = DEFAULT_PAGE_SIZE, query: ListingQuery = {}): Promise<ObjectPage> {
    if (prefix !== '' && !prefix.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `prefix: a folder prefix must be empty or end with '/'`);
    const problem = pathPrefixProblem(prefix);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' ${problem}`);
    const provider = this.connections.provider(connectionId);
    const queryProblem = listingQueryProblem(provider.capabilities, query, continuationToken);
    if (queryProblem) throw new AppError(AppErrorCode.InvalidInput, queryProblem);
    const page = await provider.listFolder(root, prefix, { token: continuationToken, maxKeys, ...query });
    const trusted = provider.capabilities.hash?.trusted ?? false;
    const view: ObjectPage = { entries: page.entries.map((e) => entryView(e, trusted)), folders: page.folders, nextToken: page.nextToken };
    if (page.total !== undefined) view.total = page.total;
    return view;
  }

  /** How much the service holds (where its capabilities say it can tell). */
  async usage(connectionId: string): Promise<StorageUsage> {
    const provider = this.connections.provider(connectionId);
    if (!provider.usage || !provider.capabilities.usage) throw new AppError(AppErrorCode.Unsupported, 'this service does not report how much it holds');
    return provider.usage();
  }
}

export interface ListingQuery {
  sort?: ListSort;
  filter?: ListFilter;
  offset?: number;
}

/** Why the service cannot answer this listing query (what its `listQuery` capability rules out), or undefined. */
function listingQueryProblem(capabilities: Capabilities, query: ListingQuery, token: string | undefined): string | undefined {
  const { sort, filter, offset } = query;
  if (!sort && !filter && offset === undefined) return undefined;
  const rules = capabilities.listQuery;
  if (!rules) return 'this service lists in name order only: sort, filter and offset are not available';
  if (sort && !rules.sortFields.includes(sort.field)) return `sort: this service cannot sort by ${sort.field}`;
  for (const field of Object.keys(filter ?? {}) as Array<keyof ListFilter>) if (!rules.filters.includes(field)) return `filter: this service cannot filter by ${field}`;
  if (offset !== undefined && !rules.offsets) return 'offset: this service pages by continuation token only';
  if (offset !== undefined && token !== undefined) return 'offset: give an offset or a continuation token, not both';
  return undefined;
}

export function rootView(root: RootNode): RootNodeView {
  return { id: root.id, name: root.name, level: root.level, parentId: root.parentId, createdAt: root.createdAt, extras: { ...root.extras } };
}

/** An entry as the renderer sees it: `verifiable` when the service's own hash of it can check a transfer. */
export function entryView(entry: RemoteEntry, trustedHash: boolean): RemoteEntryView {
  const view: RemoteEntryView = { path: entry.path, size: entry.size, modified: entry.modified, verifiable: trustedHash && entry.hash !== undefined, extras: { ...entry.extras } };
  if (entry.hash) view.hash = { ...entry.hash };
  if (entry.etag !== undefined) view.etag = entry.etag;
  if (entry.ref !== undefined) view.ref = entry.ref;
  if (entry.pending) view.pending = true;
  return view;
}

function requireName(name: string): void {
  const problem = entityNameProblem(name);
  if (problem) throw new AppError(AppErrorCode.InvalidInput, `name: '${name}' ${problem}`);
}
