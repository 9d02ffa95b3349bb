/**
 * Runs space sync tasks on their intervals: a task's first pass starts when
 * it is created, the next one `interval` seconds after the last one started
 * (at once when a pass took longer). Passes a stop or crash cut short run
 * again at the next start. `cancel` is final: the running pass is stopped
 * and the task never runs again.
 */
import type { SyncCounts } from '@shared/jcs/user-space-wire';
import type { SpaceBackend } from '../space-backend';
import type { SpaceCatalog, UserSpaceRecord } from '../space-catalog';
import { asNodeError } from '../space-errors';
import { runSyncPass } from './sync-pass';
import type { SyncTaskRecord, SyncTaskStore } from './sync-task-store';

/** Progress rows are written at most this often. */
const PROGRESS_EVERY_MS = 500;

export interface SyncerDeps {
  tasks: SyncTaskStore;
  spaces: SpaceCatalog;
  openBackend(space: UserSpaceRecord): Promise<SpaceBackend>;
  now(): number;
  log(message: string, error?: unknown): void;
}

export class SpaceSyncer {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly passes = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(private readonly deps: SyncerDeps) {}

  start(): void {
    this.deps.tasks.resetInterrupted();
    for (const task of this.deps.tasks.live()) this.schedule(task);
  }

  /** Schedules a task just created (its first pass starts now). */
  added(task: SyncTaskRecord): void {
    this.schedule(task);
  }

  cancel(taskId: number): void {
    this.deps.tasks.cancel(taskId);
    clearTimeout(this.timers.get(taskId));
    this.timers.delete(taskId);
    this.passes.get(taskId)?.abort.abort(new Error('the task was cancelled'));
  }

  /** The running pass of a task, for tests and shutdown. */
  passOf(taskId: number): Promise<void> | undefined {
    return this.passes.get(taskId)?.done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const running = [...this.passes.values()];
    for (const pass of running) pass.abort.abort(new Error('the storage node is stopping'));
    await Promise.allSettled(running.map((p) => p.done));
  }

  private schedule(task: SyncTaskRecord): void {
    if (this.stopped || task.status === 'cancelled') return;
    clearTimeout(this.timers.get(task.taskID));
    const delay = Math.max(0, (task.nextRun ?? this.deps.now()) - this.deps.now());
    // setTimeout holds at most ~24.8 days; a longer wait is taken in steps.
    const timer = setTimeout(() => this.due(task.taskID), Math.min(delay, 2 ** 31 - 1));
    timer.unref?.();
    this.timers.set(task.taskID, timer);
  }

  private due(taskId: number): void {
    this.timers.delete(taskId);
    const task = this.deps.tasks.get(taskId);
    if (!task || task.status === 'cancelled' || this.stopped) return;
    if ((task.nextRun ?? 0) > this.deps.now()) return this.schedule(task);
    const abort = new AbortController();
    const done = this.pass(task, abort.signal).finally(() => {
      this.passes.delete(taskId);
      const after = this.deps.tasks.get(taskId);
      if (after) this.schedule(after);
    });
    this.passes.set(taskId, { abort, done });
  }

  private async pass(task: SyncTaskRecord, signal: AbortSignal): Promise<void> {
    const { tasks } = this.deps;
    const start = this.deps.now();
    const interval = task.config.trigger.interval * 1000;
    tasks.started(task.taskID, start);
    const backends: SpaceBackend[] = [];
    let counts: SyncCounts = { checked: 0, copied: 0, skipped: 0, failed: 0, bytes: 0 };
    let lastError: string | null = null;
    try {
      const endpoint = async (spaceId: number, path: string) => {
        const space = this.deps.spaces.require(spaceId);
        const backend = await this.deps.openBackend(space);
        backends.push(backend);
        return { backend, path, workingDir: space.workingDir };
      };
      const source = await endpoint(task.config.srcUserSpaceID, task.config.srcPath);
      const destinations: Awaited<ReturnType<typeof endpoint>>[] = [];
      for (const [i, id] of task.config.destUserSpaceIDs.entries()) destinations.push(await endpoint(id, task.config.destPathes[i]!));
      let written = 0;
      const report = await runSyncPass(
        task.config,
        source,
        destinations,
        (now) => {
          counts = now;
          if (this.deps.now() - written < PROGRESS_EVERY_MS) return;
          written = this.deps.now();
          tasks.progress(task.taskID, counts);
        },
        signal,
      );
      counts = report.counts;
      if (report.errors.length) lastError = `${report.counts.failed} file(s) failed: ${report.errors.join('; ')}`;
    } catch (error) {
      if (signal.aborted && this.stopped) return; // resumed at the next start (the row still says running)
      lastError = signal.aborted ? 'cancelled' : asNodeError(error).message;
      if (!signal.aborted) this.deps.log(`space sync task ${task.taskID}: the pass failed`, error);
    } finally {
      for (const backend of backends) backend.close();
    }
    const end = this.deps.now();
    tasks.ended(task.taskID, end, Math.max(start + interval, end), counts, lastError);
  }
}
