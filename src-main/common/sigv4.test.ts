import { describe, expect, it } from 'vitest';
import {
  amzDate,
  canonicalQuery,
  canonicalUri,
  EMPTY_PAYLOAD_SHA256,
  encodeRfc3986,
  MAX_CLOCK_SKEW_MS,
  parseAmzDate,
  sha256Hex,
  signRequest,
  UNSIGNED_PAYLOAD,
  verifyRequest,
  type Credentials,
} from './sigv4';

// AWS's published aws-sig-v4-test-suite: credentials, clock, region and service.
const SUITE_CREDENTIALS: Credentials = { accessKey: 'AKIDEXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_NOW = new Date('2015-08-30T12:36:00Z');

function suiteSign(method: string, url: string): Record<string, string> {
  return signRequest({
    method,
    url: new URL(url),
    payloadHash: EMPTY_PAYLOAD_SHA256,
    credentials: SUITE_CREDENTIALS,
    region: 'us-east-1',
    service: 'service',
    now: SUITE_NOW,
    includeContentSha256Header: false,
  });
}

const suiteAuthorization = (signature: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`;

describe('signRequest against the AWS SigV4 test suite', () => {
  it('get-vanilla', () => {
    const headers = suiteSign('GET', 'https://example.amazonaws.com/');
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization: suiteAuthorization('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'),
    });
  });

  it('get-vanilla-query-order-key-case (parameters sorted by name)', () => {
    expect(suiteSign('GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1').authorization).toBe(
      suiteAuthorization('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'),
    );
  });

  it('get-vanilla-query-order-key (same name: sorted by value, byte-wise)', () => {
    expect(suiteSign('GET', 'https://example.amazonaws.com/?Param1=value2&Param1=Value1').authorization).toBe(
      suiteAuthorization('eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1'),
    );
  });

  it('get-vanilla-query-order-encoded (encoded names sort by their encoding)', () => {
    expect(suiteSign('GET', 'https://example.amazonaws.com/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1').authorization).toBe(
      suiteAuthorization('371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac'),
    );
  });

  it('get-vanilla-empty-query-key', () => {
    expect(suiteSign('GET', 'https://example.amazonaws.com/?Param1=value1').authorization).toBe(
      suiteAuthorization('a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb'),
    );
  });

  it('get-unreserved (unreserved path characters pass through)', () => {
    expect(suiteSign('GET', 'https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz').authorization).toBe(
      suiteAuthorization('07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f'),
    );
  });
});

describe('canonicalQuery', () => {
  it('is empty for an empty query', () => {
    expect(canonicalQuery('')).toBe('');
  });

  it('sorts by name, then by value, byte-wise (uppercase before lowercase)', () => {
    expect(canonicalQuery('b=2&a=1&c=3')).toBe('a=1&b=2&c=3');
    expect(canonicalQuery('a=2&a=10&a=1')).toBe('a=1&a=10&a=2');
    expect(canonicalQuery('b=1&B=1&a=1&A=1')).toBe('A=1&B=1&a=1&b=1');
    expect(canonicalQuery('Param-3=x&Param=y&Param_2=z')).toBe('Param=y&Param-3=x&Param_2=z');
  });

  it('gives keys without a value an empty value and skips empty pieces', () => {
    expect(canonicalQuery('flag&a=1')).toBe('a=1&flag=');
    expect(canonicalQuery('a=1&&b=&')).toBe('a=1&b=');
    expect(canonicalQuery('k==v')).toBe('k=%3Dv'); // only the first '=' separates
  });

  it('encodes per RFC 3986 with uppercase hex, leaving only unreserved characters bare', () => {
    expect(canonicalQuery('path=a%2Fb%2Fc.txt')).toBe('path=a%2Fb%2Fc.txt');
    expect(canonicalQuery('path=a/b/c.txt')).toBe('path=a%2Fb%2Fc.txt');
    expect(canonicalQuery('x=a%2fb')).toBe('x=a%2Fb'); // lowercase escapes are normalised
    expect(canonicalQuery("x=!'()*")).toBe('x=%21%27%28%29%2A');
    expect(canonicalQuery('x=-_.~AZaz09')).toBe('x=-_.~AZaz09');
    expect(canonicalQuery('x=%E4%B8%AD%E6%96%87')).toBe('x=%E4%B8%AD%E6%96%87');
    expect(canonicalQuery('x=中文')).toBe('x=%E4%B8%AD%E6%96%87');
    expect(canonicalQuery('x=%F0%9F%98%80')).toBe('x=%F0%9F%98%80');
  });

  it("reads '+' as a space (as Go's url.ParseQuery does) and encodes spaces as %20", () => {
    expect(canonicalQuery('x=a+b')).toBe('x=a%20b');
    expect(canonicalQuery('x=a%20b')).toBe('x=a%20b');
    expect(canonicalQuery('x=a%2Bb')).toBe('x=a%2Bb');
  });

  it('signs a malformed escape as it stands, encoded once', () => {
    expect(canonicalQuery('x=%zz')).toBe('x=%25zz');
  });

  it('gives the same result for every encoding of the same parameters', () => {
    const a = canonicalQuery('packageID=1&path=%E4%B8%AD%2F%F0%9F%98%80&isPrefix=true');
    const b = canonicalQuery('isPrefix=true&path=中/😀&packageID=1');
    expect(a).toBe(b);
    expect(a).toBe('isPrefix=true&packageID=1&path=%E4%B8%AD%2F%F0%9F%98%80');
  });
});

describe('helpers', () => {
  it('encodeRfc3986 escapes what encodeURIComponent leaves alone', () => {
    expect(encodeRfc3986("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
  });

  it('canonicalUri keeps "/" and unreserved characters, and double-encodes escapes (non-S3 rule)', () => {
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/v1/object/listByPath')).toBe('/v1/object/listByPath');
    expect(canonicalUri('/a%20b')).toBe('/a%2520b');
  });

  it('amzDate and parseAmzDate round-trip', () => {
    expect(amzDate(SUITE_NOW)).toBe('20150830T123600Z');
    expect(parseAmzDate('20150830T123600Z')).toBe(SUITE_NOW.getTime());
    expect(parseAmzDate('2015-08-30T12:36:00Z')).toBeNaN();
    expect(parseAmzDate('20150830T123600')).toBeNaN();
  });
});

describe('signRequest → verifyRequest', () => {
  const credentials: Credentials = { accessKey: 'AKTEST', secretKey: 'secret/with+odd=chars' };
  const now = Date.UTC(2025, 5, 24, 8, 0, 0);

  function signed(
    options: { method?: string; url?: string; payloadHash?: string; headers?: Record<string, string>; at?: number; region?: string; service?: string } = {},
  ) {
    const url = new URL(options.url ?? 'http://127.0.0.1:7890/v1/object/listByPath?packageID=1&path=%E4%B8%AD%2F&isPrefix=true&maxKeys=7');
    const payloadHash = options.payloadHash ?? EMPTY_PAYLOAD_SHA256;
    const added = signRequest({
      method: options.method ?? 'GET',
      url,
      headers: options.headers,
      payloadHash,
      credentials,
      now: new Date(options.at ?? now),
      region: options.region,
      service: options.service,
    });
    const headers: Record<string, string> = { host: url.host, ...lowercaseKeys(options.headers ?? {}), ...added };
    return {
      url,
      headers,
      input: {
        method: options.method ?? 'GET',
        rawPath: url.pathname,
        rawQuery: url.search.slice(1),
        headers,
        payloadHash,
        credentials,
        now,
      },
    };
  }

  it('verifies what it signed, with the JCS defaults (service jcs, region any)', () => {
    const { input, headers } = signed();
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKTEST\/20250624\/any\/jcs\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(headers['x-amz-content-sha256']).toBe(EMPTY_PAYLOAD_SHA256);
    expect(verifyRequest(input)).toEqual({ ok: true });
  });

  it('verifies a POST with a body hash, an UNSIGNED-PAYLOAD upload and extra signed headers', () => {
    const body = Buffer.from(JSON.stringify({ objectID: 3, indexes: [1, 2] }));
    expect(verifyRequest(signed({ method: 'POST', url: 'http://localhost:1/v1/object/completeMultipartUpload', payloadHash: sha256Hex(body) }).input)).toEqual({ ok: true });
    expect(verifyRequest(signed({ method: 'POST', url: 'http://localhost:1/v1/object/upload', payloadHash: UNSIGNED_PAYLOAD }).input)).toEqual({ ok: true });
    const withType = signed({ method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(withType.headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,');
    expect(verifyRequest(withType.input)).toEqual({ ok: true });
  });

  it('verifies the same query however the receiver sees it encoded', () => {
    const { input } = signed();
    expect(verifyRequest({ ...input, rawQuery: 'maxKeys=7&isPrefix=true&path=中/&packageID=1' })).toEqual({ ok: true });
  });

  it('accepts a clock skew up to 15 minutes and refuses more', () => {
    expect(verifyRequest(signed({ at: now - MAX_CLOCK_SKEW_MS }).input).ok).toBe(true);
    expect(verifyRequest(signed({ at: now + MAX_CLOCK_SKEW_MS }).input).ok).toBe(true);
    expect(verifyRequest(signed({ at: now - MAX_CLOCK_SKEW_MS - 1000 }).input)).toEqual({ ok: false, reason: expect.stringContaining('15 minutes') as unknown });
    expect(verifyRequest(signed({ at: now + 20 * 60_000 }).input).ok).toBe(false);
  });

  it('refuses any change to what was signed', () => {
    const { input, headers } = signed();
    const mismatch = { ok: false, reason: 'signature does not match' };
    expect(verifyRequest({ ...input, method: 'POST' })).toEqual(mismatch);
    expect(verifyRequest({ ...input, rawPath: '/v1/object/download' })).toEqual(mismatch);
    expect(verifyRequest({ ...input, rawQuery: input.rawQuery.replace('maxKeys=7', 'maxKeys=8') })).toEqual(mismatch);
    expect(verifyRequest({ ...input, rawQuery: input.rawQuery + '&extra=1' })).toEqual(mismatch);
    expect(verifyRequest({ ...input, payloadHash: sha256Hex('other') })).toEqual(mismatch);
    expect(verifyRequest({ ...input, headers: { ...headers, host: '127.0.0.1:7891' } })).toEqual(mismatch);
    expect(verifyRequest({ ...input, credentials: { ...credentials, secretKey: 'wrong' } })).toEqual(mismatch);
    const flipped = headers.authorization!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
    expect(verifyRequest({ ...input, headers: { ...headers, authorization: flipped } })).toEqual(mismatch);
  });

  it('refuses a wrong access key, a wrong service, missing or malformed headers', () => {
    const { input, headers } = signed();
    expect(verifyRequest({ ...input, credentials: { ...credentials, accessKey: 'AKOTHER' } })).toEqual({ ok: false, reason: 'unknown access key' });
    expect(verifyRequest(signed({ service: 's3' }).input)).toMatchObject({ ok: false, reason: expect.stringContaining("service 's3'") as unknown });
    const { authorization, ...unsigned } = headers;
    expect(authorization).toBeDefined();
    expect(verifyRequest({ ...input, headers: unsigned })).toMatchObject({ ok: false, reason: expect.stringContaining('missing Authorization') as unknown });
    expect(verifyRequest({ ...input, headers: { ...headers, authorization: 'Basic dXNlcjpwYXNz' } })).toEqual({ ok: false, reason: 'malformed Authorization header' });
    const { 'x-amz-date': _date, ...undated } = headers;
    expect(verifyRequest({ ...input, headers: undated })).toEqual({ ok: false, reason: 'missing X-Amz-Date header' });
    expect(verifyRequest({ ...input, headers: { ...headers, 'x-amz-date': '2025-06-24T08:00:00Z' } })).toEqual({ ok: false, reason: 'malformed X-Amz-Date header' });
    expect(verifyRequest({ ...input, headers: { ...headers, 'x-amz-date': '20250625T080000Z' } })).toEqual({
      ok: false,
      reason: 'credential scope date does not match X-Amz-Date',
    });
    const { 'x-amz-content-sha256': _sha, ...noSha } = headers;
    expect(verifyRequest({ ...input, headers: noSha })).toEqual({ ok: false, reason: "signed header 'x-amz-content-sha256' is missing" });
    const hostless = headers.authorization!.replace('SignedHeaders=host;', 'SignedHeaders=');
    expect(verifyRequest({ ...input, headers: { ...headers, authorization: hostless } })).toEqual({ ok: false, reason: 'SignedHeaders must include host and x-amz-date' });
  });
});

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
