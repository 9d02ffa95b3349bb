/**
 * The remote trash of a task (trash-paths.ts), on a service that can keep one
 * (remote-side.ts: move and folders): deleted and replaced versions are moved
 * there by the server, listed, restored by a move back, and deleted once older
 * than the task's limit (where the service can delete). Moves never
 * overwrite: a taken place is tried again as `name (n).ext`.
 *
 * Remote trash entries are paths a service gave: an entry whose path fails the
 * remote path rules is left out of the list (reported through `rejected`), and
 * is never restored or emptied.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';
import type { SyncTrashEntry } from '@shared/contract/sync';
import { ProviderErrorCode } from '../../providers/provider-errors';
import type { EntryRef } from '../../providers/storage-provider';
import { unsafeRemotePathError } from '../paths/local-target';
import { numberedName } from '../transfers/unique-name';
import { TRASH_FOLDER } from './path-filter';
import type { RejectedRemoteEntry } from './remote-scan';
import { remotePolicy, type RemoteSide } from './remote-side';
import { stampTime, trashEntryPath, trashPathFor } from './trash-paths';

/** How many `name (n)` places a move into a taken place tries before it gives up. */
const FREE_NAME_TRIES = 100;
const DELETE_BATCH = 1000;

/** Moves one object to `to` (a path from the root), never overwriting. Fails when the service did not move it. */
export async function moveRemote(side: RemoteSide, from: EntryRef, to: string): Promise<void> {
  const result = await side.provider.move!(side.root, [{ from, to }], side.root);
  const failure = result.failed[0];
  if (failure || !result.done.includes(to)) {
    throw new AppError(AppErrorCode.OperationFailed, `the service did not move '${showRemotePath(from.path)}' to '${showRemotePath(to)}' (${failure?.message ?? 'it changed meanwhile?'})`, { params: { path: showRemotePath(to) } });
  }
}

/**
 * Moves one object to `to`, or to `name (n).ext` beside it when that place is
 * taken (an earlier deletion of the same path in the same second, a restore
 * onto a path in use). Returns where it went.
 */
async function moveToFreePlace(side: RemoteSide, from: EntryRef, to: string): Promise<string> {
  const slash = to.lastIndexOf('/');
  for (let n = 0; n <= FREE_NAME_TRIES; n++) {
    const candidate = n === 0 ? to : to.slice(0, slash + 1) + numberedName(to.slice(slash + 1), n);
    const result = await side.provider.move!(side.root, [{ from, to: candidate }], side.root);
    if (result.done.includes(candidate)) return candidate;
    if (result.failed[0]?.code !== ProviderErrorCode.Conflict) break; // the object itself is gone, or the service said no
  }
  throw new AppError(AppErrorCode.OperationFailed, `the service did not move '${showRemotePath(from.path)}' to '${showRemotePath(to)}' (it changed meanwhile?)`, { params: { path: showRemotePath(to) } });
}

/** Moves an object into this run's remote trash; returns its trash path relative to the task's folder. */
export async function moveRemoteToTrash(side: RemoteSide, from: EntryRef, rel: string, stamp: string): Promise<string> {
  const to = await moveToFreePlace(side, from, side.remotePath + trashPathFor(stamp, rel));
  return to.slice(side.remotePath.length);
}

interface ListedTrashEntry {
  entry: SyncTrashEntry;
  ref: EntryRef;
}

async function listTrash(side: RemoteSide, rejected?: (entry: RejectedRemoteEntry) => void): Promise<ListedTrashEntry[]> {
  if (!remotePolicy(side.provider).trash) return []; // this service keeps no remote trash: what sync removes there is in the local one
  const out: ListedTrashEntry[] = [];
  const { remotePath } = side;
  const prefix = `${remotePath}${TRASH_FOLDER}/`;
  let token: string | null = null;
  do {
    const page = await side.provider.listFolder(side.root, prefix, { recursive: true, maxKeys: 1000, ...(token === null ? {} : { token }) });
    for (const o of page.entries) {
      if (o.pending) continue;
      const entry = o.path.startsWith(prefix) ? trashEntryPath(o.path.slice(remotePath.length)) : { reason: 'notUnderFolder' as const, detail: "is not inside the task's remote trash" };
      if (typeof entry !== 'string') {
        rejected?.({ path: o.path, problem: entry, message: unsafeRemotePathError(o.path, entry).message });
        continue;
      }
      const rest = o.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const deletedAt = slash > 0 ? stampTime(rest.slice(0, slash)) : undefined;
      if (deletedAt === undefined) continue;
      out.push({ entry: { side: 'remote', path: rest.slice(slash + 1), trashPath: `${TRASH_FOLDER}/${rest}`, deletedAt, size: o.size }, ref: { path: o.path, ...(o.ref === undefined ? {} : { ref: o.ref }) } });
    }
    token = page.nextToken;
  } while (token !== null);
  return out;
}

export async function listRemoteTrash(side: RemoteSide, rejected?: (entry: RejectedRemoteEntry) => void): Promise<SyncTrashEntry[]> {
  return (await listTrash(side, rejected)).map((t) => t.entry).sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Puts a remote trash entry back where it was (as `name (n)` if that place is taken). Returns the restored path. */
export async function restoreRemote(side: RemoteSide, trashPath: string): Promise<string> {
  const entry = trashEntryPath(trashPath);
  if (typeof entry !== 'string') throw unsafeRemotePathError(trashPath, entry, 'it cannot be restored');
  if (!remotePolicy(side.provider).trash) throw new AppError(AppErrorCode.Unsupported, 'this service keeps no remote trash (it cannot move objects); what sync removed there is in the local trash');
  const object = await side.provider.stat(side.root, side.remotePath + trashPath);
  if (!object || object.path !== side.remotePath + trashPath) throw new AppError(AppErrorCode.NotFound, `'${trashPath}' is no longer in the remote trash`, { params: { path: showRemotePath(trashPath) } });
  const to = await moveToFreePlace(side, { path: object.path, ...(object.ref === undefined ? {} : { ref: object.ref }) }, side.remotePath + entry);
  return to.slice(side.remotePath.length);
}

/** Deletes remote trash entries deleted before `limit` (a time), where the service can delete; returns how many. */
export async function purgeRemoteTrash(side: RemoteSide, limit: number): Promise<number> {
  if (!side.provider.delete) return 0;
  const old = (await listTrash(side)).filter((t) => t.entry.deletedAt < limit).map((t) => t.ref);
  let purged = 0;
  for (let i = 0; i < old.length; i += DELETE_BATCH) purged += (await side.provider.delete(side.root, old.slice(i, i + DELETE_BATCH))).done.length;
  return purged;
}
