/**
 * A transfer job's states and the only ways between them, in one table: the
 * user's controls (pause, resume, cancel, retry), the engine's own steps
 * (start, requeue when stopped, wait for a conflict decision, restart from
 * scratch) and how a run settles (complete, skip, fail). Every state change
 * the engine makes goes through `nextState`; a pair the table does not list is
 * refused, so a job can never, say, leave 'completed' or be resumed while
 * running.
 *
 * `waiting: 'conflict'` is a flag on a queued (or paused) job, not a state:
 * 'wait' keeps it queued and sets the flag, 'resolve' clears it.
 */
import type { TransferState } from '@shared/contract/domain';
import { AppErrorCode } from '@shared/contract/error-codes';

export type JobAction =
  /** The scheduler (or a browser's first chunk) starts running it. */
  | 'start'
  | 'pause'
  | 'resume'
  | 'cancel'
  /** Run a failed or cancelled job again (from what it recorded). */
  | 'retry'
  /**
   * Its run moved every byte. A job paused (or paused and resumed) while its
   * last step finished still completed: its file is there.
   */
  | 'complete'
  /** Its destination existed and the policy (or the user) said skip: completed, with nothing moved. */
  | 'skip'
  | 'fail'
  /** Its run stopped between units (the app is stopping, or its batch was aborted): back in the queue as it is. */
  | 'requeue'
  /** Its destination exists and the user has to choose: back in the queue, flagged. */
  | 'wait'
  /** The user chose what to do about the conflict: back in the queue, unflagged. */
  | 'resolve'
  /** Its source changed under it: back in the queue with nothing recorded. */
  | 'restart';

type Table = Readonly<Record<TransferState, Readonly<Partial<Record<JobAction, TransferState>>>>>;

export const JOB_TRANSITIONS: Table = {
  queued: { start: 'running', pause: 'paused', cancel: 'cancelled', complete: 'completed', skip: 'completed', fail: 'failed', resolve: 'queued' },
  running: { pause: 'paused', cancel: 'cancelled', complete: 'completed', skip: 'completed', fail: 'failed', requeue: 'queued', wait: 'queued', restart: 'queued' },
  // A paused browser upload fails when the page that sent it is gone (its bytes cannot come back).
  paused: { resume: 'queued', cancel: 'cancelled', complete: 'completed', fail: 'failed', resolve: 'paused' },
  completed: {},
  failed: { retry: 'queued' },
  cancelled: { retry: 'queued' },
};

/** The state `action` leads to from `from`, or undefined when the table does not allow it. */
export function nextState(from: TransferState, action: JobAction): TransferState | undefined {
  return JOB_TRANSITIONS[from][action];
}

/** States a job can still leave on its own (not settled). */
export function isActive(state: TransferState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused';
}

/** Settled for good: the job's listeners hear about it once it gets here. */
export function isSettled(state: TransferState): state is 'completed' | 'failed' | 'cancelled' {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}

/**
 * Whether `retry` may run this job again: the table allows it from its state,
 * and what failed it can change. A job refused because the service named a
 * place outside the folder cannot: the listing itself is wrong (a new
 * download lists afresh).
 */
export function mayRetry(job: { state: TransferState; error_code: string | null }): boolean {
  return nextState(job.state, 'retry') !== undefined && job.error_code !== AppErrorCode.UnsafeRemotePath;
}
