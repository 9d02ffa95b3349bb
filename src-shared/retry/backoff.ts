/**
 * The one schedule for waiting before trying again, used by every retry and
 * reconnect loop of the app (transfer requests, the embedded node's restarts,
 * a browser upload's chunks, the headless event channel) — in the spirit of
 * rclone's single pacer. Pure: it says how long to wait; whether to try again
 * at all is the caller's decision (which errors are worth it, how many tries).
 */

export interface Backoff {
  /** The first delay. */
  baseDelayMs: number;
  /** No delay is longer than this (before jitter): the delay doubles until it gets there. */
  maxDelayMs: number;
  /**
   * Each delay is spread by up to ± this share of itself (0.25: ±25 %), so that
   * many parts retrying after one outage do not come back in step. 0 or absent: exact.
   */
  jitter?: number;
}

/** A backoff and how many tries in all (the first one included) a caller makes before it gives up. */
export interface RetryPolicy extends Backoff {
  attempts: number;
}

/** The delay before try number `retry + 1` (retry 0: the first retry): base × 2^retry, capped, spread by the jitter. */
export function backoffDelay(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** retry);
  const jitter = backoff.jitter ?? 0;
  return Math.round(exponential * (1 - jitter + random() * 2 * jitter));
}

/** Whether a caller that has failed `failures` times may try again under `policy`. */
export function mayRetry(failures: number, policy: RetryPolicy): boolean {
  return failures < policy.attempts;
}
