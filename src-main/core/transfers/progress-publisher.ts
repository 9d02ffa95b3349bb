/**
 * What the engine tells the app about its jobs, merged: every job whose state
 * or progress changed since the last snapshot goes into one
 * `transfers.progress` event (a few per second at most, on a timer), a
 * changed queue into one `transfers.changed`, each batch that has just
 * finished into one `transfers.batchFinished` (cancelling 10,000 jobs must not
 * count the batch 10,000 times), and each root that uploads changed into one
 * `storage.changed`.
 */
import type { TransferTotals, TransferUpdate } from '@shared/contract/domain';
import type { EventBus } from '../events/event-bus';
import type { ProgressTracker } from './progress-tracker';
import type { RunningJobs } from './running-jobs';
import { noteOf, verifiedOf, type JobRow, type TransferStore } from './transfer-store';

export class ProgressPublisher {
  private readonly updates = new Map<string, TransferUpdate>();
  private readonly batchesToCheck = new Map<string, JobRow['direction']>();
  /** Roots that finished uploads since the last snapshot (`connection\u0000root`). */
  private readonly rootsChanged = new Set<string>();
  private listChanged = false;

  constructor(
    private readonly store: TransferStore,
    private readonly events: EventBus,
    private readonly progress: ProgressTracker,
    private readonly running: RunningJobs,
  ) {}

  /** The job's state (or what the list shows of it) changed. */
  stateChanged(row: JobRow): void {
    this.listChanged = true;
    this.progressed(row);
  }

  /** The queue changed (jobs added or removed). */
  queueChanged(): void {
    this.listChanged = true;
  }

  progressed(row: JobRow): void {
    const live = this.progress.get(row.id);
    this.updates.set(row.id, {
      id: row.id,
      state: row.state,
      waiting: row.waiting,
      bytesDone: live?.bytes ?? row.bytes_done,
      speed: live?.speed ?? 0,
      etaSeconds: live?.etaSeconds ?? null,
      errorCode: row.error_code,
      errorMessage: row.error_message,
      note: noteOf(row),
      verified: verifiedOf(row),
    });
  }

  /** A job of the batch settled (or stopped waiting): the batch is checked at the next snapshot. */
  batchTouched(batchId: string, direction: JobRow['direction']): void {
    this.batchesToCheck.set(batchId, direction);
  }

  rootChanged(connectionId: string, root: string): void {
    this.rootsChanged.add(`${connectionId}\u0000${root}`);
  }

  totals(): TransferTotals {
    const counts = this.store.counts();
    const live = this.progress.totals();
    return { ...counts, bytesDone: live.bytes, bytesTotal: live.size, speed: live.speed };
  }

  /** Pushes one merged snapshot of what changed since the last one. */
  flush(): void {
    for (const [id, live] of this.progress.sample()) {
      const existing = this.updates.get(id);
      const row = this.running.get(id)?.row;
      if (existing) Object.assign(existing, { bytesDone: live.bytes, speed: live.speed, etaSeconds: live.etaSeconds });
      else if (row) this.progressed(row);
    }
    if (this.updates.size > 0) {
      this.events.emit('transfers.progress', { updates: [...this.updates.values()], totals: this.totals() });
      this.updates.clear();
    }
    if (this.listChanged) {
      this.listChanged = false;
      this.events.emit('transfers.changed', {});
    }
    for (const [batchId, direction] of this.batchesToCheck) this.announceIfFinished(batchId, direction);
    this.batchesToCheck.clear();
    for (const key of this.rootsChanged) {
      const [connectionId, rootId] = key.split('\u0000') as [string, string];
      this.events.emit('storage.changed', { connectionId, scope: 'objects', parentId: null, rootId });
    }
    this.rootsChanged.clear();
  }

  private announceIfFinished(batchId: string, direction: JobRow['direction']): void {
    // The counts come from a covering index; the batch's full totals are read only once it is over.
    const counts = this.store.batchCounts(batchId);
    if (counts.queued + counts.running + counts.paused > 0) return;
    const batch = this.store.batches.get(batchId);
    if (!batch) return;
    this.events.emit('transfers.batchFinished', {
      batchId,
      direction,
      completed: batch.completed,
      skipped: batch.skipped,
      failed: batch.failed,
      total: batch.files,
      sync: batch.sync === 1,
    });
  }
}
