/**
 * Share links (SigV4 presigned URLs) on a real storage node over loopback:
 * a link made by the app's share-link code downloads its object with a plain
 * HTTP request (no headers of ours), HEAD answers its headers, and every
 * misuse is a 403 that says why: expired, tampered, another key, another
 * route, another method, a keyless node. The node keeps serving throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignUrl } from '../../src-main/common/sigv4-presign';
import { createShareLink } from '../../src-main/core/share/share-links';
import { rawRequest, type RawResponse } from '../helpers/node-inspection';
import { startTestNode, type TestNode } from '../helpers/storage-node';

function expectRefused(res: RawResponse, reason: RegExp): void {
  expect(res.status, res.body.toString()).toBe(403);
  const envelope = res.json();
  expect(envelope.code).toBe('Unauthorized');
  expect(envelope.message).toMatch(/^share link refused: /);
  expect(envelope.message).toMatch(reason);
}

describe('share links on the storage node', () => {
  let t: TestNode;
  let packageID: number;
  const content = Buffer.from('shared bytes ✓ '.repeat(1000));
  const connections = () => ({ jcsSigning: () => ({ baseUrl: t.node.url, credentials: t.credentials! }) });
  const link = (expiresSeconds = 600, now = new Date()) => createShareLink(connections(), { connectionId: 'local', root: `p${packageID}`, path: '共享/a b.bin', expiresSeconds }, now);

  beforeAll(async () => {
    t = await startTestNode();
    const bucket = await t.client.createBucket('share');
    packageID = (await t.client.createPackage(bucket.bucketID, 'p')).packageID;
    await t.client.uploadObjects(packageID, [{ path: '共享/a b.bin', body: content }, { path: 'other.txt', body: Buffer.from('other') }]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('downloads the object with a plain GET, and answers HEAD with its headers only', async () => {
    const { url, expiresAt } = link();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(590_000);
    const res = await rawRequest(url);
    expect(res.status, res.body.toString()).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body.equals(content)).toBe(true);
    const head = await rawRequest(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(content.length);
    expect(head.body.length).toBe(0);
  });

  it('refuses an expired link', async () => {
    const { url } = link(60, new Date(Date.now() - 61_000));
    expectRefused(await rawRequest(url), /the link expired at /);
  });

  it('refuses a link whose path, query or signature was changed', async () => {
    const { url } = link();
    expectRefused(await rawRequest(url.replace('a%20b.bin', 'other.txt')), /signature does not match/);
    expectRefused(await rawRequest(url.replace(`packageID=${packageID}`, `packageID=${packageID + 1}`)), /signature does not match/);
    expectRefused(await rawRequest(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=604800')), /signature does not match/);
    expectRefused(await rawRequest(`${url}&offset=1`), /signature does not match/);
    const flipped = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expectRefused(await rawRequest(flipped), /signature does not match/);
    expectRefused(await rawRequest(url.replace(/&X-Amz-Date=[^&]+/, '')), /missing query parameter X-Amz-Date/);
  });

  it('refuses a link signed with another key', async () => {
    const url = presignUrl({
      method: 'GET',
      url: new URL(`/v1/object/downloadByPath?packageID=${packageID}&path=other.txt`, t.node.url),
      credentials: { accessKey: t.credentials!.accessKey, secretKey: 'not the secret' },
      expiresSeconds: 600,
    });
    expectRefused(await rawRequest(url), /signature does not match/);
  });

  it('allows only GET and HEAD of a download route', async () => {
    const { url } = link();
    expectRefused(await rawRequest(url, { method: 'POST' }), /allows only downloads \(GET or HEAD of one object\), not POST/);
    expectRefused(await rawRequest(url, { method: 'DELETE' }), /not DELETE/);
    const listing = presignUrl({ method: 'GET', url: new URL(`/v1/object/listByPath?packageID=${packageID}&path=&isPrefix=true`, t.node.url), credentials: t.credentials!, expiresSeconds: 600 });
    expectRefused(await rawRequest(listing), /allows only downloads .*listByPath/);
    const deleting = presignUrl({ method: 'POST', url: new URL('/v1/bucket/delete', t.node.url), credentials: t.credentials!, expiresSeconds: 600 });
    expectRefused(await rawRequest(deleting, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"bucketID":1}' }), /not POST/);
    // Still there, still served.
    expect((await rawRequest(link().url)).status).toBe(200);
  });

  it('a node without keys refuses share links', async () => {
    const keyless = await startTestNode({ credentials: null });
    try {
      const url = presignUrl({ method: 'GET', url: new URL('/v1/object/downloadByPath?packageID=1&path=x', keyless.node.url), credentials: t.credentials!, expiresSeconds: 600 });
      expectRefused(await rawRequest(url), /this node has no keys/);
    } finally {
      await keyless.dispose();
    }
  });
});
