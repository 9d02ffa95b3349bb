/**
 * On a service that keeps no remote trash (remote-side.ts), the remote
 * versions a run would delete or replace are first downloaded into the local
 * folder's trash, as one batch the run waits for. Only a copy that completed,
 * of the very version the plan saw, lets its action go on: a deletion is then
 * done by `delete` (after one more look that the object is still that
 * version), a replacing upload is queued with the run's other transfers.
 * Anything else stays as it is for the next run to look at again: a copy that
 * failed, a version that changed meanwhile, a run stopped before its copies
 * were done (the copies finish after a restart; the next run plans again, and
 * at worst the trash holds a second copy).
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';
import type { ExecuteContext } from './execute-context';
import { freeLocalTrashPath } from './local-trash';
import type { RemoteFile } from './remote-scan';
import type { PlannedAction } from './sync-planner';
import { downloadRequest } from './transfer-requests';

export type RemoteReplacement = Extract<PlannedAction, { kind: 'upload' | 'deleteRemote' }>;

export interface KeptCopy {
  action: RemoteReplacement;
  /** Where the copy is, relative to the local folder. */
  copy: string;
}

function replacedVersion(action: RemoteReplacement): RemoteFile {
  return action.kind === 'deleteRemote' ? action.remote : action.replaces!;
}

/** Copies the versions the actions would delete or replace into the local trash; the actions whose copy is complete, or undefined when the run stopped first. */
export async function keepRemoteCopies(ctx: ExecuteContext, actions: readonly RemoteReplacement[]): Promise<{ kept: KeptCopy[]; failed: number } | undefined> {
  if (actions.length === 0) return { kept: [], failed: 0 };
  const planned: KeptCopy[] = [];
  for (const action of actions) planned.push({ action, copy: await freeLocalTrashPath(ctx.root, ctx.stamp, action.path) });
  const requests = planned.map((p) => downloadRequest(ctx, p.action.path, replacedVersion(p.action), p.copy));
  const settled = await ctx.runBatch(requests);
  if (!settled) return undefined;
  const byLocalPath = new Map(settled.map((job) => [job.localPath, job]));
  const kept: KeptCopy[] = [];
  let failed = 0;
  planned.forEach((p, i) => {
    const job = byLocalPath.get(requests[i]!.localPath);
    if (job?.state === 'completed' && !job.skipped && job.remote?.version === replacedVersion(p.action).version) {
      kept.push(p);
      return;
    }
    failed++;
    // A failed transfer is in the log already; a copy of another version means the object changed since the plan.
    if (job?.state === 'completed') {
      ctx.store.log(ctx.taskId, 'error', { code: 'actionFailed', params: { kind: p.action.kind, errorCode: AppErrorCode.Conflict, detail: `'${showRemotePath(p.action.path)}' changed on the service meanwhile; it stays as it is` } }, p.action.path);
    }
  });
  return { kept, failed };
}

/** Deletes a remote object whose copy the local trash holds, if it is still the version copied. */
export async function deleteCopiedRemote(ctx: ExecuteContext, action: Extract<PlannedAction, { kind: 'deleteRemote' }>): Promise<void> {
  const { provider, root, remotePath } = ctx.remote;
  const path = remotePath + action.path;
  const now = await provider.stat(root, path);
  if (!now) return; // gone already: nothing to delete
  if (now.path !== path || now.version !== action.remote.version || (now.ref ?? null) !== action.remote.ref) {
    throw new AppError(AppErrorCode.Conflict, `'${showRemotePath(path)}' changed on the service meanwhile; it stays as it is`, { params: { path: showRemotePath(path) } });
  }
  const result = await provider.delete!(root, [{ path, ...(action.remote.ref === null ? {} : { ref: action.remote.ref }) }]);
  const failure = result.failed[0];
  if (failure) throw new AppError(AppErrorCode.OperationFailed, `the service did not delete '${showRemotePath(path)}': ${failure.message}`, { params: { path: showRemotePath(path) } });
}
