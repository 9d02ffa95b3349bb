/**
 * Settling a conflict the way the user chose. A conflict already kept both
 * versions (sync-executor.ts): one at the path, the other under its conflict
 * name (`keptAs`). Where each one is follows from which side was renamed:
 *
 * - renamed 'remote' (two-way and upload tasks): this computer's version is at
 *   the path, the package's under keptAs (in the package, and here too in a
 *   two-way task).
 * - renamed 'local' (download tasks, and two-way tasks on a service without
 *   moves): the package's version is at the path, this computer's under keptAs
 *   (here, and in the package too in a two-way task).
 *
 * "Keep mine" and "keep theirs" make the chosen version the one at the path
 * and move the other into the trash (never deleted: the trash is restorable);
 * "keep both" leaves both names as they are. Changes are made on this
 * computer's side, and a scoped run then carries them to the package by the
 * task's own rules (its trash, its copies for a service without one, its
 * direction: a download task never writes the package, so "keep mine" there
 * is a kept change). The one exception is an upload task's package-only
 * version: it is moved in the package, and "keep theirs" downloads it over
 * the local file (which goes to the local trash, as every replaced file does).
 *
 * Every choice is re-checked first: the conflict's files, on both sides, must
 * be exactly as they were when the list the user chose from was made
 * (`version`), and no transfer of the task may be busy with them; otherwise
 * nothing is done and the user is told why.
 */
import { createHash } from 'node:crypto';
import { lstat, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { SyncConflictChoice } from '@shared/contract/sync';
import { showRemotePath } from '@shared/paths/remote-path';
import { requireLocalTarget } from '../paths/local-target';
import { moveLocalToTrash } from './local-trash';
import { statRemote } from './remote-scan';
import { remotePolicy } from './remote-side';
import { moveRemote, moveRemoteToTrash } from './remote-trash';
import type { RunHost } from './sync-run';
import { checkRoot, makeFolderBelowRoot, rootIdentity } from './sync-root';
import type { StoredConflict } from './sync-store';
import { trashStamp } from './trash-paths';
import { downloadRequest } from './transfer-requests';

/** What resolving needs of its task (the runner). */
export type ResolveHost = Pick<RunHost, 'id' | 'config' | 'store' | 'transfers' | 'remote' | 'now'>;

const EXACT = { platform: process.platform, names: 'exact', suffix: '' } as const;

function localFile(host: ResolveHost, rel: string): string {
  return requireLocalTarget(host.config.localPath, rel, EXACT);
}

/** A fingerprint of both names on both sides as they are now. */
export async function conflictVersion(host: ResolveHost, conflict: StoredConflict): Promise<string> {
  const parts: string[] = [];
  const remote = host.remote();
  for (const rel of [conflict.path, conflict.keptAs]) {
    const info = await lstat(localFile(host, rel)).catch(() => undefined);
    parts.push(info ? `L${info.isFile() ? 'f' : 'o'}:${info.size}:${Math.floor(info.mtimeMs)}:${info.ino}` : 'L-');
    const r = await statRemote(remote, rel);
    parts.push(r ? `R${r.size}:${r.ref ?? ''}:${r.version}` : 'R-');
  }
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}

/** Settles one conflict; returns the paths a scoped run should look at next (empty: none needed). */
export async function resolveConflict(host: ResolveHost, conflict: StoredConflict, choice: SyncConflictChoice, version: string): Promise<string[]> {
  const shown = showRemotePath(conflict.path);
  const busy = new Set(host.transfers.busyPaths());
  if (busy.has(conflict.path) || busy.has(conflict.keptAs)) {
    throw new AppError(AppErrorCode.Conflict, `'${shown}' is being transferred now; nothing was changed (try again when the transfer has finished)`, { params: { path: shown } });
  }
  if ((await conflictVersion(host, conflict)) !== version) {
    throw new AppError(AppErrorCode.Conflict, `'${shown}' or its conflict copy changed since the list was shown; nothing was changed (look again, then choose)`, { params: { path: shown, changedSince: 1 } });
  }
  const done = (): string[] => {
    host.store.dropConflict(host.id, conflict.id);
    host.store.log(host.id, 'info', { code: 'conflictResolved', params: { choice, keptAs: conflict.keptAs } }, conflict.path);
    return [];
  };
  if (choice === 'both') return done();

  const { direction } = host.config;
  if (direction === 'upload') {
    // The package's version is in the package only (keptAs); this computer's is at the path on both sides.
    await resolveInPackage(host, conflict, choice);
    return done();
  }
  // Two-way and download tasks hold both versions here: settle it here, and let a run carry it to the package.
  const policy = remotePolicy(host.remote().provider);
  const twoWay = direction === 'twoWay';
  // Without a remote trash the package's conflict copy can only go by the run's propagated deletion (a copy kept here
  // first); a task that does not propagate deletions would bring it back, so the choice is refused before anything moves.
  if (twoWay && !policy.trash && !(host.config.options.propagateDeletions && policy.deletes)) {
    throw new AppError(AppErrorCode.Unsupported, `this task does not carry deletions to the package, so the package's copy '${showRemotePath(conflict.keptAs)}' would come back; nothing was changed (keep both instead)`, {
      params: { path: shown },
    });
  }
  const mineAt = conflict.renamed === 'remote' ? conflict.path : conflict.keptAs;
  const keep = choice === 'mine' ? mineAt : mineAt === conflict.path ? conflict.keptAs : conflict.path;
  await keepLocalVersion(host, conflict, keep);
  // The conflict copy leaves the package too (into its trash), whether or not the task propagates deletions.
  if (twoWay && policy.trash) await trashPackageCopy(host, conflict.keptAs);
  done();
  return [conflict.path, conflict.keptAs];
}

async function trashPackageCopy(host: ResolveHost, rel: string): Promise<void> {
  const remote = host.remote();
  const copy = await statRemote(remote, rel);
  if (copy) await moveRemoteToTrash(remote, { path: remote.remotePath + rel, ...(copy.ref === null ? {} : { ref: copy.ref }) }, rel, trashStamp(new Date(host.now())));
  host.store.dropJournal(host.id, rel);
}

/** Makes the local file `keep` (the path or keptAs) the one at the path; the other goes to the local trash. */
async function keepLocalVersion(host: ResolveHost, conflict: StoredConflict, keep: string): Promise<void> {
  const root = host.config.localPath;
  const rootId = rootIdentity(root);
  if (!rootId) throw new AppError(AppErrorCode.NotFound, `the local folder '${root}' is not there`, { params: { path: root } });
  const stamp = trashStamp(new Date(host.now()));
  const other = keep === conflict.path ? conflict.keptAs : conflict.path;
  await requireFile(host, keep);
  checkRoot(root, rootId);
  if (await stat(localFile(host, other)).catch(() => undefined)) await moveLocalToTrash(root, other, stamp);
  if (keep === conflict.keptAs) {
    const to = localFile(host, conflict.path);
    await makeFolderBelowRoot(root, rootId, dirname(to));
    checkRoot(root, rootId);
    await rename(localFile(host, conflict.keptAs), to);
  }
}

/** An upload task's conflict: the package's version (keptAs, in the package only) goes to the package's trash, or takes the path on both sides. */
async function resolveInPackage(host: ResolveHost, conflict: StoredConflict, choice: 'mine' | 'theirs'): Promise<void> {
  const remote = host.remote();
  const stamp = trashStamp(new Date(host.now()));
  const theirs = await statRemote(remote, conflict.keptAs);
  if (!theirs) throw new AppError(AppErrorCode.NotFound, `'${showRemotePath(conflict.keptAs)}' is no longer in the package; nothing was changed`, { params: { path: showRemotePath(conflict.keptAs) } });
  const ref = (rel: string, r: { ref: string | null }) => ({ path: remote.remotePath + rel, ...(r.ref === null ? {} : { ref: r.ref }) });
  if (choice === 'mine') {
    await moveRemoteToTrash(remote, ref(conflict.keptAs, theirs), conflict.keptAs, stamp);
    return;
  }
  await requireFile(host, conflict.path);
  const mine = await statRemote(remote, conflict.path);
  if (mine) await moveRemoteToTrash(remote, ref(conflict.path, mine), conflict.path, stamp);
  await moveRemote(remote, ref(conflict.keptAs, theirs), remote.remotePath + conflict.path);
  const placed = await statRemote(remote, conflict.path);
  if (!placed) throw new AppError(AppErrorCode.OperationFailed, `'${showRemotePath(conflict.path)}' was not found in the package after the move`, { params: { path: showRemotePath(conflict.path) } });
  // The download replaces the local file, which goes to the local trash first (downloadRequest's trashPath).
  const ctx = { root: host.config.localPath, remote, stamp };
  const batch = await host.transfers.run([downloadRequest(ctx as Parameters<typeof downloadRequest>[0], conflict.path, placed)], true);
  const failed = batch?.settled.find((job) => job.state !== 'completed');
  if (!batch || failed || batch.failed > 0) {
    throw new AppError(AppErrorCode.OperationFailed, `the package's version of '${showRemotePath(conflict.path)}' is at its path in the package, but its download here did not finish; the next run or a retry brings it`, {
      params: { path: showRemotePath(conflict.path) },
    });
  }
}

async function requireFile(host: ResolveHost, rel: string): Promise<void> {
  const info = await stat(join(host.config.localPath, ...rel.split('/'))).catch(() => undefined);
  if (!info?.isFile()) throw new AppError(AppErrorCode.NotFound, `'${showRemotePath(rel)}' is no longer in the local folder; nothing was changed`, { params: { path: showRemotePath(rel) } });
}
