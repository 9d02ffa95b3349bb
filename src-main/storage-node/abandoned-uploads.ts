/**
 * Removes multipart uploads that nobody finishes. A pending upload is an
 * object (listed, size 0) plus its parts' blobs; one that has had no new part
 * for ABANDONED_UPLOAD_AGE_MS is deleted with its parts, at start and then
 * every hour. The app resumes an interrupted upload from its recorded parts,
 * and starts it over when its staging object is gone.
 */
import type { NodeServices } from './http/route';

/** A week: S3 lifecycle rules commonly use it, and it outlasts any pause a user means to resume. */
export const ABANDONED_UPLOAD_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
const BATCH = 500;

export interface SweepOptions {
  maxAgeMs?: number;
  /** How often to look (tests shorten it). */
  everyMs?: number;
}

export class AbandonedUploadSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly maxAgeMs: number;
  private readonly everyMs: number;

  constructor(
    private readonly node: NodeServices,
    private readonly log: (message: string, error?: unknown) => void,
    options: SweepOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? ABANDONED_UPLOAD_AGE_MS;
    this.everyMs = options.everyMs ?? SWEEP_EVERY_MS;
  }

  /** Sweeps now, then on a timer that never keeps the process alive. */
  async start(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => void this.sweep().catch((error: unknown) => this.log('removing abandoned uploads failed', error)), this.everyMs);
    this.timer.unref();
  }

  /** Deletes every upload idle for longer than the age; returns how many. */
  sweep(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<number> {
    const { catalog, collector, uploadHashes, reserve } = this.node;
    const before = this.node.now() - this.maxAgeMs;
    let removed = 0;
    for (;;) {
      const ids = catalog.abandonedUploads(before, BATCH);
      if (ids.length === 0) break;
      await reserve.withReserveReleased('removing abandoned uploads', () => catalog.deleteObjects(ids));
      for (const id of ids) uploadHashes.forget(id);
      removed += ids.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (removed > 0) {
      collector.schedule();
      this.log(`removed ${removed} multipart upload${removed === 1 ? '' : 's'} with no new part for ${age(this.maxAgeMs)}`);
    }
    return removed;
  }
}

function age(ms: number): string {
  for (const [unit, size] of [['days', 86_400_000], ['hours', 3_600_000], ['minutes', 60_000]] as const) {
    if (ms >= size) return `${+(ms / size).toFixed(1)} ${unit}`;
  }
  return `${ms / 1000} seconds`;
}
