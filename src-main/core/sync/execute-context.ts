/**
 * What carrying out a plan works with (sync-executor.ts), and the local paths
 * it writes. Every local path made from a remote one (a download, its trash
 * copy, a conflict copy, a local move's target, a kept copy of a remote
 * version) goes through `localTarget` first (src-main/core/paths/local-target.ts):
 * an action whose path would not stay inside the task's folder, or cannot be a
 * name here, is skipped with a warning — nothing is moved, replaced or deleted for it.
 */
import type { RemotePathProblem } from '@shared/paths/remote-path';
import { localTarget, unsafeRemotePathError } from '../paths/local-target';
import type { SettledTransfer, TransferRequest } from '../transfers/transfer-queue';
import type { RemotePolicy, RemoteSide } from './remote-side';
import type { PlannedAction } from './sync-planner';
import type { RootIdentity } from './sync-root';
import type { SyncStore } from './sync-store';
import { trashPathFor } from './trash-paths';

export interface ExecuteContext {
  taskId: string;
  /** The local folder. */
  root: string;
  /** The folder the run started on: local changes happen only while `root` is still it. */
  rootId: RootIdentity;
  remote: RemoteSide;
  policy: RemotePolicy;
  noEmptyDirectories: boolean;
  store: SyncStore;
  /** Trash folder name for this run. */
  stamp: string;
  localHashes: ReadonlyMap<string, string>;
  /** Queues transfers as one batch of the task and waits until every one has settled; undefined when the run stopped first. */
  runBatch(requests: TransferRequest[]): Promise<SettledTransfer[] | undefined>;
}

/** The local path of `rel` inside the task's folder (checked beforehand by `unsafeLocalPath`). */
export function localPathOf(ctx: Pick<ExecuteContext, 'root'>, rel: string, suffix?: string): string {
  const target = localTarget(ctx.root, rel, { platform: process.platform, names: 'exact', suffix });
  if (!target.ok) throw unsafeRemotePathError(rel, target.problem);
  return target.path;
}

/** Whether an action replaces or deletes a remote version that, with no remote trash, is first kept in the local trash. */
export function keepsRemoteCopy(ctx: Pick<ExecuteContext, 'policy'>, action: PlannedAction): action is Extract<PlannedAction, { kind: 'upload' | 'deleteRemote' }> {
  if (ctx.policy.trash) return false;
  return action.kind === 'deleteRemote' || (action.kind === 'upload' && action.replaces !== undefined);
}

/** Why an action would write outside the task's folder (or to a name that cannot exist here): the path refused and the problem; undefined when it would not. */
export function unsafeLocalPath(ctx: Pick<ExecuteContext, 'root' | 'stamp' | 'policy'>, action: PlannedAction): { rel: string; problem: RemotePathProblem } | undefined {
  // [path, suffix]: a download is written under a temporary name first; trash copies and local moves are renames.
  // A conflict may write both names here: the version renamed aside and the one transferred to the path.
  const downloaded = action.kind === 'download' ? [action.path] : action.kind === 'conflict' ? [action.path, action.keptAs] : [];
  const written: Array<[string, string | undefined]> = downloaded.flatMap((rel): Array<[string, string | undefined]> => [
    [rel, undefined],
    [trashPathFor(ctx.stamp, rel), ''],
  ]);
  if (action.kind === 'moveLocal') written.push([action.to, '']);
  // A remote version kept in the local trash first is a download into the trash.
  if (keepsRemoteCopy(ctx, action)) written.push([trashPathFor(ctx.stamp, action.path), undefined]);
  for (const [rel, suffix] of written) {
    const target = localTarget(ctx.root, rel, { platform: process.platform, names: 'exact', suffix });
    if (!target.ok) return { rel, problem: target.problem };
  }
  return undefined;
}
