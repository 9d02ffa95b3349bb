/**
 * What a runner (one upload, one download, one batch of small uploads) gets
 * from the engine: its job row, the connection's storage provider,
 * cancellation, the shared limits, and ways to record progress that survives
 * a restart.
 */
import type { TransferSettings } from '@shared/contract/domain';
import type { StorageProvider } from '../../providers/storage-provider';
import type { BandwidthLimiter } from './bandwidth-limiter';
import type { RetryPolicy } from './retry';
import type { Semaphore } from './semaphore';
import type { JobPatch, JobRow, UnitRow } from './transfer-store';
import type { AppError } from '@shared/contract/define';

export interface RunContext {
  /** The job as stored; `patch` keeps it in step with the database. */
  readonly job: JobRow;
  /** The job's connection; `job.root` is the root inside it. */
  readonly provider: StorageProvider;
  /** Aborted on pause, cancel, or when the app stops. */
  readonly signal: AbortSignal;
  readonly settings: TransferSettings;
  readonly limiter: BandwidthLimiter;
  /** Slots for parts/ranges in flight, shared by all jobs. */
  readonly parts: Semaphore;
  readonly retry: RetryPolicy;
  readonly platform: NodeJS.Platform;
  /** Records what the run learned or did (never the job's state: that follows job-states.ts). */
  patch(patch: Omit<JobPatch, 'state'>): void;
  /**
   * Records what the run stored, on the job at once and in the database with
   * its completion (one write with its state instead of one of its own). A
   * crash before that leaves the job to run again, as a crash before a patch would.
   */
  recordResult(patch: Omit<JobPatch, 'state'>): void;
  units(): UnitRow[];
  /** Records a finished unit with the job's durable byte count. */
  recordUnit(unit: UnitRow, bytesDone: number): void;
  clearUnits(): void;
  /** Live byte count (in flight included); negative to take back a failed attempt's bytes. */
  addBytes(bytes: number): void;
  setBytes(bytes: number): void;
  /** True once the app is stopping: finish the parts in flight, start no new ones. */
  draining(): boolean;
  /**
   * Makes the folder a download writes into (and its parents). A sync task's
   * download goes through the sync engine's guard, which makes folders only
   * below the task's existing folder, never the folder itself.
   */
  prepareLocalFolder(dir: string): Promise<void>;
  /** Asks (once per root, shared) whether the job's root was deleted elsewhere: its failure if so (gone-roots.ts). */
  rootGone?(): Promise<AppError | undefined>;
}

/** The job's destination exists and the user has to choose; the job waits. */
export class ConflictWaiting extends Error {
  constructor(readonly path: string) {
    super(`'${path}' already exists`);
    this.name = 'ConflictWaiting';
  }
}

/** The user chose to skip this file because its destination exists. */
export class SkippedByConflict extends Error {
  constructor(readonly path: string) {
    super(`'${path}' already exists; skipped`);
    this.name = 'SkippedByConflict';
  }
}

/** The local file changed while it was being sent: start over so nothing half old, half new is stored. */
export class SourceChanged extends Error {
  constructor(readonly path: string) {
    super(`'${path}' changed while it was being uploaded`);
    this.name = 'SourceChanged';
  }
}

/** The engine is stopping: the runner stopped between units and the job goes back to the queue. */
export class Drained extends Error {
  constructor() {
    super('stopped between parts');
    this.name = 'Drained';
  }
}
