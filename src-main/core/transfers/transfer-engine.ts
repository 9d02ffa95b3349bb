/**
 * The transfer queue. Jobs live in the database (TransferStore); the engine
 * runs at most `maxConcurrentFiles` of them (a batch of small uploads counts as
 * one), with at most `maxConcurrentParts` parts or ranges in flight overall,
 * paced by the global bandwidth limit. Progress is merged and pushed a few
 * times a second. Pause and cancel abort at once (no trickle); what was
 * acknowledged stays recorded. Stopping the app lets parts in flight finish
 * for a moment, then puts running jobs back in the queue for the next start.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { TransferJob, TransferSettings, TransferTotals, TransferUpdate } from '@shared/contract/domain';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { toAppError } from '../errors/to-app-error';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import { BandwidthLimiter } from './bandwidth-limiter';
import { BROWSER_IDLE_LIMIT_MS, BrowserUploadSessions } from './browser-uploads';
import { PARTIAL_SUFFIX, runDownload } from './download/ranged-download';
import { ProgressTracker } from './progress-tracker';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { ConflictWaiting, Drained, SkippedByConflict, SourceChanged, type RunContext } from './run-context';
import { Semaphore } from './semaphore';
import { jobView, type JobPatch, type JobRow, type TransferStore } from './transfer-store';
import { runMultipartUpload } from './upload/multipart-upload';
import { BATCH_MAX_BYTES, BATCH_MAX_FILES, runSmallUploads } from './upload/small-uploads';

const MAX_SOURCE_RESTARTS = 5;

type StopReason = 'pause' | 'cancel' | 'stop';

interface Running {
  row: JobRow;
  controller: AbortController;
  reason?: StopReason;
}

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
}

export class TransferEngine {
  private readonly running = new Map<string, Running>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly progress = new ProgressTracker();
  private readonly limiter = new BandwidthLimiter();
  private readonly parts: Semaphore;
  private readonly updates = new Map<string, TransferUpdate>();
  private readonly browser = new BrowserUploadSessions();
  private readonly settledListeners = new Set<(row: JobRow) => void>();
  private readonly batchesToCheck = new Map<string, JobRow['direction']>();
  /** Packages that finished uploads since the last snapshot (`connection\u0000package`). */
  private readonly packagesChanged = new Set<string>();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private watchdogTimer: NodeJS.Timeout | undefined;
  private localFolderGuard: ((row: JobRow, dir: string) => Promise<void>) | undefined;
  private listChanged = false;
  private draining = false;
  private stopped = true;
  private scheduled = false;

  constructor(private readonly options: TransferEngineOptions) {
    this.parts = new Semaphore(options.settings().maxConcurrentParts);
    this.applySettings();
  }

  get store(): TransferStore {
    return this.options.store;
  }

  /** Resumes what the last run left: running jobs go back to the queue and start again. */
  start(): void {
    this.stopped = false;
    this.draining = false;
    this.options.store.requeueRunning();
    // A browser's bytes do not survive a restart: those uploads cannot continue.
    for (const id of this.options.store.idsInStates(['queued', 'paused'])) {
      const row = this.options.store.get(id);
      if (row?.source === 'browser') this.fail(row, new AppError(AppErrorCode.Cancelled, 'the app restarted while the browser was sending this file; drop it again'));
    }
    this.snapshotTimer = setInterval(() => this.flush(), this.options.snapshotIntervalMs ?? 250);
    this.snapshotTimer.unref?.();
    this.watchdogTimer = setInterval(() => this.failIdleBrowserUploads(), 30_000);
    this.watchdogTimer.unref?.();
    this.schedule();
  }

  /** How a sync task's downloads make their folders (the sync engine's; see RunContext.prepareLocalFolder). */
  setLocalFolderGuard(guard: ((row: JobRow, dir: string) => Promise<void>) | undefined): void {
    this.localFolderGuard = guard;
  }

  /** Applies changed limits to what is running. */
  applySettings(): void {
    const settings = this.options.settings();
    this.parts.setLimit(settings.maxConcurrentParts);
    this.limiter.setRate(settings.bandwidthLimitKiBps * 1024);
    this.schedule();
  }

  /** Lets parts in flight finish for up to `graceMs`, then aborts; running jobs return to the queue. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopped = true;
    this.draining = true;
    const settled = Promise.allSettled([...this.tasks]);
    const timer = setTimeout(() => {
      for (const r of this.running.values()) this.abort(r, 'stop');
    }, graceMs);
    await settled;
    clearTimeout(timer);
    clearInterval(this.snapshotTimer);
    clearInterval(this.watchdogTimer);
    this.flush();
  }

  // ---- control ----

  pause(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['queued', 'running'])) {
      const row = this.options.store.get(id);
      if (!row || (row.state !== 'queued' && row.state !== 'running')) continue;
      this.setState(row, { state: 'paused' });
      const running = this.running.get(id);
      if (running) this.abort(running, 'pause');
      if (running && row.source === 'browser') this.releaseBrowserJob(id); // no task settles it: the page drives it
      affected++;
    }
    return affected;
  }

  resume(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['paused'])) {
      const row = this.options.store.get(id);
      if (row?.state !== 'paused') continue;
      this.setState(row, { state: 'queued' });
      affected++;
    }
    this.schedule();
    return affected;
  }

  retry(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['failed'])) {
      const row = this.options.store.get(id);
      if (row?.state !== 'failed' && row?.state !== 'cancelled') continue;
      // The service named a place outside the folder: running the job again cannot change that (a new download lists afresh).
      if (row.error_code === AppErrorCode.UnsafeRemotePath) continue;
      this.setState(row, { state: 'queued', error_code: null, error_message: null, attempts: 0, finished_at: null });
      affected++;
    }
    this.schedule();
    return affected;
  }

  cancel(ids: readonly string[] | null): number {
    return this.options.store.batch(() => this.cancelEach(ids));
  }

  private cancelEach(ids: readonly string[] | null): number {
    let affected = 0;
    for (const id of ids ?? this.options.store.idsInStates(['queued', 'running', 'paused'])) {
      const row = this.options.store.get(id);
      if (!row || row.state === 'completed' || row.state === 'cancelled' || row.state === 'failed') continue;
      const running = this.running.get(id);
      if (running) this.abort(running, 'cancel');
      if (!running || row.source === 'browser') {
        if (running) this.releaseBrowserJob(id);
        this.browser.forget(id);
        void this.finishCancel(row);
      }
      affected++;
    }
    return affected;
  }

  // ---- queue and views ----

  list(offset: number, limit: number): { jobs: TransferJob[]; total: number } {
    const { rows, total } = this.options.store.page(offset, limit);
    return { jobs: rows.map((row) => jobView(row, this.progress.get(row.id))), total };
  }

  totals(): TransferTotals {
    const counts = this.options.store.counts();
    const live = this.progress.totals();
    return { ...counts, bytesDone: live.bytes, bytesTotal: live.size, speed: live.speed };
  }

  /** Jobs were added: announce them and start what can start. */
  jobsAdded(): void {
    this.listChanged = true;
    this.flush();
    this.schedule();
  }

  schedule(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.fill();
    });
  }

  private fill(): void {
    const settings = this.options.settings();
    const threshold = settings.multipartThresholdMiB * 1024 * 1024;
    let free = settings.maxConcurrentFiles - this.slotsInUse();
    let after = 0;
    while (free > 0 && !this.stopped) {
      const rows = this.options.store.nextQueued(after, 256).filter((r) => r.source === 'disk');
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.seq;
      const available = rows.filter((r) => !this.running.has(r.id));
      for (let i = 0; i < available.length && free > 0; i++) {
        const row = available[i]!;
        if (this.running.has(row.id)) continue;
        if (row.direction === 'upload' && row.size < threshold) {
          const batch = [row];
          let bytes = row.size;
          for (let j = i + 1; j < available.length && batch.length < BATCH_MAX_FILES; j++) {
            const other = available[j]!;
            if (other.direction !== 'upload' || other.size >= threshold || this.running.has(other.id)) continue;
            if (other.connection_id !== row.connection_id || other.package_id !== row.package_id || bytes + other.size > BATCH_MAX_BYTES) continue;
            batch.push(other);
            bytes += other.size;
          }
          this.launch(batch);
        } else {
          this.launch([row]);
        }
        free--;
      }
      if (rows.length < 256) break;
    }
  }

  private slotsInUse(): number {
    return new Set([...this.running.values()].filter((r) => r.row.source === 'disk').map((r) => r.controller)).size;
  }

  // ---- uploads whose bytes come from a browser ----

  /** Takes one chunk of a browser upload (headless mode's chunk route). */
  async acceptBrowserChunk(jobId: string, index: number, bytes: Buffer): Promise<{ next: number; done: boolean }> {
    const row = this.options.store.get(jobId);
    if (!row || row.source !== 'browser') throw new AppError(AppErrorCode.NotFound, `browser upload ${jobId} not found`);
    if (row.state === 'paused') throw new AppError(AppErrorCode.Paused, 'this transfer is paused');
    if (row.waiting) throw new AppError(AppErrorCode.Conflict, 'this transfer waits for a decision: its destination exists');
    if (row.state !== 'queued' && row.state !== 'running') throw new AppError(AppErrorCode.Conflict, `this transfer is ${row.state}`);
    let entry = this.running.get(jobId);
    if (!entry) {
      entry = { row, controller: new AbortController() };
      this.running.set(jobId, entry);
      this.setState(row, { state: 'running' });
      this.progress.begin(jobId, row.bytes_done, row.size);
    }
    const ctx = this.context(entry, this.options.connections.client(row.connection_id));
    try {
      const result = await this.browser.accept(ctx, index, bytes, this.now());
      if (result.done) this.settle(jobId, undefined);
      return result;
    } catch (error) {
      if (entry.reason === 'pause') throw new AppError(AppErrorCode.Paused, 'this transfer is paused');
      if (entry.reason === 'cancel') throw new AppError(AppErrorCode.Cancelled, 'this transfer was cancelled');
      this.browser.forget(jobId);
      this.settle(jobId, error);
      throw error;
    }
  }

  private releaseBrowserJob(id: string): void {
    this.running.delete(id);
    this.progress.end(id);
  }

  private failIdleBrowserUploads(): void {
    // Queued browser jobs nobody is sending (the page that could, closed): they would wait forever.
    for (const row of this.options.store.queuedBrowserJobsIdleSince(this.now() - BROWSER_IDLE_LIMIT_MS)) {
      if (this.browser.has(row.id) || this.running.has(row.id)) continue;
      this.fail(row, new AppError(AppErrorCode.Cancelled, 'no page sent this file for 10 minutes (the page that could was closed?); drop it again'));
      this.notifySettled(row.id);
      this.announceBatchIfDone(row.batch_id, row.direction);
    }
    for (const id of this.browser.idle(this.now())) {
      this.browser.forget(id);
      const row = this.options.store.get(id);
      if (row && (row.state === 'running' || row.state === 'queued')) {
        this.releaseBrowserJob(id);
        this.fail(row, new AppError(AppErrorCode.Cancelled, 'the browser stopped sending this file (the page was closed?); drop it again'));
      }
    }
  }

  // ---- running jobs ----

  private launch(rows: JobRow[]): void {
    let client;
    try {
      client = this.options.connections.client(rows[0]!.connection_id);
    } catch (error) {
      for (const row of rows) {
        this.fail(row, error);
        this.notifySettled(row.id); // a sync run waits for every job of its batch to settle
        this.announceBatchIfDone(row.batch_id, row.direction);
      }
      this.schedule(); // the slot this launch took is free again: no running task will call schedule() for it
      return;
    }
    // One controller per launch: a batch shares its request; pausing one job of a batch requeues the rest.
    const controller = new AbortController();
    const contexts = rows.map((row) => {
      const entry: Running = { row, controller };
      this.running.set(row.id, entry);
      this.setState(row, { state: 'running', attempts: row.attempts + 1 });
      this.progress.begin(row.id, row.bytes_done, row.size);
      return this.context(entry, client);
    });
    const work = rows.length > 1 || (rows[0]!.direction === 'upload' && rows[0]!.size < this.options.settings().multipartThresholdMiB * 1024 * 1024)
      ? runSmallUploads(contexts)
      : (rows[0]!.direction === 'upload' ? runMultipartUpload(contexts[0]!) : runDownload(contexts[0]!)).then(
          () => [undefined],
          (error: unknown) => [error],
        );
    const task = work
      .then((outcomes) => rows.forEach((row, i) => this.settle(row.id, outcomes[i])))
      .catch((error: unknown) => rows.forEach((row) => this.settle(row.id, error)))
      .finally(() => {
        this.tasks.delete(task);
        this.schedule();
      });
    this.tasks.add(task);
  }

  private context(entry: Running, client: RunContext['client']): RunContext {
    const { row } = entry;
    return {
      job: row,
      client,
      signal: entry.controller.signal,
      settings: this.options.settings(),
      limiter: this.limiter,
      parts: this.parts,
      retry: this.options.retry ?? DEFAULT_RETRY,
      platform: this.options.platform ?? process.platform,
      patch: (patch) => {
        Object.assign(row, patch);
        this.options.store.update(row.id, patch);
        if (patch.bytes_done !== undefined) this.progress.set(row.id, patch.bytes_done);
      },
      units: () => this.options.store.units(row.id),
      recordUnit: (unit, bytesDone) => {
        row.bytes_done = bytesDone;
        this.options.store.recordUnit(row.id, unit, bytesDone);
      },
      clearUnits: () => this.options.store.clearUnits(row.id),
      addBytes: (bytes) => {
        this.progress.add(row.id, bytes);
        this.markUpdated(row);
      },
      setBytes: (bytes) => {
        this.progress.set(row.id, bytes);
        this.markUpdated(row);
      },
      draining: () => this.draining,
      prepareLocalFolder: async (dir) => {
        if (row.sync_task_id && this.localFolderGuard) await this.localFolderGuard(row, dir);
        else await mkdir(dir, { recursive: true });
      },
    };
  }

  private abort(entry: Running, reason: StopReason): void {
    entry.reason ??= reason;
    entry.controller.abort(new DOMException(`transfer ${reason}`, 'AbortError'));
  }

  /** Decides a job's state from how its run ended. */
  private settle(id: string, outcome: unknown): void {
    const entry = this.running.get(id);
    this.running.delete(id);
    this.progress.end(id);
    const row = this.options.store.get(id);
    if (!entry || !row) return;
    if (outcome === undefined) {
      this.setState(row, { state: 'completed', finished_at: this.now(), error_code: null, error_message: null, bytes_done: row.size });
      if (row.direction === 'upload') this.packagesChanged.add(`${row.connection_id}\u0000${row.package_id}`);
    } else if (entry.reason === 'cancel') {
      void this.finishCancel(row);
    } else if (entry.reason === 'pause') {
      // Resumed while the aborted run was still winding down: it stays queued (the slot frees now).
      if (row.state !== 'queued') this.setState(row, { state: 'paused' });
    } else if (entry.reason === 'stop' || outcome instanceof Drained || (entry.controller.signal.aborted && row.state === 'running')) {
      this.setState(row, { state: 'queued' }); // stopped, or aborted with another job of its batch
    } else if (outcome instanceof SkippedByConflict) {
      this.setState(row, { state: 'completed', finished_at: this.now(), error_code: AppErrorCode.Skipped, error_message: outcome.message });
    } else if (outcome instanceof ConflictWaiting) {
      this.setState(row, { state: 'queued', waiting: 'conflict' });
      this.options.events.emit('transfers.conflict', { jobId: row.id, batchId: row.batch_id, remotePath: row.remote_path, localPath: row.local_path, direction: row.direction });
    } else if (outcome instanceof SourceChanged && row.attempts < MAX_SOURCE_RESTARTS) {
      void this.restartFromScratch(row);
    } else {
      this.fail(row, outcome);
      if (outcome instanceof SourceChanged) this.discardStagedUpload(row); // its parts hold old bytes: a retry starts over
    }
    this.notifySettled(id);
    this.announceBatchIfDone(row.batch_id, row.direction);
  }

  private fail(row: JobRow, error: unknown): void {
    const shape = error instanceof SourceChanged ? { code: AppErrorCode.SourceChanged, message: `${error.message} again and again; it was not uploaded` } : toAppError(error, this.options.log);
    this.setState(row, { state: 'failed', error_code: shape.code, error_message: shape.message, finished_at: this.now() });
  }

  private async restartFromScratch(row: JobRow): Promise<void> {
    await this.dropStagingObject(row);
    this.options.store.clearUnits(row.id);
    this.setState(row, { state: 'queued', bytes_done: 0, part_size: null, staging_object: null, staging_path: null });
    this.schedule();
  }

  /** Forgets the job's staged upload and its recorded parts now; the server object is removed in the background. */
  private discardStagedUpload(row: JobRow): void {
    const staged = { ...row };
    this.options.store.clearUnits(row.id);
    this.setState(row, { bytes_done: 0, part_size: null, staging_object: null, staging_path: null });
    void this.dropStagingObject(staged);
  }

  private async finishCancel(row: JobRow): Promise<void> {
    this.setState(row, { state: 'cancelled', finished_at: this.now() });
    await this.dropStagingObject(row);
    this.options.store.clearUnits(row.id);
    if (row.direction === 'download') await rm(row.local_path + PARTIAL_SUFFIX, { force: true }).catch(() => undefined);
    this.options.store.update(row.id, { staging_object: null, staging_path: null, bytes_done: 0 });
    this.notifySettled(row.id);
    this.announceBatchIfDone(row.batch_id, row.direction);
  }

  /** An unfinished multipart upload's server object is removed (best effort; it lives under .jcs-uploads). */
  private async dropStagingObject(row: JobRow): Promise<void> {
    if (!row.staging_object) return;
    try {
      await this.options.connections.client(row.connection_id).deleteObjects([row.staging_object], AbortSignal.timeout(30_000));
    } catch (error) {
      this.options.log?.(`could not remove the unfinished upload of ${row.remote_path}`, error);
    }
  }

  /** Batches are checked at the next snapshot: cancelling 10,000 jobs must not count the batch 10,000 times. */
  private announceBatchIfDone(batchId: string, direction: JobRow['direction']): void {
    this.batchesToCheck.set(batchId, direction);
  }

  private checkBatch(batchId: string, direction: JobRow['direction']): void {
    const counts = this.options.store.batchCounts(batchId);
    if (counts.queued + counts.running + counts.paused > 0) return;
    const total = counts.completed + counts.failed + counts.cancelled;
    const sample = this.options.store.firstOfBatch(batchId);
    this.options.events.emit('transfers.batchFinished', { batchId, direction, completed: counts.completed, failed: counts.failed, total, sync: sample?.sync_task_id != null });
  }

  /** Called with each job that reaches a final state (completed, failed, cancelled). */
  onJobSettled(listener: (row: JobRow) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private notifySettled(id: string): void {
    const row = this.options.store.get(id);
    if (!row || (row.state !== 'completed' && row.state !== 'failed' && row.state !== 'cancelled')) return;
    for (const listener of this.settledListeners) {
      try {
        listener(row);
      } catch (error) {
        this.options.log?.('a transfer listener failed', error);
      }
    }
  }

  // ---- conflicts ----

  resolveConflict(jobId: string, resolution: 'overwrite' | 'skip' | 'keepBoth', applyToAll: boolean): number {
    const row = this.options.store.get(jobId);
    if (!row) throw new AppError(AppErrorCode.NotFound, `transfer ${jobId} not found`);
    const rows = applyToAll ? this.options.store.batchConflicts(row.batch_id) : row.waiting === 'conflict' ? [row] : [];
    for (const r of rows) {
      if (resolution === 'skip') this.setState(r, { waiting: null, state: 'completed', finished_at: this.now(), error_code: AppErrorCode.Skipped, error_message: `'${r.direction === 'upload' ? r.remote_path : r.local_path}' already exists; skipped` });
      else this.setState(r, { waiting: null, conflict: resolution });
    }
    if (applyToAll) {
      // Later conflicts in this batch get the same answer without asking; a running job reads it from its row.
      for (const id of this.options.store.idsInStates(['queued', 'running', 'paused'])) {
        const other = this.running.get(id)?.row ?? this.options.store.get(id);
        if (other && other.batch_id === row.batch_id && other.conflict === 'ask') {
          other.conflict = resolution;
          this.options.store.update(id, { conflict: resolution });
        }
      }
    }
    this.announceBatchIfDone(row.batch_id, row.direction);
    this.schedule();
    return rows.length;
  }

  // ---- progress ----

  private setState(row: JobRow, patch: JobPatch): void {
    Object.assign(row, patch);
    this.options.store.update(row.id, patch);
    this.listChanged = true;
    this.markUpdated(row);
  }

  private markUpdated(row: JobRow): void {
    const live = this.progress.get(row.id);
    const view = jobView(row);
    this.updates.set(row.id, {
      id: row.id,
      state: row.state,
      waiting: row.waiting,
      bytesDone: live?.bytes ?? row.bytes_done,
      speed: live?.speed ?? 0,
      etaSeconds: live?.etaSeconds ?? null,
      errorCode: row.error_code,
      errorMessage: row.error_message,
      note: view.note,
      verified: view.verified,
    });
  }

  /** Pushes one merged snapshot of what changed since the last one. */
  flush(): void {
    for (const [id, live] of this.progress.sample()) {
      const existing = this.updates.get(id);
      const row = this.running.get(id)?.row;
      if (existing) Object.assign(existing, { bytesDone: live.bytes, speed: live.speed, etaSeconds: live.etaSeconds });
      else if (row) this.markUpdated(row);
    }
    if (this.updates.size > 0) {
      this.options.events.emit('transfers.progress', { updates: [...this.updates.values()], totals: this.totals() });
      this.updates.clear();
    }
    if (this.listChanged) {
      this.listChanged = false;
      this.options.events.emit('transfers.changed', {});
    }
    for (const [batchId, direction] of this.batchesToCheck) this.checkBatch(batchId, direction);
    this.batchesToCheck.clear();
    for (const key of this.packagesChanged) {
      const [connectionId, packageId] = key.split('\u0000') as [string, string];
      this.options.events.emit('storage.changed', { connectionId, scope: 'objects', bucketId: null, packageId: Number(packageId) });
    }
    this.packagesChanged.clear();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  newBatchId(): string {
    return randomUUID();
  }
}
