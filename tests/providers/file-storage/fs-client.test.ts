/**
 * The File Storage provider against a server: the fixture on loopback, in
 * both route forms of the seed, and a real server when FILE_STORAGE_URL is
 * set (skipped otherwise, saying so). Only what any server that follows the
 * seed must do is checked here, on files this run makes under a unique name
 * prefix (and deletes again): uploads one and many per request, stat,
 * server-sorted listings, downloads with the 304 path served from the cache,
 * a download cut mid-way, every thumbnail fit with real dimensions, usage,
 * put that replaces only after the upload, rename without overwrite, delete
 * by ref, and a file deleted behind the client's back.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderErrorCode, ProviderTransportError } from '../../../src-main/providers/provider-errors';
import { SINGLE_ROOT, type RemoteEntry } from '../../../src-main/providers/storage-provider';
import type { RouteForm } from '../../../src-main/providers/file-storage/fs-client';
import type { FileStorageProvider } from '../../../src-main/providers/file-storage/fs-provider';
import { makeTestImage } from '../../fixtures/file-storage';
import { patternBytes, providerError, readAll, reusedBufferBody, textBody } from '../provider-test-kit';
import { fixtureTarget, realTarget, type Target, type TargetSpec } from './fs-targets';

const root = SINGLE_ROOT;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function clientSuite(spec: TargetSpec, routes: RouteForm): void {
  describe.skipIf(spec.skip !== null)(`File Storage client on ${spec.label}, ${routes} routes${spec.skip ? ` (skipped: ${spec.skip})` : ''}`, () => {
    let target: Target;
    let fs: FileStorageProvider;
    const prefix = `jcs-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-`;
    const name = (n: string) => prefix + n;

    beforeAll(async () => {
      target = await spec.start();
      fs = target.provider({ routes });
    });
    afterAll(async () => {
      // Leave a real server as it was: every file this run made goes.
      if (fs) {
        const mine = (await fs.listFolder(root, '', { sort: { field: 'created', order: 'desc' }, maxKeys: 1000 })).entries.filter((e) => e.path.startsWith(prefix));
        if (mine.length > 0) await fs.delete(root, mine);
      }
      await target?.stop();
    });

    it('uploads one file, and several in one request; stat and a sorted listing find them', async () => {
      const mark = target.proxy?.mark ?? 0;
      const [one] = await fs.put(root, [{ path: name('one.txt'), body: textBody('one') }]);
      expect(one).toMatchObject({ path: name('one.txt'), size: 3, extras: { maintype: 'text', subtype: 'plain' } });
      expect(one!.ref).toEqual(expect.any(String));
      expect(one!.hash).toBeUndefined();
      const batch = await fs.put(root, ['a.bin', 'b.bin', 'c.bin'].map((n, i) => ({ path: name(n), body: reusedBufferBody(patternBytes(40_000 + i, i)) })));
      expect(batch.map((e) => [e.path, e.size])).toEqual([
        [name('a.bin'), 40_000],
        [name('b.bin'), 40_001],
        [name('c.bin'), 40_002],
      ]);
      if (target.proxy) {
        const uploads = target.proxy.requests.filter((r) => r.seq >= mark && (r.method === 'POST' || r.method === 'PUT') && /^\/file\/(upload)?$/.test(r.route));
        expect(uploads).toHaveLength(2); // the three went in one request
      }
      expect(await fs.stat(root, name('b.bin'))).toMatchObject({ path: name('b.bin'), size: 40_001, ref: batch[1]!.ref });
      expect(await fs.stat(root, name('absent.bin'))).toBeUndefined();
      const newest = await fs.listFolder(root, '', { sort: { field: 'created', order: 'desc' }, maxKeys: 10 });
      expect(newest.total).toBeGreaterThanOrEqual(4);
      expect(newest.entries.map((e) => e.path)).toEqual(expect.arrayContaining([name('a.bin'), name('b.bin'), name('c.bin'), name('one.txt')]));
      const bySize = await fs.listFolder(root, '', { sort: { field: 'size', order: 'desc' }, maxKeys: 1000 });
      const sizes = bySize.entries.map((e) => e.size);
      expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    });

    it('downloads whole files; a second download of an unchanged file is a 304 served from the cache', async () => {
      const bytes = patternBytes(300_000, 9);
      const [entry] = await fs.put(root, [{ path: name('cached.bin'), body: reusedBufferBody(bytes) }]);
      const route = `/file/${entry!.ref}`;
      const mark = target.proxy?.mark ?? 0;
      let counted = 0;
      const first = await fs.read(root, entry!, undefined, { onBytes: (n) => (counted += n) });
      expect(first.length).toBe(bytes.length);
      expect(sha256(await readAll(first))).toBe(sha256(bytes));
      expect(counted).toBe(bytes.length);
      const second = await fs.read(root, { path: entry!.path, ref: entry!.ref });
      expect(second.length).toBe(bytes.length);
      expect(sha256(await readAll(second))).toBe(sha256(bytes));
      if (target.proxy) {
        const seen = target.proxy.seen(route, mark);
        expect(seen.map((r) => r.status)).toEqual([200, 304]);
        expect(seen.map((r) => r.bytesDown)).toEqual([bytes.length, 0]);
      }
      // Without a cache nothing is conditional: the whole body again.
      const uncached = target.provider({ routes, cache: false });
      expect(sha256(await readAll(await uncached.read(root, entry!)))).toBe(sha256(bytes));
      if (target.proxy) expect(target.proxy.seen(route, mark).map((r) => r.status)).toEqual([200, 304, 200]);
    });

    it.skipIf(!spec.label.startsWith('fixture') && !process.env.FILE_STORAGE_URL?.startsWith('http:'))('a download cut off mid-way fails retryably, leaves nothing in the cache, and the next read is whole', async () => {
      const bytes = patternBytes(512 * 1024, 3);
      const [entry] = await fs.put(root, [{ path: name('cut.bin'), body: reusedBufferBody(bytes) }]);
      const cacheFiles = async () => (await readdir(target.cacheDir, { recursive: true })).map(String).filter((f) => /\.bin$|tmp-/.test(f));
      const before = await cacheFiles();
      const reader = target.provider({ routes });
      const route = `/file/${entry!.ref}`;
      target.proxy!.fault = (r) => (r.route === route ? { kind: 'cutAnswer', offset: 100_000 } : undefined);
      const failed = await reader.read(root, entry!).then(readAll).then(
        () => undefined,
        (e: unknown) => e,
      );
      target.proxy!.fault = undefined;
      expect(failed).toBeInstanceOf(ProviderTransportError);
      expect((failed as ProviderTransportError).retryable).toBe(true);
      expect(await cacheFiles()).toEqual(before);
      expect(await reader.cache!.totalBytes()).toBe(0);
      const mark = target.proxy!.mark;
      expect(sha256(await readAll(await reader.read(root, entry!)))).toBe(sha256(bytes));
      expect(target.proxy!.seen(route, mark).map((r) => r.status)).toEqual([200]);
    });

    it('makes thumbnails in each fit, as JPEGs of the right dimensions, tagged with the file etag', async () => {
      const [photo] = await fs.put(root, [{ path: name('photo.jpg'), body: reusedBufferBody(await makeTestImage(640, 480)) }]);
      expect(photo!.extras.maintype).toBe('image');
      const cases = [
        [{ fit: 'short', size: 120 }, 160, 120],
        [{ fit: 'long', size: 120 }, 120, 90],
        [{ fit: 'crop', size: 120 }, 120, 120],
      ] as const;
      for (const [size, width, height] of cases) {
        const thumb = await fs.thumbnail(root, photo!, size);
        expect(thumb.contentType).toBe('image/jpeg');
        expect(thumb.etag).toBe(photo!.etag);
        const body = await readAll(thumb);
        if (thumb.length !== null) expect(body.length).toBe(thumb.length);
        const meta = await sharp(body).metadata();
        expect([meta.format, meta.width, meta.height], size.fit).toEqual(['jpeg', width, height]);
      }
      await providerError(fs.thumbnail(root, photo!, { fit: 'short', size: 0 }), ProviderErrorCode.InvalidInput);
    });

    it('reports usage for the service and for this account, by type', async () => {
      const before = await fs.usage();
      expect(before.scopes.map((s) => s.scope)).toEqual(['service', 'self']);
      for (const scope of before.scopes) expect(scope.byType.map((t) => t.type)).toEqual(['total', 'image', 'audio', 'video']);
      await fs.put(root, [{ path: name('tune.mp3'), body: reusedBufferBody(patternBytes(2048, 5)) }]);
      const after = await fs.usage();
      const audio = (u: typeof after, scope: 'service' | 'self') => u.scopes.find((s) => s.scope === scope)!.byType.find((t) => t.type === 'audio')!;
      expect(audio(after, 'self').count).toBeGreaterThanOrEqual(audio(before, 'self').count + 1);
      expect(audio(after, 'service').bytes).toBeGreaterThanOrEqual(audio(before, 'service').bytes + 2048);
    });

    it('put replaces what is at the path: the new file is stored first, then the older one deleted', async () => {
      const [v1] = await fs.put(root, [{ path: name('doc.txt'), body: textBody('version one') }]);
      const mark = target.proxy?.mark ?? 0;
      const [v2] = await fs.put(root, [{ path: name('doc.txt'), body: textBody('version two!') }]);
      expect(v2!.ref).not.toBe(v1!.ref);
      expect(await fs.stat(root, name('doc.txt'))).toMatchObject({ ref: v2!.ref, size: 12 });
      expect((await readAll(await fs.read(root, { path: name('doc.txt') }))).toString()).toBe('version two!');
      await providerError(fs.read(root, v1!), ProviderErrorCode.DataNotFound);
      if (target.proxy) {
        const writes = target.proxy.requests.filter((r) => r.seq >= mark && r.method !== 'GET').map((r) => (/upload|^\/file\/$/.test(r.route) ? 'upload' : 'delete'));
        expect(writes).toEqual(['upload', 'delete']);
      }
    });

    it('renames in place, never over a taken name; a gone file is DataNotFound', async () => {
      const [a, b] = await fs.put(root, [
        { path: name('r-a.txt'), body: textBody('a') },
        { path: name('r-b.txt'), body: textBody('b') },
      ]);
      const renamed = await fs.rename(root, a!, name('r-c.txt'));
      expect(renamed).toMatchObject({ path: name('r-c.txt'), ref: a!.ref, size: 1 });
      await providerError(fs.rename(root, renamed, name('r-b.txt')), ProviderErrorCode.Conflict);
      expect(await fs.stat(root, name('r-c.txt'))).toMatchObject({ ref: a!.ref });
      expect(await fs.stat(root, name('r-b.txt'))).toMatchObject({ ref: b!.ref });
      await providerError(fs.rename(root, renamed, 'a/b'), ProviderErrorCode.InvalidInput);
      await fs.delete(root, [b!]);
      await providerError(fs.rename(root, b!, name('r-d.txt')), ProviderErrorCode.DataNotFound);
    });

    it('deletes by ref; deleting what is gone succeeds; a file deleted behind the client is DataNotFound, then gone from listings', async () => {
      const [x] = await fs.put(root, [{ path: name('x.txt'), body: textBody('x') }]);
      expect(sha256(await readAll(await fs.read(root, x!)))).toBe(sha256(Buffer.from('x')));
      // Someone else deletes it (another client of the same service).
      const other = target.provider({ routes, cache: false });
      expect(await other.delete(root, [x!])).toEqual({ done: [x!.path], failed: [] });
      await providerError(fs.read(root, x!), ProviderErrorCode.DataNotFound);
      expect(await fs.stat(root, x!.path)).toBeUndefined();
      const listed: RemoteEntry[] = (await fs.listFolder(root, '', { sort: { field: 'created', order: 'desc' }, maxKeys: 1000 })).entries;
      expect(listed.map((e) => e.ref)).not.toContain(x!.ref);
      expect(await fs.delete(root, [x!])).toEqual({ done: [x!.path], failed: [] });
    });
  });
}

clientSuite(fixtureTarget(), 'rpc');
clientSuite(fixtureTarget({}, 'fixture (bare PUT /file/, DELETE /file/:id…)'), 'rest');
clientSuite(realTarget(), 'rpc');
