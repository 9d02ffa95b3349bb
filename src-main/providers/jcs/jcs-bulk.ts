/**
 * Move, copy, rename and delete on JCS, reported per item.
 * - Move never overwrites on JCS: what the service leaves out of `successes`
 *   is looked up to say why (`Conflict`: the target is taken; `DataNotFound`:
 *   the object is gone).
 * - Clone replaces what is at its destination on JCS, so copy looks at the
 *   destinations first and refuses taken ones (this is not atomic: a write by
 *   someone else between the look and the clone is replaced, as before). A
 *   batch the service refuses as a whole (one source gone or still being
 *   uploaded) is sent again item by item, so the failure lands on its item.
 * - Delete goes by objectID; objects already gone count as deleted.
 */
import { ProviderError, ProviderErrorCode, ProviderTransportError } from '../provider-errors';
import { parentFolder, requireObjectPath, requireSegment } from '../provider-paths';
import type { BulkResult, EntryRef, ItemFailure, MoveItem, RemoteEntry } from '../storage-provider';
import type { JcsClient } from './jcs-client';
import { toRemoteEntry } from './jcs-entries';
import { mapped, toProviderError } from './jcs-error-map';
import { objectAt, objectIdOf } from './jcs-lookup';

const MOVE_BATCH = 1000;
const DELETE_BATCH = 1000;
const CLONE_BATCH = 500;
/** A destination folder receiving more items than this is listed once instead of looked up item by item. */
const LIST_FOLDER_ABOVE = 16;
const LIST_PAGE = 1000;

interface Resolved {
  item: MoveItem;
  objectID: number;
}

export async function moveObjects(client: JcsClient, packageID: number, items: readonly MoveItem[], targetPackageID: number, signal?: AbortSignal): Promise<BulkResult> {
  requireItemPaths(items);
  return mapped(async () => {
    const result: BulkResult = { done: [], failed: [] };
    for (let i = 0; i < items.length; i += MOVE_BATCH) {
      signal?.throwIfAborted();
      const batch = await resolveItems(client, packageID, items.slice(i, i + MOVE_BATCH), result.failed, signal);
      if (batch.length === 0) continue;
      const moved = new Set(await client.moveObjects(batch.map((r) => ({ objectID: r.objectID, packageID: targetPackageID, path: r.item.to })), signal));
      for (const r of batch) {
        if (moved.has(r.objectID)) result.done.push(r.item.to);
        else result.failed.push(await explainMoveFailure(client, targetPackageID, r, signal));
      }
    }
    return result;
  });
}

export async function copyObjects(client: JcsClient, packageID: number, items: readonly MoveItem[], targetPackageID: number, signal?: AbortSignal): Promise<BulkResult> {
  requireItemPaths(items);
  return mapped(async () => {
    const result: BulkResult = { done: [], failed: [] };
    const resolved = await resolveItems(client, packageID, items, result.failed, signal);
    const taken = await takenPaths(client, targetPackageID, resolved.map((r) => r.item.to), signal);
    const todo = resolved.filter((r) => {
      if (!taken.has(r.item.to)) {
        taken.add(r.item.to); // two items of this copy landing on one path would replace each other too
        return true;
      }
      result.failed.push(conflict(r.item.to));
      return false;
    });
    for (let i = 0; i < todo.length; i += CLONE_BATCH) {
      signal?.throwIfAborted();
      await cloneBatch(client, todo.slice(i, i + CLONE_BATCH), targetPackageID, result, signal);
    }
    return result;
  });
}

export async function renameObject(client: JcsClient, packageID: number, entry: EntryRef, newName: string, signal?: AbortSignal): Promise<RemoteEntry> {
  requireSegment(newName, 'newName');
  const to = parentFolder(requireObjectPath(entry.path, 'entry.path')) + newName;
  requireObjectPath(to, 'new path');
  const result = await moveObjects(client, packageID, [{ from: entry, to }], packageID, signal);
  const failure = result.failed[0];
  if (failure) throw new ProviderError(failure.code, failure.message);
  const renamed = await mapped(() => objectAt(client, packageID, to, signal));
  if (!renamed) throw new ProviderError(ProviderErrorCode.OperationFailed, `'${to}' was gone right after the rename`);
  return toRemoteEntry(renamed);
}

export async function deleteObjects(client: JcsClient, packageID: number, entries: readonly EntryRef[], signal?: AbortSignal): Promise<BulkResult> {
  for (const entry of entries) if (entry.ref === undefined) requireObjectPath(entry.path);
  return mapped(async () => {
    const done: string[] = [];
    for (let i = 0; i < entries.length; i += DELETE_BATCH) {
      signal?.throwIfAborted();
      const batch = entries.slice(i, i + DELETE_BATCH);
      const ids: number[] = [];
      for (const entry of batch) {
        const id = await objectIdOf(client, packageID, entry, signal);
        if (id !== undefined) ids.push(id); // nothing at the path: already deleted
      }
      if (ids.length > 0) await client.deleteObjects(ids, signal);
      done.push(...batch.map((e) => e.path));
    }
    return { done, failed: [] };
  });
}

function requireItemPaths(items: readonly MoveItem[]): void {
  for (const item of items) {
    requireObjectPath(item.to, 'to');
    if (item.from.ref === undefined) requireObjectPath(item.from.path, 'from.path');
  }
}

/** The objectIDs of the items; those that name nothing are added to `failed` as gone. */
async function resolveItems(client: JcsClient, packageID: number, items: readonly MoveItem[], failed: ItemFailure[], signal?: AbortSignal): Promise<Resolved[]> {
  const resolved: Resolved[] = [];
  for (const item of items) {
    const objectID = await objectIdOf(client, packageID, item.from, signal);
    if (objectID === undefined) failed.push(gone(item.to, item.from.path));
    else resolved.push({ item, objectID });
  }
  return resolved;
}

async function explainMoveFailure(client: JcsClient, targetPackageID: number, r: Resolved, signal?: AbortSignal): Promise<ItemFailure> {
  const occupant = await objectAt(client, targetPackageID, r.item.to, signal);
  if (occupant && occupant.objectID !== r.objectID) return conflict(r.item.to);
  return gone(r.item.to, r.item.from.path);
}

/** Which of `paths` hold an object in the package now. */
async function takenPaths(client: JcsClient, packageID: number, paths: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const byFolder = new Map<string, Set<string>>();
  for (const path of paths) {
    const folder = parentFolder(path);
    const wanted = byFolder.get(folder) ?? new Set<string>();
    wanted.add(path);
    byFolder.set(folder, wanted);
  }
  const taken = new Set<string>();
  for (const [folder, wanted] of byFolder) {
    if (wanted.size <= LIST_FOLDER_ABOVE) {
      for (const path of wanted) if (await objectAt(client, packageID, path, signal)) taken.add(path);
      continue;
    }
    let token: string | undefined;
    do {
      const page = await client.listByPath({ packageID, path: folder, isPrefix: true, noRecursive: true, maxKeys: LIST_PAGE, continuationToken: token }, signal);
      for (const object of page.objects) if (wanted.has(object.path)) taken.add(object.path);
      if (page.isTruncated && !page.nextContinuationToken) throw new ProviderTransportError('listing is truncated but has no continuation token', false, '/object/listByPath');
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
  }
  return taken;
}

async function cloneBatch(client: JcsClient, batch: readonly Resolved[], targetPackageID: number, result: BulkResult, signal?: AbortSignal): Promise<void> {
  const clone = (rs: readonly Resolved[]) => client.cloneObjects(rs.map((r) => ({ objectID: r.objectID, newPath: r.item.to, newPackageID: targetPackageID })), signal);
  try {
    await clone(batch);
    result.done.push(...batch.map((r) => r.item.to));
    return;
  } catch (error) {
    refusal(error); // anything but a refusal (network trouble, a 5xx) fails the call
  }
  for (const r of batch) {
    try {
      await clone([r]);
      result.done.push(r.item.to);
    } catch (error) {
      result.failed.push(itemFailure(r, refusal(error)));
    }
  }
}

/** The service's refusal of a request, or a throw of anything else. */
function refusal(error: unknown): ProviderError {
  const mapped = toProviderError(error);
  if (mapped instanceof ProviderError && !mapped.retryable) return mapped;
  throw mapped;
}

function itemFailure(r: Resolved, error: ProviderError): ItemFailure {
  if (error.code === ProviderErrorCode.DataNotFound) return gone(r.item.to, r.item.from.path);
  return { path: r.item.to, code: error.code, message: error.message };
}

function conflict(path: string): ItemFailure {
  return { path, code: ProviderErrorCode.Conflict, message: `'${path}' already exists` };
}

function gone(to: string, from: string): ItemFailure {
  return { path: to, code: ProviderErrorCode.DataNotFound, message: `the object for '${from}' no longer exists` };
}

