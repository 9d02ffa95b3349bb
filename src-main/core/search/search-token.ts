/**
 * Where a search goes on from: the provider's token of the listing page being
 * walked (null: the listing's first page) and the last path looked at. The
 * walk may stop in the middle of a provider page (enough matches): the next
 * step lists that page again and skips what is not past the last path, so no
 * state is kept in main between steps. Tokens name the search they belong to
 * (root, prefix, query): one passed back for another is the caller's mistake.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';

export interface SearchScope {
  root: string;
  prefix: string;
  query: string;
}

export interface SearchCursor {
  /** The provider's token of the page to list next (null: the first page). */
  inner: string | null;
  /** The last object path looked at (null: none yet). */
  last: string | null;
}

interface TokenBody {
  v: 1;
  r: string;
  x: string;
  q: string;
  t: string | null;
  l: string | null;
}

export function encodeSearchToken(scope: SearchScope, cursor: SearchCursor): string {
  const body: TokenBody = { v: 1, r: scope.root, x: scope.prefix, q: scope.query, t: cursor.inner, l: cursor.last };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const nullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

export function decodeSearchToken(scope: SearchScope, token: string): SearchCursor {
  let body: Partial<TokenBody> | null = null;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody> | null;
  } catch {
    // not JSON: refused below
  }
  if (!body || typeof body !== 'object' || body.v !== 1 || !nullableString(body.t) || !nullableString(body.l)) throw new AppError(AppErrorCode.InvalidInput, 'token: not a search token');
  if (body.r !== scope.root || body.x !== scope.prefix || body.q !== scope.query) throw new AppError(AppErrorCode.InvalidInput, 'token: issued for another search');
  return { inner: body.t, last: body.l };
}
