/**
 * One sync task at run time: its status, its triggers (task-triggers.ts), its
 * runs (sync-run.ts: one at a time; requests that arrive meanwhile are merged
 * into the next run) and its transfers (task-transfers.ts). A Manual task runs
 * only when asked: never on activation, at start, after an error, or on a
 * timer. Its downloads make their folders only below the task's folder, and
 * only while that folder is the one the run started on (`prepareLocalFolder`).
 */
import { AppError, AppErrorCode, type MessageParams } from '@shared/contract/define';
import type { SyncPlan, SyncStatus, SyncStatusCode, SyncTask, SyncTaskConfig } from '@shared/contract/sync';
import type { StorageProvider } from '../../providers/storage-provider';
import { toAppError } from '../errors/to-app-error';
import type { SettledTransfer, TransferQueue } from '../transfers/transfer-queue';
import { readIgnoreRules } from './local-scan';
import { PathFilter } from './path-filter';
import type { RemoteSide } from './remote-side';
import { previewTask, runOnce, type RunHost, type RunRequest } from './sync-run';
import type { PlannedAction } from './sync-planner';
import { makeFolderBelowRoot, rootIdentity, SyncRootLost, type RootIdentity } from './sync-root';
import type { SyncStore } from './sync-store';
import { logText, statusText, type SyncLogText, type SyncStatusText } from './sync-text';
import { TaskTransfers, type TaskTransfersHost } from './task-transfers';
import { TaskTriggers, type RunnerTimings, type TriggersHost } from './task-triggers';

export { DEFAULT_TIMINGS, type RunnerTimings } from './task-triggers';

export interface RunnerDeps {
  store: SyncStore;
  queue: TransferQueue;
  provider: (connectionId: string) => StorageProvider;
  changed: (taskId: string) => void;
  logged: (taskId: string) => void;
  timings: RunnerTimings;
  now?: () => number;
}

export class SyncTaskRunner implements RunHost, TaskTransfersHost, TriggersHost {
  status: SyncStatus = 'idle';
  message: string | null = null;
  code: SyncStatusCode | null = null;
  params: MessageParams = {};
  watching: 'native' | 'polling' | null = null;
  nextRunAt: number | null = null;
  progress: { done: number; total: number } | null = null;
  runRoot: RootIdentity | undefined;
  lostDuringRun = false;
  readonly transfers: TaskTransfers;
  private readonly triggers: TaskTriggers;
  private pending: RunRequest | undefined;
  private running: Promise<void> | undefined;
  private exclusiveWork: Promise<unknown> | undefined;
  private isActive = false;
  /** Files a one-way task keeps changed on its receiving side, as the runs found them. */
  private kept = new Set<string>();
  private cachedFilter: PathFilter | undefined;

  constructor(
    readonly id: string,
    public config: SyncTaskConfig,
    private readonly deps: RunnerDeps,
  ) {
    this.transfers = new TaskTransfers(this, deps.queue, deps.store);
    this.triggers = new TaskTriggers(this);
  }

  get store(): SyncStore {
    return this.deps.store;
  }

  get timings(): RunnerTimings {
    return this.deps.timings;
  }

  get active(): boolean {
    return this.isActive;
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  remote(): RemoteSide {
    const { connectionId, root, remotePath } = this.config;
    return { connectionId, provider: this.deps.provider(connectionId), root, remotePath };
  }

  /** The task's filter with the folder's ignore file; built once per full run (the watcher asks for every path). */
  filter(fresh = false): PathFilter {
    if (fresh) this.cachedFilter = undefined;
    this.cachedFilter ??= new PathFilter(this.config.filters, readIgnoreRules(this.config.localPath), { flat: this.flatRemote() });
    return this.cachedFilter;
  }

  forgetFilter(): void {
    this.cachedFilter = undefined;
  }

  /** The remote has no folders: only the files directly in the local folder sync (remote-side.ts). */
  private flatRemote(): boolean {
    try {
      return this.deps.provider(this.config.connectionId).capabilities.folders === 'none';
    } catch {
      return false; // the connection cannot be used now: no run gets far enough to need the filter
    }
  }

  // ---- lifecycle ----

  /** Starts the triggers and, unless the task is Manual, a first full run (changes made while the app was closed). */
  activate(): void {
    if (this.isActive) return; // already watching: a second watcher would leak
    this.isActive = true;
    this.status = 'idle';
    this.message = null;
    this.code = null;
    this.params = {};
    this.triggers.start();
    if (this.config.trigger.type !== 'Manual') this.request({ full: true, scope: new Set(), allowDeletions: false });
    else this.notify();
  }

  async deactivate(status: SyncStatus = 'paused'): Promise<void> {
    this.isActive = false;
    this.nextRunAt = null;
    await this.triggers.stop();
    this.watching = null;
    this.pending = undefined;
    // A run waiting for its transfers ends now: they settle (or are paused or
    // stopped) on their own and update the journal; waiting for the whole
    // batch would make pausing or quitting take as long as the transfers.
    this.transfers.stop();
    await this.running?.catch(() => undefined);
    this.status = status;
    this.notify();
  }

  /** Asks for a run; merged with one already waiting. */
  request(run: RunRequest): void {
    if (!this.isActive) return;
    if (this.pending) {
      this.pending.full ||= run.full;
      this.pending.allowDeletions ||= run.allowDeletions;
      this.pending.revert ||= run.revert ?? false;
      this.pending.restoreDeleted ||= run.restoreDeleted ?? false;
      for (const p of run.scope) this.pending.scope.add(p);
    } else this.pending = { full: run.full, scope: new Set(run.scope), allowDeletions: run.allowDeletions, revert: run.revert ?? false, restoreDeleted: run.restoreDeleted ?? false };
    this.startLoop();
  }

  private startLoop(): void {
    if (!this.running && !this.exclusiveWork) this.running = this.loop().finally(() => (this.running = undefined));
  }

  /**
   * Runs `work` with no run of the task under way (it waits for the current
   * one to end; runs asked for meanwhile wait for `work`): what the user
   * settles by hand never races the task's own changes.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveWork) await this.exclusiveWork.catch(() => undefined);
    const done = (async () => {
      while (this.running) await this.running.catch(() => undefined);
      return work();
    })();
    this.exclusiveWork = done;
    try {
      return await done;
    } finally {
      this.exclusiveWork = undefined;
      if (this.pending && this.isActive) this.startLoop();
    }
  }

  private async loop(): Promise<void> {
    while (this.pending && this.isActive) {
      const run = this.pending;
      this.pending = undefined;
      this.triggers.runStarting();
      this.nextRunAt = null; // until this run ends
      try {
        await runOnce(this, run);
      } catch (error) {
        const shape = toAppError(error);
        const params = { errorCode: shape.code, detail: shape.message };
        this.setStatus('error', { code: 'runFailed', params });
        this.recordResult('error');
        this.deps.store.log(this.id, 'error', { code: 'runFailed', params });
      }
      this.scheduleNext();
    }
  }

  /** See TaskTriggers.remoteChangedByApp. */
  remoteChangedByApp(): void {
    if (this.isActive) this.triggers.remoteChangedByApp();
  }

  recheckUnsettled(paths: readonly string[]): void {
    if (this.isActive) this.triggers.recheckUnsettled(paths);
  }

  watchMode(mode: 'native' | 'polling' | null): void {
    this.watching = mode;
    this.notify();
  }

  structuralChange(): void {
    if (this.transfers.running) this.checkRunRoot();
  }

  /** How long after a run that ended in the current status the next one starts by itself (undefined: only on demand). */
  private nextRunDelay(): number | undefined {
    const { trigger } = this.config;
    if (trigger.type === 'Manual') return undefined;
    if (this.status === 'offline' || this.status === 'error') return this.deps.timings.offlineRetryMs;
    return trigger.type === 'Interval' ? trigger.interval * 1000 : trigger.type === 'Watch' ? this.deps.timings.fullRescanMs : undefined;
  }

  private scheduleNext(): void {
    if (!this.isActive) return;
    const delay = this.nextRunDelay();
    this.triggers.schedule(delay);
    this.nextRunAt = delay === undefined ? null : this.now() + delay;
    if (delay !== undefined) this.notify();
  }

  // ---- runs ----

  /** Keeps the set of kept changes up to date: a full run replaces it, a partial one updates its paths. */
  noteKept(actions: readonly PlannedAction[], run: RunRequest): void {
    if (run.full) this.kept = new Set();
    else for (const p of run.scope) this.kept.delete(p);
    for (const a of actions) if (a.kind === 'keep') this.kept.add(a.path);
  }

  folderMissing(): void {
    const text: SyncLogText = { code: 'folderMissing', params: { path: this.config.localPath } };
    this.setStatus('error', { code: 'folderMissing', params: text.params });
    this.deps.store.setResult(this.id, 'error', logText(text));
    this.deps.store.log(this.id, 'error', text);
  }

  /** Stops the run if its folder is not the one it started on any more. */
  private checkRunRoot(): void {
    const now = rootIdentity(this.config.localPath);
    if (this.runRoot && now !== this.runRoot) this.rootLost(new SyncRootLost(this.config.localPath, now !== undefined));
  }

  /**
   * The folder vanished or was replaced under a run: the run ends now. Its
   * queued and running transfers are cancelled (a download would otherwise
   * write into, or make, a folder that is not the task's), and the next run
   * finds the folder missing, or, if another one is there, asks before deleting.
   */
  rootLost(error: SyncRootLost): void {
    if (this.lostDuringRun) return;
    this.lostDuringRun = true;
    const cancelled = this.transfers.cancelAll();
    const text: SyncLogText = { code: error.replaced ? 'folderSwapped' : 'folderGone', params: { path: error.root, cancelled } };
    this.setStatus('error', { code: 'folderLost', params: { path: this.config.localPath } });
    this.deps.store.setResult(this.id, 'error', logText(text));
    this.deps.store.log(this.id, 'error', text);
    this.logged();
    this.transfers.stop();
  }

  /**
   * Makes `dir` for a download of this task, only below the task's folder, and
   * only while that folder is the one the run started on (or, between runs,
   * the one the task last synced); otherwise the run stops (rootLost) and the
   * download fails without writing anything.
   */
  async prepareLocalFolder(dir: string): Promise<void> {
    const root = this.config.localPath;
    const expected = this.runRoot ?? this.deps.store.task(this.id)?.root_identity ?? rootIdentity(root);
    try {
      if (!expected) throw new SyncRootLost(root, false);
      await makeFolderBelowRoot(root, expected, dir);
    } catch (error) {
      if (error instanceof SyncRootLost) this.rootLost(error);
      throw error;
    }
  }

  progressed(progress: { done: number; total: number } | null): void {
    this.progress = progress;
    this.notify();
  }

  /** A transfer of the run failed: an upload whose file vanished may be the first sign that the whole folder did. */
  transferFailed(): void {
    this.checkRunRoot();
  }

  /** A transfer of this task settled (see TaskTransfers.settled). */
  onTransferSettled(job: SettledTransfer): void {
    this.transfers.settled(job);
  }

  finish(result: 'ok' | 'error', why: SyncStatusText | null): void {
    this.runRoot = undefined;
    this.deps.store.setResult(this.id, result, why && statusText(why));
    this.deps.store.trimLog(this.id);
    this.setStatus(result === 'ok' ? 'idle' : 'error', why);
  }

  recordResult(result: 'ok' | 'error' | 'blocked'): void {
    this.deps.store.setResult(this.id, result, this.message);
  }

  /** The status, and why it is so: a code with its params, and (for the codes that have one) the English message beside them. */
  setStatus(status: SyncStatus, why: SyncStatusText | null = null): void {
    this.status = this.isActive || status === 'paused' ? status : 'paused';
    this.message = why && statusText(why);
    this.code = why?.code ?? null;
    this.params = why?.params ?? {};
    if (status !== 'scanning' && status !== 'syncing') this.runRoot = undefined;
    if (this.isActive && (status === 'idle' || status === 'error' || status === 'offline')) {
      // A run ended: announce when the next one is due with the status itself
      // (the timer is set a moment later, once the run has tidied up).
      const delay = this.nextRunDelay();
      this.nextRunAt = delay === undefined ? null : this.now() + delay;
    }
    this.notify();
  }

  private notify(): void {
    this.deps.changed(this.id);
  }

  logged(): void {
    this.deps.logged(this.id);
  }

  view(counts: { files: number; conflicts: number }, row: { last_run_at: number | null; last_run_result: 'ok' | 'error' | 'blocked' | null }): SyncTask {
    return {
      ...this.config,
      id: this.id,
      status: this.status,
      statusMessage: this.message,
      statusCode: this.code,
      statusParams: this.params,
      watching: this.watching,
      lastRunAt: row.last_run_at,
      lastRunResult: row.last_run_result,
      nextRunAt: this.config.trigger.type === 'Manual' ? null : this.nextRunAt,
      files: counts.files,
      progress: this.progress,
      conflicts: counts.conflicts,
      keptChanges: this.config.direction === 'twoWay' ? 0 : this.kept.size,
    };
  }

  /** The dry-run plan, for the Preview table. */
  preview(): Promise<SyncPlan> {
    return previewTask(this);
  }

  /** Refuses a run of a paused task. */
  requireRunnable(): void {
    if (this.status === 'paused') throw new AppError(AppErrorCode.Conflict, 'the task is paused; resume it first');
  }
}
