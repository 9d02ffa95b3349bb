import { describe, expect, it } from 'vitest';
import { SHARE_LINK_MAX_SECONDS } from '@shared/contract/share';
import { isPresignedQuery, presignExpiry, presignUrl, verifyPresigned } from './sigv4-presign';
import type { Credentials } from './sigv4';

/**
 * AWS's worked example in "Authenticating Requests: Using Query Parameters
 * (AWS Signature Version 4)" (Amazon S3 API reference): a GET of
 * examplebucket/test.txt, signed 2013-05-24 00:00:00Z for 86400 s. Its path has
 * nothing to escape, so S3's single-encoding rule and ours agree on it.
 */
const AWS_EXAMPLE = {
  credentials: { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } satisfies Credentials,
  now: new Date('2013-05-24T00:00:00Z'),
  url:
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
};

describe('presignUrl against AWS’s published example', () => {
  it('produces the documented URL and signature', () => {
    const url = presignUrl({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      credentials: AWS_EXAMPLE.credentials,
      expiresSeconds: 86400,
      now: AWS_EXAMPLE.now,
      region: 'us-east-1',
      service: 's3',
    });
    expect(url).toBe(AWS_EXAMPLE.url);
  });

  it('verifies the documented URL, and refuses it once a byte of it changes', () => {
    const u = new URL(AWS_EXAMPLE.url);
    const input = {
      method: 'GET',
      rawPath: u.pathname,
      rawQuery: u.search.slice(1),
      headers: { host: u.host },
      credentials: AWS_EXAMPLE.credentials,
      now: AWS_EXAMPLE.now.getTime() + 1000,
      region: 'us-east-1',
      service: 's3',
    };
    expect(verifyPresigned(input)).toEqual({ ok: true });
    expect(verifyPresigned({ ...input, rawPath: '/test.txu' })).toMatchObject({ ok: false, reason: expect.stringContaining('signature does not match') as unknown });
  });
});

describe('presignUrl → verifyPresigned (JCS scope: region any, service jcs)', () => {
  const credentials: Credentials = { accessKey: 'AKSHARE', secretKey: 'share/secret+key=' };
  const signedAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  const base = 'http://127.0.0.1:7890/v1/object/downloadByPath?packageID=3&path=%E4%B8%AD%E6%96%87%2Fa%20b.txt';

  function link(expiresSeconds = 600, method = 'GET') {
    const url = new URL(presignUrl({ method, url: new URL(base), credentials, expiresSeconds, now: signedAt }));
    return {
      url,
      input: { method, rawPath: url.pathname, rawQuery: url.search.slice(1), headers: { host: url.host } as Record<string, string>, credentials, now: signedAt.getTime() + 1000 },
    };
  }

  it('signs the JCS scope and verifies what it signed', () => {
    const { url, input } = link();
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKSHARE/20260102/any/jcs/aws4_request');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('path')).toBe('中文/a b.txt');
    expect(isPresignedQuery(input.rawQuery)).toBe(true);
    expect(isPresignedQuery('packageID=3&path=x')).toBe(false);
    expect(verifyPresigned(input)).toEqual({ ok: true });
  });

  it('lasts exactly X-Amz-Expires seconds from the second it was signed', () => {
    const { input } = link(60);
    const expiry = presignExpiry(signedAt, 60).getTime();
    expect(expiry).toBe(Date.UTC(2026, 0, 2, 3, 5, 5));
    expect(verifyPresigned({ ...input, now: expiry - 1 })).toEqual({ ok: true });
    expect(verifyPresigned({ ...input, now: expiry })).toEqual({ ok: false, expired: true, reason: 'the link expired at 2026-01-02T03:05:05.000Z' });
  });

  it('refuses any change to the path, the query, the method, the host or the key', () => {
    const { input } = link();
    const mismatch = { ok: false, reason: expect.stringContaining('signature does not match') as unknown };
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('packageID=3', 'packageID=4') })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('a%20b.txt', 'c.txt') })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery + '&offset=1' })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000') })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, rawPath: '/v1/object/download' })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, method: 'DELETE' })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, headers: { host: '127.0.0.1:7891' } })).toMatchObject(mismatch);
    expect(verifyPresigned({ ...input, credentials: { ...credentials, secretKey: 'other' } })).toMatchObject(mismatch);
    const flipped = input.rawQuery.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expect(verifyPresigned({ ...input, rawQuery: flipped })).toMatchObject(mismatch);
  });

  it('refuses a link with parameters missing, repeated or malformed, with the reason', () => {
    const { input } = link();
    const without = (name: string) => input.rawQuery.split('&').filter((p) => !p.startsWith(name + '=')).join('&');
    expect(verifyPresigned({ ...input, rawQuery: without('X-Amz-Signature') })).toEqual({ ok: false, reason: 'missing query parameter X-Amz-Signature' });
    expect(verifyPresigned({ ...input, rawQuery: without('X-Amz-Date') })).toEqual({ ok: false, reason: 'missing query parameter X-Amz-Date' });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery + '&X-Amz-Expires=60' })).toEqual({ ok: false, reason: 'query parameter X-Amz-Expires appears more than once' });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('X-Amz-Expires=600', `X-Amz-Expires=${SHARE_LINK_MAX_SECONDS + 1}`) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('X-Amz-Expires must be') as unknown,
    });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1') })).toMatchObject({ ok: false });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('AKSHARE', 'AKOTHER') })).toEqual({ ok: false, reason: 'unknown access key' });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('%2Fany%2F', '%2Fus-east-1%2F') })).toMatchObject({ ok: false, reason: expect.stringContaining("region 'us-east-1'") as unknown });
    expect(verifyPresigned({ ...input, rawQuery: input.rawQuery.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-custom') })).toEqual({ ok: false, reason: 'X-Amz-SignedHeaders must include host' });
    expect(verifyPresigned({ ...input, now: signedAt.getTime() - 10 * 60_000 })).toMatchObject({ ok: false, reason: expect.stringContaining('signed in the future') as unknown });
  });

  it('refuses to sign for longer than 7 days', () => {
    expect(() => presignUrl({ method: 'GET', url: new URL(base), credentials, expiresSeconds: SHARE_LINK_MAX_SECONDS + 1 })).toThrow(RangeError);
    expect(() => presignUrl({ method: 'GET', url: new URL(base), credentials, expiresSeconds: 0 })).toThrow(RangeError);
  });
});
