/**
 * The jobs the engine is running now, each with the controller that stops
 * its run. A batch of small uploads shares one controller (one request), so
 * stopping one job of it stops the request; the rest of the batch goes back
 * to the queue.
 */
import type { JobPatch, JobRow } from './transfer-store';

export type StopReason = 'pause' | 'cancel' | 'stop';

export interface Running {
  /** The job as the run sees it (runners patch this object and the database together). */
  row: JobRow;
  controller: AbortController;
  /** Why the run was stopped, when it was. */
  reason?: StopReason;
  /** What the run recorded to be written with the job's completion (RunContext.recordResult), in the same statement. */
  result?: Omit<JobPatch, 'state'>;
}

export class RunningJobs {
  private readonly byId = new Map<string, Running>();

  get(id: string): Running | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  add(row: JobRow, controller: AbortController): Running {
    const entry: Running = { row, controller };
    this.byId.set(row.id, entry);
    return entry;
  }

  remove(id: string): Running | undefined {
    const entry = this.byId.get(id);
    this.byId.delete(id);
    return entry;
  }

  all(): IterableIterator<Running> {
    return this.byId.values();
  }

  /** Stops the run at once (no trickle); the first reason given is the one that counts. */
  abort(entry: Running, reason: StopReason): void {
    entry.reason ??= reason;
    entry.controller.abort(new DOMException(`transfer ${reason}`, 'AbortError'));
  }

  /** Slots of `maxConcurrentFiles` in use: runs of jobs from disk (a batch is one); a browser's uploads take none, the page paces them. */
  diskSlotsInUse(): number {
    // Asked at every fill (each batch's end), with up to maxConcurrentFiles × 64 jobs running: no arrays in between.
    const runs = new Set<AbortController>();
    for (const r of this.byId.values()) if (r.row.source === 'disk') runs.add(r.controller);
    return runs.size;
  }
}
