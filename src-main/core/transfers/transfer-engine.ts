/**
 * The transfer queue. Jobs live in the database (TransferStore) and move
 * between states only as job-states.ts allows (JobLifecycle); the Scheduler
 * runs them against each connection's StorageProvider, the ProgressPublisher
 * merges what happens into a few events a second, and BrowserUploadJobs takes
 * the chunks of uploads a browser sends. Pause and cancel abort at once (no
 * trickle); what was acknowledged stays recorded. Stopping the app lets parts
 * in flight finish for a moment, then puts running jobs back in the queue for
 * the next start.
 *
 * The engine is also the TransferQueue sync uses (transfer-queue.ts): a sync
 * task's transfers are jobs like any other, tagged with the task.
 */
import { randomUUID } from 'node:crypto';
import type { TransferJob, TransferSettings, TransferTotals } from '@shared/contract/domain';
import type { TransferBatch } from '@shared/contract/transfer-batches';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import { BandwidthLimiter } from './bandwidth-limiter';
import { HOLD_INTERVAL_MS } from '@shared/transfers/browser-hold';
import { batchView, liveByBatch } from './batch-views';
import { BrowserUploadJobs, type ResumableUpload } from './browser-upload-jobs';
import type { UnpackLimits } from './folder-zip/unpack-limits';
import { JobLifecycle } from './job-lifecycle';
import { isActive, mayRetry } from './job-states';
import { ProgressPublisher } from './progress-publisher';
import { ProgressTracker } from './progress-tracker';
import { jobFromRequest, settledTransfer } from './queue-requests';
import type { RetryPolicy } from './retry';
import { RunningJobs } from './running-jobs';
import { Scheduler } from './scheduler';
import { Semaphore } from './semaphore';
import type { ActiveTransfer, SettledTransfer, TransferQueue, TransferRequest } from './transfer-queue';
import { jobView, type JobRow, type NewJob, type TransferStore } from './transfer-store';
import { GoneRoots } from './gone-roots';

/** Job rows are made and stored this many at a time (a first sync of 100,000 files must not hold 100,000 rows at once). */
const JOB_SLICE = 1000;

export interface TransferEngineOptions {
  store: TransferStore;
  connections: ConnectionService;
  events: EventBus;
  settings: () => TransferSettings;
  retry?: RetryPolicy;
  snapshotIntervalMs?: number;
  platform?: NodeJS.Platform;
  log?: (message: string, error?: unknown) => void;
  now?: () => number;
  /** Where a browser's chunks wait for a service without multipart uploads. */
  spoolDir?: string;
  /** Bounds of a folder zip unpacked. */
  unpackLimits?: UnpackLimits;
}

export class TransferEngine implements TransferQueue {
  private readonly running = new RunningJobs();
  private readonly progress = new ProgressTracker();
  private readonly limiter = new BandwidthLimiter();
  private readonly parts: Semaphore;
  private readonly publisher: ProgressPublisher;
  private readonly lifecycle: JobLifecycle;
  private readonly scheduler: Scheduler;
  private readonly gone: GoneRoots;
  private readonly browser: BrowserUploadJobs;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private watchdogTimer: NodeJS.Timeout | undefined;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TransferEngineOptions) {
    const { store, events, log } = options;
    const now = options.now ?? Date.now;
    const provider = (connectionId: string) => options.connections.provider(connectionId);
    this.parts = new Semaphore(options.settings().maxConcurrentParts);
    // A root found gone is news for every view of it (the same event as a root deleted through the app).
    this.gone = new GoneRoots(
      (connectionId, rootId) => options.connections.rootNames.get(connectionId, rootId),
      (connectionId, rootId) => events.emit('storage.changed', { connectionId, scope: 'roots', parentId: null, rootId }),
    );
    this.publisher = new ProgressPublisher(store, events, this.progress, this.running);
    this.lifecycle = new JobLifecycle({ store, publisher: this.publisher, progress: this.progress, running: this.running, events, provider, log, now, schedule: () => this.scheduler.schedule() });
    this.scheduler = new Scheduler({
      store,
      running: this.running,
      lifecycle: this.lifecycle,
      publisher: this.publisher,
      progress: this.progress,
      limiter: this.limiter,
      parts: this.parts,
      settings: options.settings,
      provider,
      retry: options.retry,
      platform: options.platform ?? process.platform,
      unpackLimits: options.unpackLimits,
      gone: this.gone,
    });
    this.browser = new BrowserUploadJobs({ store, running: this.running, lifecycle: this.lifecycle, progress: this.progress, scheduler: this.scheduler, provider, now, spoolDir: options.spoolDir, gone: this.gone });
    this.applySettings();
  }

  get store(): TransferStore {
    return this.options.store;
  }

  /** A not-found met while planning transfers into or out of `root`: the root's absence if it is gone (see GoneRoots.explain). */
  explainNotFound(error: unknown, connectionId: string, root: string): Promise<unknown> {
    return this.gone.explain(error, this.options.connections.provider(connectionId), connectionId, root);
  }

  /** Resumes what the last run left: running jobs go back to the queue and start again. */
  start(): void {
    this.options.store.requeueRunning(); // the table's 'requeue', for every job the last run left running
    this.browser.failInterrupted();
    this.snapshotTimer = setInterval(() => this.flush(), this.options.snapshotIntervalMs ?? 250);
    this.snapshotTimer.unref?.();
    this.watchdogTimer = setInterval(() => this.browser.failIdle(), 30_000);
    this.watchdogTimer.unref?.();
    this.holdTimer = setInterval(() => this.browser.flagUnheld(), HOLD_INTERVAL_MS);
    this.holdTimer.unref?.();
    this.scheduler.start();
  }

  /** Applies changed limits to what is running. */
  applySettings(): void {
    const settings = this.options.settings();
    this.parts.setLimit(settings.maxConcurrentParts);
    this.limiter.setRate(settings.bandwidthLimitKiBps * 1024);
    this.scheduler.schedule();
  }

  /** Lets parts in flight finish for up to `graceMs`, then aborts; running jobs return to the queue. */
  async stop(graceMs = 3000): Promise<void> {
    await this.scheduler.stop(graceMs);
    clearInterval(this.snapshotTimer);
    clearInterval(this.watchdogTimer);
    clearInterval(this.holdTimer);
    this.flush();
  }

  // ---- control ----

  pause(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['queued', 'running'])) {
      const running = this.running.get(id);
      const row = this.current(id);
      if (!row || !this.lifecycle.move(row, 'pause')) continue;
      if (running) this.running.abort(running, 'pause');
      if (running && row.source === 'browser') this.browser.paused(id);
      affected++;
    }
    return affected;
  }

  resume(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['paused'])) {
      const row = this.current(id);
      if (row && this.lifecycle.move(row, 'resume')) affected++;
    }
    this.scheduler.schedule();
    return affected;
  }

  retry(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['failed'])) {
      const row = this.current(id);
      if (row && mayRetry(row) && this.lifecycle.move(row, 'retry', { error_code: null, error_message: null, attempts: 0, finished_at: null })) affected++;
    }
    this.gone.forgetAll(); // asked again: a root with that id may be back
    this.scheduler.schedule();
    return affected;
  }

  cancel(ids: readonly string[] | null): number {
    return this.options.store.batch(() => {
      let affected = 0;
      for (const id of ids ?? this.options.store.idsInStates(['queued', 'running', 'paused'])) {
        const running = this.running.get(id);
        const row = this.current(id);
        if (!row || !isActive(row.state)) continue;
        if (running) this.running.abort(running, 'cancel');
        // A running job from disk is cancelled when its run has stopped; anything else now.
        if (!running || row.source === 'browser') {
          if (row.source === 'browser') this.browser.cancelled(id);
          void this.lifecycle.finishCancel(row);
        }
        affected++;
      }
      return affected;
    });
  }

  /** The job as its run sees it while it runs (the row runners patch), else as stored. */
  private current(id: string): JobRow | undefined {
    return this.running.get(id)?.row ?? this.options.store.get(id);
  }

  // ---- conflicts ----

  resolveConflict(jobId: string, resolution: 'overwrite' | 'skip' | 'keepBoth', applyToAll: boolean): number {
    const row = this.options.store.get(jobId);
    if (!row) throw new AppError(AppErrorCode.NotFound, 'the transfer no longer exists (it was cleared)');
    const rows = applyToAll ? this.options.store.batchConflicts(row.batch_id) : row.waiting === 'conflict' ? [row] : [];
    let resolved = 0;
    for (const r of rows) {
      const done = resolution === 'skip' ? this.lifecycle.skip(r, `'${r.direction === 'upload' ? r.remote_path : r.local_path}' already exists; skipped`) : this.lifecycle.move(r, 'resolve', { conflict: resolution });
      if (done) resolved++;
    }
    if (applyToAll) {
      // Later conflicts in this batch get the same answer without asking; a running job reads it from its row.
      for (const id of this.options.store.idsInStates(['queued', 'running', 'paused'])) {
        const other = this.current(id);
        if (other && other.batch_id === row.batch_id && other.conflict === 'ask') {
          other.conflict = resolution;
          this.options.store.update(id, { conflict: resolution });
        }
      }
    }
    this.publisher.batchTouched(row.batch_id, row.direction);
    this.scheduler.schedule();
    return resolved;
  }

  // ---- uploads whose bytes come from a browser ----

  /** Takes one chunk of a browser upload (headless mode's chunk route). */
  acceptBrowserChunk(jobId: string, index: number, bytes: Buffer): Promise<{ next: number; done: boolean }> {
    return this.browser.acceptChunk(jobId, index, bytes);
  }

  /** A page still holds the files of these browser uploads (its beat, or the jobs it just made). */
  proveBrowserFile(jobId: string, digests: readonly string[]): Promise<{ next: number }> {
    return this.browser.prove(jobId, digests);
  }

  holdBrowserFiles(ids: readonly string[]): void {
    this.browser.held(ids);
  }

  /** Browser uploads whose page went away, waiting for these files (keys as `resumeKey` makes them). */
  resumableBrowserUploads(keys: ReadonlySet<string>): Map<string, ResumableUpload> {
    return this.browser.resumable(keys);
  }

  // ---- queue and views ----

  list(offset: number, limit: number): { jobs: TransferJob[]; total: number } {
    const { rows, total } = this.options.store.page(offset, limit);
    return { jobs: rows.map((row) => jobView(row, this.progress.get(row.id))), total };
  }

  totals(): TransferTotals {
    return this.publisher.totals();
  }

  /** A page of batches with their totals (live bytes and speed of their running jobs included). */
  batches(offset: number, limit: number): { batches: TransferBatch[]; total: number } {
    const { rows, total } = this.options.store.batches.page(offset, limit);
    const live = liveByBatch(this.running.all(), this.progress);
    return { batches: rows.map((row) => batchView(row, live.get(row.batch_id))), total };
  }

  /** A page of one batch's jobs, failed ones first. */
  batchJobs(batchId: string, offset: number, limit: number): { jobs: TransferJob[]; total: number } {
    const { rows, total } = this.options.store.batches.jobs(batchId, offset, limit);
    return { jobs: rows.map((row) => jobView(this.current(row.id) ?? row, this.progress.get(row.id))), total };
  }

  /** Stores planned jobs and starts what can start. */
  addJobs(jobs: readonly NewJob[]): void {
    this.options.store.insertJobs(jobs);
    this.jobsAdded();
  }

  /** Jobs were added or removed: announce it and start what can start. */
  jobsAdded(): void {
    this.gone.forgetAll(); // new jobs: their root is asked about afresh
    this.publisher.queueChanged();
    this.flush();
    this.scheduler.schedule();
  }

  /** Pushes one merged snapshot of what changed since the last one. */
  flush(): void {
    this.publisher.flush();
  }

  newBatchId(): string {
    return randomUUID();
  }

  // ---- the TransferQueue sync uses ----

  enqueue(syncTaskId: string, requests: Iterable<TransferRequest>): { batchId: string; jobs: number } {
    const batchId = randomUUID();
    let jobs = 0;
    this.options.store.batch(() => {
      let slice: NewJob[] = [];
      for (const request of requests) {
        slice.push(jobFromRequest(syncTaskId, batchId, request));
        if (slice.length >= JOB_SLICE) {
          this.options.store.insertJobs(slice);
          jobs += slice.length;
          slice = [];
        }
      }
      if (slice.length) this.options.store.insertJobs(slice);
      jobs += slice.length;
    });
    if (jobs) this.jobsAdded();
    return { batchId, jobs };
  }

  activeJobs(syncTaskId: string): ActiveTransfer[] {
    return this.options.store.activeForSync(syncTaskId).map((j) => ({ id: j.id, state: j.state, direction: j.direction, remotePath: j.remote_path }));
  }

  onSettled(listener: (job: SettledTransfer) => void): () => void {
    return this.lifecycle.onSettled((row) => listener(settledTransfer(row)));
  }

  /** How a sync task's downloads make their folders (the sync engine's; see RunContext.prepareLocalFolder). */
  setLocalFolderGuard(guard: ((job: { syncTaskId: string; localPath: string }, dir: string) => Promise<void>) | undefined): void {
    this.scheduler.localFolderGuard = guard;
  }
}
