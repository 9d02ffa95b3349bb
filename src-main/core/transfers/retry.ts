/**
 * Retries for transfer requests: what the provider says may succeed later
 * (network trouble, a server error: `isRetryable`) is retried
 * on the app's one backoff schedule (src-shared/retry/backoff.ts), with
 * jitter so that parallel parts do not retry in lockstep; anything else
 * fails at once. Waiting honours cancellation.
 */
import { backoffDelay as scheduledDelay, mayRetry, type RetryPolicy } from '@shared/retry/backoff';
import { isRetryable } from '../../providers/provider-errors';

export type { RetryPolicy } from '@shared/retry/backoff';

/** Transfer retries are spread ±25 % unless their policy says otherwise. */
const TRANSFER_JITTER = 0.25;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, jitter: TRANSFER_JITTER };

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return scheduledDelay(attempt, { jitter: TRANSFER_JITTER, ...policy }, random);
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
      if (signal.aborted || !isRetryable(error) || !mayRetry(attempt + 1, policy)) throw error;
      onRetry?.(error, attempt);
      await sleep(backoffDelay(attempt, policy), signal);
    }
  }
}
