/**
 * Listing items in the provider's neutral shapes. The service's paths are
 * passed on as it gave them (callers gate them); the version token is size
 * and mtime as the service wrote them (it reports no hash in listings).
 */
import type { RemoteEntry, RootNode } from '../storage-provider';
import { SINGLE_ROOT } from '../storage-provider';
import type { ListItem } from './workspace-wire';

export function toRemoteEntry(item: ListItem): RemoteEntry {
  return {
    path: item.path,
    size: item.size,
    modified: modifiedTime(item.modified_at),
    version: `${item.size}:${item.modified_at}`,
    extras: { modifiedAt: item.modified_at },
  };
}

/** RFC 3339 from UNIX seconds (a float); the epoch for a time that is no date. */
function modifiedTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

export const WORKSPACE_ROOT: RootNode = { id: SINGLE_ROOT, name: 'user_upload', level: 0, parentId: null, createdAt: null, extras: {} };
