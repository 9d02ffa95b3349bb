/**
 * The File Storage provider against each reading of what the seed leaves
 * open (the fixture's switches) and against servers that are not the API at
 * all: a token the service refuses, `offset` as a page index, an exact name
 * filter, names sorted by a collation, error bodies as text or HTML, a proxy
 * answering HTML, an unexpected JSON shape, a 5xx; duplicate names; the
 * cache's bounds and its fallback when a cached file is damaged.
 */
import { readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode, ProviderTransportError } from '../../../src-main/providers/provider-errors';
import { SINGLE_ROOT, type FolderPage } from '../../../src-main/providers/storage-provider';
import { FileStorageProvider } from '../../../src-main/providers/file-storage/fs-provider';
import type { FileStorageServerOptions } from '../../fixtures/file-storage';
import { byteOrder, patternBytes, providerError, readAll, reusedBufferBody } from '../provider-test-kit';
import { makeTempDir } from '../../helpers/temp-dir';
import { fixtureTarget, type Target } from './fs-targets';

const root = SINGLE_ROOT;
const started: Target[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});
async function start(options: FileStorageServerOptions = {}): Promise<Target> {
  const target = await fixtureTarget(options).start();
  started.push(target);
  return target;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

async function everyPage(fs: FileStorageProvider, maxKeys: number): Promise<FolderPage['entries']> {
  const entries: FolderPage['entries'] = [];
  let token: string | undefined;
  do {
    const page = await fs.listFolder(root, '', { maxKeys, token });
    entries.push(...page.entries);
    token = page.nextToken ?? undefined;
  } while (token);
  return entries;
}

describe('File Storage provider against the open points of the seed', () => {
  it('a token the service refuses is Unauthorized, said plainly; the right one works', async () => {
    const target = await start({ token: 'right-token' });
    await target.fixture!.seed([{ name: 'a.txt' }]);
    const wrong = new FileStorageProvider({ baseUrl: target.url, token: 'wrong-token', cacheDir: null });
    const none = new FileStorageProvider({ baseUrl: target.url, cacheDir: null });
    for (const fs of [wrong, none]) {
      const error = await providerError(fs.probe(), ProviderErrorCode.Unauthorized);
      expect(error.message).toBe('the service refused the token');
      await providerError(fs.read(root, { path: 'a.txt' }), ProviderErrorCode.Unauthorized);
      fs.close();
    }
    expect(await target.provider().probe()).toEqual({ roots: 1 });
  });

  for (const [offsetMode, maxPageSize] of [['item', undefined], ['page0', undefined], ['page1', undefined], ['item', 6], ['page0', 6], ['page1', 6]] as const) {
    it(`pages a sorted listing by offset and by token when offset means ${offsetMode}${maxPageSize ? `, pages capped at ${maxPageSize}` : ''}`, async () => {
      const target = await start({ offsetMode, maxPageSize });
      const names = Array.from({ length: 53 }, (_, i) => `f${String(i).padStart(3, '0')}.txt`);
      await target.fixture!.seed(names.map((name) => ({ name })));
      const fs = target.provider();
      const at = await fs.listFolder(root, '', { sort: { field: 'name', order: 'asc' }, offset: 17, maxKeys: 10 });
      // A capped service may give fewer per page; what it gives starts at the offset asked for.
      const got = at.entries.map((e) => e.path);
      expect(got.length).toBe(maxPageSize ? Math.min(got.length, 10) : 10);
      expect(got.length).toBeGreaterThanOrEqual(Math.min(10, maxPageSize ?? 10) - 5);
      expect(got).toEqual(names.slice(17, 17 + got.length));
      expect(at.total).toBe(53);
      const seen: string[] = [];
      let page = await fs.listFolder(root, '', { sort: { field: 'name', order: 'desc' }, maxKeys: 7 });
      for (;;) {
        seen.push(...page.entries.map((e) => e.path));
        if (!page.nextToken) break;
        page = await fs.listFolder(root, '', { sort: { field: 'name', order: 'desc' }, maxKeys: 7, token: page.nextToken });
      }
      expect(seen).toEqual([...names].reverse());
      // The name-ordered listing without a query reads through the same paging.
      expect((await everyPage(fs, 20)).map((e) => e.path)).toEqual(names);
    });
  }

  for (const offsetMode of ['item', 'page1'] as const) {
    it(`reads a whole listing from a service that caps its pages (offset as ${offsetMode})`, async () => {
      const target = await start({ maxPageSize: 7, offsetMode });
      const names = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, '0')}.txt`);
      await target.fixture!.seed(names.map((name) => ({ name })));
      await target.fixture!.seed([{ name: 'n05.txt', content: Buffer.from('the newest n05') }]);
      const fs = target.provider();
      expect((await everyPage(fs, 1000)).map((e) => e.path)).toEqual([...names.slice(0, 6), 'n05.txt', ...names.slice(6)]);
      expect(await fs.stat(root, 'n05.txt')).toMatchObject({ size: 'the newest n05'.length });
    });
  }

  it('lists in byte-wise name order even when the service sorts by a collation, duplicates apart by ref', async () => {
    const target = await start({ nameOrder: 'locale' });
    const names = ['b.txt', 'B.txt', 'a.txt', '_x.txt', 'Z.txt', 'é.txt', 'e.txt', 'a.txt'];
    const seeded = await target.fixture!.seed(names.map((name, i) => ({ name, content: Buffer.from(`content ${i}`) })));
    const fs = target.provider();
    const listed = await everyPage(fs, 3);
    const expected = [...names].sort(byteOrder);
    expect(listed.map((e) => e.path)).toEqual(expected);
    const twins = listed.filter((e) => e.path === 'a.txt');
    expect(new Set(twins.map((e) => e.ref)).size).toBe(2);
    // Each twin reads as itself, by its ref.
    for (const twin of twins) {
      const index = seeded.findIndex((f) => f.id === twin.ref);
      expect((await readAll(await fs.read(root, twin))).toString()).toBe(`content ${index}`);
    }
  });

  for (const nameFilter of ['exact', 'substring'] as const) {
    it(`finds a file by its exact name when the name filter is ${nameFilter}: the newest of duplicates`, async () => {
      const target = await start({ nameFilter });
      const now = Date.now();
      await target.fixture!.seed([
        { name: 'report.txt', content: Buffer.from('old'), created: now - 5000 },
        { name: 'report.txt', content: Buffer.from('newest'), created: now },
        { name: 'report.txt.bak', content: Buffer.from('backup'), created: now + 10 },
        { name: 'my report.txt', content: Buffer.from('other'), created: now + 20 },
      ]);
      const fs = target.provider();
      const found = await fs.stat(root, 'report.txt');
      expect(found).toMatchObject({ path: 'report.txt', size: 6 });
      expect((await readAll(await fs.read(root, { path: 'report.txt' }))).toString()).toBe('newest');
      // Deleting by path removes every file of that name, and only those.
      expect(await fs.delete(root, [{ path: 'report.txt' }])).toEqual({ done: ['report.txt'], failed: [] });
      expect((await everyPage(fs, 100)).map((e) => e.path)).toEqual(['my report.txt', 'report.txt.bak']);
    });
  }

  it('filters a listing by type and by name on the service', async () => {
    const target = await start({});
    await target.fixture!.seed([{ name: 'cat.jpg' }, { name: 'dog.jpg' }, { name: 'cat.mp3' }, { name: 'notes.txt' }]);
    const fs = target.provider();
    const images = await fs.listFolder(root, '', { filter: { type: 'image' }, sort: { field: 'name', order: 'asc' } });
    expect([images.entries.map((e) => e.path), images.total]).toEqual([['cat.jpg', 'dog.jpg'], 2]);
    const cats = await fs.listFolder(root, '', { filter: { name: 'cat' }, sort: { field: 'type', order: 'asc' } });
    expect(cats.entries.map((e) => e.path)).toEqual(['cat.mp3', 'cat.jpg']);
    await providerError(fs.listFolder(root, '', { filter: { owner: 'x' } as never }), ProviderErrorCode.InvalidInput);
    await providerError(fs.listFolder(root, '', { sort: { field: 'etag' as never, order: 'asc' } }), ProviderErrorCode.InvalidInput);
  });

  for (const errorBody of ['json', 'text', 'html'] as const) {
    it(`reads ${errorBody} error bodies: a missing file is DataNotFound (or a clear transport error for an HTML page)`, async () => {
      const target = await start({ errorBody });
      const fs = target.provider();
      const ref = '0123456789abcdef01234567';
      if (errorBody === 'html') {
        const error = await failure(fs.read(root, { path: 'gone.txt', ref }));
        expect(error).toBeInstanceOf(ProviderTransportError);
        expect(error.message).toBe('GET /file/:id answered HTML (HTTP 404), not the File Storage API (is the address right?)');
      } else {
        const error = await providerError(fs.read(root, { path: 'gone.txt', ref }), ProviderErrorCode.DataNotFound);
        expect(error.message).toBe('the file is not on the service (any more)'); // the service's "no file with id '…'" names no file a user knows
        const bad = await providerError(fs.thumbnail(root, { path: 'gone.txt', ref }, { fit: 'short', size: 10 }), ProviderErrorCode.DataNotFound);
        expect(bad.route).toBe('GET /file/thumbnail/:id.jpeg');
      }
    });
  }

  it('a proxy answering HTML to everything gets an error naming the endpoint', async () => {
    const target = await start({ htmlProxy: true });
    const fs = target.provider();
    const error = await failure(fs.probe());
    expect(error).toBeInstanceOf(ProviderTransportError);
    expect(error.message).toBe('GET /file/list answered HTML, not the File Storage API (is the address right?)');
    expect((await failure(fs.usage())).message).toBe('GET /file/stat answered HTML, not the File Storage API (is the address right?)');
    expect((await failure(fs.read(root, { path: 'x', ref: 'abc' }))).message).toMatch(/^GET \/file\/:id answered HTML/);
  });

  it('a file larger than the service accepts is BadArgument with its reason, and nothing of it is listed', async () => {
    const target = await start({ maxFileSize: 10_000 });
    const fs = target.provider();
    const error = await providerError(fs.put(root, [{ path: 'big.bin', body: reusedBufferBody(patternBytes(50_000, 2)) }]), ProviderErrorCode.BadArgument);
    expect(error.message).toBe("'big.bin' is larger than this server accepts");
    expect((await everyPage(fs, 100)).map((e) => e.path)).toEqual([]);
  });

  it('an answer of the wrong shape is a transport error naming the endpoint; a 5xx is retryable', async () => {
    const target = await start({});
    const fs = target.provider();
    target.fixture!.fault = () => ({ status: 200, message: 'ok' }); // {code, message}: JSON, but not a file list
    const shape = await failure(fs.listFolder(root, '', { sort: { field: 'name', order: 'asc' } }));
    expect(shape).toBeInstanceOf(ProviderTransportError);
    expect(shape.message).toBe('GET /file/list answered an unexpected shape (files: Invalid input: expected array, received undefined), not the File Storage API');
    target.fixture!.fault = () => ({ status: 503, message: 'down for maintenance' });
    const down = await failure(fs.usage());
    expect(down).toBeInstanceOf(ProviderError);
    expect([(down as ProviderError).code, (down as ProviderError).retryable, down.message]).toEqual([ProviderErrorCode.OperationFailed, true, 'down for maintenance']);
    target.fixture!.fault = null;
  });
});

describe('File Storage files changed behind the client', () => {
  it('a file renamed on the service while listed: the old name is gone after a refresh, its ref still reads it', async () => {
    const target = await start({});
    const [file] = await target.fixture!.seed([{ name: 'before.txt', content: Buffer.from('kept bytes') }]);
    const fs = target.provider();
    const [listed] = (await fs.listFolder(root, '')).entries;
    target.fixture!.store.rename(file!.id, 'after.txt');
    expect((await fs.listFolder(root, '')).entries.map((e) => [e.path, e.ref])).toEqual([['after.txt', file!.id]]);
    expect(await fs.stat(root, 'before.txt')).toBeUndefined();
    expect((await readAll(await fs.read(root, listed!))).toString()).toBe('kept bytes');
    // Renaming the stale entry acts on the file it names (by ref), wherever it is now.
    expect(await fs.rename(root, listed!, 'third.txt')).toMatchObject({ path: 'third.txt', ref: file!.id });
  });

  it('a file deleted on the service while listed: reading it is DataNotFound, not a retry loop; the next listing has no trace of it', async () => {
    const target = await start({});
    const [file, other] = await target.fixture!.seed([{ name: 'doomed.jpg' }, { name: 'stays.txt' }]);
    const fs = target.provider();
    const listed = (await fs.listFolder(root, '')).entries;
    await readAll(await fs.read(root, listed[0]!));
    await target.fixture!.store.delete(file!.id);
    const error = await providerError(fs.read(root, listed[0]!), ProviderErrorCode.DataNotFound);
    expect(error.retryable).toBe(false);
    await providerError(fs.thumbnail(root, listed[0]!, { fit: 'crop', size: 64 }), ProviderErrorCode.DataNotFound);
    expect(await fs.cache!.lookup(file!.id)).toBeUndefined();
    expect((await fs.listFolder(root, '')).entries.map((e) => e.ref)).toEqual([other!.id]);
  });
});

describe('File Storage over a stalling connection', () => {
  it('a download whose body stops coming fails after the idle limit, retryably, and caches nothing', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/file/list')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ files: [], total: 0 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000', etag: 'abc' });
      res.write(Buffer.alloc(1000)); // then nothing more
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const cache = await makeTempDir('fs-stall');
    const fs = new FileStorageProvider({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cacheDir: cache.path, idleTimeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await failure(fs.read(root, { path: 'x.bin', ref: 'abc' }).then(readAll));
      expect(error).toBeInstanceOf(ProviderTransportError);
      expect((error as ProviderTransportError).retryable).toBe(true);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect(await fs.cache!.totalBytes()).toBe(0);
      expect((await readdir(cache.path)).filter((f) => f.startsWith('tmp-'))).toEqual([]);
    } finally {
      fs.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await cache.remove();
    }
  });
});

describe('File Storage against a service that ignores offset', () => {
  it('a whole listing stops with an error naming the endpoint instead of reading forever', async () => {
    const file = (id: string) => ({ id, name: `${id}.txt`, size: 1, maintype: 'text', subtype: 'plain', etag: id, owner: 'u', created: 1, updated: 1 });
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ files: [file('a'), file('b')], total: 1_000_000 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fs = new FileStorageProvider({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cacheDir: null });
    try {
      const error = await failure(fs.listFolder(root, ''));
      expect(error).toBeInstanceOf(ProviderTransportError);
      expect(error.message).toBe('GET /file/list sent the same files again at offset 2: it does not page as the File Storage API does');
      expect(requests).toBeLessThan(10);
    } finally {
      fs.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('File Storage download cache', () => {
  it('a damaged cached file is not served: the download is made in full', async () => {
    const target = await start({});
    const bytes = patternBytes(50_000, 4);
    const [file] = await target.fixture!.seed([{ name: 'f.bin', content: bytes }]);
    const fs = target.provider();
    const entry = { path: 'f.bin', ref: file!.id };
    await readAll(await fs.read(root, entry));
    const key = createHash('sha256').update(file!.id).digest('hex');
    const cacheDir = (fs.cache as unknown as { dir: string }).dir;
    const damaged = Buffer.from(bytes);
    damaged[100]! ^= 0xff;
    await writeFile(join(cacheDir, `${key}.bin`), damaged);
    await target.fixture!.requests.settled();
    target.fixture!.requests.clear();
    expect((await readAll(await fs.read(root, entry))).equals(bytes)).toBe(true);
    await target.fixture!.requests.settled();
    expect(target.fixture!.requests.entries.map((r) => [r.status, r.bodyBytes])).toEqual([[200, bytes.length]]);
    // Now whole again: the next read is a 304.
    await target.fixture!.requests.settled();
    target.fixture!.requests.clear();
    expect((await readAll(await fs.read(root, entry))).equals(bytes)).toBe(true);
    await target.fixture!.requests.settled();
    expect(target.fixture!.requests.entries.map((r) => [r.status, r.bodyBytes])).toEqual([[304, 0]]);
  });

  it('stays within its size bound, dropping the least recently used first', async () => {
    const target = await start({});
    const files = await target.fixture!.seed([0, 1, 2, 3, 4].map((i) => ({ name: `f${i}.bin`, content: patternBytes(10_000, i) })));
    const fs = target.provider({ cacheMaxBytes: 40_000 });
    for (const file of files.slice(0, 3)) await readAll(await fs.read(root, { path: file.name, ref: file.id }));
    // f0 used again: f1 is now the oldest.
    await readAll(await fs.read(root, { path: files[0]!.name, ref: files[0]!.id }));
    for (const file of files.slice(3)) await readAll(await fs.read(root, { path: file.name, ref: file.id }));
    expect(await fs.cache!.totalBytes()).toBeLessThanOrEqual(40_000);
    const kept = [];
    for (const file of files) kept.push((await fs.cache!.lookup(file.id)) !== undefined);
    expect(kept).toEqual([true, false, true, true, true]);
    await target.fixture!.requests.settled();
    target.fixture!.requests.clear();
    await readAll(await fs.read(root, { path: files[4]!.name, ref: files[4]!.id }));
    await readAll(await fs.read(root, { path: files[1]!.name, ref: files[1]!.id }));
    await target.fixture!.requests.settled();
    expect(target.fixture!.requests.entries.map((r) => r.status)).toEqual([304, 200]);
  });
});
