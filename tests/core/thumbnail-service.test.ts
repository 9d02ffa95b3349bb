/**
 * The core's ThumbnailService against the real File Storage adapter and its
 * fixture server (real JPEGs made by sharp): sizes as asked, one fetch per
 * image however often it is asked for (on disk across instances), a new etag
 * fetched anew, a bounded cache, at most N fetches at once, shared and
 * abandoned fetches.
 */
import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/contract/define';
import type { ThumbnailRequest } from '@shared/thumbnails/thumbnail-request';
import { ThumbnailService } from '../../src-main/core/thumbnails/thumbnail-service';
import { FileStorageProvider } from '../../src-main/providers/file-storage/fs-provider';
import { SINGLE_ROOT, type StorageProvider } from '../../src-main/providers/storage-provider';
import { makeTestImage, startFileStorageServer, type FileStorageServer } from '../fixtures/file-storage';
import { makeTempDir } from '../helpers/temp-dir';

const THUMBNAIL_ROUTE = 'GET /file/thumbnail/:file';

let server: FileStorageServer;
let provider: FileStorageProvider;
let dir: { path: string; remove: () => Promise<void> };
let files: Array<{ id: string; name: string; etag: string }>;

beforeEach(async () => {
  server = await startFileStorageServer();
  dir = await makeTempDir('thumbnail-service');
  provider = new FileStorageProvider({ baseUrl: server.url, cacheDir: null });
  const seeded = await server.seed(await Promise.all(Array.from({ length: 8 }, async (_, i) => ({ name: `photo-${i}.jpg`, content: await makeTestImage(400, 300, 'jpeg', i * 40), maintype: 'image', subtype: 'jpeg' }))));
  files = seeded.map((f) => ({ id: f.id, name: f.name, etag: f.etag }));
});

afterEach(async () => {
  provider.close();
  await server.close();
  await dir.remove();
});

function request(i: number, size = 128, fit: ThumbnailRequest['fit'] = 'crop'): ThumbnailRequest {
  const file = files[i]!;
  return { connectionId: 'c1', root: SINGLE_ROOT, path: file.name, ref: file.id, etag: file.etag, fit, size };
}

function service(options: { maxCacheBytes?: number; concurrency?: number; provider?: StorageProvider } = {}): ThumbnailService {
  const { provider: given, ...rest } = options;
  return new ThumbnailService({ provider: () => given ?? provider, cacheFolder: `${dir.path}/thumbnails`, ...rest });
}

const never = () => new AbortController().signal;

describe('ThumbnailService', () => {
  it('answers a real JPEG of the size asked for, and each image once from the service (on disk, across instances)', async () => {
    const thumbnails = service();
    const crop = await thumbnails.get(request(0, 128, 'crop'), never());
    expect(crop.cacheable).toBe(true);
    expect(await sharp(crop.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 128, height: 128 });
    const short = await thumbnails.get(request(0, 64, 'short'), never());
    expect(await sharp(short.bytes).metadata()).toMatchObject({ width: 85, height: 64 });
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(2);

    const again = await thumbnails.get(request(0, 128, 'crop'), never());
    expect(again.bytes.equals(crop.bytes)).toBe(true);
    const restarted = await service().get(request(0, 128, 'crop'), never());
    expect(restarted.bytes.equals(crop.bytes)).toBe(true);
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(2);
  });

  it('fetches again for another etag, and does not keep an answer under an etag the service no longer has', async () => {
    const thumbnails = service();
    await thumbnails.get(request(1), never());
    const stale = { ...request(1), etag: 'an-old-etag' };
    const first = await thumbnails.get(stale, never());
    expect(first.cacheable).toBe(false);
    await thumbnails.get(stale, never());
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(3);
  });

  it('shares one fetch between callers asking for the same image at once', async () => {
    const thumbnails = service();
    const answers = await Promise.all([thumbnails.get(request(2), never()), thumbnails.get(request(2), never()), thumbnails.get(request(2), never())]);
    expect(answers[1].bytes.equals(answers[0].bytes)).toBe(true);
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(1);
  });

  it('runs at most `concurrency` fetches at once', async () => {
    let running = 0;
    let most = 0;
    const counting: StorageProvider = Object.assign(Object.create(provider) as StorageProvider, {
      async thumbnail(...args: Parameters<NonNullable<StorageProvider['thumbnail']>>) {
        running++;
        most = Math.max(most, running);
        try {
          return await provider.thumbnail(...args);
        } finally {
          running--;
        }
      },
    });
    const thumbnails = service({ concurrency: 2, provider: counting });
    await Promise.all(files.map((_, i) => thumbnails.get(request(i), never())));
    expect(most).toBe(2);
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(files.length);
  });

  it('drops a request whose caller went away before its turn, without asking the service', async () => {
    // The first fetch holds the only slot until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding: StorageProvider = Object.assign(Object.create(provider) as StorageProvider, {
      async thumbnail(...args: Parameters<NonNullable<StorageProvider['thumbnail']>>) {
        await held;
        return provider.thumbnail(...args);
      },
    });
    const thumbnails = service({ concurrency: 1, provider: holding });
    const first = thumbnails.get(request(0), never());
    const gone = new AbortController();
    const second = thumbnails.get(request(1), gone.signal);
    await vi.waitFor(() => expect(thumbnails.waiting).toBe(1));
    gone.abort(new AppError('Cancelled', 'scrolled away'));
    await expect(second).rejects.toThrow('scrolled away');
    expect(thumbnails.waiting).toBe(0);
    release();
    await first;
    await thumbnails.get(request(3), never());
    expect(thumbnails.fetches).toBe(2);
    expect(server.requests.entries.filter((e) => e.route === THUMBNAIL_ROUTE).map((e) => e.url)).not.toContainEqual(expect.stringContaining(files[1]!.id));
  });

  it('keeps the cache within its bound, removing the least recently used', async () => {
    const one = (await service({ maxCacheBytes: 10_000_000 }).get(request(0), never())).bytes.length;
    await dir.remove();
    const thumbnails = service({ maxCacheBytes: one * 3 + one / 2 });
    for (let i = 0; i < 6; i++) await thumbnails.get(request(i), never());
    const stored = (await readdir(`${dir.path}/thumbnails`)).filter((n) => n.endsWith('.jpg'));
    expect(stored.length).toBeLessThanOrEqual(3);
    // The newest are kept: asking for them again costs nothing; the oldest is fetched again.
    const before = server.requests.count(THUMBNAIL_ROUTE);
    await thumbnails.get(request(5), never());
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(before);
    await thumbnails.get(request(0), never());
    expect(server.requests.count(THUMBNAIL_ROUTE)).toBe(before + 1);
  });

  it('says so plainly when the file is not an image', async () => {
    const [text] = await server.seed([{ name: 'notes.txt', content: Buffer.from('hello'), maintype: 'text', subtype: 'plain' }]);
    const thumbnails = service();
    await expect(thumbnails.get({ connectionId: 'c1', root: SINGLE_ROOT, path: 'notes.txt', ref: text!.id, etag: text!.etag, fit: 'crop', size: 64 }, never())).rejects.toThrow();
  });
});
