/** Entries as the targets object operations take; view-only folders are not stored, so they are no target. */
import type { ObjectTarget } from '@shared/contract/domain';
import { packageKey, useBrowserStore } from '../../stores/browser-store';
import type { Entry } from './listing';

export function isViewOnly(entry: Entry): boolean {
  return entry.kind === 'folder' && entry.pending;
}

export function toTarget(entry: Entry): ObjectTarget {
  return entry.kind === 'folder' ? { type: 'folder', prefix: entry.prefix } : { type: 'object', objectId: entry.object.objectID, path: entry.object.path, size: entry.size };
}

export function storedTargets(entries: readonly Entry[]): ObjectTarget[] {
  return entries.filter((e) => !isViewOnly(e)).map(toTarget);
}

/**
 * Drops view-only folders at or under these prefixes (deleted), or moves them
 * to a new prefix (renamed), so what the view invented follows what the user did.
 */
export function rewritePendingFolders(connectionId: string, packageId: number, from: readonly string[], to?: (prefix: string, under: string) => string): void {
  const store = useBrowserStore.getState();
  const existing = store.pendingFolders[packageKey(connectionId, packageId)] ?? [];
  const affected = existing.filter((p) => from.some((f) => p.startsWith(f)));
  if (affected.length === 0) return;
  store.removePendingFolders(connectionId, packageId, affected);
  if (!to) return;
  for (const p of affected) {
    const under = from.find((f) => p.startsWith(f))!;
    store.addPendingFolder(connectionId, packageId, to(p, under));
  }
}
