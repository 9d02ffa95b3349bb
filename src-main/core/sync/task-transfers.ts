/**
 * A task's side of the transfer queue: its runs' batches (queued as one,
 * followed to the end with progress), and every settled transfer of the task
 * — of this run, an earlier one, or one from before a restart — turned into
 * the journal entry of what is now in sync (or a line in the log when it
 * failed). Copies of remote versions kept in the local trash (keep-copies.ts)
 * are not in sync with anything and are never journaled.
 *
 * A first sync settles thousands of small transfers a second, and the app
 * database makes every commit durable: each settled transfer's journal entry
 * and log line are gathered and written together, in one transaction per turn
 * of the event loop. Nothing reads them before they are written: every
 * scan asks for `busyPaths` first, which writes what is gathered, and so do the
 * end of a batch, the engine's detach and a task's deletion (`flush`).
 */
import { sep } from 'node:path';
import type { SyncTaskConfig } from '@shared/contract/sync';
import type { SettledTransfer, TransferQueue, TransferRequest } from '../transfers/transfer-queue';
import { statLocal, type LocalFile } from './local-scan';
import { TRASH_FOLDER, type PathFilter } from './path-filter';
import type { SyncStore } from './sync-store';

export interface TaskTransfersHost {
  readonly id: string;
  readonly config: SyncTaskConfig;
  filter(): PathFilter;
  now(): number;
  /** The run's progress changed (null: no batch under way). */
  progressed(progress: { done: number; total: number } | null): void;
  logged(): void;
  /** A transfer of the current batch failed: the folder may be gone. */
  transferFailed(): void;
}

interface Batch {
  id: string;
  total: number;
  done: number;
  failed: number;
  /** The settled jobs, for batches whose caller reads them (kept copies); counts only otherwise. */
  settled: SettledTransfer[] | undefined;
  end: (settled: SettledTransfer[] | undefined) => void;
}

export class TaskTransfers {
  private batch: Batch | undefined;
  /** Settled transfers' journal and log writes not made yet (see the note above). */
  private writes: Array<() => void> = [];
  private flushScheduled = false;

  constructor(
    private readonly host: TaskTransfersHost,
    private readonly queue: TransferQueue,
    private readonly store: SyncStore,
  ) {}

  /**
   * Queues `requests` as one batch and waits until each has settled: resolves
   * with the settled jobs (`collect`) or an empty list, and with undefined when
   * the run is stopped first (`stop`). `failed` counts the batch's failures.
   */
  run(requests: Iterable<TransferRequest>, collect: boolean, onQueued?: (jobs: number) => void): Promise<{ settled: SettledTransfer[]; failed: number } | undefined> {
    const { batchId, jobs } = this.queue.enqueue(this.host.id, requests);
    onQueued?.(jobs);
    if (jobs === 0) return Promise.resolve({ settled: [], failed: 0 });
    return new Promise((resolve) => {
      const batch: Batch = {
        id: batchId,
        total: jobs,
        done: 0,
        failed: 0,
        settled: collect ? [] : undefined,
        end: (settled) => resolve(settled && { settled, failed: batch.failed }),
      };
      this.batch = batch;
      this.host.progressed({ done: 0, total: jobs });
    });
  }

  /** A batch is under way. */
  get running(): boolean {
    return this.batch !== undefined;
  }

  /** Stops waiting for the current batch (its transfers go on, or are paused or cancelled, on their own). */
  stop(): void {
    const batch = this.batch;
    this.batch = undefined;
    this.host.progressed(null);
    batch?.end(undefined);
  }

  /** Cancels every transfer of the task not settled yet; returns how many. */
  cancelAll(): number {
    const ids = this.queue.activeJobs(this.host.id).map((j) => j.id);
    if (ids.length) this.queue.cancel(ids);
    return ids.length;
  }

  /** Writes the settled transfers' journal entries and log lines gathered so far, in one transaction. */
  flush(): void {
    if (this.writes.length === 0) return;
    const writes = this.writes;
    this.writes = [];
    this.store.transaction(() => {
      for (const write of writes) write();
    });
    this.host.logged();
  }

  private gather(write: () => void): void {
    this.writes.push(write);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Paths (relative to the task's remote folder) a transfer of the task is working on. A scan calls this first: the journal is complete after it. */
  busyPaths(): string[] {
    this.flush();
    const prefix = this.host.config.remotePath;
    return this.queue.activeJobs(this.host.id).map((j) => j.remotePath.slice(prefix.length));
  }

  /** A transfer of this task settled: the journal (on success), the log, and the batch's progress. */
  settled(job: SettledTransfer): void {
    const { config } = this.host;
    const rel = job.remotePath.slice(config.remotePath.length);
    const keptCopy = job.localPath.startsWith(config.localPath + sep + TRASH_FOLDER + sep);
    if (job.state === 'completed' && !job.skipped && job.remote && !keptCopy) {
      let local: LocalFile | undefined;
      if (job.direction === 'upload') local = { size: job.size, mtime: job.sourceMtime ?? 0 };
      else {
        const s = statLocal(config.localPath, rel, this.host.filter(), { stableMs: 0, now: this.host.now() });
        local = s && s !== 'unstable' && s !== 'filtered' ? s : undefined;
      }
      const { remote } = job;
      this.gather(() => {
        if (local) this.store.putJournal(this.host.id, { path: rel, local_size: local.size, local_mtime: local.mtime, local_hash: null, remote_ref: remote.ref, remote_version: remote.version, remote_size: job.size });
        this.store.log(this.host.id, 'info', { code: job.direction === 'upload' ? 'uploaded' : 'downloaded', params: {} }, rel);
      });
    } else if (job.state === 'failed') {
      this.flush(); // in order with what was gathered before it
      this.store.log(this.host.id, 'error', { code: 'transferFailed', params: { direction: job.direction, errorCode: String(job.errorCode), detail: String(job.errorMessage) } }, rel);
      this.host.logged();
      if (this.batch?.id === job.batchId) this.host.transferFailed();
    }
    const batch = this.batch;
    if (batch?.id !== job.batchId) return;
    batch.done++;
    if (job.state !== 'completed') batch.failed++;
    batch.settled?.push(job);
    if (batch.done < batch.total) {
      this.host.progressed({ done: batch.done, total: batch.total });
      return;
    }
    this.flush(); // the run ends with the journal saying what is in sync
    this.batch = undefined;
    this.host.progressed(null);
    batch.end(batch.settled ?? []);
  }
}
