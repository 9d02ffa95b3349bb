/**
 * Previews and thumbnails made here, on a real core with its embedded storage
 * node (a provider that makes no thumbnails): `GET /api/preview` sends an
 * object under the content type its name gives, never one that runs (HTML and
 * SVG as text/plain), always `nosniff` and a sandboxing CSP, by ranges (206,
 * 416); `GET /api/thumbnail` makes a JPEG with sharp, keeps it by content
 * hash (a copy elsewhere is not made again), and refuses what is no raster.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import { previewQuery, type PreviewRequest } from '../../src-shared/preview/preview-request';
import { thumbnailQuery, type ThumbnailRequest } from '../../src-shared/thumbnails/thumbnail-request';
import type { AppCore } from '../../src-main/core/app-core';
import { startHeadlessServer, type RunningHeadlessServer } from '../../src-main/headless/headless-server';
import { packageRootId } from '../../src-main/providers/jcs/jcs-root-ids';
import { makeTestImage } from '../fixtures/file-storage';
import { embeddedClient, openCore, putObjects, rendererDir } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

describe('previews and made thumbnails of the storage node', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let server: RunningHeadlessServer;
  let root: string;
  let photo: Buffer;
  const token = randomBytes(24).toString('base64url');
  const bearer = { Authorization: `Bearer ${token}` };
  const audio = randomBytes(100_000);
  const files: Record<string, () => Buffer> = {
    'photos/photo.png': () => photo,
    'photos/copy of photo.png': () => photo,
    'code/app.ts': () => Buffer.from('export const answer: number = 42;\n'),
    'hostile.html': () => Buffer.from('<script>document.title = "ran"</script><p>hi</p>'),
    'hostile.svg': () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    'song.mp3': () => audio,
    'empty.txt': () => Buffer.alloc(0),
  };

  beforeAll(async () => {
    temp = await makeTempDir('jcs-preview-route');
    photo = await makeTestImage(640, 480, 'png');
    core = await openCore(temp.path);
    const client = embeddedClient(core);
    const bucket = await client.createBucket('media');
    const pkg = await client.createPackage(bucket.bucketID, 'pictures');
    root = packageRootId(pkg.packageID);
    await putObjects(client, pkg.packageID, Object.keys(files), (path) => files[path]!());
    server = await startHeadlessServer({ core, host: '127.0.0.1', port: 0, token, staticDir: rendererDir });
  });

  afterAll(async () => {
    await server?.close();
    await core?.close();
    await temp?.remove();
  });

  const preview = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const request: PreviewRequest = { connectionId: LOCAL_CONNECTION_ID, root, path };
    return fetch(`${server.url}/api/preview?${previewQuery(request)}`, { method, headers: { ...bearer, ...headers } });
  };
  const thumbnail = (path: string, etag: string, size = 128) => {
    const request: ThumbnailRequest = { connectionId: LOCAL_CONNECTION_ID, root, path, etag, fit: 'crop', size };
    return fetch(`${server.url}/api/thumbnail?${thumbnailQuery(request)}`, { headers: bearer });
  };
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('needs the token', async () => {
    const response = await fetch(`${server.url}/api/preview?${previewQuery({ connectionId: LOCAL_CONNECTION_ID, root, path: 'song.mp3' })}`);
    expect(response.status).toBe(401);
  });

  it('sends an image whole under its own type, nosniff and sandboxed', async () => {
    const response = await preview('photos/photo.png');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(Buffer.from(await response.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('sends HTML and SVG as plain text, never as a document', async () => {
    for (const path of ['hostile.html', 'hostile.svg']) {
      const response = await preview(path);
      expect(response.headers.get('content-type'), path).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-security-policy'), path).toMatch(/^sandbox;/);
      expect(await response.text()).toBe(files[path]!().toString());
    }
  });

  it('reads by ranges: 206 with Content-Range, a suffix, 416 past the end', async () => {
    const part = await preview('song.mp3', { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${audio.length}`);
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(1000, 2000))).toBe(true);
    const tail = await preview('song.mp3', { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(audio.length - 10))).toBe(true);
    const past = await preview('song.mp3', { Range: `bytes=${audio.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${audio.length}`);
    const empty = await preview('empty.txt', { Range: 'bytes=0-1048575' });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
  });

  it('answers a missing file 404 and a malformed query 400, and keeps serving', async () => {
    expect((await preview('nothing-here.txt')).status).toBe(404);
    const bad = await fetch(`${server.url}/api/preview?connection=${LOCAL_CONNECTION_ID}&root=${root}`, { headers: bearer });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^path: /);
    expect((await preview('code/app.ts')).status).toBe(200);
  });

  it('makes a thumbnail with sharp and keeps it by content hash: a copy of the image is not made again', async () => {
    const hash = sha256(photo);
    const before = core.deps.thumbnails.fetches;
    const first = await thumbnail('photos/photo.png', hash);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(first.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(await sharp(Buffer.from(await first.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', width: 128, height: 128 });
    expect(core.deps.thumbnails.fetches).toBe(before + 1);
    const copy = await thumbnail('photos/copy of photo.png', hash);
    expect(copy.status).toBe(200);
    expect(core.deps.thumbnails.fetches).toBe(before + 1);
    expect((await readdir(join(temp.path, 'thumbnails'))).filter((name) => name.endsWith('.jpg'))).toHaveLength(1);
  });

  it('sends a thumbnail for a hash that is not the file’s as no-store, and refuses an SVG', async () => {
    const stale = await thumbnail('photos/photo.png', 'f'.repeat(64));
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('no-store');
    const svg = await thumbnail('hostile.svg', sha256(files['hostile.svg']!()));
    expect(svg.status).toBe(400);
  });
});
