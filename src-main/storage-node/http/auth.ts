/**
 * SigV4 checking for the storage node, done on the headers before any body
 * byte is read, so a caller without the secret key can never make the node
 * buffer or store anything.
 *
 * - Bodiless routes are signed over the empty payload.
 * - Multipart bodies stream to disk and are signed as UNSIGNED-PAYLOAD (as
 *   JCS-pub clients do); the node computes their content hash itself.
 * - JSON bodies must be signed with their SHA-256. A client that declares it
 *   in X-Amz-Content-Sha256 (the app's client always does) is checked in full
 *   before the body is read, and the body must then hash to it. Signers that
 *   do not declare it (curl's --aws-sigv4, AWS SDKs outside S3) leave only the
 *   signature to compare after reading: every other part of the request is
 *   checked first, and the body is read within a node-wide budget.
 *
 * Node policy on top of the signature: the credential scope must name region
 * `any`, and the request time must be within 5 minutes of the node's clock.
 */
import type { IncomingMessage } from 'node:http';
import { EMPTY_PAYLOAD_SHA256, JCS_REGION, parseAmzDate, sha256Hex, UNSIGNED_PAYLOAD, verifyRequest, type Credentials } from '../../common/sigv4';
import { unauthorized } from '../node-error';
import type { Route } from './route';

/** A signature is accepted only this close to the node's clock (replays of a captured request stop working sooner). */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;
/** verifyRequest's reason when everything but the signature itself checked out. */
const SIGNATURE_MISMATCH = 'signature does not match';
const HEX64 = /^[0-9a-f]{64}$/i;
const SCOPE_REGION = /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\//;

export interface AuthInput {
  req: IncomingMessage;
  rawPath: string;
  rawQuery: string;
  body: Route['body'];
}

/** What is left to check once the body has been read; `needsBody` means the signature itself waits for it. */
export interface BodyCheck {
  needsBody: boolean;
  check(body: Buffer): void;
}

const NOTHING_LEFT: BodyCheck = { needsBody: false, check: () => {} };

export function authenticateHeaders(credentials: Credentials, input: AuthInput, now = Date.now()): BodyCheck {
  checkScopeAndTime(input.req, now);
  const declared = headerValue(input.req, 'x-amz-content-sha256');
  const verify = (payloadHash: string) =>
    verifyRequest({ method: input.req.method ?? 'GET', rawPath: input.rawPath, rawQuery: input.rawQuery, headers: input.req.headers, payloadHash, credentials, now });

  if (input.body === 'none') {
    if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && declared.toLowerCase() !== EMPTY_PAYLOAD_SHA256) {
      throw unauthorized('X-Amz-Content-Sha256 names a body, but this route takes none');
    }
    requireOk(verify(declared ?? EMPTY_PAYLOAD_SHA256));
    return NOTHING_LEFT;
  }

  if (input.body === 'stream') {
    const result = verify(declared ?? UNSIGNED_PAYLOAD);
    if (!result.ok) throw unauthorized(`${result.reason}${declared === undefined ? ' (streamed bodies must be signed as X-Amz-Content-Sha256: UNSIGNED-PAYLOAD)' : ''}`);
    return NOTHING_LEFT;
  }

  if (declared === UNSIGNED_PAYLOAD) {
    throw unauthorized('JSON bodies must be signed with their SHA-256 in X-Amz-Content-Sha256 (UNSIGNED-PAYLOAD is accepted only for multipart uploads)');
  }
  if (declared !== undefined) {
    if (!HEX64.test(declared)) throw unauthorized('X-Amz-Content-Sha256 must be the SHA-256 of the body in hex');
    requireOk(verify(declared.toLowerCase()));
    return {
      needsBody: false,
      check(body) {
        if (sha256Hex(body) !== declared.toLowerCase()) throw unauthorized('X-Amz-Content-Sha256 does not match the request body');
      },
    };
  }
  // Undeclared: everything but the signature can be checked now (a placeholder hash fails only the final comparison).
  const early = verify(EMPTY_PAYLOAD_SHA256);
  if (!early.ok && early.reason !== SIGNATURE_MISMATCH) throw unauthorized(early.reason);
  return { needsBody: true, check: (body) => requireOk(verify(sha256Hex(body))) };
}

function checkScopeAndTime(req: IncomingMessage, now: number): void {
  const region = SCOPE_REGION.exec(headerValue(req, 'authorization') ?? '')?.[1];
  if (region !== undefined && region !== JCS_REGION) throw unauthorized(`credential scope names region '${region}', expected '${JCS_REGION}'`);
  const signedAt = parseAmzDate(headerValue(req, 'x-amz-date') ?? '');
  if (!Number.isNaN(signedAt) && Math.abs(now - signedAt) > SIGNATURE_MAX_AGE_MS) {
    throw unauthorized(`request time ${new Date(signedAt).toISOString()} is more than 5 minutes away from the server clock (${new Date(now).toISOString()})`);
  }
}

function requireOk(result: ReturnType<typeof verifyRequest>): void {
  if (!result.ok) throw unauthorized(result.reason);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
