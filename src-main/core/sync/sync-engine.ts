/**
 * All sync tasks: created, edited, paused, resumed and deleted here, restored
 * with the app, and given the transfer engine's results. The contract's sync
 * operations are thin calls into this class. Changes the app itself makes in
 * a package (finished uploads, and deletes, moves, renames and copies through
 * object operations) reach the tasks whose remote folder they touch at once;
 * changes made by other clients of the service are found by the tasks' next
 * scheduled run (a Watch task rescans every few minutes).
 *
 * Sync reaches the service only through the connection's StorageProvider and
 * its transfers only through the TransferQueue: it never knows what kind of
 * service a task syncs with beyond the provider's capabilities (remote-side.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { AppError, AppErrorCode, type MessageParams } from '@shared/contract/define';
import { objectPathProblem } from '@shared/jcs/object-path';
import type { SyncConflict, SyncConflictChoice, SyncPlan, SyncTask, SyncTaskConfig, SyncTrashEntry } from '@shared/contract/sync';
import type { ConnectionService } from '../connections/connection-service';
import { toAppError } from '../errors/to-app-error';
import type { EventBus } from '../events/event-bus';
import type { TransferQueue } from '../transfers/transfer-queue';
import { requireLocalTarget } from '../paths/local-target';
import { conflictVersion, resolveConflict } from './conflict-resolution';
import { listLocalTrash, restoreLocal } from './local-trash';
import { rejectedLogTexts, type RejectedRemoteEntry } from './remote-scan';
import { listRemoteTrash, restoreRemote } from './remote-trash';
import { SyncRootLost } from './sync-root';
import { SyncStore } from './sync-store';
import { DEFAULT_TIMINGS, SyncTaskRunner, type RunnerTimings } from './sync-task-runner';

/** What the app changed in a root (object paths, or folder prefixes ending in '/'), and whether a sync task's own transfer did it. */
export interface RemoteChange {
  connectionId: string;
  root: string;
  paths: readonly string[];
  bySyncTask?: string | null;
}

export interface SyncEngineOptions {
  store: SyncStore;
  queue: TransferQueue;
  connections: Pick<ConnectionService, 'get' | 'provider' | 'capabilities'>;
  events: EventBus;
  timings?: Partial<RunnerTimings>;
  now?: () => number;
}

export class SyncEngine {
  private readonly runners = new Map<string, SyncTaskRunner>();
  private readonly changedTimers = new Map<string, NodeJS.Timeout>();
  private stopSettled: (() => void) | undefined;

  constructor(private readonly options: SyncEngineOptions) {}

  /** Restores every task; active ones start watching and (unless Manual) run once. */
  start(): void {
    this.stopSettled = this.options.queue.onSettled((job) => {
      if (job.syncTaskId) this.runners.get(job.syncTaskId)?.onTransferSettled(job);
      if (job.direction === 'upload' && job.state === 'completed' && !job.skipped) {
        this.remoteChanged({ connectionId: job.connectionId, root: job.root, paths: [job.remotePath], bySyncTask: job.syncTaskId });
      }
    });
    // A sync download makes its folders only below the task's folder, and only while it is the task's (sync-root.ts).
    this.options.queue.setLocalFolderGuard((job, dir) => {
      const runner = this.runners.get(job.syncTaskId);
      if (!runner) return Promise.reject(new SyncRootLost(dir, false));
      return runner.prepareLocalFolder(dir);
    });
    for (const row of this.options.store.tasks()) {
      let config: SyncTaskConfig;
      try {
        config = SyncStore.config(row); // validated: a hand-edited or older row fails here, not mid-run
      } catch (error) {
        this.options.store.log(row.id, 'error', { code: 'settingsUnreadable', params: { detail: String(error) } });
        continue;
      }
      const runner = this.runner(row.id, config);
      if (row.paused) runner.status = 'paused';
      else runner.activate();
    }
  }

  /**
   * Stops every task's triggers and runs. Transfers still settle into the
   * journal until `detach`, called once the transfer queue has stopped: a
   * transfer that finishes while the app quits is in sync, and a journal that
   * missed it would see the file on both sides as new (on a service whose
   * hash cannot be trusted, a conflict).
   */
  async stop(): Promise<void> {
    // The folder guard stays: downloads still finishing while the app stops must not make a missing folder either.
    await Promise.all([...this.runners.values()].map((r) => r.deactivate('paused')));
    for (const timer of this.changedTimers.values()) clearTimeout(timer);
  }

  /** Stops hearing from the transfer queue (after it stopped: see `stop`). */
  detach(): void {
    this.stopSettled?.();
    this.stopSettled = undefined;
    for (const runner of this.runners.values()) runner.transfers.flush();
  }

  list(): SyncTask[] {
    return [...this.runners.values()].map((r) => this.view(r));
  }

  /** A new task; `startPaused` leaves it paused (nothing runs until it is resumed), so its first run can be previewed. */
  create(config: SyncTaskConfig, startPaused = false): SyncTask {
    const normalized = this.validate(config);
    const id = randomUUID();
    this.options.store.insertTask(id, normalized, startPaused);
    this.options.store.log(id, 'info', { code: startPaused ? 'taskCreatedPaused' : 'taskCreated', params: { direction: normalized.direction, localPath: normalized.localPath, remotePath: normalized.remotePath } });
    const runner = this.runner(id, normalized);
    if (startPaused) runner.status = 'paused';
    else runner.activate();
    return this.view(runner);
  }

  async update(id: string, change: Partial<SyncTaskConfig>): Promise<SyncTask> {
    const runner = this.require(id);
    const next = this.validate({ ...runner.config, ...change }, id);
    const wasPaused = runner.status === 'paused';
    await runner.deactivate();
    this.options.store.updateConfig(id, next);
    runner.config = next;
    this.options.store.log(id, 'info', { code: 'taskChanged', params: {} });
    if (!wasPaused) runner.activate();
    return this.view(runner);
  }

  /** Forgets the task; its queued transfers are cancelled; no file is touched on either side. */
  async delete(id: string): Promise<void> {
    const runner = this.require(id);
    await runner.deactivate();
    this.options.queue.cancel(this.options.queue.activeJobs(id).map((j) => j.id));
    this.runners.delete(id);
    runner.transfers.flush(); // nothing gathered may write into the journal of a task that is gone
    this.options.store.deleteTask(id);
    this.options.events.emit('sync.changed', { taskId: id });
  }

  async pause(id: string): Promise<void> {
    const runner = this.require(id);
    this.options.store.setPaused(id, true);
    await runner.deactivate('paused');
    this.options.queue.pause(this.options.queue.activeJobs(id).map((j) => j.id));
    this.options.store.log(id, 'info', { code: 'paused', params: {} });
  }

  resume(id: string): void {
    const runner = this.require(id);
    this.options.store.setPaused(id, false);
    this.options.queue.resume(this.options.queue.activeJobs(id).filter((j) => j.state === 'paused').map((j) => j.id));
    this.options.store.log(id, 'info', { code: 'resumed', params: {} });
    runner.activate();
  }

  runNow(id: string, allowDeletions = false): void {
    const runner = this.require(id);
    runner.requireRunnable();
    runner.request({ full: true, scope: new Set(), allowDeletions });
  }

  /** One-way tasks: a run that replaces the receiving side's kept changes with the sending side's version. */
  revert(id: string): void {
    const runner = this.require(id);
    if (runner.config.direction === 'twoWay') throw new AppError(AppErrorCode.InvalidInput, 'a two-way task keeps no changes to revert: both sides send theirs');
    runner.requireRunnable();
    this.options.store.log(id, 'info', { code: runner.config.direction === 'download' ? 'revertLocal' : 'revertRemote', params: {} });
    runner.request({ full: true, scope: new Set(), allowDeletions: false, revert: true });
  }

  /**
   * The app changed objects (`paths`: object paths, or folder prefixes ending
   * in '/') in a root: tasks whose remote folder holds one of them, or lies
   * inside a changed folder, look again soon (see TaskTriggers.remoteChangedByApp).
   * A task's own uploads are not news to it.
   */
  remoteChanged(change: RemoteChange): void {
    for (const runner of this.runners.values()) {
      const { config } = runner;
      if (runner.id === change.bySyncTask || config.connectionId !== change.connectionId || config.root !== change.root) continue;
      const touched = change.paths.some((p) => p.startsWith(config.remotePath) || (p.endsWith('/') && config.remotePath.startsWith(p)));
      if (touched) runner.remoteChangedByApp();
    }
  }

  preview(id: string): Promise<SyncPlan> {
    return this.require(id).preview();
  }

  log(id: string, limit: number, beforeId?: number) {
    this.require(id);
    return this.options.store.readLog(id, limit, beforeId);
  }

  /** The task's conflicts, each with the fingerprint of its files now (a choice made on this list is checked against it). */
  async conflicts(id: string): Promise<SyncConflict[]> {
    const runner = this.require(id);
    const out: SyncConflict[] = [];
    for (const c of this.options.store.conflicts(id)) out.push({ ...c, version: await conflictVersion(runner, c).catch(() => '') });
    return out;
  }

  /** Settles conflicts as the user chose (conflict-resolution.ts), one by one: one that changed meanwhile is refused, the others go on. */
  async resolveConflicts(id: string, choice: SyncConflictChoice, picks: ReadonlyArray<{ id: number; version: string }>) {
    const runner = this.require(id);
    const failed: Array<{ id: number; path: string; code: string; message: string; params?: MessageParams }> = [];
    const followUp = new Set<string>();
    let resolved = 0;
    await runner.exclusive(async () => {
      for (const pick of picks) {
        const conflict = this.options.store.conflict(id, pick.id);
        try {
          if (!conflict) throw new AppError(AppErrorCode.NotFound, 'this conflict was settled already');
          for (const p of await resolveConflict(runner, conflict, choice, pick.version)) followUp.add(p);
          resolved++;
        } catch (error) {
          const shape = toAppError(error);
          failed.push({ id: pick.id, path: conflict?.path ?? '', code: shape.code, message: shape.message, ...(shape.params && { params: shape.params }) });
        }
      }
    });
    // The local changes go to the package by the task's own rules (the user chose: the deletions are theirs).
    if (followUp.size) runner.request({ full: false, scope: followUp, allowDeletions: true });
    this.changed(id);
    this.options.events.emit('sync.log', { taskId: id });
    return { resolved, failed };
  }

  /** The absolute local folder holding a conflict's file: shown in the file manager when the desktop can. */
  conflictFolder(id: string, conflictId: number, reveal?: (path: string) => void): { folder: string; revealed: boolean } {
    const runner = this.require(id);
    const conflict = this.options.store.conflict(id, conflictId);
    if (!conflict) throw new AppError(AppErrorCode.NotFound, 'this conflict was settled already');
    const file = requireLocalTarget(runner.config.localPath, conflict.path, { platform: process.platform, names: 'exact', suffix: '' });
    if (reveal) reveal(existsSync(file) ? file : dirname(file));
    return { folder: dirname(file), revealed: reveal !== undefined };
  }

  /** The deletion guard stopped a run: a run that copies the deleted files back instead (download what went here, upload what went there). */
  restoreDeleted(id: string): void {
    const runner = this.require(id);
    runner.requireRunnable();
    runner.request({ full: true, scope: new Set(), allowDeletions: false, restoreDeleted: true });
  }

  async trash(id: string): Promise<SyncTrashEntry[]> {
    const runner = this.require(id);
    const local = await listLocalTrash(runner.config.localPath);
    const rejected: RejectedRemoteEntry[] = [];
    // The remote trash is left out when the service cannot be reached now (the local one is still worth showing).
    const remote = await (async () => listRemoteTrash(runner.remote(), (entry) => rejected.push(entry)))().catch(() => []);
    // Hidden entries are said once per look at the trash, in the task's activity log.
    for (const line of rejectedLogTexts(rejected)) this.options.store.log(id, 'warn', line.text, line.path);
    return [...local, ...remote].sort((a, b) => b.deletedAt - a.deletedAt);
  }

  async restore(id: string, entries: ReadonlyArray<{ side: 'local' | 'remote'; trashPath: string }>) {
    const runner = this.require(id);
    const { config } = runner;
    let restored = 0;
    const failed: Array<{ trashPath: string; code: string; message: string; params?: MessageParams }> = [];
    for (const entry of entries) {
      try {
        const to = entry.side === 'local' ? await restoreLocal(config.localPath, entry.trashPath) : await restoreRemote(runner.remote(), entry.trashPath);
        this.options.store.log(id, 'info', { code: 'restored', params: { side: entry.side } }, to);
        restored++;
      } catch (error) {
        const shape = toAppError(error);
        failed.push({ trashPath: entry.trashPath, code: shape.code, message: shape.message, ...(shape.params && { params: shape.params }) });
      }
    }
    this.options.events.emit('sync.log', { taskId: id });
    return { restored, failed };
  }

  // ----

  private runner(id: string, config: SyncTaskConfig): SyncTaskRunner {
    const runner = new SyncTaskRunner(id, config, {
      store: this.options.store,
      queue: this.options.queue,
      provider: (connectionId) => this.options.connections.provider(connectionId),
      changed: (taskId) => this.changed(taskId),
      logged: (taskId) => this.options.events.emit('sync.log', { taskId }),
      timings: { ...DEFAULT_TIMINGS, ...this.options.timings },
      now: this.options.now,
    });
    this.runners.set(id, runner);
    return runner;
  }

  /** Coalesces status notifications: at most one event per task every 200 ms. */
  private changed(taskId: string): void {
    if (this.changedTimers.has(taskId)) return;
    this.changedTimers.set(
      taskId,
      setTimeout(() => {
        this.changedTimers.delete(taskId);
        this.options.events.emit('sync.changed', { taskId });
      }, 200),
    );
  }

  private require(id: string): SyncTaskRunner {
    const runner = this.runners.get(id);
    if (!runner) throw new AppError(AppErrorCode.NotFound, 'the sync task no longer exists (it was deleted)');
    return runner;
  }

  private validate(config: SyncTaskConfig, selfId?: string): SyncTaskConfig {
    if (!isAbsolute(config.localPath)) throw new AppError(AppErrorCode.InvalidInput, `localPath: '${config.localPath}' must be an absolute path`);
    const localPath = resolve(config.localPath);
    try {
      if (!statSync(localPath).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new AppError(AppErrorCode.InvalidInput, `localPath: '${localPath}' is not an existing folder`);
    }
    if (config.remotePath !== '' && (!config.remotePath.endsWith('/') || objectPathProblem(config.remotePath.slice(0, -1)))) {
      throw new AppError(AppErrorCode.InvalidInput, `remotePath: '${config.remotePath}' must be empty (the package root) or a folder path ending in '/'`);
    }
    this.options.connections.get(config.connectionId); // must exist
    const capabilities = this.options.connections.capabilities(config.connectionId);
    if (config.remotePath !== '' && capabilities.folders === 'none') {
      throw new AppError(AppErrorCode.InvalidInput, `remotePath: '${config.remotePath}': this service has no folders; a task syncs with the root itself ('')`);
    }
    const reserved = capabilities.reservedPrefixes.find((prefix) => config.remotePath.startsWith(prefix));
    if (reserved !== undefined) throw new AppError(AppErrorCode.InvalidInput, `remotePath: '${config.remotePath}' is inside '${reserved}', which the service keeps for itself`);
    for (const other of this.runners.values()) {
      if (other.id === selfId) continue;
      const theirs = other.config.localPath;
      if (theirs === localPath || localPath.startsWith(theirs + sep) || theirs.startsWith(localPath + sep)) {
        throw new AppError(AppErrorCode.Conflict, `'${localPath}' overlaps the folder of the task '${other.config.name}'; two tasks may not sync the same files`);
      }
    }
    return { ...config, localPath };
  }

  private view(runner: SyncTaskRunner): SyncTask {
    const row = this.options.store.task(runner.id);
    return runner.view({ files: this.options.store.journalCount(runner.id), conflicts: this.options.store.conflictCount(runner.id) }, { last_run_at: row?.last_run_at ?? null, last_run_result: row?.last_run_result ?? null });
  }
}
