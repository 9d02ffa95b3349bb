/**
 * The listing page (`/object/listByPath`'s data) parsed by hand on the usual
 * path: a no-change rescan of 100,000 files reads 100 pages of 1,000 objects,
 * and zod's object parsing (a new object per object, a union and a transform
 * per size) was a good part of what such a rescan spent and allocated.
 *
 * The hand-written check only ever says "this page is good": it accepts a
 * subset of what `listByPathResponse` accepts and gives the very value zod
 * would (sizes as numbers, null arrays as empty ones, defaults filled in).
 * Anything it does not accept goes to `listByPathResponse` itself, which
 * decides, so what is refused, and the message a hostile or broken server's
 * answer gets, are zod's exactly as before.
 */
import { z } from 'zod';
import { listByPathResponse, type ListByPathResult } from './wire';

/** A byte count as a string (Go's `json:",string"`): what `sizeSchema` accepts as a string. */
const SIZE_DIGITS = /^\d{1,16}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `idSchema` accepts. */
function isId(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** What `sizeSchema` accepts: a safe whole number ≥ 0, or up to 16 digits whose value is a safe integer. */
function isSize(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return typeof value === 'string' && SIZE_DIGITS.test(value) && Number.isSafeInteger(Number(value));
}

/** What `objectSchema` accepts (extra fields are kept, as its loose object keeps them). */
function isObject(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    isId(value.objectID) &&
    isId(value.packageID) &&
    typeof value.path === 'string' &&
    isSize(value.size) &&
    typeof value.fileHash === 'string' &&
    isRecord(value.redundancy) &&
    typeof value.redundancy.type === 'string' &&
    typeof value.createTime === 'string' &&
    typeof value.updateTime === 'string'
  );
}

function isArrayOf(value: unknown, item: (v: unknown) => boolean): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (const v of value) if (!item(v)) return false;
  return true;
}

const isString = (value: unknown): boolean => typeof value === 'string';

/** The page as `listByPathResponse` would give it, or undefined when the fast check does not vouch for it (zod then decides). */
export function parseListPageFast(data: unknown): ListByPathResult | undefined {
  if (!isRecord(data)) return undefined;
  const { objects, commonPrefixes, isTruncated, nextContinuationToken } = data;
  if (objects != null && !isArrayOf(objects, isObject)) return undefined;
  if (commonPrefixes != null && !isArrayOf(commonPrefixes, isString)) return undefined;
  if (isTruncated != null && typeof isTruncated !== 'boolean') return undefined;
  if (nextContinuationToken != null && typeof nextContinuationToken !== 'string') return undefined;
  // Checked in full before anything is changed. The objects are the ones
  // JSON.parse just made for this answer: their sizes become numbers in place.
  const list = (objects ?? []) as Array<Record<string, unknown>>;
  for (const o of list) if (typeof o.size === 'string') o.size = Number(o.size);
  return {
    objects: list as ListByPathResult['objects'],
    commonPrefixes: (commonPrefixes ?? []) as string[],
    isTruncated: isTruncated ?? false,
    nextContinuationToken: nextContinuationToken ?? '',
  };
}

/** `listByPathResponse` with the fast path in front: the same accepted answers, values and error messages. */
export const listByPathPage = z.unknown().transform((input, ctx): ListByPathResult => {
  const fast = parseListPageFast(input);
  if (fast) return fast;
  const parsed = listByPathResponse.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});
