/**
 * JCS buckets, packages and objects in the provider's neutral shapes. What
 * only JCS has (fileHash, redundancy, ids) goes into `extras` for the details
 * panel; a hash is given only when it can be checked (`Full` + SHA-256), and
 * sync's version token is that fileHash (so journals that stored fileHashes
 * keep matching), or size and update time when the hash cannot be checked.
 */
import { expectedSha256 } from '@shared/jcs/file-hash';
import type { Bucket, JcsObject, Package } from '@shared/jcs/wire';
import type { RemoteEntry, RootNode } from '../storage-provider';
import { bucketRootId, packageRootId } from './jcs-root-ids';

/** The redundancy type of an object whose multipart upload is not complete. */
export const PENDING_REDUNDANCY = 'multipartUpload';

export function isPending(object: JcsObject): boolean {
  return object.redundancy.type === PENDING_REDUNDANCY;
}

export function toRemoteEntry(object: JcsObject): RemoteEntry {
  const pending = isPending(object);
  // A pending object's fileHash (Full + zeros) is no hash of anything.
  const sha256 = pending ? undefined : expectedSha256(object.fileHash);
  return {
    path: object.path,
    size: object.size,
    modified: object.updateTime,
    ...(sha256 === undefined ? {} : { hash: { algorithm: 'sha256' as const, value: sha256 } }),
    ref: String(object.objectID),
    ...(pending ? { pending: true } : {}),
    version: sha256 === undefined ? `${object.size}:${object.updateTime}` : object.fileHash,
    extras: { fileHash: object.fileHash, redundancy: object.redundancy.type, objectID: object.objectID, createTime: object.createTime },
  };
}

export function bucketNode(bucket: Bucket): RootNode {
  return { id: bucketRootId(bucket.bucketID), name: bucket.name, level: 0, parentId: null, createdAt: bucket.createTime ?? null, extras: { bucketID: bucket.bucketID } };
}

export function packageNode(pkg: Package): RootNode {
  return {
    id: packageRootId(pkg.packageID),
    name: pkg.name,
    level: 1,
    parentId: bucketRootId(pkg.bucketID),
    createdAt: pkg.createTime,
    extras: { packageID: pkg.packageID, bucketID: pkg.bucketID },
  };
}
