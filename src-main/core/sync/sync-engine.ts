/**
 * All sync tasks: created, edited, paused, resumed and deleted here, restored
 * with the app, and given the transfer engine's results. The contract's sync
 * operations are thin calls into this class. Changes the app itself makes in
 * a package (finished uploads, and deletes, moves, renames and copies through
 * ObjectOperations) reach the tasks whose remote folder they touch at once;
 * changes made by other clients of the service are found by the tasks' next
 * scheduled run (a Watch task rescans every few minutes).
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { AppError, AppErrorCode, type MessageParams } from '@shared/contract/define';
import { objectPathProblem } from '@shared/jcs/object-path';
import type { SyncPlan, SyncTask, SyncTaskConfig, SyncTrashEntry } from '@shared/contract/sync';
import type { ConnectionService } from '../connections/connection-service';
import { toAppError } from '../errors/to-app-error';
import type { EventBus } from '../events/event-bus';
import type { TransferEngine } from '../transfers/transfer-engine';
import { SyncRootLost } from './sync-root';
import { SyncStore } from './sync-store';
import { DEFAULT_TIMINGS, SyncTaskRunner, type RunnerTimings } from './sync-task-runner';
import { rejectedLogTexts, type RejectedRemoteEntry } from './remote-scan';
import { listLocalTrash, listRemoteTrash, restoreLocal, restoreRemote } from './trash';

export interface SyncEngineOptions {
  store: SyncStore;
  engine: TransferEngine;
  connections: ConnectionService;
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
    this.stopSettled = this.options.engine.onJobSettled((row) => {
      if (row.sync_task_id) this.runners.get(row.sync_task_id)?.onTransferSettled(row);
      if (row.direction === 'upload' && row.state === 'completed' && row.error_code !== AppErrorCode.Skipped) {
        this.remoteChanged({ connectionId: row.connection_id, packageId: row.package_id, paths: [row.remote_path], bySyncTask: row.sync_task_id });
      }
    });
    // A sync download makes its folders only below the task's folder, and only while it is the task's (sync-root.ts).
    this.options.engine.setLocalFolderGuard((row, dir) => {
      const runner = row.sync_task_id ? this.runners.get(row.sync_task_id) : undefined;
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

  async stop(): Promise<void> {
    // The folder guard stays: downloads still finishing while the app stops must not make a missing folder either.
    this.stopSettled?.();
    await Promise.all([...this.runners.values()].map((r) => r.deactivate('paused')));
    for (const timer of this.changedTimers.values()) clearTimeout(timer);
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
    const active = this.options.engine.store.activeForSync(id).map((j) => j.id);
    if (active.length) this.options.engine.cancel(active);
    this.runners.delete(id);
    this.options.store.deleteTask(id);
    this.options.events.emit('sync.changed', { taskId: id });
  }

  async pause(id: string): Promise<void> {
    const runner = this.require(id);
    this.options.store.setPaused(id, true);
    await runner.deactivate('paused');
    const active = this.options.engine.store.activeForSync(id).map((j) => j.id);
    if (active.length) this.options.engine.pause(active);
    this.options.store.log(id, 'info', { code: 'paused', params: {} });
  }

  resume(id: string): void {
    const runner = this.require(id);
    this.options.store.setPaused(id, false);
    const paused = this.options.engine.store.activeForSync(id).filter((j) => j.state === 'paused').map((j) => j.id);
    if (paused.length) this.options.engine.resume(paused);
    this.options.store.log(id, 'info', { code: 'resumed', params: {} });
    runner.activate();
  }

  runNow(id: string, allowDeletions = false): void {
    const runner = this.require(id);
    if (runner.status === 'paused') throw new AppError(AppErrorCode.Conflict, 'the task is paused; resume it first');
    runner.request({ full: true, scope: new Set(), allowDeletions });
  }

  /** One-way tasks: a run that replaces the receiving side's kept changes with the sending side's version. */
  revert(id: string): void {
    const runner = this.require(id);
    if (runner.config.direction === 'twoWay') throw new AppError(AppErrorCode.InvalidInput, 'a two-way task keeps no changes to revert: both sides send theirs');
    if (runner.status === 'paused') throw new AppError(AppErrorCode.Conflict, 'the task is paused; resume it first');
    this.options.store.log(id, 'info', { code: runner.config.direction === 'download' ? 'revertLocal' : 'revertRemote', params: {} });
    runner.request({ full: true, scope: new Set(), allowDeletions: false, revert: true });
  }

  /**
   * The app changed objects (`paths`: object paths, or folder prefixes ending
   * in '/') in a package: tasks whose remote folder holds one of them, or lies
   * inside a changed folder, look again soon (see SyncTaskRunner.remoteChangedByApp).
   * A task's own uploads are not news to it.
   */
  remoteChanged(change: { connectionId: string; packageId: number; paths: readonly string[]; bySyncTask?: string | null }): void {
    for (const runner of this.runners.values()) {
      const { config } = runner;
      if (runner.id === change.bySyncTask || config.connectionId !== change.connectionId || config.packageId !== change.packageId) continue;
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

  conflicts(id: string) {
    this.require(id);
    return this.options.store.conflicts(id);
  }

  async trash(id: string): Promise<SyncTrashEntry[]> {
    const { config } = this.require(id);
    const local = await listLocalTrash(config.localPath);
    const rejected: RejectedRemoteEntry[] = [];
    const remote = await listRemoteTrash(this.options.connections.client(config.connectionId), config.packageId, config.remotePath, (entry) => rejected.push(entry)).catch(() => []);
    // Hidden entries are said once per look at the trash, in the task's activity log.
    for (const line of rejectedLogTexts(rejected)) this.options.store.log(id, 'warn', line.text, line.path);
    return [...local, ...remote].sort((a, b) => b.deletedAt - a.deletedAt);
  }

  async restore(id: string, entries: ReadonlyArray<{ side: 'local' | 'remote'; trashPath: string }>) {
    const { config } = this.require(id);
    const client = this.options.connections.client(config.connectionId);
    let restored = 0;
    const failed: Array<{ trashPath: string; code: string; message: string; params?: MessageParams }> = [];
    for (const entry of entries) {
      try {
        const to = entry.side === 'local' ? await restoreLocal(config.localPath, entry.trashPath) : await restoreRemote(client, config.packageId, config.remotePath, entry.trashPath);
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
      engine: this.options.engine,
      client: (connectionId) => this.options.connections.client(connectionId),
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
    if (!runner) throw new AppError(AppErrorCode.NotFound, `sync task ${id} not found`);
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
    for (const other of this.runners.values()) {
      if (other.id === selfId) continue;
      const theirs = other.config.localPath;
      if (theirs === localPath || localPath.startsWith(theirs + sep) || theirs.startsWith(localPath + sep)) {
        throw new AppError(AppErrorCode.Conflict, `'${localPath}' overlaps the folder of the task '${other.config.name}'; two tasks may not sync the same files`);
      }
    }
    this.options.connections.get(config.connectionId); // must exist
    return { ...config, localPath };
  }

  private view(runner: SyncTaskRunner): SyncTask {
    const row = this.options.store.task(runner.id);
    return runner.view({ files: this.options.store.journalCount(runner.id), conflicts: this.options.store.conflictCount(runner.id) }, { last_run_at: row?.last_run_at ?? null, last_run_result: row?.last_run_result ?? null });
  }
}
