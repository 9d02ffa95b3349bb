/**
 * Retries for transfer requests: network errors and 5xx answers are retried
 * with capped exponential backoff (with jitter, so parallel parts do not retry
 * in lockstep); anything else fails at once. Waiting honours cancellation.
 */
import { isRetryable } from '../../providers/jcs/jcs-errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential * (0.75 + random() * 0.5));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, signal: AbortSignal, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal.aborted || !isRetryable(error) || attempt + 1 >= policy.attempts) throw error;
      onRetry?.(error, attempt);
      await sleep(backoffDelay(attempt, policy), signal);
    }
  }
}
