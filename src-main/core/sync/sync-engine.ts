/**
 * All sync tasks: created, edited, paused, resumed and deleted here, restored
 * with the app, and given the transfer engine's results. The contract's sync
 * operations are thin calls into this class.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { objectPathProblem } from '@shared/jcs/object-path';
import type { SyncPlan, SyncTask, SyncTaskConfig, SyncTrashEntry } from '@shared/contract/sync';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import type { TransferEngine } from '../transfers/transfer-engine';
import { SyncStore } from './sync-store';
import { DEFAULT_TIMINGS, SyncTaskRunner, type RunnerTimings } from './sync-task-runner';
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

  /** Restores every task; active ones start watching and run once. */
  start(): void {
    this.stopSettled = this.options.engine.onJobSettled((row) => {
      if (row.sync_task_id) this.runners.get(row.sync_task_id)?.onTransferSettled(row);
    });
    for (const row of this.options.store.tasks()) {
      let config: SyncTaskConfig;
      try {
        config = SyncStore.config(row); // validated: a hand-edited or older row fails here, not mid-run
      } catch (error) {
        this.options.store.log(row.id, 'error', `the task's saved settings cannot be read: ${String(error)}`);
        continue;
      }
      const runner = this.runner(row.id, config);
      if (row.paused) runner.status = 'paused';
      else runner.activate();
    }
  }

  async stop(): Promise<void> {
    this.stopSettled?.();
    await Promise.all([...this.runners.values()].map((r) => r.deactivate('paused')));
    for (const timer of this.changedTimers.values()) clearTimeout(timer);
  }

  list(): SyncTask[] {
    return [...this.runners.values()].map((r) => this.view(r));
  }

  create(config: SyncTaskConfig): SyncTask {
    const normalized = this.validate(config);
    const id = randomUUID();
    this.options.store.insertTask(id, normalized);
    this.options.store.log(id, 'info', `task created: ${normalized.direction} between ${normalized.localPath} and ${normalized.remotePath || '(package root)'}`);
    const runner = this.runner(id, normalized);
    runner.activate();
    return this.view(runner);
  }

  async update(id: string, change: Partial<SyncTaskConfig>): Promise<SyncTask> {
    const runner = this.require(id);
    const next = this.validate({ ...runner.config, ...change }, id);
    const wasPaused = runner.status === 'paused';
    await runner.deactivate();
    this.options.store.updateConfig(id, next);
    runner.config = next;
    this.options.store.log(id, 'info', 'task settings changed');
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
    this.options.store.log(id, 'info', 'paused');
  }

  resume(id: string): void {
    const runner = this.require(id);
    this.options.store.setPaused(id, false);
    const paused = this.options.engine.store.activeForSync(id).filter((j) => j.state === 'paused').map((j) => j.id);
    if (paused.length) this.options.engine.resume(paused);
    this.options.store.log(id, 'info', 'resumed');
    runner.activate();
  }

  runNow(id: string, allowDeletions = false): void {
    const runner = this.require(id);
    if (runner.status === 'paused') throw new AppError(AppErrorCode.Conflict, 'the task is paused; resume it first');
    runner.request({ full: true, scope: new Set(), allowDeletions });
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
    const remote = await listRemoteTrash(this.options.connections.client(config.connectionId), config.packageId, config.remotePath).catch(() => []);
    return [...local, ...remote].sort((a, b) => b.deletedAt - a.deletedAt);
  }

  async restore(id: string, entries: ReadonlyArray<{ side: 'local' | 'remote'; trashPath: string }>) {
    const { config } = this.require(id);
    const client = this.options.connections.client(config.connectionId);
    let restored = 0;
    const failed: Array<{ trashPath: string; message: string }> = [];
    for (const entry of entries) {
      try {
        const to = entry.side === 'local' ? await restoreLocal(config.localPath, entry.trashPath) : await restoreRemote(client, config.packageId, config.remotePath, entry.trashPath);
        this.options.store.log(id, 'info', `restored from the ${entry.side} trash`, to);
        restored++;
      } catch (error) {
        failed.push({ trashPath: entry.trashPath, message: error instanceof Error ? error.message : String(error) });
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
