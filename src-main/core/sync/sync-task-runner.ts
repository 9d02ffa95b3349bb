/**
 * One sync task at run time: its trigger (a folder watcher, an interval, or
 * nothing), its runs (one at a time; requests that arrive meanwhile are merged
 * into the next run), its status and progress. A run scans, plans, applies the
 * deletion guard, and executes; it never plans from a missing folder or an
 * unreachable service (those pause the task with a clear status instead, since
 * they would read as "everything was deleted").
 */
import { AppError } from '@shared/contract/define';
import type { SyncPlan, SyncStatus, SyncTask, SyncTaskConfig } from '@shared/contract/sync';
import { JcsError, JcsTransportError } from '../../providers/jcs/jcs-errors';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { fullHashOf, hashFile } from '../transfers/hash-file';
import type { TransferEngine } from '../transfers/transfer-engine';
import { FolderWatcher } from './folder-watcher';
import { LocalFolderMissing, readIgnoreRules, scanLocal, statLocal, type LocalFile } from './local-scan';
import { IGNORE_FILE, PathFilter } from './path-filter';
import { scanRemote, statRemote, type RemoteFile } from './remote-scan';
import { executePlan } from './sync-executor';
import { pathsNeedingLocalHash, planSync, type PlannedAction } from './sync-planner';
import type { JournalState, SyncStore } from './sync-store';
import { purgeTrash, trashStamp } from './trash';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export interface RunnerTimings {
  /** A file modified more recently than this is still being written. */
  stableMs: number;
  /** Watch tasks rescan everything this often (remote changes have no notifications). */
  fullRescanMs: number;
  /** After the service could not be reached, try again after this long. */
  offlineRetryMs: number;
  watchStabilityMs: number;
  watchDebounceMs: number;
}

export const DEFAULT_TIMINGS: RunnerTimings = { stableMs: 2000, fullRescanMs: 5 * 60_000, offlineRetryMs: 30_000, watchStabilityMs: 400, watchDebounceMs: 150 };

/** A watch-triggered run touching more paths than this scans everything instead. */
const PARTIAL_RUN_LIMIT = 200;

interface RunRequest {
  full: boolean;
  scope: Set<string>;
  allowDeletions: boolean;
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

function requireFolder(root: string): void {
  try {
    if (statSync(root).isDirectory()) return;
  } catch {
    // fall through
  }
  throw new LocalFolderMissing(root);
}

export class SyncTaskRunner {
  status: SyncStatus = 'idle';
  message: string | null = null;
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

  constructor(
    readonly id: string,
    public config: SyncTaskConfig,
    private readonly deps: RunnerDeps,
  ) {}

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  // ---- lifecycle ----

  /** Starts the trigger and a first full run (changes made while the app was closed). */
  activate(): void {
    if (this.active) return; // already watching: a second watcher would leak
    this.active = true;
    this.status = 'idle';
    this.message = null;
    const { trigger } = this.config;
    if (trigger.type === 'Watch') {
      this.watcher = new FolderWatcher({
        root: this.config.localPath,
        // Partial downloads are ours and never worth a run; excluded folders are not even watched.
        ignore: (rel) => rel.endsWith('.jcs-download') || !this.filter().folderIncluded(rel),
        onChanges: (paths, structural) => {
          if (paths.has(IGNORE_FILE)) this.cachedFilter = undefined; // the rules changed: a full run applies them everywhere
          this.request({ full: structural || paths.has(IGNORE_FILE) || paths.size > PARTIAL_RUN_LIMIT, scope: paths, allowDeletions: false });
        },
        onMode: (mode, warning) => {
          this.watching = mode;
          if (warning) this.deps.store.log(this.id, 'warn', warning);
          this.notify();
        },
        stabilityMs: this.deps.timings.watchStabilityMs,
        debounceMs: this.deps.timings.watchDebounceMs,
      });
      this.watcher.start();
    }
    this.request({ full: true, scope: new Set(), allowDeletions: false });
  }

  async deactivate(status: SyncStatus = 'paused'): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
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
      for (const p of run.scope) this.pending.scope.add(p);
    } else this.pending = { full: run.full, scope: new Set(run.scope), allowDeletions: run.allowDeletions };
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
        this.setStatus('error', error instanceof Error ? error.message : String(error));
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'error', `the run failed: ${this.message}`);
      }
      this.scheduleNext();
    }
  }

  /** How long after a run that ended in the current status the next one starts by itself (undefined: only on demand). */
  private nextRunDelay(): number | undefined {
    const { trigger } = this.config;
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
  async plan(run: RunRequest): Promise<{ actions: PlannedAction[]; localFiles: number; remoteFiles: number; hashes: Map<string, string>; unstable: string[] }> {
    const { config } = this;
    if (run.full) this.cachedFilter = undefined; // pick up an edited ignore file
    const filter = this.filter();
    const client = this.deps.client(config.connectionId);
    const now = this.now;
    // A watcher reports a file only after its size held still for watchStabilityMs, so
    // a run it triggers trusts that; a scan has no such evidence and waits stableMs
    // from the last modification. Either way an upload restarts if the file changes.
    const options = { stableMs: run.full ? this.deps.timings.stableMs : this.deps.timings.watchStabilityMs, now };
    const skip = new Set(this.busyPaths());
    const unstable: string[] = [];
    let local: Map<string, LocalFile>;
    let remote: Map<string, RemoteFile>;
    let journal: Map<string, JournalState>;
    let scope: Set<string> | undefined;
    if (run.full) {
      // One side after the other (the local side first: a missing folder is reported as such, whatever the
      // service says). Run together, each keeps the other's short-lived objects (listing pages, file stats)
      // alive across its pauses, they pile up in the old generation, and a 100,000-file rescan peaks far higher.
      const remoteFiltered = new Set<string>();
      const scan = await scanLocal(config.localPath, filter, options);
      const remoteFiles = await scanRemote(client, config.packageId, config.remotePath, filter, undefined, remoteFiltered);
      for (const p of scan.unstable) skip.add(p);
      unstable.push(...scan.unstable);
      // What a filter hides on either side is left as it is on both: a file that grew past the size
      // limit, or a folder excluded after it was synced, must not read as deleted.
      for (const p of scan.filtered) skip.add(p);
      for (const p of remoteFiltered) skip.add(p);
      local = scan.files;
      remote = remoteFiles;
      journal = this.deps.store.journal(this.id);
      for (const [p, j] of journal) if (!filter.fileIncluded(p, j.local_size)) skip.add(p);
    } else {
      scope = run.scope;
      local = new Map();
      remote = new Map();
      journal = new Map();
      requireFolder(config.localPath);
      for (const rel of scope) {
        const l = statLocal(config.localPath, rel, filter, options);
        if (l === 'unstable') {
          skip.add(rel);
          unstable.push(rel);
        } else if (l === 'filtered') skip.add(rel);
        else if (l) local.set(rel, l);
        const r = await statRemote(client, config.packageId, config.remotePath, rel);
        if (r && filter.fileIncluded(rel, r.size)) remote.set(rel, r);
        else if (r) skip.add(rel);
        const j = this.deps.store.journalEntry(this.id, rel);
        if (j && !filter.fileIncluded(rel, j.local_size)) skip.add(rel);
        else if (j) journal.set(rel, j);
      }
    }
    const base = { direction: config.direction, mode: config.mode, propagateDeletions: config.options.propagateDeletions, local, remote, journal, skip, scope };
    const hashes = new Map<string, string>();
    for (const path of pathsNeedingLocalHash(base)) {
      try {
        hashes.set(path, fullHashOf(await hashFile(join(config.localPath, ...path.split('/')))));
      } catch {
        skip.add(path); // vanished while we looked: the next run sees it
      }
    }
    const actions = planSync({ ...base, localHashes: hashes, now: new Date(now) });
    return { actions, localFiles: local.size, remoteFiles: remote.size, hashes, unstable };
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
    this.setStatus('scanning', null);
    let planned;
    try {
      planned = await this.plan(run);
    } catch (error) {
      if (error instanceof LocalFolderMissing) {
        this.setStatus('error', `${error.message}; the task waits until it is back (nothing is deleted)`);
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'error', this.message!);
        return;
      }
      if (error instanceof JcsTransportError || (error instanceof AppError && error.code === 'ConnectionFailed')) {
        this.setStatus('offline', `the storage service cannot be reached (${error.message}); retrying in ${Math.round(this.deps.timings.offlineRetryMs / 1000)} s`);
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'warn', this.message!);
        return;
      }
      if (error instanceof JcsError) {
        this.setStatus('error', `the service refused the listing: ${error.code}: ${error.message}`);
        this.deps.store.setResult(this.id, 'error', this.message);
        this.deps.store.log(this.id, 'error', this.message!);
        return;
      }
      throw error;
    }
    this.recheckUnsettled(planned.unstable);
    const { actions } = planned;
    const deletions = actions.filter((a) => a.kind === 'deleteLocal' || a.kind === 'deleteRemote').length;
    const base = Math.max(1, this.deps.store.journalCount(this.id), planned.localFiles);
    const guard = config.options.deletionGuard;
    if (!run.allowDeletions && deletions > 0 && (deletions > guard.maxFiles || (deletions / base) * 100 > guard.maxPercent)) {
      const message = `this run would delete ${deletions} files (${Math.round((deletions / base) * 100)} % of ${base}); it stopped and waits for you to confirm or pause the task`;
      this.setStatus('waitingForConfirmation', message);
      this.deps.store.setResult(this.id, 'blocked', message);
      this.deps.store.log(this.id, 'warn', message);
      return;
    }
    const meaningful = actions.filter((a) => a.kind !== 'record' && a.kind !== 'forget');
    if (config.options.dryRun) {
      this.deps.store.log(this.id, 'info', `dry run: ${meaningful.length} changes planned, nothing done`);
      for (const a of meaningful.slice(0, 200)) this.deps.store.log(this.id, 'info', `would ${a.kind}: ${a.reason}`, a.path);
      this.finish('ok', null);
      return;
    }
    if (meaningful.length === 0 && actions.length === 0) {
      this.finish('ok', null);
      return;
    }
    this.setStatus('syncing', null);
    const result = await executePlan(
      {
        taskId: this.id,
        root: config.localPath,
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
    if (meaningful.length) this.deps.store.log(this.id, 'info', `run: ${meaningful.length} changes (${result.jobs} transfers queued)`);
    this.logged();
    if (result.jobs === 0) {
      this.finish(result.failed ? 'error' : 'ok', result.failed ? `${result.failed} changes failed; see the log` : null);
      return;
    }
    this.currentBatch = { id: result.batchId, total: result.jobs, done: 0, failed: result.failed };
    this.progress = { done: 0, total: result.jobs };
    this.notify();
    await this.waitForBatch();
    if (run.full && this.active) await purgeTrash(config.localPath, this.deps.client(config.connectionId), config.packageId, config.remotePath, config.options.trashDays, this.now).catch(() => 0);
  }

  private batchDone: (() => void) | undefined;

  private waitForBatch(): Promise<void> {
    return new Promise((resolve) => {
      this.batchDone = resolve;
      if (this.currentBatch && this.currentBatch.done >= this.currentBatch.total) resolve();
    });
  }

  /** A transfer of this task finished: update the journal (on success) and the run's progress. */
  onTransferSettled(row: Parameters<Parameters<TransferEngine['onJobSettled']>[0]>[0]): void {
    const rel = row.remote_path.slice(this.config.remotePath.length);
    if (row.state === 'completed' && row.error_code !== 'Skipped' && row.object_id !== null && row.expected_hash) {
      let local: LocalFile | undefined;
      if (row.direction === 'upload') local = { size: row.size, mtime: row.source_mtime ?? 0 };
      else {
        const s = statLocal(this.config.localPath, rel, this.filter(), { stableMs: 0, now: this.now });
        local = s && s !== 'unstable' && s !== 'filtered' ? s : undefined;
      }
      if (local) this.deps.store.putJournal(this.id, { path: rel, local_size: local.size, local_mtime: local.mtime, local_hash: null, remote_object: row.object_id, remote_hash: row.expected_hash, remote_size: row.size, remote_update: '' });
      this.deps.store.log(this.id, 'info', row.direction === 'upload' ? 'uploaded' : 'downloaded', rel);
    } else if (row.state === 'failed') {
      this.deps.store.log(this.id, 'error', `${row.direction} failed: ${row.error_code}: ${row.error_message}`, rel);
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
        this.finish(batch.failed ? 'error' : 'ok', batch.failed ? `${batch.failed} transfers failed; see the log (they are retried on the next run)` : null);
        this.batchDone?.();
      }
    }
  }

  private busyPaths(): string[] {
    const prefix = this.config.remotePath;
    return this.deps.engine.store.activeForSync(this.id).map((j) => j.remote_path.slice(prefix.length));
  }

  private finish(result: 'ok' | 'error', message: string | null): void {
    this.deps.store.setResult(this.id, result, message);
    this.deps.store.trimLog(this.id);
    this.setStatus(result === 'ok' ? 'idle' : 'error', message);
  }

  private setStatus(status: SyncStatus, message: string | null): void {
    this.status = this.active || status === 'paused' ? status : 'paused';
    this.message = message;
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
      watching: this.watching,
      lastRunAt: row.last_run_at,
      lastRunResult: row.last_run_result,
      nextRunAt: this.nextRunAt,
      files: counts.files,
      progress: this.progress,
      conflicts: counts.conflicts,
    };
  }

  /** The dry-run plan, for the Preview table. */
  async preview(): Promise<SyncPlan> {
    const planned = await this.plan({ full: true, scope: new Set(), allowDeletions: true }).catch((error: unknown) => {
      if (error instanceof LocalFolderMissing) throw new AppError('NotFound', error.message);
      throw error;
    });
    const deletions = planned.actions.filter((a) => a.kind === 'deleteLocal' || a.kind === 'deleteRemote').length;
    const base = Math.max(1, this.deps.store.journalCount(this.id), planned.localFiles);
    const guard = this.config.options.deletionGuard;
    const blocked = deletions > 0 && (deletions > guard.maxFiles || (deletions / base) * 100 > guard.maxPercent);
    return {
      actions: planned.actions
        .filter((a) => a.kind !== 'record' && a.kind !== 'forget')
        .map((a) => ({
          kind: a.kind,
          path: a.path,
          toPath: a.kind === 'moveLocal' || a.kind === 'moveRemote' ? a.to : a.kind === 'conflict' ? a.keptAs : null,
          size: 'local' in a ? a.local.size : 'remote' in a ? a.remote.size : 0,
          reason: a.reason,
        })),
      blockedBy: blocked ? `deletes ${deletions} files (limit ${guard.maxFiles} files or ${guard.maxPercent} %)` : null,
      localFiles: planned.localFiles,
      remoteFiles: planned.remoteFiles,
    };
  }
}
