/**
 * How many jobs are in each state, kept in memory from the store's own writes
 * instead of counted by the database for every progress snapshot: with
 * 100,000 jobs in the list one GROUP BY costs 15 ms or more, several times a second.
 * It is a cache, never the truth: a bulk write or a failed transaction drops
 * it, and it is counted afresh from the database at least every few seconds,
 * so a write it could not see (a rolled-back outer transaction) is corrected
 * soon after.
 */
import type { TransferState } from '@shared/contract/domain';
import { AppErrorCode } from '@shared/contract/error-codes';

export type StateCounts = Record<TransferState | 'waiting' | 'skipped', number>;
type Bucket = keyof StateCounts;

const RECOUNT_AFTER_MS = 5_000;

/**
 * The count a job adds to: a queued job waiting for the user counts as
 * waiting, not queued; a job completed by skipping its file counts as skipped,
 * not completed (nothing was transferred).
 */
export function bucketOf(state: TransferState, waiting: string | null, errorCode: string | null = null): Bucket {
  if (state === 'completed' && errorCode === AppErrorCode.Skipped) return 'skipped';
  return state === 'queued' && waiting ? 'waiting' : state;
}

export function emptyCounts(): StateCounts {
  return { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0, waiting: 0, skipped: 0 };
}

export class StateTally {
  private counts: StateCounts | undefined;
  private countedAt = 0;

  constructor(
    private readonly countFromDatabase: () => StateCounts,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  current(): StateCounts {
    if (!this.counts || this.clock() - this.countedAt > RECOUNT_AFTER_MS) {
      this.counts = this.countFromDatabase();
      this.countedAt = this.clock();
    }
    return { ...this.counts };
  }

  /** A job moved from one bucket to another (`from` undefined: a new job). */
  moved(from: Bucket | undefined, to: Bucket): void {
    if (!this.counts || from === to) return;
    if (from) this.counts[from]--;
    this.counts[to]++;
  }

  /** Something changed that the tally cannot follow: it is counted afresh when next asked. */
  forget(): void {
    this.counts = undefined;
  }

  /** Runs a write; if it throws (its transaction rolled back), what it told the tally is forgotten. */
  guard<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      this.forget();
      throw error;
    }
  }
}
