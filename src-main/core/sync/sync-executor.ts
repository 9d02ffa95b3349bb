/**
 * Carries out a plan. Transfers go to the transfer queue as one batch of the
 * task (the journal is updated as each settles); everything else is done here
 * at once: deletions become moves into the trash of that side, renames become
 * moves, and a conflict first moves one version aside under its conflict name
 * on its own side (a server-side move or a local rename: instant, nothing can
 * be lost), then transfers the other version to the path (and, in a two-way
 * task, the kept version to the other side as well). On a service that keeps
 * no remote trash, the remote versions to delete or replace are copied into
 * the local trash first (keep-copies.ts). Before each local change the folder
 * is checked to be the one the run started on; a run that finds it gone or
 * replaced stops at once (SyncRootLost).
 */
import { rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';
import { toAppError } from '../errors/to-app-error';
import { keepsRemoteCopy, localPathOf, unsafeLocalPath, type ExecuteContext } from './execute-context';
import { deleteCopiedRemote, keepRemoteCopies, type RemoteReplacement } from './keep-copies';
import { moveLocalToTrash } from './local-trash';
import { moveRemote, moveRemoteToTrash } from './remote-trash';
import type { PlannedAction } from './sync-planner';
import { checkRoot, makeFolderBelowRoot, SyncRootLost } from './sync-root';
import { journalFor, type TransferAction } from './transfer-requests';

export interface ExecuteResult {
  /** Transfers to queue as the run's batch (transfer-requests.ts); the run is done when they all settle. */
  transfers: TransferAction[];
  done: number;
  failed: number;
  /** Files changed on a one-way task's receiving side, left as they are. */
  kept: number;
}

/** Carries out `actions`; undefined when the run was stopped while it waited for copies (nothing more is done then). */
export async function executePlan(ctx: ExecuteContext, actions: readonly PlannedAction[]): Promise<ExecuteResult | undefined> {
  const result: ExecuteResult = { transfers: [], done: 0, failed: 0, kept: 0 };
  const emptied = new Set<string>();
  const copyFirst: RemoteReplacement[] = [];

  const attempt = async (action: PlannedAction, step: () => Promise<void> | void) => {
    try {
      await step();
      result.done++;
    } catch (error) {
      if (error instanceof SyncRootLost) throw error; // nothing more happens in a folder that is not the task's
      result.failed++;
      const shape = toAppError(error);
      ctx.store.log(ctx.taskId, 'error', { code: 'actionFailed', params: { kind: action.kind, errorCode: shape.code, detail: shape.message } }, action.path);
    }
  };

  for (const action of actions) {
    const unsafe = unsafeLocalPath(ctx, action);
    if (unsafe) {
      ctx.store.log(ctx.taskId, 'warn', { code: 'actionSkipped', params: { kind: action.kind, path: showRemotePath(unsafe.rel), problem: unsafe.problem.reason, problemDetail: unsafe.problem.detail } }, action.path);
      continue;
    }
    if (keepsRemoteCopy(ctx, action)) {
      copyFirst.push(action);
      continue;
    }
    await attempt(action, () => act(ctx, action, result, emptied));
  }
  if (ctx.noEmptyDirectories) for (const dir of emptied) await pruneEmptyFolders(ctx.root, dir);

  const copies = await keepRemoteCopies(ctx, copyFirst);
  if (!copies) return undefined;
  result.failed += copies.failed;
  for (const { action, copy } of copies.kept) {
    if (action.kind === 'upload') result.transfers.push({ ...action });
    else {
      await attempt(action, async () => {
        await deleteCopiedRemote(ctx, action);
        ctx.store.dropJournal(ctx.taskId, action.path);
        ctx.store.log(ctx.taskId, 'info', { code: 'deletedRemote', params: { reason: action.reason, trashPath: copy } }, action.path);
      });
    }
  }
  return result;
}

/** One action that is not a kept copy's. */
async function act(ctx: ExecuteContext, action: PlannedAction, result: ExecuteResult, emptied: Set<string>): Promise<void> {
  const ref = (path: string, remote: { ref: string | null }) => ({ path: ctx.remote.remotePath + path, ...(remote.ref === null ? {} : { ref: remote.ref }) });
  switch (action.kind) {
    case 'keep':
      result.kept++;
      return;
    case 'record':
      ctx.store.putJournal(ctx.taskId, journalFor(action.path, action.local, action.remote, ctx.localHashes.get(action.path) ?? null));
      return;
    case 'forget':
      ctx.store.dropJournal(ctx.taskId, action.path);
      return;
    case 'upload':
    case 'download':
      result.transfers.push(action);
      return;
    case 'deleteLocal': {
      checkRoot(ctx.root, ctx.rootId);
      const trashed = await moveLocalToTrash(ctx.root, action.path, ctx.stamp);
      ctx.store.dropJournal(ctx.taskId, action.path);
      ctx.store.log(ctx.taskId, 'info', { code: 'deletedLocal', params: { reason: action.reason, trashPath: trashed } }, action.path);
      emptied.add(dirname(action.path));
      return;
    }
    case 'deleteRemote': {
      const trash = await moveRemoteToTrash(ctx.remote, ref(action.path, action.remote), action.path, ctx.stamp);
      ctx.store.dropJournal(ctx.taskId, action.path);
      ctx.store.log(ctx.taskId, 'info', { code: 'deletedRemote', params: { reason: action.reason, trashPath: trash } }, action.path);
      return;
    }
    case 'moveRemote':
      await moveRemote(ctx.remote, ref(action.path, action.remote), ctx.remote.remotePath + action.to);
      ctx.store.dropJournal(ctx.taskId, action.path);
      ctx.store.putJournal(ctx.taskId, journalFor(action.to, action.local, action.remote, null));
      ctx.store.log(ctx.taskId, 'info', { code: 'movedRemote', params: { to: action.to, reason: action.reason } }, action.path);
      return;
    case 'moveLocal': {
      const to = localPathOf(ctx, action.to, '');
      if (await stat(to).catch(() => undefined)) throw new AppError(AppErrorCode.Conflict, `'${action.to}' appeared locally meanwhile`, { params: { path: action.to } });
      await makeFolderBelowRoot(ctx.root, ctx.rootId, dirname(to));
      await rename(join(ctx.root, ...action.path.split('/')), to);
      ctx.store.dropJournal(ctx.taskId, action.path);
      ctx.store.putJournal(ctx.taskId, journalFor(action.to, action.local, action.remote, null));
      ctx.store.log(ctx.taskId, 'info', { code: 'movedLocal', params: { to: action.to, reason: action.reason } }, action.path);
      emptied.add(dirname(action.path));
      return;
    }
    case 'conflict': {
      if (action.renamed === 'remote') await moveRemote(ctx.remote, ref(action.path, action.remote), ctx.remote.remotePath + action.keptAs);
      else await renameLocalAside(ctx, action.path, action.keptAs);
      ctx.store.dropJournal(ctx.taskId, action.path);
      ctx.store.addConflict(ctx.taskId, action.path, action.keptAs, action.renamed);
      ctx.store.log(ctx.taskId, 'warn', { code: 'conflictKept', params: { reason: action.reason, side: action.renamed, keptAs: action.keptAs } }, action.path);
      result.transfers.push(action);
      return;
    }
  }
}

/** A conflict's local version steps aside under its conflict name (a download task's: it stays local only; a two-way task's: it is uploaded under that name too). */
async function renameLocalAside(ctx: ExecuteContext, path: string, keptAs: string): Promise<void> {
  checkRoot(ctx.root, ctx.rootId);
  const to = localPathOf(ctx, keptAs, '');
  if (await stat(to).catch(() => undefined)) throw new AppError(AppErrorCode.Conflict, `'${keptAs}' appeared locally meanwhile`, { params: { path: keptAs } });
  await makeFolderBelowRoot(ctx.root, ctx.rootId, dirname(to));
  await rename(join(ctx.root, ...path.split('/')), to);
}

/** Removes folders left empty by sync, up to (not including) the root. */
async function pruneEmptyFolders(root: string, relDir: string): Promise<void> {
  for (let dir = relDir; dir && dir !== '.'; dir = dirname(dir)) {
    try {
      await rmdir(join(root, ...dir.split('/'))); // fails unless empty: exactly the rule
    } catch {
      return;
    }
  }
}
