/**
 * One run of a task, and its dry run for the Preview. A run scans, plans,
 * applies the deletion guard (deletion-guard.ts, the same verdict the Preview
 * shows), and executes; it never plans from a missing folder or an
 * unreachable service (those stop the run with a clear status instead, since
 * they would read as "everything was deleted").
 *
 * The local folder's identity (sync-root.ts) is taken when a run starts and
 * checked before every local write, by the executor and by the task's
 * downloads: a folder that vanishes or is replaced mid-run stops the run at
 * once (its transfers cancelled), and nothing recreates it. A folder that is
 * another one than the task last synced makes every deletion wait for
 * confirmation.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { SyncPlan, SyncStatus, SyncTaskConfig } from '@shared/contract/sync';
import { ProviderError, ProviderTransportError } from '../../providers/provider-errors';
import { deletionVerdict, isFolderReplaced, previewOf } from './deletion-guard';
import { LocalFolderMissing } from './local-scan';
import { purgeLocalTrash } from './local-trash';
import type { PathFilter } from './path-filter';
import { rejectedLogTexts } from './remote-scan';
import { remotePolicy, type RemoteSide } from './remote-side';
import { purgeRemoteTrash } from './remote-trash';
import { releaseMemorySoon } from './release-memory';
import { scanAndPlan, type ScannedPlan } from './scan-and-plan';
import { executePlan } from './sync-executor';
import type { PlannedAction } from './sync-planner';
import { rootIdentity, SyncRootLost, type RootIdentity } from './sync-root';
import type { SyncStore } from './sync-store';
import type { SyncLogText, SyncStatusText } from './sync-text';
import type { TaskTransfers } from './task-transfers';
import { trashStamp } from './trash-paths';
import { transferRequests } from './transfer-requests';

export interface RunRequest {
  full: boolean;
  scope: Set<string>;
  allowDeletions: boolean;
  /** One-way tasks: replace the receiving side's kept changes with the sending side's version. */
  revert?: boolean;
  /** The deletion guard stopped a run and the user chose to restore: every deletion becomes a copy back from the other side. */
  restoreDeleted?: boolean;
}

/** What a run needs of its task (sync-task-runner.ts). */
export interface RunHost {
  readonly id: string;
  readonly config: SyncTaskConfig;
  readonly store: SyncStore;
  readonly transfers: TaskTransfers;
  /** The remote side of the task (throws when the connection cannot be used now). */
  remote(): RemoteSide;
  now(): number;
  /** The task's filter; a full run rebuilds it (an edited ignore file). */
  filter(fresh: boolean): PathFilter;
  /** The folder the current run started on; undefined between runs. */
  runRoot: RootIdentity | undefined;
  /** Set when the folder went away under the current run: it stopped. */
  lostDuringRun: boolean;
  /** Is the task still active (not paused, not stopping)? */
  readonly active: boolean;
  readonly timings: { stableMs: number; watchStabilityMs: number; offlineRetryMs: number };
  setStatus(status: SyncStatus, why?: SyncStatusText | null): void;
  /** Ends the run: its result, recorded, and the status that follows. */
  finish(result: 'ok' | 'error', why: SyncStatusText | null): void;
  /** Records the run's end as `result` with the status message now shown. */
  recordResult(result: 'ok' | 'error' | 'blocked'): void;
  folderMissing(): void;
  rootLost(error: SyncRootLost): void;
  logged(): void;
  /** Files skipped as still being written: a Watch task looks at them again soon. */
  recheckUnsettled(paths: readonly string[]): void;
  /** The kept changes the plan found (one-way tasks). */
  noteKept(actions: readonly PlannedAction[], run: RunRequest): void;
}

/** Scans and plans without acting. */
export function planRun(task: RunHost, run: RunRequest): Promise<ScannedPlan> {
  return scanAndPlan({
    taskId: task.id,
    config: task.config,
    filter: task.filter(run.full),
    remote: task.remote(),
    store: task.store,
    busy: task.transfers.busyPaths(),
    now: task.now(),
    // A watcher reports a file only after its size held still for watchStabilityMs, so
    // a run it triggers trusts that; a scan has no such evidence and waits stableMs
    // from the last modification. Either way an upload restarts if the file changes.
    stableMs: run.full ? task.timings.stableMs : task.timings.watchStabilityMs,
    scope: run.full ? undefined : run.scope,
    revert: run.revert ?? false,
  });
}

export async function runOnce(task: RunHost, run: RunRequest): Promise<void> {
  const { config, store } = task;
  task.setStatus('scanning');
  task.lostDuringRun = false;
  const root = config.localPath;
  const startedOn = rootIdentity(root);
  if (!startedOn) {
    task.folderMissing();
    return;
  }
  task.runRoot = startedOn;
  const last = store.task(task.id)?.root_identity ?? null;
  const folderReplaced = isFolderReplaced(last, startedOn, store.journalCount(task.id));
  if (last === null || (last !== startedOn && !folderReplaced)) store.setRootIdentity(task.id, startedOn);
  let planned: ScannedPlan;
  try {
    planned = await planRun(task, run);
  } catch (error) {
    if (!stoppedByScanFailure(task, error)) throw error;
    return;
  }
  if (rootIdentity(root) !== startedOn) {
    // Scanned a folder that is gone (or another one) now: nothing planned from it may happen.
    task.rootLost(new SyncRootLost(root, rootIdentity(root) !== undefined));
    return;
  }
  task.recheckUnsettled(planned.unstable);
  for (const line of rejectedLogTexts(planned.rejected)) store.log(task.id, 'warn', line.text, line.path);
  const actions = run.restoreDeleted ? planned.actions.map(restoringDeletion) : planned.actions;
  if (run.restoreDeleted) store.log(task.id, 'info', { code: 'restoreDeleted', params: { deletions: planned.actions.filter((a) => a.kind === 'deleteLocal' || a.kind === 'deleteRemote').length } });
  task.noteKept(actions, run);
  const verdict = deletionVerdict(actions, { journalCount: store.journalCount(task.id), localFiles: planned.localFiles, guard: config.options.deletionGuard, folderReplaced });
  if (!run.allowDeletions && verdict.blockedBy === 'folderReplaced') {
    const text: SyncLogText = { code: 'folderReplaced', params: { path: root, deletions: verdict.deletions } };
    task.setStatus('waitingForConfirmation', { code: 'folderReplaced', params: text.params });
    task.recordResult('blocked');
    store.log(task.id, 'warn', text);
    return;
  }
  if (!run.allowDeletions && verdict.blockedBy === 'deletionGuard') {
    const params = { deletions: verdict.deletions, percent: Math.round((verdict.deletions / verdict.base) * 100), base: verdict.base };
    task.setStatus('waitingForConfirmation', { code: 'deletionGuard', params });
    task.recordResult('blocked');
    store.log(task.id, 'warn', { code: 'deletionGuard', params });
    return;
  }
  const meaningful = actions.filter((a) => a.kind !== 'record' && a.kind !== 'forget' && a.kind !== 'keep');
  if (config.options.dryRun) {
    store.log(task.id, 'info', { code: 'dryRun', params: { count: meaningful.length } });
    for (const a of meaningful.slice(0, 200)) store.log(task.id, 'info', { code: 'wouldDo', params: { kind: a.kind, reason: a.reason } }, a.path);
    task.finish('ok', null);
    return;
  }
  // From here on this folder is the task's: its deletions were confirmed, or there are none.
  if (folderReplaced) store.setRootIdentity(task.id, startedOn);
  if (meaningful.length === 0 && actions.every((a) => a.kind === 'keep')) {
    task.finish('ok', null);
    return;
  }
  task.setStatus('syncing');
  const remote = task.remote();
  const ctx = {
    taskId: task.id,
    root,
    rootId: startedOn,
    remote,
    policy: remotePolicy(remote.provider),
    noEmptyDirectories: config.options.noEmptyDirectories,
    store,
    stamp: trashStamp(new Date(task.now())),
    localHashes: planned.hashes,
    runBatch: async (requests: Parameters<TaskTransfers['run']>[0]) => (await task.transfers.run(requests, true))?.settled,
  };
  let result;
  try {
    result = await executePlan(ctx, actions);
  } catch (error) {
    if (!(error instanceof SyncRootLost)) throw error;
    task.rootLost(error);
    return;
  }
  if (!result || !task.active) return; // stopped while kept copies were made: paused, quitting, or the folder went away
  const { failed } = result;
  const changes = meaningful.length;
  let jobs = 0;
  const batch = task.transfers.run(transferRequests(ctx, result.transfers), false, (queued) => {
    jobs = queued;
    if (changes) store.log(task.id, 'info', { code: 'runStarted', params: { changes, transfers: jobs } });
  });
  // The queue has stored every request (it read them as it wrote them), and nothing below reads
  // the plan: a first sync's 100,000 actions must not stay live while its transfers run (the
  // suspended run keeps these arrays reachable until it ends).
  for (const list of [planned.actions, actions, meaningful, result.transfers]) list.length = 0;
  task.logged();
  const settled = await batch;
  if (jobs === 0) {
    task.finish(failed ? 'error' : 'ok', failed ? { code: 'changesFailed', params: { count: failed } } : null);
    return;
  }
  if (!settled || !task.active) return; // stopped: paused, quitting, or the folder went away
  if (run.full) await purgeTrash(task, remote).catch(() => 0);
  // The run ends (and says so) only now, once its trash is tidied too.
  const all = failed + settled.failed;
  task.finish(all ? 'error' : 'ok', all ? { code: 'transfersFailed', params: { count: all } } : null);
  if (jobs >= BIG_RUN_JOBS) releaseMemorySoon();
}

/** A run with this many transfers leaves enough garbage behind to be worth a full collection at its end (release-memory.ts). */
const BIG_RUN_JOBS = 5000;

/**
 * A deletion the user chose to undo instead of carrying out: a file deleted
 * here is downloaded back, one deleted in the package is uploaded back. Both
 * sides then hold it and the journal records it as in sync, so later runs go
 * on as before.
 */
function restoringDeletion(action: PlannedAction): PlannedAction {
  if (action.kind === 'deleteRemote') return { kind: 'download', path: action.path, remote: action.remote, replacesLocal: false, reason: 'deletedLocallyRestored' };
  if (action.kind === 'deleteLocal') return { kind: 'upload', path: action.path, local: action.local, replaces: undefined, reason: 'deletedRemotelyRestored' };
  return action;
}

/** Empties both trashes of entries older than the task's limit. */
async function purgeTrash(task: RunHost, remote: RemoteSide): Promise<number> {
  const limit = task.now() - task.config.options.trashDays * 24 * 3600 * 1000;
  return (await purgeLocalTrash(task.config.localPath, limit)) + (await purgeRemoteTrash(remote, limit));
}

/** A scan that failed because the folder or the service is not there: says so (true), or leaves the error to the caller (false). */
function stoppedByScanFailure(task: RunHost, error: unknown): boolean {
  if (error instanceof LocalFolderMissing) {
    task.folderMissing();
    return true;
  }
  if (error instanceof ProviderTransportError || (error instanceof AppError && error.code === AppErrorCode.ConnectionFailed)) {
    const params = { detail: error.message, seconds: Math.round(task.timings.offlineRetryMs / 1000) };
    task.setStatus('offline', { code: 'offline', params });
    task.recordResult('error');
    task.store.log(task.id, 'warn', { code: 'offline', params });
    return true;
  }
  if (error instanceof ProviderError) {
    const params = { errorCode: error.serviceCode ?? error.code, detail: error.message };
    task.setStatus('error', { code: 'listingRefused', params });
    task.recordResult('error');
    task.store.log(task.id, 'error', { code: 'listingRefused', params });
    return true;
  }
  return false;
}

/** The dry-run plan, for the Preview table: the same plan and the same deletion verdict a run would come to now. */
export async function previewTask(task: RunHost): Promise<SyncPlan> {
  const planned = await planRun(task, { full: true, scope: new Set(), allowDeletions: true }).catch((error: unknown) => {
    if (error instanceof LocalFolderMissing) throw new AppError(AppErrorCode.NotFound, error.message, { params: { path: task.config.localPath } });
    throw error;
  });
  const journalCount = task.store.journalCount(task.id);
  const folderReplaced = isFolderReplaced(task.store.task(task.id)?.root_identity ?? null, rootIdentity(task.config.localPath), journalCount);
  return previewOf(planned, { journalCount, guard: task.config.options.deletionGuard, folderReplaced });
}
