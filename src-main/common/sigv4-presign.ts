/**
 * SigV4 query-string signing ("presigned URLs"): the signature and its
 * parameters travel in the URL instead of the Authorization header, so a
 * plain HTTP client (a browser, curl) can use the link without the secret.
 * Built on the same canonical request and signing key as header signing
 * (sigv4.ts), following AWS's "Authenticating Requests: Using Query
 * Parameters": every parameter but X-Amz-Signature is signed, only `host` is
 * a signed header, and the payload is UNSIGNED-PAYLOAD.
 */
import { timingSafeEqual } from 'node:crypto';
import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '@shared/contract/share';
import { amzDate, encodeRfc3986, JCS_REGION, JCS_SERVICE, parseAmzDate, signature, SIGV4_ALGORITHM, UNSIGNED_PAYLOAD, type Credentials, type VerifyResult } from './sigv4';

/** A link signed this far ahead of the verifier's clock is refused (clock skew, not a link from the future). */
export const PRESIGN_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

export interface PresignInput {
  method: string;
  /** The URL to sign; its own query parameters are signed too. */
  url: URL;
  credentials: Credentials;
  expiresSeconds: number;
  now?: Date;
  region?: string;
  service?: string;
}

/** The URL with the X-Amz-* parameters and the signature appended. */
export function presignUrl(input: PresignInput): string {
  const { expiresSeconds } = input;
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > SHARE_LINK_MAX_SECONDS) {
    throw new RangeError(`expiresSeconds must be a whole number from 1 to ${SHARE_LINK_MAX_SECONDS}`);
  }
  const date = amzDate(input.now ?? new Date());
  const region = input.region ?? JCS_REGION;
  const service = input.service ?? JCS_SERVICE;
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const added: Array<[string, string]> = [
    ['X-Amz-Algorithm', SIGV4_ALGORITHM],
    ['X-Amz-Credential', `${input.credentials.accessKey}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const own = input.url.search.replace(/^\?/, '');
  const addedQuery = added.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
  const query = own ? `${own}&${addedQuery}` : addedQuery;
  const { sig } = signature(
    { method: input.method, rawPath: input.url.pathname, rawQuery: query, signedHeaders: { host: input.url.host }, payloadHash: UNSIGNED_PAYLOAD },
    input.credentials.secretKey,
    date,
    region,
    service,
  );
  return `${input.url.origin}${input.url.pathname}?${query}&X-Amz-Signature=${sig}`;
}

/** True when the query carries query-string signing parameters (the request means to be a presigned one). */
export function isPresignedQuery(rawQuery: string): boolean {
  return rawQuery.split('&').some((piece) => /^X-Amz-(Signature|Algorithm|Credential)=/i.test(piece));
}

export interface PresignVerifyInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Request headers as Node gives them (lowercase names). */
  headers: Record<string, string | string[] | undefined>;
  credentials: Credentials;
  now?: number;
  /** What the credential scope must name (JCS: region `any`, service `jcs`). */
  region?: string;
  service?: string;
}

export type PresignVerifyResult = VerifyResult | { ok: false; reason: string; expired: true };

const CREDENTIAL_RE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

/** Checks a presigned request. Reasons are safe to show to the caller (they never contain the expected signature). */
export function verifyPresigned(input: PresignVerifyInput): PresignVerifyResult {
  const params = new Map<string, string>();
  const signedPieces: string[] = [];
  for (const piece of input.rawQuery.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const key = safeDecode(eq < 0 ? piece : piece.slice(0, eq));
    if ((PRESIGN_PARAMS as readonly string[]).includes(key)) {
      // One value each: a second copy could make the signed and the used value differ.
      if (params.has(key)) return fail(`query parameter ${key} appears more than once`);
      params.set(key, safeDecode(eq < 0 ? '' : piece.slice(eq + 1)));
    }
    if (key !== 'X-Amz-Signature') signedPieces.push(piece);
  }
  for (const name of PRESIGN_PARAMS) if (!params.has(name)) return fail(`missing query parameter ${name}`);
  const get = (name: (typeof PRESIGN_PARAMS)[number]) => params.get(name) ?? '';
  if (get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) return fail(`X-Amz-Algorithm must be ${SIGV4_ALGORITHM}`);
  const credential = CREDENTIAL_RE.exec(get('X-Amz-Credential'));
  if (!credential) return fail('malformed X-Amz-Credential (expected <access key>/<yyyymmdd>/<region>/<service>/aws4_request)');
  const [, accessKey, day, region, service] = credential as unknown as [string, string, string, string, string];
  const wantRegion = input.region ?? JCS_REGION;
  const wantService = input.service ?? JCS_SERVICE;
  if (service !== wantService) return fail(`credential scope names service '${service}', expected '${wantService}'`);
  if (region !== wantRegion) return fail(`credential scope names region '${region}', expected '${wantRegion}'`);
  if (accessKey !== input.credentials.accessKey) return fail('unknown access key');
  const date = get('X-Amz-Date');
  const signedAt = parseAmzDate(date);
  if (Number.isNaN(signedAt)) return fail('malformed X-Amz-Date (expected yyyymmddThhmmssZ)');
  if (date.slice(0, 8) !== day) return fail('credential scope date does not match X-Amz-Date');
  const expiresText = get('X-Amz-Expires');
  const expires = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= SHARE_LINK_MAX_SECONDS)) return fail(`X-Amz-Expires must be a whole number of seconds from 1 to ${SHARE_LINK_MAX_SECONDS}`);
  const signedHeaderNames = get('X-Amz-SignedHeaders').split(';');
  if (!signedHeaderNames.includes('host')) return fail('X-Amz-SignedHeaders must include host');
  if (!/^[0-9a-f]{64}$/.test(get('X-Amz-Signature'))) return fail('malformed X-Amz-Signature (64 lowercase hex digits)');
  const now = input.now ?? Date.now();
  if (signedAt - now > PRESIGN_MAX_FUTURE_SKEW_MS) return fail(`the link was signed in the future (${new Date(signedAt).toISOString()}); check the clocks`);
  const expiresAt = signedAt + expires * 1000;
  if (now >= expiresAt) return { ok: false, reason: `the link expired at ${new Date(expiresAt).toISOString()}`, expired: true };

  const signedHeaders: Record<string, string> = {};
  for (const name of signedHeaderNames) {
    if (!/^[a-z0-9-]+$/.test(name)) return fail(`malformed X-Amz-SignedHeaders entry '${name}'`);
    const value = input.headers[name];
    if (value === undefined) return fail(`signed header '${name}' is missing`);
    signedHeaders[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const { sig } = signature(
    { method: input.method, rawPath: input.rawPath, rawQuery: signedPieces.join('&'), signedHeaders, payloadHash: UNSIGNED_PAYLOAD },
    input.credentials.secretKey,
    date,
    region,
    service,
  );
  const expected = Buffer.from(sig, 'hex');
  const given = Buffer.from(get('X-Amz-Signature'), 'hex');
  if (!timingSafeEqual(expected, given)) return fail('signature does not match (the link was changed, or signed with another key)');
  return { ok: true };
}

/** When a link signed at `now` for `expiresSeconds` stops working. */
export function presignExpiry(now: Date, expiresSeconds: number): Date {
  // The signature carries whole seconds: the link lasts from the second it was signed.
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + expiresSeconds * 1000);
}

export { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS };

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
