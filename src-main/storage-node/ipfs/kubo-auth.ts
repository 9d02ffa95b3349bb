/**
 * Who may call the Kubo-RPC subset. Kubo refuses any request carrying an
 * `Origin` header (a web page sent it) unless that origin is allowed, and this
 * node allows none. Then, as configured: a bearer token (Kubo's
 * API.Authorizations), else the node's SigV4 keys, else the node's keyless
 * rule (loopback callers that are not web pages). All is decided on the
 * headers, before a byte of the body is read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Credentials } from '../../common/sigv4';
import { authenticateHeaders } from '../http/auth';
import { refuseForeignCaller } from '../http/loopback-caller';
import { KuboError } from './kubo-error';

export type KuboAuth = { kind: 'bearer'; token: string } | { kind: 'sigv4'; credentials: Credentials } | { kind: 'loopback' };

export interface CallerInput {
  req: IncomingMessage;
  rawPath: string;
  rawQuery: string;
  hasBody: boolean;
}

export function authorizeKuboCaller(auth: KuboAuth, input: CallerInput, now = Date.now()): void {
  const { req } = input;
  if (req.headers.origin !== undefined) {
    throw new KuboError(403, `Origin '${req.headers.origin}' is refused: this IPFS API does not answer requests from web pages`);
  }
  if (auth.kind === 'bearer') {
    const given = req.headers.authorization;
    if (given === undefined) throw new KuboError(403, 'authorization required: send Authorization: Bearer <token>');
    if (!sameSecret(given, `Bearer ${auth.token}`)) throw new KuboError(403, 'the bearer token was refused');
    return;
  }
  if (auth.kind === 'sigv4') {
    // Multipart bodies are signed as UNSIGNED-PAYLOAD, as for the node's own uploads.
    authenticateHeaders(auth.credentials, { req, rawPath: input.rawPath, rawQuery: input.rawQuery, body: input.hasBody ? 'stream' : 'none' }, now);
    return;
  }
  refuseForeignCaller(req);
}

/** Compares digests, so the time taken says nothing about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
