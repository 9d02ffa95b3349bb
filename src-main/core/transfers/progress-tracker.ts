/**
 * Live progress of running jobs: bytes moved (including bytes still in flight),
 * a smoothed speed (exponential moving average over fixed ticks, so one slow
 * second does not make the ETA jump) and the ETA. Main samples it on a timer
 * and pushes merged snapshots a few times a second.
 */
const ALPHA = 0.3;

export interface JobProgress {
  bytes: number;
  speed: number;
  etaSeconds: number | null;
}

interface Entry {
  bytes: number;
  size: number;
  sampledBytes: number;
  sampledAt: number;
  speed: number;
  dirty: boolean;
}

export class ProgressTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  begin(jobId: string, bytesDone: number, size: number): void {
    this.entries.set(jobId, { bytes: bytesDone, size, sampledBytes: bytesDone, sampledAt: this.now(), speed: 0, dirty: true });
  }

  /** Adds bytes moved (negative to take back the bytes of a failed attempt). */
  add(jobId: string, bytes: number): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    entry.bytes = Math.max(0, Math.min(entry.size, entry.bytes + bytes));
    entry.dirty = true;
  }

  set(jobId: string, bytes: number): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    entry.bytes = bytes;
    entry.dirty = true;
  }

  end(jobId: string): void {
    this.entries.delete(jobId);
  }

  /** Updates speeds; returns the jobs whose numbers changed since the last sample. */
  sample(): Map<string, JobProgress> {
    const now = this.now();
    const changed = new Map<string, JobProgress>();
    for (const [id, entry] of this.entries) {
      const elapsed = (now - entry.sampledAt) / 1000;
      if (elapsed <= 0) continue;
      const instant = (entry.bytes - entry.sampledBytes) / elapsed;
      const previous = entry.speed;
      entry.speed = previous === 0 ? instant : ALPHA * instant + (1 - ALPHA) * previous;
      entry.sampledBytes = entry.bytes;
      entry.sampledAt = now;
      if (entry.dirty || Math.abs(entry.speed - previous) > 1) {
        entry.dirty = false;
        changed.set(id, this.view(entry));
      }
    }
    return changed;
  }

  get(jobId: string): JobProgress | undefined {
    const entry = this.entries.get(jobId);
    return entry && this.view(entry);
  }

  totals(): { bytes: number; size: number; speed: number } {
    let bytes = 0;
    let size = 0;
    let speed = 0;
    for (const entry of this.entries.values()) {
      bytes += entry.bytes;
      size += entry.size;
      speed += entry.speed;
    }
    return { bytes, size, speed };
  }

  private view(entry: Entry): JobProgress {
    const speed = Math.max(0, entry.speed);
    const remaining = entry.size - entry.bytes;
    return { bytes: entry.bytes, speed, etaSeconds: speed > 1 ? Math.ceil(remaining / speed) : null };
  }
}
