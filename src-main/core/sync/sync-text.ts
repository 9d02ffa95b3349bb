/**
 * The English wording of what sync says as codes (src-shared/contract/sync-codes.ts).
 * Core stores and returns it beside each code: for the log file, for clients
 * that predate codes, and as what the activity log shows for a code another
 * version wrote. The renderer words the codes itself, in the user's language.
 */
import type { MessageParams } from '@shared/contract/define';
import type { Coded, SyncBlockCode, SyncLogCode, SyncReasonCode, SyncStatusCode } from '@shared/contract/sync-codes';

export type SyncLogText = Coded<SyncLogCode>;
export type SyncStatusText = Coded<SyncStatusCode>;

const REASONS: Record<SyncReasonCode, string> = {
  sameContent: 'same content on both sides',
  createdOnBoth: 'created on both sides with different content',
  createdOnBothRevertedToLocal: 'created on both sides with different content (reverted to the local copy; the remote version goes to the trash)',
  createdOnBothRevertedToRemote: 'created on both sides with different content (reverted to the remote copy; the local version goes to the trash)',
  newLocal: 'new local file',
  newRemote: 'new remote file',
  goneOnBoth: 'gone on both sides',
  sameChange: 'changed to the same content on both sides',
  changedOnBoth: 'changed on both sides since the last sync',
  changedOnBothRevertedToLocal: 'changed on both sides since the last sync (reverted to the local copy; the remote version goes to the trash)',
  changedOnBothRevertedToRemote: 'changed on both sides since the last sync (reverted to the remote copy; the local version goes to the trash)',
  changedLocally: 'changed locally',
  touchedLocally: 'touched locally, content unchanged',
  changedLocallyReverted: 'changed locally in a download task: reverted to the remote copy (the local version goes to the trash)',
  changedLocallyKept: 'changed locally in a download task: kept as it is (revert to take the remote copy)',
  changedRemotely: 'changed remotely',
  changedRemotelyReverted: 'changed remotely in an upload task: reverted to the local copy (the remote version goes to the trash)',
  changedRemotelyKept: 'changed remotely in an upload task: kept as it is (revert to send the local copy)',
  deletedRemotelyChangedLocally: 'deleted remotely but changed locally: the change wins',
  deletedRemotelyLocalKept: 'deleted remotely but changed locally: the local file is kept',
  deletedRemotely: 'deleted remotely',
  missingRemotely: 'missing remotely',
  deletedRemotelyNotPropagated: 'deleted remotely; deletions are not propagated',
  deletedLocallyChangedRemotely: 'deleted locally but changed remotely: the change wins',
  deletedLocallyRemoteKept: 'deleted locally but changed remotely: the remote file is kept',
  deletedLocally: 'deleted locally',
  missingLocally: 'missing locally',
  deletedLocallyNotPropagated: 'deleted locally; deletions are not propagated',
  renamedLocally: 'renamed locally',
  renamedRemotely: 'renamed remotely',
  deletedLocallyRestored: 'deleted locally; restored from the package instead (the deletion guard stopped it)',
  deletedRemotelyRestored: 'deleted remotely; restored from the local folder instead (the deletion guard stopped it)',
};

export function reasonText(code: SyncReasonCode): string {
  return REASONS[code];
}

type Params = MessageParams;
const p = (params: Params, name: string): string => String(params[name] ?? '');
const reason = (params: Params) => REASONS[p(params, 'reason') as SyncReasonCode] ?? p(params, 'reason');
/** A raw message of a service or the system, after the code it came with (when there is one). */
const failure = (params: Params) => (params.errorCode !== undefined ? `${p(params, 'errorCode')}: ${p(params, 'detail')}` : p(params, 'detail'));

const LOG: Record<SyncLogCode, (params: Params) => string> = {
  taskCreated: (x) => `task created: ${p(x, 'direction')} between ${p(x, 'localPath')} and ${p(x, 'remotePath') || '(package root)'}`,
  taskCreatedPaused: (x) => `task created (paused): ${p(x, 'direction')} between ${p(x, 'localPath')} and ${p(x, 'remotePath') || '(package root)'}`,
  taskChanged: () => 'task settings changed',
  paused: () => 'paused',
  resumed: () => 'resumed',
  revertLocal: () => 'revert asked: local changes are replaced by the remote copies',
  revertRemote: () => 'revert asked: remote changes are replaced by the local copies',
  settingsUnreadable: (x) => `the task's saved settings cannot be read: ${p(x, 'detail')}`,
  watchPolling: (x) =>
    `the system's limit on watched files was reached (${p(x, 'errno')}); changes are found by polling every ${p(x, 'seconds')} s, which is slower. On Linux, raise fs.inotify.max_user_watches.`,
  runFailed: (x) => `the run failed: ${p(x, 'detail')}`,
  offline: (x) => `the storage service cannot be reached (${p(x, 'detail')}); retrying in ${p(x, 'seconds')} s`,
  listingRefused: (x) => `the service refused the listing: ${failure(x)}`,
  unsafeRemotePath: (x) => `'${p(x, 'path')}' ${p(x, 'problemDetail')} (${p(x, 'problem')}); it was skipped`,
  unsafeRemotePathMore: (x) => `${p(x, 'count')} more entries of the remote listing were skipped (UnsafeRemotePath): their paths cannot be used here`,
  folderReplaced: (x) =>
    `the local folder is not the one this task synced before (replaced or remounted); this run would delete ${p(x, 'deletions')} files, so it stopped and waits for you to confirm or pause the task`,
  deletionGuard: (x) => `this run would delete ${p(x, 'deletions')} files (${p(x, 'percent')} % of ${p(x, 'base')}); it stopped and waits for you to confirm or pause the task`,
  dryRun: (x) => `dry run: ${p(x, 'count')} changes planned, nothing done`,
  wouldDo: (x) => `would ${p(x, 'kind')}: ${reason(x)}`,
  runStarted: (x) => `run: ${p(x, 'changes')} changes (${p(x, 'transfers')} transfers queued)`,
  folderMissing: (x) => `the local folder '${p(x, 'path')}' is missing or not a folder; the task waits until it is back (nothing is deleted)`,
  folderGone: (x) => `the local folder '${p(x, 'path')}' disappeared during the run; the run stopped (${p(x, 'cancelled')} transfers cancelled) and nothing more is written there`,
  folderSwapped: (x) => `the local folder '${p(x, 'path')}' was replaced by another folder during the run; the run stopped (${p(x, 'cancelled')} transfers cancelled) and nothing more is written there`,
  uploaded: () => 'uploaded',
  downloaded: () => 'downloaded',
  transferFailed: (x) => `${p(x, 'direction')} failed: ${failure(x)}`,
  actionSkipped: (x) => `${p(x, 'kind')} skipped: '${p(x, 'path')}' ${p(x, 'problemDetail')} (${p(x, 'problem')}); it was skipped`,
  deletedLocal: (x) => `deleted locally (${reason(x)}); kept in ${p(x, 'trashPath')}`,
  deletedRemote: (x) => `deleted remotely (${reason(x)}); kept in ${p(x, 'trashPath')}`,
  movedRemote: (x) => `moved remotely to ${p(x, 'to')} (${reason(x)})`,
  movedLocal: (x) => `moved locally to ${p(x, 'to')} (${reason(x)})`,
  conflictKept: (x) => `conflict (${reason(x)}): the ${p(x, 'side')} version is kept as ${p(x, 'keptAs')}`,
  actionFailed: (x) => `${p(x, 'kind')} failed: ${p(x, 'detail')}`,
  restored: (x) => `restored from the ${p(x, 'side')} trash`,
  conflictResolved: (x) => `conflict settled: ${p(x, 'choice') === 'mine' ? 'this computer’s version kept' : p(x, 'choice') === 'theirs' ? 'the package’s version kept' : 'both versions kept'} (conflict copy: ${p(x, 'keptAs')})`,
  restoreDeleted: (x) => `restoring ${p(x, 'deletions')} deleted files instead of deleting them`,
};

export function logText(text: SyncLogText): string {
  return LOG[text.code](text.params);
}

const STATUS: Record<SyncStatusCode, ((params: Params) => string) | null> = {
  // Worded by the renderer only (they predate English status messages).
  folderMissing: null,
  folderLost: null,
  folderReplaced: null,
  deletionGuard: (x) => LOG.deletionGuard(x),
  offline: (x) => LOG.offline(x),
  listingRefused: (x) => LOG.listingRefused(x),
  runFailed: (x) => p(x, 'detail'),
  changesFailed: (x) => `${p(x, 'count')} changes failed; see the log`,
  transfersFailed: (x) => `${p(x, 'count')} transfers failed; see the log (they are retried on the next run)`,
};

/** The status message beside a status code (null for the codes that never had one). */
export function statusText(text: SyncStatusText): string | null {
  return STATUS[text.code]?.(text.params) ?? null;
}

const BLOCKS: Record<SyncBlockCode, (params: Params) => string> = {
  deletionGuard: (x) => `deletes ${p(x, 'deletions')} files (limit ${p(x, 'maxFiles')} files or ${p(x, 'maxPercent')} %)`,
  folderReplaced: (x) => `deletes ${p(x, 'deletions')} files from a folder that is not the one this task synced before`,
};

export function blockText(code: SyncBlockCode, params: Params): string {
  return BLOCKS[code](params);
}
