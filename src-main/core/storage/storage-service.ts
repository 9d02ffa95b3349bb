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
import type { RemoteEntry, RootNode } from '../../providers/storage-provider';
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
    return (await this.connections.provider(connectionId).listRoots(parentId)).map(rootView);
  }

  async getRoot(connectionId: string, rootId: string): Promise<RootNodeView> {
    return rootView(await this.connections.provider(connectionId).getRoot(rootId));
  }

  async createRoot(connectionId: string, parentId: string | null, name: string): Promise<RootNodeView> {
    requireName(name);
    const provider = this.connections.provider(connectionId);
    const level = parentId === null ? 0 : (await provider.getRoot(parentId)).level + 1;
    if (!provider.createRoot || !provider.capabilities.rootLevels[level]?.create) throw new AppError(AppErrorCode.Unsupported, `this service cannot create a ${provider.capabilities.rootLevels[level]?.key ?? 'root'} here`);
    const root = await provider.createRoot(parentId, name);
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
  async listFolder(connectionId: string, root: string, prefix: string, continuationToken: string | undefined, maxKeys = DEFAULT_PAGE_SIZE): Promise<ObjectPage> {
    if (prefix !== '' && !prefix.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `prefix: a folder prefix must be empty or end with '/'`);
    const problem = pathPrefixProblem(prefix);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' ${problem}`);
    const provider = this.connections.provider(connectionId);
    const page = await provider.listFolder(root, prefix, { token: continuationToken, maxKeys });
    const trusted = provider.capabilities.hash?.trusted ?? false;
    return { entries: page.entries.map((e) => entryView(e, trusted)), folders: page.folders, nextToken: page.nextToken };
  }
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
