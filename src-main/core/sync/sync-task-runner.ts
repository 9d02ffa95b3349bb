/**
 * One sync task at run time: its trigger (a folder watcher, an interval, or
 * nothing), its runs (one at a time; requests that arrive meanwhile are merged
 * into the next run), its status and progress. A run scans, plans, applies the
 * deletion guard, and executes; it never plans from a missing folder or an
 * unreachable service (those stop the run with a clear status instead, since
 * they would read as "everything was deleted"). A Manual task runs only when
 * asked: never on activation, at start, after an error, or on a timer.
 *
 * The local folder's identity (sync-root.ts) is taken when a run starts and
 * checked before every local write, by the executor and by the task's
 * downloads (`prepareLocalFolder`): a folder that vanishes or is replaced
 * mid-run stops the run at once (its transfers cancelled), and nothing
 * recreates it. A folder that is another one than the task last synced makes
 * every deletion wait for confirmation.
 */
import { AppError, AppErrorCode, type MessageParams } from '@shared/contract/define';
import type { SyncPlan, SyncStatus, SyncStatusCode, SyncTask, SyncTaskConfig } from '@shared/contract/sync';
import { JcsError, JcsTransportError } from '../../providers/jcs/jcs-errors';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { toAppError } from '../errors/to-app-error';
import type { TransferEngine } from '../transfers/transfer-engine';
import { deletionVerdict, previewOf } from './deletion-guard';
import { FolderWatcher } from './folder-watcher';
import { LocalFolderMissing, readIgnoreRules, statLocal, type LocalFile } from './local-scan';
import { IGNORE_FILE, PathFilter } from './path-filter';
import { rejectedLogTexts } from './remote-scan';
import { scanAndPlan, type ScannedPlan } from './scan-and-plan';
import { executePlan } from './sync-executor';
import type { PlannedAction } from './sync-planner';
import { makeFolderBelowRoot, rootIdentity, SyncRootLost, type RootIdentity } from './sync-root';
import type { SyncStore } from './sync-store';
import { logText, statusText, type SyncLogText, type SyncStatusText } from './sync-text';
import { purgeTrash, trashStamp } from './trash';

export interface RunnerTimings {
  /** A file modified more recently than this is still being written. */
  stableMs: number;
  /** Watch tasks rescan everything this often (remote changes have no notifications). */
  fullRescanMs: number;
  /** After the service could not be reached, try again after this long. */
  offlineRetryMs: number;
  watchStabilityMs: number;
  watchDebounceMs: number;
  /** A watched folder's presence and identity are checked this often (the watch is re-armed when it returns). */
  rootCheckMs: number;
  /** Changes made in the app to a task's remote folder start a run this long after the last of them. */
  appChangeDebounceMs: number;
}

export const DEFAULT_TIMINGS: RunnerTimings = {
  stableMs: 2000,
  fullRescanMs: 5 * 60_000,
  offlineRetryMs: 30_000,
  watchStabilityMs: 400,
  watchDebounceMs: 150,
  rootCheckMs: 2000,
  appChangeDebounceMs: 1000,
};

/** A watch-triggered run touching more paths than this scans everything instead. */
const PARTIAL_RUN_LIMIT = 200;

interface RunRequest {
  full: boolean;
  scope: Set<string>;
  allowDeletions: boolean;
  /** One-way tasks: replace the receiving side's kept changes with the sending side's version. */
  revert?: boolean;
}

export interface RunnerDeps {
  store: SyncStore;
  engine: TransferEngine;
  client: (connectionId: string) => JcsClient;
  changed: (taskId: string) => void;
  logged: (taskId: string) => void;
  timings: RunnerTimings;
  now?: () => number;
}

export class SyncTaskRunner {
  status: SyncStatus = 'idle';
  message: string | null = null;
  code: SyncStatusCode | null = null;
  params: MessageParams = {};
  watching: 'native' | 'polling' | null = null;
  nextRunAt: number | null = null;
  progress: { done: number; total: number } | null = null;
  private watcher: FolderWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending: RunRequest | undefined;
  private running: Promise<void> | undefined;
  private currentBatch: { id: string; total: number; done: number; failed: number } | undefined;
  private active = false;
  /** Files a run skipped because they were still being written, and the timer that looks at them again. */
  private unsettled = new Set<string>();
  private settleTimer: NodeJS.Timeout | undefined;
  /** Files a one-way task keeps changed on its receiving side, as the runs found them. */
  private kept = new Set<string>();
  /** The local folder the current run started on (undefined between runs). */
  private runRoot: RootIdentity | undefined;
  /** Set when the folder went away under the current run: it stopped. */
  private lostDuringRun = false;
  private appChangeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    public config: SyncTaskConfig,
    private readonly deps: RunnerDeps,
  ) {}

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  // ---- lifecycle ----

  /** Starts the trigger and, unless the task is Manual, a first full run (changes made while the app was closed). */
  activate(): void {
    if (this.active) return; // already watching: a second watcher would leak
    this.active = true;
    this.status = 'idle';
    this.message = null;
    this.code = null;
    this.params = {};
    const { trigger } = this.config;
    if (trigger.type === 'Watch') {
      this.watcher = new FolderWatcher({
        root: this.config.localPath,
        // Partial downloads are ours and never worth a run; excluded folders are not even watched.
        ignore: (rel) => rel.endsWith('.jcs-download') || !this.filter().folderIncluded(rel),
        onChanges: (paths, structural) => {
          // The folder itself went or was replaced under a run: stop it now, not when a transfer trips over it.
          if (structural && this.currentBatch && this.runRoot && rootIdentity(this.config.localPath) !== this.runRoot) {
            this.rootLost(new SyncRootLost(this.config.localPath, rootIdentity(this.config.localPath) !== undefined));
          }
          if (paths.has(IGNORE_FILE)) this.cachedFilter = undefined; // the rules changed: a full run applies them everywhere
          this.request({ full: structural || paths.has(IGNORE_FILE) || paths.size > PARTIAL_RUN_LIMIT, scope: paths, allowDeletions: false });
        },
        onMode: (mode, warning) => {
          if (mode === this.watching && !warning) return;
          this.watching = mode;
          if (warning) this.deps.store.log(this.id, 'warn', { code: 'watchPolling', params: { errno: warning.errno, seconds: warning.seconds } });
          this.notify();
        },
        stabilityMs: this.deps.timings.watchStabilityMs,
        debounceMs: this.deps.timings.watchDebounceMs,
        rootCheckMs: this.deps.timings.rootCheckMs,
      });
      this.watcher.start();
    }
    if (trigger.type !== 'Manual') this.request({ full: true, scope: new Set(), allowDeletions: false });
    else this.notify();
  }

  async deactivate(status: SyncStatus = 'paused'): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.appChangeTimer);
    this.unsettled.clear();
    this.nextRunAt = null;
    await this.watcher?.close();
    this.watcher = undefined;
    this.watching = null;
    this.pending = undefined;
    // A run waiting for its transfers ends now: they settle (or are paused or
    // stopped) on their own and update the journal; waiting for the whole
    // batch would make pausing or quitting take as long as the transfers.
    this.currentBatch = undefined;
    this.progress = null;
    this.batchDone?.();
    await this.running?.catch(() => undefined);
    this.status = status;
    this.notify();
  }

  /** Asks for a run; merged with one already waiting. */
  request(run: RunRequest): void {
    if (!this.active) return;
    if (this.pending) {
      this.pending.full ||= run.full;
      this.pending.allowDeletions ||= run.allowDeletions;
      this.pending.revert ||= run.revert ?? false;
      for (const p of run.scope) this.pending.scope.add(p);
    } else this.pending = { full: run.full, scope: new Set(run.scope), allowDeletions: run.allowDeletions, revert: run.revert ?? false };
    if (!this.running) this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    while (this.pending && this.active) {
      const run = this.pending;
      this.pending = undefined;
      clearTimeout(this.timer);
      this.nextRunAt = null; // until this run ends
      try {
        await this.runOnce(run);
      } catch (error) {
        const params = failureParams(error);
        this.setStatus('error', { code: 'runFailed', params });
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'error', { code: 'runFailed', params });
      }
      this.scheduleNext();
    }
  }

  /**
   * A change the app itself made in the task's remote folder (an upload, a
   * delete, move, rename or copy in the browser): tasks that bring remote
   * changes down run shortly after, instead of at the next rescan. Manual
   * tasks wait to be asked, as always.
   */
  remoteChangedByApp(): void {
    if (!this.active || this.config.trigger.type === 'Manual' || this.config.direction === 'upload') return;
    clearTimeout(this.appChangeTimer);
    this.appChangeTimer = setTimeout(() => this.request({ full: true, scope: new Set(), allowDeletions: false }), this.deps.timings.appChangeDebounceMs);
    this.appChangeTimer.unref?.();
  }

  /** How long after a run that ended in the current status the next one starts by itself (undefined: only on demand). */
  private nextRunDelay(): number | undefined {
    const { trigger } = this.config;
    if (trigger.type === 'Manual') return undefined;
    if (this.status === 'offline' || this.status === 'error') return this.deps.timings.offlineRetryMs;
    return trigger.type === 'Interval' ? trigger.interval * 1000 : trigger.type === 'Watch' ? this.deps.timings.fullRescanMs : undefined;
  }

  private scheduleNext(): void {
    if (!this.active) return;
    const delay = this.nextRunDelay();
    if (delay === undefined) {
      this.nextRunAt = null;
      return;
    }
    this.nextRunAt = this.now + delay;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.request({ full: true, scope: new Set(), allowDeletions: false }), delay);
    this.timer.unref?.();
    this.notify();
  }

  // ---- one run ----

  private cachedFilter: PathFilter | undefined;

  /** The task's filter with the folder's ignore file; built once per full run (the watcher asks for every path). */
  private filter(): PathFilter {
    this.cachedFilter ??= new PathFilter(this.config.filters, readIgnoreRules(this.config.localPath));
    return this.cachedFilter;
  }

  /** Scans and plans without acting. */
  plan(run: RunRequest): Promise<ScannedPlan> {
    if (run.full) this.cachedFilter = undefined; // pick up an edited ignore file
    return scanAndPlan({
      taskId: this.id,
      config: this.config,
      filter: this.filter(),
      client: this.deps.client(this.config.connectionId),
      store: this.deps.store,
      busy: this.busyPaths(),
      now: this.now,
      // A watcher reports a file only after its size held still for watchStabilityMs, so
      // a run it triggers trusts that; a scan has no such evidence and waits stableMs
      // from the last modification. Either way an upload restarts if the file changes.
      stableMs: run.full ? this.deps.timings.stableMs : this.deps.timings.watchStabilityMs,
      scope: run.full ? undefined : run.scope,
      revert: run.revert ?? false,
    });
  }

  /**
   * A watched folder reports a file once writing pauses, which is usually
   * sooner than a run trusts it as complete (stableMs): without a second look
   * it would wait for the next full rescan. Other triggers pick it up on their
   * next run.
   */
  private recheckUnsettled(paths: readonly string[]): void {
    if (paths.length === 0 || !this.active || this.config.trigger.type !== 'Watch') return;
    for (const p of paths) this.unsettled.add(p);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      const scope = this.unsettled;
      this.unsettled = new Set();
      this.request({ full: scope.size > PARTIAL_RUN_LIMIT, scope, allowDeletions: false });
    }, this.deps.timings.stableMs + 100);
    this.settleTimer.unref?.();
  }

  private async runOnce(run: RunRequest): Promise<void> {
    const { config } = this;
    this.setStatus('scanning');
    this.lostDuringRun = false;
    const root = config.localPath;
    const startedOn = rootIdentity(root);
    if (!startedOn) {
      this.folderMissing();
      return;
    }
    this.runRoot = startedOn;
    const last = this.deps.store.task(this.id)?.root_identity ?? null;
    // Another folder than last time, where files were synced: what it lacks was not deleted by anyone.
    const folderReplaced = last !== null && last !== startedOn && this.deps.store.journalCount(this.id) > 0;
    if (last === null || (last !== startedOn && !folderReplaced)) this.deps.store.setRootIdentity(this.id, startedOn);
    let planned;
    try {
      planned = await this.plan(run);
    } catch (error) {
      if (error instanceof LocalFolderMissing) {
        this.folderMissing();
        return;
      }
      if (error instanceof JcsTransportError || (error instanceof AppError && error.code === AppErrorCode.ConnectionFailed)) {
        const params = { detail: error.message, seconds: Math.round(this.deps.timings.offlineRetryMs / 1000) };
        this.setStatus('offline', { code: 'offline', params });
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'warn', { code: 'offline', params });
        return;
      }
      if (error instanceof JcsError) {
        const params = { errorCode: error.code, detail: error.message };
        this.setStatus('error', { code: 'listingRefused', params });
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'error', { code: 'listingRefused', params });
        return;
      }
      throw error;
    }
    if (rootIdentity(root) !== startedOn) {
      // Scanned a folder that is gone (or another one) now: nothing planned from it may happen.
      this.rootLost(new SyncRootLost(root, rootIdentity(root) !== undefined));
      return;
    }
    this.recheckUnsettled(planned.unstable);
    for (const line of rejectedLogTexts(planned.rejected)) this.deps.store.log(this.id, 'warn', line.text, line.path);
    const { actions } = planned;
    this.noteKept(actions, run);
    const verdict = deletionVerdict(actions, { journalCount: this.deps.store.journalCount(this.id), localFiles: planned.localFiles, guard: config.options.deletionGuard, folderReplaced });
    if (!run.allowDeletions && verdict.blockedBy === 'folderReplaced') {
      const text: SyncLogText = { code: 'folderReplaced', params: { path: root, deletions: verdict.deletions } };
      this.setStatus('waitingForConfirmation', { code: 'folderReplaced', params: text.params });
      this.deps.store.setResult(this.id, 'blocked', logText(text));
      this.deps.store.log(this.id, 'warn', text);
      return;
    }
    if (!run.allowDeletions && verdict.blockedBy === 'deletionGuard') {
      const params = { deletions: verdict.deletions, percent: Math.round((verdict.deletions / verdict.base) * 100), base: verdict.base };
      this.setStatus('waitingForConfirmation', { code: 'deletionGuard', params });
      this.deps.store.setResult(this.id, 'blocked', this.message);
      this.deps.store.log(this.id, 'warn', { code: 'deletionGuard', params });
      return;
    }
    const meaningful = actions.filter((a) => a.kind !== 'record' && a.kind !== 'forget' && a.kind !== 'keep');
    if (config.options.dryRun) {
      this.deps.store.log(this.id, 'info', { code: 'dryRun', params: { count: meaningful.length } });
      for (const a of meaningful.slice(0, 200)) this.deps.store.log(this.id, 'info', { code: 'wouldDo', params: { kind: a.kind, reason: a.reason } }, a.path);
      this.finish('ok', null);
      return;
    }
    // From here on this folder is the task's: its deletions were confirmed, or there are none.
    if (folderReplaced) this.deps.store.setRootIdentity(this.id, startedOn);
    if (meaningful.length === 0 && actions.every((a) => a.kind === 'keep')) {
      this.finish('ok', null);
      return;
    }
    this.setStatus('syncing');
    let result;
    try {
      result = await executePlan(
        {
          taskId: this.id,
          root,
          rootId: startedOn,
          connectionId: config.connectionId,
          packageId: config.packageId,
          remotePath: config.remotePath,
          noEmptyDirectories: config.options.noEmptyDirectories,
          client: this.deps.client(config.connectionId),
          store: this.deps.store,
          engine: this.deps.engine,
          stamp: trashStamp(new Date(this.now)),
          localHashes: planned.hashes,
        },
        actions,
      );
    } catch (error) {
      if (!(error instanceof SyncRootLost)) throw error;
      this.rootLost(error);
      return;
    }
    if (meaningful.length) this.deps.store.log(this.id, 'info', { code: 'runStarted', params: { changes: meaningful.length, transfers: result.jobs } });
    this.logged();
    if (result.jobs === 0) {
      this.finish(result.failed ? 'error' : 'ok', result.failed ? { code: 'changesFailed', params: { count: result.failed } } : null);
      return;
    }
    this.currentBatch = { id: result.batchId, total: result.jobs, done: 0, failed: result.failed };
    this.progress = { done: 0, total: result.jobs };
    this.notify();
    const failed = await this.waitForBatch();
    if (failed === undefined || !this.active) return; // stopped: paused, quitting, or the folder went away
    if (run.full) await purgeTrash(root, this.deps.client(config.connectionId), config.packageId, config.remotePath, config.options.trashDays, this.now).catch(() => 0);
    // The run ends (and says so) only now, once its trash is tidied too.
    this.finish(failed ? 'error' : 'ok', failed ? { code: 'transfersFailed', params: { count: failed } } : null);
  }

  /** Keeps the set of kept changes up to date: a full run replaces it, a partial one updates its paths. */
  private noteKept(actions: readonly PlannedAction[], run: RunRequest): void {
    if (run.full) this.kept = new Set();
    else for (const p of run.scope) this.kept.delete(p);
    for (const a of actions) if (a.kind === 'keep') this.kept.add(a.path);
  }

  private folderMissing(): void {
    const text: SyncLogText = { code: 'folderMissing', params: { path: this.config.localPath } };
    this.setStatus('error', { code: 'folderMissing', params: text.params });
    this.deps.store.setResult(this.id, 'error', logText(text));
    this.deps.store.log(this.id, 'error', text);
  }

  /**
   * The folder vanished or was replaced under a run: the run ends now. Its
   * queued and running transfers are cancelled (a download would otherwise
   * write into, or make, a folder that is not the task's), and the next run
   * finds the folder missing, or, if another one is there, asks before deleting.
   */
  private rootLost(error: SyncRootLost): void {
    if (this.lostDuringRun) return;
    this.lostDuringRun = true;
    const active = this.deps.engine.store.activeForSync(this.id).map((j) => j.id);
    if (active.length) this.deps.engine.cancel(active);
    const text: SyncLogText = { code: error.replaced ? 'folderSwapped' : 'folderGone', params: { path: error.root, cancelled: active.length } };
    this.currentBatch = undefined;
    this.progress = null;
    this.setStatus('error', { code: 'folderLost', params: { path: this.config.localPath } });
    this.deps.store.setResult(this.id, 'error', logText(text));
    this.deps.store.log(this.id, 'error', text);
    this.logged();
    this.batchDone?.();
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

  /** Ends the wait for the run's transfers: with the number that failed, or undefined when the run was stopped. */
  private batchDone: ((failed?: number) => void) | undefined;

  private waitForBatch(): Promise<number | undefined> {
    return new Promise((resolve) => {
      this.batchDone = resolve;
    });
  }

  /** A transfer of this task finished: update the journal (on success) and the run's progress. */
  onTransferSettled(row: Parameters<Parameters<TransferEngine['onJobSettled']>[0]>[0]): void {
    const rel = row.remote_path.slice(this.config.remotePath.length);
    if (row.state === 'completed' && row.error_code !== AppErrorCode.Skipped && row.object_id !== null && row.expected_hash) {
      let local: LocalFile | undefined;
      if (row.direction === 'upload') local = { size: row.size, mtime: row.source_mtime ?? 0 };
      else {
        const s = statLocal(this.config.localPath, rel, this.filter(), { stableMs: 0, now: this.now });
        local = s && s !== 'unstable' && s !== 'filtered' ? s : undefined;
      }
      if (local) this.deps.store.putJournal(this.id, { path: rel, local_size: local.size, local_mtime: local.mtime, local_hash: null, remote_object: row.object_id, remote_hash: row.expected_hash, remote_size: row.size, remote_update: '' });
      this.deps.store.log(this.id, 'info', { code: row.direction === 'upload' ? 'uploaded' : 'downloaded', params: {} }, rel);
    } else if (row.state === 'failed') {
      this.deps.store.log(this.id, 'error', { code: 'transferFailed', params: { direction: row.direction, errorCode: String(row.error_code), detail: String(row.error_message) } }, rel);
      // An upload whose file vanished may be the first sign that the whole folder did.
      const batch = this.currentBatch;
      if (batch && row.batch_id === batch.id && this.runRoot && rootIdentity(this.config.localPath) !== this.runRoot) {
        this.rootLost(new SyncRootLost(this.config.localPath, rootIdentity(this.config.localPath) !== undefined));
      }
    }
    this.logged();
    const batch = this.currentBatch;
    if (batch && row.batch_id === batch.id) {
      batch.done++;
      if (row.state !== 'completed') batch.failed++;
      this.progress = { done: batch.done, total: batch.total };
      this.notify();
      if (batch.done >= batch.total) {
        this.currentBatch = undefined;
        this.progress = null;
        this.batchDone?.(batch.failed);
      }
    }
  }

  private busyPaths(): string[] {
    const prefix = this.config.remotePath;
    return this.deps.engine.store.activeForSync(this.id).map((j) => j.remote_path.slice(prefix.length));
  }

  private finish(result: 'ok' | 'error', why: SyncStatusText | null): void {
    this.runRoot = undefined;
    this.deps.store.setResult(this.id, result, why && statusText(why));
    this.deps.store.trimLog(this.id);
    this.setStatus(result === 'ok' ? 'idle' : 'error', why);
  }

  /** The status, and why it is so: a code with its params, and (for the codes that have one) the English message beside them. */
  private setStatus(status: SyncStatus, why: SyncStatusText | null = null): void {
    this.status = this.active || status === 'paused' ? status : 'paused';
    this.message = why && statusText(why);
    this.code = why?.code ?? null;
    this.params = why?.params ?? {};
    if (status !== 'scanning' && status !== 'syncing') this.runRoot = undefined;
    if (this.active && (status === 'idle' || status === 'error' || status === 'offline')) {
      // A run ended: announce when the next one is due with the status itself
      // (the timer is set a moment later, once the run has tidied up).
      const delay = this.nextRunDelay();
      this.nextRunAt = delay === undefined ? null : this.now + delay;
    }
    this.notify();
  }

  private notify(): void {
    this.deps.changed(this.id);
  }

  private logged(): void {
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
  async preview(): Promise<SyncPlan> {
    const planned = await this.plan({ full: true, scope: new Set(), allowDeletions: true }).catch((error: unknown) => {
      if (error instanceof LocalFolderMissing) throw new AppError(AppErrorCode.NotFound, error.message, { params: { path: this.config.localPath } });
      throw error;
    });
    const last = this.deps.store.task(this.id)?.root_identity ?? null;
    const now = rootIdentity(this.config.localPath);
    const folderReplaced = last !== null && now !== undefined && last !== now && this.deps.store.journalCount(this.id) > 0;
    return previewOf(planned, { journalCount: this.deps.store.journalCount(this.id), guard: this.config.options.deletionGuard, folderReplaced });
  }
}

/** An error as status and log params: its code, and its message as the detail shown after the translated text. */
function failureParams(error: unknown): MessageParams {
  const shape = toAppError(error);
  return { errorCode: shape.code, detail: shape.message };
}
