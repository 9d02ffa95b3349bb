/**
 * SigV4 checking for the storage node. JSON bodies are small and read before
 * the check, so their hash is verified against the body itself; multipart
 * bodies stream to disk and are signed as UNSIGNED-PAYLOAD (as JCS-pub clients
 * do), so they are checked on headers alone before any byte is stored.
 */
import type { IncomingMessage } from 'node:http';
import { sha256Hex, UNSIGNED_PAYLOAD, verifyRequest, type Credentials } from '../../common/sigv4';
import { unauthorized } from '../node-error';

export interface AuthInput {
  req: IncomingMessage;
  rawPath: string;
  rawQuery: string;
  /** The body when it was read before the check; undefined for streamed bodies. */
  body: Buffer | undefined;
}

export function authenticate(credentials: Credentials, input: AuthInput, now = Date.now()): void {
  const declared = headerValue(input.req, 'x-amz-content-sha256');
  let payloadHash: string;
  if (input.body === undefined) {
    payloadHash = declared ?? UNSIGNED_PAYLOAD;
  } else {
    const actual = sha256Hex(input.body);
    if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && declared.toLowerCase() !== actual) {
      throw unauthorized('X-Amz-Content-Sha256 does not match the request body');
    }
    payloadHash = declared ?? actual;
  }
  const result = verifyRequest({
    method: input.req.method ?? 'GET',
    rawPath: input.rawPath,
    rawQuery: input.rawQuery,
    headers: input.req.headers,
    payloadHash,
    credentials,
    now,
  });
  if (!result.ok) {
    const hint = input.body === undefined && declared === undefined ? ' (streamed bodies must be signed as X-Amz-Content-Sha256: UNSIGNED-PAYLOAD)' : '';
    throw unauthorized(`${result.reason}${hint}`);
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
