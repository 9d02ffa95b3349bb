/**
 * Batches as the contract shows them: the database's totals plus the live
 * progress of the batch's running jobs (bytes in flight, speed), and the ETA
 * of what is left at that speed.
 */
import type { TransferBatch } from '@shared/contract/transfer-batches';
import type { BatchRow } from './batch-queries';
import type { ProgressTracker } from './progress-tracker';
import type { Running } from './running-jobs';

interface Live {
  bytes: number;
  speed: number;
}

/** Live bytes beyond what the rows recorded, and speed, of running jobs, by batch. */
export function liveByBatch(running: Iterable<Running>, progress: ProgressTracker): Map<string, Live> {
  const out = new Map<string, Live>();
  for (const { row } of running) {
    const live = progress.get(row.id);
    if (!live) continue;
    const entry = out.get(row.batch_id) ?? { bytes: 0, speed: 0 };
    entry.bytes += Math.max(0, Math.min(live.bytes, row.size) - Math.min(row.bytes_done, row.size));
    entry.speed += live.speed;
    out.set(row.batch_id, entry);
  }
  return out;
}

export function batchView(row: BatchRow, live: Live | undefined): TransferBatch {
  const bytesDone = Math.min(row.bytes_total, row.bytes_done + (live?.bytes ?? 0));
  const speed = row.running > 0 ? (live?.speed ?? 0) : 0;
  // What is left is what unfinished files still have to move: skipped, failed and cancelled files are not waited for.
  const unfinished = row.queued + row.waiting + row.running + row.paused;
  const left = Math.max(0, row.bytes_left - (live?.bytes ?? 0));
  return {
    batchId: row.batch_id,
    direction: row.direction,
    files: row.files,
    queued: row.queued,
    running: row.running,
    paused: row.paused,
    waiting: row.waiting,
    completed: row.completed,
    skipped: row.skipped,
    failed: row.failed,
    cancelled: row.cancelled,
    bytesTotal: row.bytes_total,
    bytesDone,
    speed,
    etaSeconds: unfinished > 0 && speed > 0 ? left / speed : null,
    folder: commonFolder(row.low_path, row.high_path),
    firstName: row.first_name,
    sync: row.sync === 1,
    createdAt: row.created_at,
  };
}

/**
 * The folder every file of a batch is in: the common folder of its first and
 * last paths in sorted order (any path between shares it). Local paths may use
 * backslashes (Windows); the answer uses forward slashes, without a trailing one.
 */
export function commonFolder(low: string, high: string): string {
  const a = low.replaceAll('\\', '/');
  const b = high.replaceAll('\\', '/');
  let end = 0;
  while (end < a.length && end < b.length && a[end] === b[end]) end++;
  if (end === a.length && end === b.length) end = a.lastIndexOf('/'); // one path: its parent
  else end = a.lastIndexOf('/', end - 1);
  return end <= 0 ? (a.startsWith('/') ? '/' : '') : a.slice(0, end);
}
