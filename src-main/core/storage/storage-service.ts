/**
 * Buckets, packages and folder listings on a connection. Mutations announce
 * themselves with `storage.changed`, so every open view (other windows, other
 * browser tabs in headless mode) refreshes.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { Bucket, ObjectPage, Package } from '@shared/contract/domain';
import { entityNameProblem } from '@shared/jcs/names';
import { pathPrefixProblem } from '@shared/jcs/object-path';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';

/** Entries per listing page when the renderer does not ask for a size. */
export const DEFAULT_PAGE_SIZE = 1000;

export class StorageService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly events: EventBus,
  ) {}

  listBuckets(connectionId: string): Promise<Bucket[]> {
    return this.connections.client(connectionId).listBuckets();
  }

  async createBucket(connectionId: string, name: string): Promise<Bucket> {
    requireName(name);
    const bucket = await this.connections.client(connectionId).createBucket(name);
    this.events.emit('storage.changed', { connectionId, scope: 'buckets', bucketId: null, packageId: null });
    return bucket;
  }

  async deleteBucket(connectionId: string, bucketId: number): Promise<void> {
    await this.connections.client(connectionId).deleteBucket(bucketId);
    this.events.emit('storage.changed', { connectionId, scope: 'buckets', bucketId, packageId: null });
  }

  listPackages(connectionId: string, bucketId: number): Promise<Package[]> {
    return this.connections.client(connectionId).listBucketPackages(bucketId);
  }

  async createPackage(connectionId: string, bucketId: number, name: string): Promise<Package> {
    requireName(name);
    const pkg = await this.connections.client(connectionId).createPackage(bucketId, name);
    this.events.emit('storage.changed', { connectionId, scope: 'packages', bucketId, packageId: pkg.packageID });
    return pkg;
  }

  async deletePackage(connectionId: string, packageId: number): Promise<void> {
    const client = this.connections.client(connectionId);
    const pkg = await client.getPackage(packageId);
    await client.deletePackage(packageId);
    this.events.emit('storage.changed', { connectionId, scope: 'packages', bucketId: pkg.bucketID, packageId });
  }

  /** One page of a folder ('' is the package root, otherwise a prefix ending in '/'). */
  async listFolder(connectionId: string, packageId: number, prefix: string, continuationToken: string | undefined, maxKeys = DEFAULT_PAGE_SIZE): Promise<ObjectPage> {
    if (prefix !== '' && !prefix.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `prefix: a folder prefix must be empty or end with '/'`);
    const problem = pathPrefixProblem(prefix);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' ${problem}`);
    const page = await this.connections.client(connectionId).listByPath({ packageID: packageId, path: prefix, isPrefix: true, noRecursive: true, maxKeys, continuationToken });
    return {
      objects: page.objects,
      folders: page.commonPrefixes,
      nextToken: page.isTruncated && page.nextContinuationToken ? page.nextContinuationToken : null,
    };
  }
}

function requireName(name: string): void {
  const problem = entityNameProblem(name);
  if (problem) throw new AppError(AppErrorCode.InvalidInput, `name: '${name}' ${problem}`);
}
