/**
 * How a job reads in the panel: its state as the user thinks of it (waiting
 * for a decision and skipped are states of their own), the note main attached
 * (in English, so it is parsed and shown in the UI's language), the ETA split
 * into units, and which per-job actions make sense. Pure, unit-tested in Node.
 */
import { AppErrorCode } from '@shared/contract/define';
import type { TransferJob, TransferTotals } from '@shared/contract/domain';

export type DisplayState = TransferJob['state'] | 'waiting' | 'waitingFile' | 'skipped';

export function displayState(job: Pick<TransferJob, 'state' | 'waiting' | 'errorCode'>): DisplayState {
  // A browser upload whose page went away: nothing moves until its file is dropped again.
  if (job.waiting === 'file' && (job.state === 'queued' || job.state === 'running')) return 'waitingFile';
  if (job.waiting && (job.state === 'queued' || job.state === 'running')) return 'waiting';
  if (job.state === 'completed' && job.errorCode === AppErrorCode.Skipped) return 'skipped';
  return job.state;
}

export type JobNote = { kind: 'savedAs'; name: string } | { kind: 'skipped' } | { kind: 'text'; text: string };

export function parseNote(note: string | null): JobNote | null {
  if (!note) return null;
  if (note === 'skipped') return { kind: 'skipped' };
  const savedAs = /^saved as (.+)$/s.exec(note);
  if (savedAs) return { kind: 'savedAs', name: savedAs[1]! };
  return { kind: 'text', text: note };
}

export type JobAction = 'pause' | 'resume' | 'cancel' | 'retry' | 'decide';

/**
 * Per-job buttons, in display order. A job refused because the service named
 * a place outside the folder (UnsafeRemotePath) has no Retry: running it again
 * cannot change what the service listed.
 */
export function jobActions(state: DisplayState, errorCode: string | null = null): JobAction[] {
  switch (state) {
    case 'queued':
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'waiting':
      return ['decide', 'cancel'];
    case 'waitingFile':
      return ['pause', 'cancel'];
    case 'failed':
      return errorCode === AppErrorCode.UnsafeRemotePath ? [] : ['retry'];
    case 'cancelled':
      return ['retry'];
    default:
      return [];
  }
}

export type Eta = { unit: 'hours'; h: number; m: number } | { unit: 'minutes'; m: number; s: number } | { unit: 'seconds'; s: number };

export function splitEta(seconds: number | null): Eta | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const total = Math.ceil(seconds);
  if (total >= 3600) return { unit: 'hours', h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) };
  if (total >= 60) return { unit: 'minutes', m: Math.floor(total / 60), s: total % 60 };
  return { unit: 'seconds', s: total };
}

/** 0…100, for the progress bar; a finished job is full, an empty file that is done too. */
export function percentDone(job: Pick<TransferJob, 'state' | 'bytesDone' | 'size'>): number {
  if (job.state === 'completed') return 100;
  if (job.size <= 0) return 0;
  return Math.max(0, Math.min(100, (job.bytesDone / job.size) * 100));
}

/** Jobs not finished yet: what the badge counts. */
export function unfinishedCount(totals: Pick<TransferTotals, 'queued' | 'running' | 'paused' | 'waiting'>): number {
  return totals.queued + totals.running + totals.paused + totals.waiting;
}

/** The folder part of a '/'-separated path ('' at the root). */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
