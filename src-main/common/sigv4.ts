/**
 * AWS Signature Version 4 as JCS-pub uses it (service `jcs`, region `any`).
 * One implementation for both sides: the client signs with it and the storage
 * node verifies with it, so the two can never drift apart. It follows the AWS
 * specification (checked against AWS's published test vector in the tests),
 * so it also interoperates with the Go signer of a real JCS-pub service.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const JCS_SERVICE = 'jcs';
export const JCS_REGION = 'any';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');
/** Requests signed further than this from the server's clock are refused. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface Credentials {
  accessKey: string;
  secretKey: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `20150830T123600Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Parses an `X-Amz-Date` value; NaN when malformed. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Canonical query string from a raw (still encoded) query, `+` meaning space as in Go's url.ParseQuery. */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const rawKey = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([encodeRfc3986(decodeQueryPart(rawKey)), encodeRfc3986(decodeQueryPart(rawValue))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function decodeQueryPart(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // a malformed escape is signed as it stands; both sides do the same
  }
}

/** Canonical URI: each segment of the (already escaped) path encoded once more, as for every non-S3 service. */
export function canonicalUri(rawPath: string): string {
  if (!rawPath) return '/';
  return rawPath
    .split('/')
    .map((segment) => encodeRfc3986(decodeSegment(segment)))
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export interface CanonicalInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lowercase header name → value, only the headers to sign. */
  signedHeaders: Record<string, string>;
  payloadHash: string;
}

function canonicalRequest(input: CanonicalInput): { text: string; signedHeaderNames: string } {
  const names = Object.keys(input.signedHeaders).sort();
  const headerBlock = names.map((n) => `${n}:${canonicalHeaderValue(input.signedHeaders[n] ?? '')}\n`).join('');
  const signedHeaderNames = names.join(';');
  const text = [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQuery(input.rawQuery),
    headerBlock,
    signedHeaderNames,
    input.payloadHash,
  ].join('\n');
  return { text, signedHeaderNames };
}

function signingKey(secretKey: string, day: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretKey).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/** The signature of a canonical request (also used by query-string signing, sigv4-presign.ts). */
export function signature(input: CanonicalInput, secretKey: string, date: string, region: string, service: string) {
  const day = date.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;
  const { text, signedHeaderNames } = canonicalRequest(input);
  const stringToSign = [SIGV4_ALGORITHM, date, scope, sha256Hex(text)].join('\n');
  const sig = createHmac('sha256', signingKey(secretKey, day, region, service)).update(stringToSign).digest('hex');
  return { sig, scope, signedHeaderNames };
}

export interface SignInput {
  method: string;
  url: URL;
  /** Extra headers to sign besides host, x-amz-date and x-amz-content-sha256 (names in any case). */
  headers?: Record<string, string>;
  payloadHash: string;
  credentials: Credentials;
  region?: string;
  service?: string;
  now?: Date;
  /** Set false to sign without an x-amz-content-sha256 header (AWS test vectors do). */
  includeContentSha256Header?: boolean;
}

/** Returns the headers to add to the request: Authorization, X-Amz-Date and X-Amz-Content-Sha256. */
export function signRequest(input: SignInput): Record<string, string> {
  const date = amzDate(input.now ?? new Date());
  const region = input.region ?? JCS_REGION;
  const service = input.service ?? JCS_SERVICE;
  const added: Record<string, string> = { 'x-amz-date': date };
  if (input.includeContentSha256Header !== false) added['x-amz-content-sha256'] = input.payloadHash;
  const toSign: Record<string, string> = { host: input.url.host };
  for (const [name, value] of Object.entries(input.headers ?? {})) toSign[name.toLowerCase()] = value;
  Object.assign(toSign, added);
  const { sig, scope, signedHeaderNames } = signature(
    {
      method: input.method,
      rawPath: input.url.pathname,
      rawQuery: input.url.search.replace(/^\?/, ''),
      signedHeaders: toSign,
      payloadHash: input.payloadHash,
    },
    input.credentials.secretKey,
    date,
    region,
    service,
  );
  return {
    ...added,
    authorization: `${SIGV4_ALGORITHM} Credential=${input.credentials.accessKey}/${scope}, SignedHeaders=${signedHeaderNames}, Signature=${sig}`,
  };
}

export interface VerifyInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Request headers as Node gives them (lowercase names). */
  headers: Record<string, string | string[] | undefined>;
  /** The payload hash to verify against: the x-amz-content-sha256 value or the body's own hash. */
  payloadHash: string;
  credentials: Credentials;
  now?: number;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** Checks a request's SigV4 signature. Reasons are safe to show to the caller. */
export function verifyRequest(input: VerifyInput): VerifyResult {
  const header = (name: string): string | undefined => {
    const v = input.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const authorization = header('authorization');
  if (!authorization) return { ok: false, reason: 'missing Authorization header (requests must be signed with AWS Signature V4)' };
  const m = AUTH_RE.exec(authorization);
  if (!m) return { ok: false, reason: 'malformed Authorization header' };
  const [, accessKey, day, region, service, signedHeaderList, givenSig] = m as unknown as [string, string, string, string, string, string, string];
  if (service !== JCS_SERVICE) return { ok: false, reason: `credential scope names service '${service}', expected '${JCS_SERVICE}'` };
  if (accessKey !== input.credentials.accessKey) return { ok: false, reason: 'unknown access key' };
  const date = header('x-amz-date');
  if (!date) return { ok: false, reason: 'missing X-Amz-Date header' };
  const signedAt = parseAmzDate(date);
  if (Number.isNaN(signedAt)) return { ok: false, reason: 'malformed X-Amz-Date header' };
  if (date.slice(0, 8) !== day) return { ok: false, reason: 'credential scope date does not match X-Amz-Date' };
  const now = input.now ?? Date.now();
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'request time is more than 15 minutes away from the server clock' };
  const names = signedHeaderList.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return { ok: false, reason: 'SignedHeaders must include host and x-amz-date' };
  const signedHeaders: Record<string, string> = {};
  for (const name of names) {
    const value = header(name);
    if (value === undefined) return { ok: false, reason: `signed header '${name}' is missing` };
    signedHeaders[name] = value;
  }
  const { sig } = signature(
    { method: input.method, rawPath: input.rawPath, rawQuery: input.rawQuery, signedHeaders, payloadHash: input.payloadHash },
    input.credentials.secretKey,
    date,
    region,
    service,
  );
  const expected = Buffer.from(sig, 'hex');
  const given = Buffer.from(givenSig, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
