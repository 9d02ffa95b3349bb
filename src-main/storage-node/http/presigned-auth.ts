/**
 * Share links on the storage node: a request signed in its query string
 * (SigV4 presigned URL) is accepted for downloads only — GET or HEAD of one
 * object — and verified like a header-signed request (same key, same
 * canonical request). Every refusal is a 403 whose message says what was
 * wrong: expired, changed, signed with another key, or not a download.
 */
import type { IncomingMessage } from 'node:http';
import { JcsCode } from '@shared/jcs/error-codes';
import { verifyPresigned } from '../../common/sigv4-presign';
import type { Credentials } from '../../common/sigv4';
import { NodeError } from '../node-error';

/** Route paths (after `/v1`) a share link may name: each sends the bytes of exactly one object. */
export const PRESIGNABLE_ROUTES: ReadonlySet<string> = new Set(['/object/download', '/object/downloadByPath']);

export const shareLinkRefused = (message: string) => new NodeError(JcsCode.Unauthorized, `share link refused: ${message}`, 403);

export interface PresignedAuthInput {
  req: IncomingMessage;
  rawPath: string;
  rawQuery: string;
  /** The route path after `/v1`. */
  routePath: string;
}

export function authenticatePresigned(credentials: Credentials | undefined, input: PresignedAuthInput, now = Date.now()): void {
  const method = input.req.method ?? 'GET';
  if (!credentials) throw shareLinkRefused('this node has no keys, so it issues no share links');
  if (input.req.headers.authorization !== undefined) throw shareLinkRefused('a request is signed either in its Authorization header or in its query, not both');
  if ((method !== 'GET' && method !== 'HEAD') || !PRESIGNABLE_ROUTES.has(input.routePath)) {
    throw shareLinkRefused(`a share link allows only downloads (GET or HEAD of one object), not ${method} ${input.rawPath}`);
  }
  const verify = (signedMethod: string) =>
    verifyPresigned({ method: signedMethod, rawPath: input.rawPath, rawQuery: input.rawQuery, headers: input.req.headers, credentials, now });
  let result = verify(method);
  // HEAD shows less than GET (the headers only), so a link signed for GET also answers HEAD, as a download link should.
  if (!result.ok && method === 'HEAD') {
    const asGet = verify('GET');
    if (asGet.ok) result = asGet;
  }
  if (!result.ok) throw shareLinkRefused(result.reason);
}
