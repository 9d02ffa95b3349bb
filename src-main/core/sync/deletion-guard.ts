/**
 * Whether a plan may delete what it plans to delete without asking, and the
 * plan as the Preview shows it with that verdict. Two
 * rules: the task's deletion guard (more than `maxFiles` files, or more than
 * `maxPercent` of the tree), and a replaced folder — the local folder is
 * another one than the task last synced (an empty mount point, a copy put
 * back), so files missing from it say nothing about what the user deleted:
 * any deletion waits for confirmation. Pure: a run (sync-run.ts) and the
 * Preview decide with the same functions from the same facts.
 */
import type { SyncPlan, SyncTaskConfig } from '@shared/contract/sync';
import type { ScannedPlan } from './scan-and-plan';
import type { PlannedAction } from './sync-planner';
import { blockText, reasonText } from './sync-text';

export interface DeletionVerdict {
  deletions: number;
  /** What the share is taken of: the larger of the journal and the local folder (at least 1). */
  base: number;
  /** Why the plan must wait, or null when it may go ahead. */
  blockedBy: 'deletionGuard' | 'folderReplaced' | null;
}

/**
 * Whether the local folder is another one than the task last synced (`last`,
 * `current`: sync-root.ts identities), where files were synced: what it lacks
 * was not deleted by anyone.
 */
export function isFolderReplaced(last: string | null, current: string | undefined, journalCount: number): boolean {
  return last !== null && current !== undefined && last !== current && journalCount > 0;
}

export function deletionVerdict(actions: readonly PlannedAction[], input: { journalCount: number; localFiles: number; guard: SyncTaskConfig['options']['deletionGuard']; folderReplaced: boolean }): DeletionVerdict {
  const deletions = actions.filter((a) => a.kind === 'deleteLocal' || a.kind === 'deleteRemote').length;
  const base = Math.max(1, input.journalCount, input.localFiles);
  const { guard } = input;
  let blockedBy: DeletionVerdict['blockedBy'] = null;
  if (deletions > 0 && input.folderReplaced) blockedBy = 'folderReplaced';
  else if (deletions > 0 && (deletions > guard.maxFiles || (deletions / base) * 100 > guard.maxPercent)) blockedBy = 'deletionGuard';
  return { deletions, base, blockedBy };
}

/** The Preview of a scanned plan: what a run would do (record/forget are bookkeeping, left out), and what would stop it. */
export function previewOf(planned: ScannedPlan, input: { journalCount: number; guard: SyncTaskConfig['options']['deletionGuard']; folderReplaced: boolean }): SyncPlan {
  const { guard } = input;
  const verdict = deletionVerdict(planned.actions, { ...input, localFiles: planned.localFiles });
  const blocked = verdict.blockedBy === null ? null : { code: verdict.blockedBy, params: { deletions: verdict.deletions, maxFiles: guard.maxFiles, maxPercent: guard.maxPercent } };
  return {
    actions: planned.actions
      .filter((a) => a.kind !== 'record' && a.kind !== 'forget')
      .map((a) => ({
        kind: a.kind,
        path: a.path,
        toPath: a.kind === 'moveLocal' || a.kind === 'moveRemote' ? a.to : a.kind === 'conflict' ? a.keptAs : null,
        size: 'local' in a ? a.local.size : 'remote' in a ? a.remote.size : 0,
        reason: reasonText(a.reason),
        reasonCode: a.reason,
      })),
    blockedBy: blocked && blockText(blocked.code, blocked.params),
    blocked,
    localFiles: planned.localFiles,
    remoteFiles: planned.remoteFiles,
  };
}
