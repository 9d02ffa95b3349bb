/**
 * The share dialog's expiry: a whole number of minutes, hours or days, turned
 * into seconds and checked against the node's bounds (1 minute to 7 days).
 * Pure, unit-tested.
 */
import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '@shared/contract/share';

export const EXPIRY_UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type ExpiryUnit = keyof typeof EXPIRY_UNITS;

export type ExpiryProblem = 'notWholeNumber' | 'tooShort' | 'tooLong';

export type ExpiryResult = { ok: true; seconds: number } | { ok: false; problem: ExpiryProblem };

export function expirySeconds(amount: string, unit: ExpiryUnit): ExpiryResult {
  const text = amount.trim();
  if (!/^\d{1,7}$/.test(text)) return { ok: false, problem: 'notWholeNumber' };
  const seconds = Number(text) * EXPIRY_UNITS[unit];
  if (seconds < SHARE_LINK_MIN_SECONDS) return { ok: false, problem: 'tooShort' };
  if (seconds > SHARE_LINK_MAX_SECONDS) return { ok: false, problem: 'tooLong' };
  return { ok: true, seconds };
}
