/**
 * Which queued jobs run, and how: at most `maxConcurrentFiles` runs at once
 * (a batch of small uploads counts as one), jobs taken in queue order, small
 * uploads to the same root batched as the service takes them
 * (`capabilities.batchUpload`), and each run given its runner: a download, a
 * batch of small uploads, a multipart upload, or (a service without multipart
 * uploads) one streamed `put`. Parts and ranges in flight are bounded overall
 * by the shared semaphore, bytes by the shared bandwidth limiter. Stopping
 * lets the runs finish their parts for a moment, then aborts them; their jobs
 * go back to the queue.
 */
import { mkdir } from 'node:fs/promises';
import type { TransferSettings } from '@shared/contract/domain';
import type { Capabilities, StorageProvider } from '../../providers/storage-provider';
import type { BandwidthLimiter } from './bandwidth-limiter';
import { runDownload } from './download/ranged-download';
import { runFolderZip } from './folder-zip/folder-zip-download';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './folder-zip/unpack-limits';
import { isNotFound, type GoneRoots } from './gone-roots';
import type { JobLifecycle } from './job-lifecycle';
import type { ProgressPublisher } from './progress-publisher';
import type { ProgressTracker } from './progress-tracker';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import type { RunContext } from './run-context';
import type { Running, RunningJobs } from './running-jobs';
import type { Semaphore } from './semaphore';
import type { JobRow, TransferStore } from './transfer-store';
import { runMultipartUpload } from './upload/multipart-upload';
import { runSmallUploads } from './upload/small-uploads';
import { runStreamedUpload } from './upload/streamed-upload';

/** Makes the folders a sync task's download writes into (the sync engine's guard). */
export type LocalFolderGuard = (job: { syncTaskId: string; localPath: string }, dir: string) => Promise<void>;

export interface SchedulerDeps {
  store: TransferStore;
  running: RunningJobs;
  lifecycle: JobLifecycle;
  publisher: ProgressPublisher;
  progress: ProgressTracker;
  limiter: BandwidthLimiter;
  parts: Semaphore;
  settings: () => TransferSettings;
  provider: (connectionId: string) => StorageProvider;
  retry?: RetryPolicy;
  platform: NodeJS.Platform;
  /** Bounds of a folder zip unpacked (DEFAULT_UNPACK_LIMITS when omitted). */
  unpackLimits?: UnpackLimits;
  /** Roots found deleted elsewhere: their jobs fail at once, with one reason. */
  gone: GoneRoots;
}

/** At most this many queued rows are read at once. */
const QUEUE_PAGE = 1024;
/** Rows read per free slot before any connection's batch size is known. */
const ROWS_PER_SLOT = 64;

export class Scheduler {
  private readonly tasks = new Set<Promise<void>>();
  private scheduled = false;
  private stopped = true;
  private draining = false;
  /** The most files a launch has taken so far (a service's batch size): a fill reads about that many rows per free slot, not a fixed page it mostly throws away. */
  private rowsPerSlot = ROWS_PER_SLOT;
  localFolderGuard: LocalFolderGuard | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.stopped = false;
    this.draining = false;
    this.schedule();
  }

  /** Lets parts in flight finish for up to `graceMs`, then aborts the runs (their jobs go back to the queue). */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.draining = true;
    const settled = Promise.allSettled([...this.tasks]);
    const timer = setTimeout(() => {
      for (const r of this.deps.running.all()) this.deps.running.abort(r, 'stop');
    }, graceMs);
    await settled;
    clearTimeout(timer);
  }

  /** Starts what can start, soon (once per turn of the event loop however often it is asked). */
  schedule(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.fill();
    });
  }

  private fill(): void {
    const { settings, store, running } = this.deps;
    const threshold = settings().multipartThresholdMiB * 1024 * 1024;
    const batchLimits = new Map<string, Capabilities['batchUpload']>();
    const batchLimitOf = (row: JobRow) => {
      if (!batchLimits.has(row.connection_id)) {
        const limit = this.capabilities(row.connection_id)?.batchUpload ?? null;
        batchLimits.set(row.connection_id, limit);
        if (limit) this.rowsPerSlot = Math.max(this.rowsPerSlot, limit.maxFiles);
      }
      return batchLimits.get(row.connection_id) ?? null;
    };
    let free = settings().maxConcurrentFiles - running.diskSlotsInUse();
    let after = 0;
    while (free > 0 && !this.stopped) {
      const page = Math.min(QUEUE_PAGE, free * this.rowsPerSlot);
      const read = store.nextQueued(after, page);
      const rows = read.filter((r) => r.source === 'disk');
      if (read.length === 0) break;
      after = read[read.length - 1]!.seq;
      if (rows.length === 0) {
        if (read.length < page) break;
        continue;
      }
      const available = rows.filter((r) => !running.has(r.id));
      for (let i = 0; i < available.length && free > 0; i++) {
        const row = available[i]!;
        if (running.has(row.id)) continue;
        const gone = this.deps.gone.get(row.connection_id, row.root);
        if (gone) {
          this.deps.lifecycle.failUnrun(row, gone); // the service was asked already: nothing is sent
          continue;
        }
        const limit = row.direction === 'upload' && row.size < threshold ? batchLimitOf(row) : null;
        const batch = [row];
        if (limit) {
          let bytes = row.size;
          for (let j = i + 1; j < available.length && batch.length < limit.maxFiles; j++) {
            const other = available[j]!;
            if (other.direction !== 'upload' || other.size >= threshold || running.has(other.id)) continue;
            if (other.connection_id !== row.connection_id || other.root !== row.root || bytes + other.size > limit.maxBytes) continue;
            batch.push(other);
            bytes += other.size;
          }
        }
        this.launch(batch);
        free--;
      }
      if (read.length < page) break;
    }
  }

  private capabilities(connectionId: string): Capabilities | undefined {
    try {
      return this.deps.provider(connectionId).capabilities;
    } catch {
      return undefined; // launch fails the job with the reason
    }
  }

  private launch(rows: JobRow[]): void {
    const { lifecycle, running, progress } = this.deps;
    let provider: StorageProvider;
    try {
      provider = this.deps.provider(rows[0]!.connection_id);
    } catch (error) {
      for (const row of rows) lifecycle.failUnrun(row, error); // a sync run waits for every job of its batch to settle
      this.schedule(); // the slot this launch took is free again: no running task will call schedule() for it
      return;
    }
    // One controller per launch: a batch shares its request; pausing one job of a batch requeues the rest.
    const controller = new AbortController();
    // A batch of small files starts and settles in one transaction each: a commit per job was most of the engine's time per file.
    // Their writes go together too: one statement per set of columns for the whole batch, not one per job.
    // The settings are read once for the launch (a read is a query and a parse; a batch has 64 jobs).
    const settings = this.deps.settings();
    const contexts = this.deps.store.batch(() => {
      const entries = rows.map((row) => running.add(row, controller));
      lifecycle.moveMany(rows.map((row) => ({ row, action: 'start' as const, patch: { attempts: row.attempts + 1 } })));
      return entries.map((entry) => {
        progress.begin(entry.row.id, entry.row.bytes_done, entry.row.size);
        return this.context(entry, provider, settings);
      });
    });
    const ids = rows.map((row) => row.id);
    const task = this.run(rows, contexts, provider, settings)
      .then((outcomes) => this.whenRootGone(rows, outcomes, provider))
      .then((outcomes) => this.deps.store.batch(() => lifecycle.settleMany(ids, outcomes)))
      .catch((error: unknown) => lifecycle.settleMany(ids, ids.map(() => error)))
      .finally(() => {
        this.tasks.delete(task);
        this.schedule();
      });
    this.tasks.add(task);
  }

  /** A not-found may mean the root itself is gone: asked once per root, and if so that is the failure of every job of the launch that failed. */
  private async whenRootGone(rows: JobRow[], outcomes: unknown[], provider: StorageProvider): Promise<unknown[]> {
    if (!outcomes.some(isNotFound)) return outcomes;
    const gone = await this.deps.gone.check(provider, rows[0]!.connection_id, rows[0]!.root);
    return gone ? outcomes.map((outcome) => (outcome === undefined ? undefined : gone)) : outcomes;
  }

  /** Runs the launch with its runner; one outcome per job (undefined: done). */
  private async run(rows: JobRow[], contexts: RunContext[], provider: StorageProvider, settings: TransferSettings): Promise<unknown[]> {
    const first = rows[0]!;
    const small = first.direction === 'upload' && first.size < settings.multipartThresholdMiB * 1024 * 1024;
    if (rows.length > 1 || small) return runSmallUploads(contexts);
    if (first.kind !== 'file') {
      return runFolderZip(contexts[0]!, this.deps.unpackLimits ?? DEFAULT_UNPACK_LIMITS).then(
        () => [undefined],
        (error: unknown) => [error],
      );
    }
    const runner = first.direction === 'download' ? runDownload : provider.multipart ? runMultipartUpload : runStreamedUpload;
    return runner(contexts[0]!).then(
      () => [undefined],
      (error: unknown) => [error],
    );
  }

  /** What a runner of `entry`'s job gets: its row kept in step with the database, the shared limits, progress reporting. */
  context(entry: Running, provider: StorageProvider, settings = this.deps.settings()): RunContext {
    const { row } = entry;
    const { store, progress, publisher } = this.deps;
    return {
      job: row,
      provider,
      signal: entry.controller.signal,
      settings,
      limiter: this.deps.limiter,
      parts: this.deps.parts,
      retry: this.deps.retry ?? DEFAULT_RETRY,
      platform: this.deps.platform,
      // What a runner records is not a change of state: the list hears of it with the next state change or progress.
      patch: (patch) => {
        Object.assign(row, patch);
        store.update(row.id, patch);
        if (patch.bytes_done !== undefined) progress.set(row.id, patch.bytes_done);
      },
      recordResult: (patch) => {
        Object.assign(row, patch);
        entry.result = { ...entry.result, ...patch };
        if (patch.bytes_done !== undefined) progress.set(row.id, patch.bytes_done);
      },
      units: () => store.units(row.id),
      recordUnit: (unit, bytesDone) => {
        row.bytes_done = bytesDone;
        store.recordUnit(row.id, unit, bytesDone);
      },
      clearUnits: () => store.clearUnits(row.id),
      addBytes: (bytes) => {
        progress.add(row.id, bytes);
        publisher.progressed(row);
      },
      setBytes: (bytes) => {
        progress.set(row.id, bytes);
        publisher.progressed(row);
      },
      draining: () => this.draining,
      rootGone: () => this.deps.gone.check(provider, row.connection_id, row.root),
      prepareLocalFolder: async (dir) => {
        const guard = this.localFolderGuard;
        if (row.sync_task_id && guard) await guard({ syncTaskId: row.sync_task_id, localPath: row.local_path }, dir);
        else await mkdir(dir, { recursive: true });
      },
    };
  }
}
