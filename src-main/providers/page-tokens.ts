/**
 * Continuation tokens as providers hand them out: the service's own token (or
 * the adapter's cursor) wrapped with the listing it belongs to, so that a
 * token passed back for another root, folder or kind of listing is refused as
 * the caller's mistake (`InvalidInput`) before anything is sent, whatever the
 * service would have done with it.
 */
import { invalidInput } from './provider-errors';

export interface ListingScope {
  root: string;
  prefix: string;
  recursive: boolean;
}

interface TokenBody {
  v: 1;
  r: string;
  x: string;
  c: boolean;
  t: string;
}

export function encodePageToken(scope: ListingScope, inner: string): string {
  const body: TokenBody = { v: 1, r: scope.root, x: scope.prefix, c: scope.recursive, t: inner };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The inner token of `token`, which must have been issued for this very listing. */
export function decodePageToken(scope: ListingScope, token: string): string {
  let body: Partial<TokenBody> | null;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody> | null;
  } catch {
    body = null;
  }
  if (typeof token !== 'string' || !body || body.v !== 1 || typeof body.t !== 'string' || body.t === '') throw invalidInput('token: not a continuation token of this connection');
  if (body.r !== scope.root || body.x !== scope.prefix || body.c !== scope.recursive) throw invalidInput('token: issued for another root, folder or kind of listing');
  return body.t;
}
