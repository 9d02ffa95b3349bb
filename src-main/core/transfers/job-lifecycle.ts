/**
 * A job's life after it is stored: every state change goes through the table
 * in job-states.ts (an action the table does not allow from the job's state
 * changes nothing), each run's end is turned into the job's next state
 * (`settle`), and what a job leaves behind when it ends without its file in
 * place — an unfinished multipart upload on the service, a partial download
 * on disk, recorded parts — is cleaned up. Listeners hear about each job that
 * settles (completed, failed, cancelled), once.
 */
import { rm } from 'node:fs/promises';
import { AppErrorCode } from '@shared/contract/define';
import type { StorageProvider } from '../../providers/storage-provider';
import { toAppError } from '../errors/to-app-error';
import type { EventBus } from '../events/event-bus';
import { PARTIAL_SUFFIX } from './download/ranged-download';
import { removeFolderJobLeftovers } from './folder-zip/folder-zip-download';
import { isSettled, nextState, type JobAction } from './job-states';
import type { ProgressPublisher } from './progress-publisher';
import type { ProgressTracker } from './progress-tracker';
import { ConflictWaiting, Drained, SkippedByConflict, SourceChanged } from './run-context';
import type { Running, RunningJobs } from './running-jobs';
import type { JobCounted, JobPatch, JobRow, TransferStore } from './transfer-store';

/** A file that changes while it is uploaded is started over this many times before its job fails. */
const MAX_SOURCE_RESTARTS = 5;

export interface LifecycleDeps {
  store: TransferStore;
  publisher: ProgressPublisher;
  progress: ProgressTracker;
  running: RunningJobs;
  events: EventBus;
  provider: (connectionId: string) => StorageProvider;
  log?: (message: string, error?: unknown) => void;
  now: () => number;
  /** Starts what can start (a job put back in the queue after its run ended). */
  schedule: () => void;
}

export class JobLifecycle {
  private readonly settledListeners = new Set<(row: JobRow) => void>();

  constructor(private readonly deps: LifecycleDeps) {}

  /** Applies `action` (with `patch`) when the table allows it from the job's state; false, changing nothing, when it does not. */
  move(row: JobRow, action: JobAction, patch: Omit<JobPatch, 'state'> = {}): boolean {
    const state = nextState(row.state, action);
    if (state === undefined) return false;
    const waiting = action === 'wait' ? { waiting: 'conflict' as const } : action === 'resolve' ? { waiting: null } : {};
    this.write(row, { ...patch, ...waiting, state });
    return true;
  }

  /** Changes what a job holds without changing its state. */
  patch(row: JobRow, patch: Omit<JobPatch, 'state'>): void {
    this.write(row, patch);
  }

  private write(row: JobRow, patch: JobPatch): void {
    // The row is the job as stored (read just now, or kept in step while it runs): what it was counted as need not be read again.
    if (this.gathered) this.gathered.push({ id: row.id, patch, was: { state: row.state, waiting: row.waiting, error_code: row.error_code } });
    Object.assign(row, patch);
    if (!this.gathered) this.deps.store.update(row.id, patch);
    this.deps.publisher.stateChanged(row);
  }

  /**
   * Runs `decide` with every write it makes gathered, then writes them all in
   * one statement per set of columns and only then runs what it announced
   * (listeners and events see the jobs as stored). Writes made after an await
   * inside `decide` (a cancel's clean-up) are not gathered: they go as before.
   */
  private writeTogether(decide: (announce: Array<() => void>) => void): void {
    const announce: Array<() => void> = [];
    const outer = this.gathered;
    const gathered: Array<{ id: string; patch: JobPatch; was: JobCounted }> = [];
    this.gathered = gathered;
    try {
      decide(announce);
    } finally {
      this.gathered = outer;
    }
    if (outer) outer.push(...gathered);
    else this.deps.store.updateMany(gathered);
    for (const a of announce) a();
  }

  private gathered: Array<{ id: string; patch: JobPatch; was: JobCounted }> | undefined;

  /** `move` for many jobs at once (a batch starting): written together, one statement per set of columns. */
  moveMany(moves: ReadonlyArray<{ row: JobRow; action: JobAction; patch?: Omit<JobPatch, 'state'> }>): void {
    this.writeTogether(() => {
      for (const { row, action, patch } of moves) this.move(row, action, patch);
    });
  }

  /** Decides a job's state from how its run ended (`outcome` undefined: it completed). */
  settle(id: string, outcome: unknown): void {
    const { running, progress, store } = this.deps;
    const entry = running.remove(id);
    progress.end(id);
    const row = store.get(id);
    if (!entry || !row) return;
    this.writeTogether((announce) => this.decide(entry, row, outcome, announce));
  }

  /**
   * `settle` for the jobs of one run from disk (a batch of small files), their
   * writes made together. Each job's row is the one its run kept in step with
   * the database (every change to a running job goes through it), so it is
   * not read back.
   */
  settleMany(ids: readonly string[], outcomes: readonly unknown[]): void {
    const { running, progress } = this.deps;
    this.writeTogether((announce) =>
      ids.forEach((id, i) => {
        const entry = running.remove(id);
        progress.end(id);
        if (entry) this.decide(entry, entry.row, outcomes[i], announce);
      }),
    );
  }

  private decide(entry: Running, row: JobRow, outcome: unknown, announce: Array<() => void>): void {
    const { publisher, events } = this.deps;
    // What the run recorded for its completion is kept whatever happens next (as a patch of its own would have been).
    if (outcome !== undefined && entry.result) this.patch(row, entry.result);
    if (outcome === undefined) {
      this.move(row, 'complete', { ...entry.result, finished_at: this.now(), error_code: null, error_message: null, bytes_done: row.size });
      if (row.direction === 'upload') publisher.rootChanged(row.connection_id, row.root);
    } else if (entry.reason === 'cancel') {
      void this.finishCancel(row); // tells the listeners itself
      return;
    } else if (entry.reason === 'pause') {
      // Paused already (or resumed while the aborted run was still winding down: it stays queued).
    } else if (entry.reason === 'stop' || outcome instanceof Drained || (entry.controller.signal.aborted && row.state === 'running')) {
      this.move(row, 'requeue'); // stopped, or aborted with another job of its batch
    } else if (outcome instanceof SkippedByConflict) {
      this.skip(row, outcome.message);
    } else if (outcome instanceof ConflictWaiting) {
      this.move(row, 'wait');
      announce.push(() => events.emit('transfers.conflict', { jobId: row.id, batchId: row.batch_id, remotePath: row.remote_path, localPath: row.local_path, direction: row.direction }));
    } else if (outcome instanceof SourceChanged && row.attempts < MAX_SOURCE_RESTARTS) {
      void this.restartFromScratch(row);
    } else {
      this.fail(row, outcome);
      if (outcome instanceof SourceChanged) {
        this.patch(row, { bytes_done: 0 });
        void this.discardUpload(row); // its parts hold old bytes: a retry starts over
      }
    }
    announce.push(() => {
      this.notifySettled(row);
      publisher.batchTouched(row.batch_id, row.direction);
    });
  }

  fail(row: JobRow, error: unknown): void {
    const shape = error instanceof SourceChanged ? { code: AppErrorCode.SourceChanged, message: `${error.message} again and again; it was not uploaded` } : toAppError(error, this.deps.log);
    this.move(row, 'fail', { error_code: shape.code, error_message: shape.message, finished_at: this.now() });
  }

  /** Completes the job without moving anything: its destination exists and the policy (or the user) said skip. An upload it holds is not wanted. */
  skip(row: JobRow, message: string): boolean {
    if (!this.move(row, 'skip', { waiting: null, finished_at: this.now(), error_code: AppErrorCode.Skipped, error_message: message })) return false;
    void this.discardUpload(row);
    return true;
  }

  /** Fails a job that never got to run (its connection cannot be reached, its page is gone), telling whoever waits for it. */
  failUnrun(row: JobRow, error: unknown): void {
    this.fail(row, error);
    this.notifySettled(row);
    this.deps.publisher.batchTouched(row.batch_id, row.direction);
  }

  /** Cancels the job and removes what it left: the service's unfinished upload, recorded parts, a partial download. */
  async finishCancel(row: JobRow): Promise<void> {
    if (!this.move(row, 'cancel', { finished_at: this.now() })) return;
    const handle = row.upload_handle;
    await this.abortUpload(row.connection_id, row.remote_path, handle);
    this.deps.store.clearUnits(row.id);
    if (row.direction === 'download') await rm(row.local_path + PARTIAL_SUFFIX, { force: true }).catch(() => undefined);
    if (row.kind !== 'file') await removeFolderJobLeftovers(row);
    this.deps.store.update(row.id, { upload_handle: null, bytes_done: 0 });
    this.notifySettled(row);
    this.deps.publisher.batchTouched(row.batch_id, row.direction);
  }

  private async restartFromScratch(row: JobRow): Promise<void> {
    // Given up before the job can run again: its next upload has the same key, which a late abort could take for this one.
    await this.abortUpload(row.connection_id, row.remote_path, row.upload_handle);
    this.deps.store.clearUnits(row.id);
    this.move(row, 'restart', { bytes_done: 0, part_size: null, upload_handle: null, object_ref: null, sha256: null });
    this.deps.schedule();
  }

  /** Forgets the job's unfinished upload and its recorded parts now; the service's copy is given up in the background. */
  async discardUpload(row: JobRow): Promise<void> {
    const handle = row.upload_handle;
    if (!handle) return;
    this.deps.store.clearUnits(row.id);
    this.patch(row, { part_size: null, upload_handle: null, object_ref: null, sha256: null });
    await this.abortUpload(row.connection_id, row.remote_path, handle);
  }

  /** Gives up an unfinished multipart upload on the service (best effort: it is the service's to clean otherwise). */
  private async abortUpload(connectionId: string, remotePath: string, handle: string | null): Promise<void> {
    if (!handle) return;
    try {
      await this.deps.provider(connectionId).multipart?.abort({ state: handle }, AbortSignal.timeout(30_000));
    } catch (error) {
      this.deps.log?.(`could not remove the unfinished upload of ${remotePath}`, error);
    }
  }

  /** Called with each job that reaches a final state (completed, failed, cancelled). */
  onSettled(listener: (row: JobRow) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private notifySettled(row: JobRow): void {
    if (!isSettled(row.state)) return;
    for (const listener of this.settledListeners) {
      try {
        listener({ ...row });
      } catch (error) {
        this.deps.log?.('a transfer listener failed', error);
      }
    }
  }

  now(): number {
    return this.deps.now();
  }
}
