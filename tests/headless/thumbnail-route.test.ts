/**
 * Headless mode's thumbnail route on a real core (FileKeySecretBox, the
 * embedded node) with a File Storage connection to its fixture server: the
 * same token as every route, a real JPEG of the size asked for with a private
 * immutable cache lifetime (the URL names the etag), `no-store` when the etag
 * is not the service's, and clear 4xx answers to a malformed query.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailQuery, type ThumbnailRequest } from '../../src-shared/thumbnails/thumbnail-request';
import type { AppCore } from '../../src-main/core/app-core';
import { startHeadlessServer, type RunningHeadlessServer } from '../../src-main/headless/headless-server';
import { SINGLE_ROOT } from '../../src-main/providers/storage-provider';
import { makeTestImage, startFileStorageServer, type FileStorageServer } from '../fixtures/file-storage';
import { callOk, openCore, rendererDir } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

describe('GET /api/thumbnail', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let server: RunningHeadlessServer;
  let service: FileStorageServer;
  let photo: ThumbnailRequest;
  let notes: ThumbnailRequest;
  const token = randomBytes(24).toString('base64url');
  const bearer = { Authorization: `Bearer ${token}` };

  beforeAll(async () => {
    temp = await makeTempDir('jcs-thumbnail-route');
    service = await startFileStorageServer();
    const [image, text] = await service.seed([
      { name: 'photo.jpg', content: await makeTestImage(640, 480), maintype: 'image', subtype: 'jpeg' },
      { name: 'notes.txt', content: Buffer.from('plain text'), maintype: 'text', subtype: 'plain' },
    ]);
    core = await openCore(temp.path);
    const connection = await callOk(core, 'connections.add', { name: 'Photos', kind: 'file-storage', config: { baseUrl: service.url } });
    photo = { connectionId: connection.id, root: SINGLE_ROOT, path: 'photo.jpg', ref: image!.id, etag: image!.etag, fit: 'crop', size: 200 };
    notes = { connectionId: connection.id, root: SINGLE_ROOT, path: 'notes.txt', ref: text!.id, etag: text!.etag, fit: 'crop', size: 200 };
    server = await startHeadlessServer({ core, host: '127.0.0.1', port: 0, token, staticDir: rendererDir });
  });

  afterAll(async () => {
    await server?.close();
    await core?.close();
    await service?.close();
    await temp?.remove();
  });

  const get = (query: string, headers: Record<string, string> = bearer, method = 'GET') => fetch(`${server.url}/api/thumbnail?${query}`, { method, headers });

  it('needs the token like every route', async () => {
    expect((await get(thumbnailQuery(photo), {})).status).toBe(401);
    expect((await get(thumbnailQuery(photo), { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('answers a real JPEG of the size asked for, cached privately as immutable, with the page’s security headers', async () => {
    const response = await get(thumbnailQuery(photo));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 200, height: 200 });
    const short = Buffer.from(await (await get(thumbnailQuery({ ...photo, fit: 'short', size: 120 }))).arrayBuffer());
    expect(await sharp(short).metadata()).toMatchObject({ width: 160, height: 120 });
  });

  it('sends an answer for an etag the service no longer has as no-store', async () => {
    const response = await get(thumbnailQuery({ ...photo, etag: 'not-the-etag' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a malformed query naming the field, other methods, and a file that is not an image, and keeps serving', async () => {
    const bad = await get(thumbnailQuery(photo).replace('size=200', 'size=abc'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^size: /);
    const huge = await get(thumbnailQuery(photo).replace('size=200', 'size=99999'));
    expect(huge.status).toBe(400);
    const missing = await get(`connection=${photo.connectionId}&root=${SINGLE_ROOT}`);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^path: /);
    expect((await get(thumbnailQuery(photo), bearer, 'POST')).status).toBe(405);
    const text = await get(thumbnailQuery(notes));
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(((await text.json()) as { ok: boolean }).ok).toBe(false);
    expect((await get(thumbnailQuery(photo))).status).toBe(200);
  });
});
