/**
 * Entries as the targets object operations, downloads and drags take; view-only
 * folders are not stored, so they are no target.
 */
import type { ObjectTarget } from '@shared/contract/domain';
import { DRAG_OUT_FOLDER_PREFIX, DRAG_OUT_MAX_OBJECTS } from '@shared/contract/operations';
import { rootKey, useBrowserStore } from '../../stores/browser-store';
import type { Entry, ObjectEntry } from './listing';

export function isViewOnly(entry: Entry): boolean {
  return entry.kind === 'folder' && entry.pending;
}

/** A file as the path and ref of the listing it came from (the ref makes an operation act on that very object). */
function objectRef(entry: ObjectEntry): { path: string; ref?: string } {
  return entry.entry.ref !== undefined ? { path: entry.entry.path, ref: entry.entry.ref } : { path: entry.entry.path };
}

export function toTarget(entry: Entry): ObjectTarget {
  return entry.kind === 'folder' ? { type: 'folder', prefix: entry.prefix } : { type: 'object', ...objectRef(entry), size: entry.size };
}

export function storedTargets(entries: readonly Entry[]): ObjectTarget[] {
  return entries.filter((e) => !isViewOnly(e)).map(toTarget);
}

/**
 * Drops view-only folders at or under these prefixes (deleted), or moves them
 * to a new prefix (renamed), so what the view invented follows what the user did.
 */
export function rewritePendingFolders(connectionId: string, root: string, from: readonly string[], to?: (prefix: string, under: string) => string): void {
  const store = useBrowserStore.getState();
  const existing = store.pendingFolders[rootKey(connectionId, root)] ?? [];
  const affected = existing.filter((p) => from.some((f) => p.startsWith(f)));
  if (affected.length === 0) return;
  store.removePendingFolders(connectionId, root, affected);
  if (!to) return;
  for (const p of affected) {
    const under = from.find((f) => p.startsWith(f))!;
    store.addPendingFolder(connectionId, root, to(p, under));
  }
}

/**
 * What "Download" fetches: the stored part of the selection; with nothing
 * selected, the folder being viewed, where the root's top means the whole
 * root (`undefined`, no targets). `null`: nothing that can be downloaded
 * (only view-only folders are selected).
 */
export function downloadRequest(prefix: string, selected: readonly Entry[]): ObjectTarget[] | undefined | null {
  if (selected.length > 0) {
    const stored = storedTargets(selected);
    return stored.length > 0 ? stored : null;
  }
  return prefix === '' ? undefined : [{ type: 'folder', prefix }];
}

/**
 * What "Publish" sends: the stored part of the selection; with nothing
 * selected, the folder being viewed (a root's top is no folder target: null
 * then, as for a selection of view-only folders only). `name` names the
 * first item for the toast.
 */
export function publishRequest(prefix: string, selected: readonly Entry[]): { targets: ObjectTarget[]; name: string } | null {
  if (selected.length > 0) {
    const stored = selected.filter((e) => !isViewOnly(e));
    return stored.length > 0 ? { targets: stored.map(toTarget), name: stored[0]!.name } : null;
  }
  if (prefix === '') return null;
  return { targets: [{ type: 'folder', prefix }], name: prefix.slice(0, -1).split('/').pop() ?? prefix };
}

export type DragOutPlan = { objects: Array<{ path: string; ref?: string }> } | { problem: 'folders' | 'tooMany' };

/** What dragging these entries out of the window hands to `desktop.dragOut`: files only, at most DRAG_OUT_MAX_OBJECTS. */
export function dragOutPlan(entries: readonly Entry[]): DragOutPlan {
  const objects: Array<{ path: string; ref?: string }> = [];
  for (const entry of entries) {
    if (entry.kind === 'folder') return { problem: 'folders' };
    objects.push(objectRef(entry));
  }
  if (objects.length === 0) return { problem: 'folders' };
  return objects.length > DRAG_OUT_MAX_OBJECTS ? { problem: 'tooMany' } : { objects };
}

/** Whether a dropped file's path on disk lies in a `desktop.dragOut` staging folder (`…/jcs-desktop-drag-XXXX/name`). */
export function isDragOutPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return parts.length >= 2 && parts[parts.length - 2]!.startsWith(DRAG_OUT_FOLDER_PREFIX) && parts[parts.length - 1] !== '';
}
