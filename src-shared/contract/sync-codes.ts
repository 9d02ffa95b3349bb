/**
 * What sync says, as codes: why the planner chose an action, why a task is in
 * its status, what stopped a plan, and each line of a task's activity log.
 * Core produces `{code, params}`; the renderer words them in the user's
 * language. Params are values, never sentences to translate: paths, names,
 * numbers, and other codes under fixed names (`reason`: a SyncReasonCode,
 * `kind`: an action kind, `errorCode`: an error code, `problem`: a remote path
 * reason, `direction`, `side`). A raw message from a service or the system
 * travels as `detail`, shown after the translated text.
 *
 * Codes are typed where core makes them; on the wire they stay strings in the
 * activity log (rows written by another version may carry codes this one
 * does not know: they are shown with their stored English message).
 */
import { z } from 'zod';
import type { MessageParams } from './define';

/** Why the planner chose an action (src-main/core/sync/sync-planner.ts). */
export const syncReasonCodeSchema = z.enum([
  'sameContent',
  'createdOnBoth',
  'createdOnBothRevertedToLocal',
  'createdOnBothRevertedToRemote',
  'newLocal',
  'newRemote',
  'goneOnBoth',
  'sameChange',
  'changedOnBoth',
  'changedOnBothRevertedToLocal',
  'changedOnBothRevertedToRemote',
  'changedLocally',
  'touchedLocally',
  'changedLocallyReverted',
  'changedLocallyKept',
  'changedRemotely',
  'changedRemotelyReverted',
  'changedRemotelyKept',
  'deletedRemotelyChangedLocally',
  'deletedRemotelyLocalKept',
  'deletedRemotely',
  'missingRemotely',
  'deletedRemotelyNotPropagated',
  'deletedLocallyChangedRemotely',
  'deletedLocallyRemoteKept',
  'deletedLocally',
  'missingLocally',
  'deletedLocallyNotPropagated',
  'renamedLocally',
  'renamedRemotely',
  /** The deletion guard stopped the run and the user chose to restore: the file deleted here is copied back from the other side. */
  'deletedLocallyRestored',
  'deletedRemotelyRestored',
]);
export type SyncReasonCode = z.infer<typeof syncReasonCodeSchema>;

/**
 * Why a task is in its status, worded by the renderer with `statusParams`.
 * - folderMissing `{path}`: the local folder is not there; nothing is planned from it and nothing recreates it.
 * - folderLost `{path}`: the folder vanished or was replaced during a run; the run stopped at once.
 * - folderReplaced `{path, deletions}`: the folder is another one than the task synced last (an empty mount
 *   point, a restored copy); the run would delete files in the package and waits for confirmation.
 * - deletionGuard `{deletions, percent, base}`: the run would delete more than the guard allows and waits.
 * - offline `{seconds, detail}`: the service cannot be reached; the task tries again after `seconds`.
 * - listingRefused `{errorCode, detail}`: the service answered the listing with an error.
 * - runFailed `{errorCode, detail}`: the run failed for another reason.
 * - changesFailed `{count}`: changes made at once (moves, deletions) failed; the log says which.
 * - transfersFailed `{count}`: transfers of the run failed; they are tried again on the next run.
 */
export const syncStatusCodeSchema = z.enum(['folderMissing', 'folderLost', 'folderReplaced', 'deletionGuard', 'offline', 'listingRefused', 'runFailed', 'changesFailed', 'transfersFailed']);
export type SyncStatusCode = z.infer<typeof syncStatusCodeSchema>;

/** What stops a plan before it deletes: `{deletions, maxFiles, maxPercent}` (deletion-guard.ts). */
export const syncBlockCodeSchema = z.enum(['deletionGuard', 'folderReplaced']);
export type SyncBlockCode = z.infer<typeof syncBlockCodeSchema>;

/** Activity log lines (params in parentheses; see the English wording in src-main/core/sync/sync-log-text.ts). */
export const syncLogCodeSchema = z.enum([
  /** `{direction, localPath, remotePath}` ('' = the package root). */
  'taskCreated',
  'taskCreatedPaused',
  'taskChanged',
  'paused',
  'resumed',
  'revertLocal',
  'revertRemote',
  /** `{detail}` */
  'settingsUnreadable',
  /** `{errno, seconds}`: the OS watch limit was hit; the folder is polled. */
  'watchPolling',
  /** `{errorCode, detail}` */
  'runFailed',
  /** `{seconds, detail}` */
  'offline',
  /** `{errorCode, detail}` */
  'listingRefused',
  /** `{path, problem}`: a listed entry whose path cannot be used here was skipped. */
  'unsafeRemotePath',
  /** `{count}` */
  'unsafeRemotePathMore',
  /** `{path, deletions}` */
  'folderReplaced',
  /** `{deletions, percent, base}` */
  'deletionGuard',
  /** `{count}` */
  'dryRun',
  /** `{kind, reason}` */
  'wouldDo',
  /** `{changes, transfers}` */
  'runStarted',
  /** `{path}` */
  'folderMissing',
  /** `{path, cancelled}`: the folder disappeared during the run. */
  'folderGone',
  /** `{path, cancelled}`: the folder was replaced by another one during the run. */
  'folderSwapped',
  'uploaded',
  'downloaded',
  /** `{direction, errorCode, detail}` */
  'transferFailed',
  /** `{kind, path, problem}`: an action whose local path cannot be used here was skipped. */
  'actionSkipped',
  /** `{reason, trashPath}` */
  'deletedLocal',
  /** `{reason, trashPath}` */
  'deletedRemote',
  /** `{to, reason}` */
  'movedRemote',
  /** `{to, reason}` */
  'movedLocal',
  /** `{reason, side, keptAs}` */
  'conflictKept',
  /** `{kind, errorCode, detail}` */
  'actionFailed',
  /** `{side}` */
  'restored',
  /** `{choice, keptAs}`: a conflict resolved by the user (choice: mine, theirs, both). */
  'conflictResolved',
  /** `{deletions}`: the deletion guard stopped the run; the deleted files are copied back instead. */
  'restoreDeleted',
]);
export type SyncLogCode = z.infer<typeof syncLogCodeSchema>;

/** A coded text as core produces it. */
export interface Coded<C extends string> {
  code: C;
  params: MessageParams;
}
