/**
 * listByPath paging over thousands of objects whose names stress byte-wise
 * UTF-8 order ('a/b' < 'a/b.txt' < 'a/b/c' < 'a/b0'; U+FFFF before U+10000,
 * which UTF-16 order gets wrong): every object and common prefix comes back
 * exactly once, in order, with isTruncated false only on the last page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import type { JcsObject, ListByPathResult } from '../../src-shared/jcs/wire';
import { startTestNode, type TestNode } from '../helpers/storage-node';

const SERVER_MAX_KEYS = 10_000;
const BATCH = 500;

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sortBytewise = (items: Iterable<string>) => [...items].sort(byteOrder);

/** Names chosen so byte-wise UTF-8 order differs from naive orders. */
const SPECIAL_PATHS = [
  'a',
  'a-',
  'a0',
  'a.txt',
  'a/b',
  'a/b/c',
  'a/b/c/d',
  'a/b/c0',
  'a/b/c.txt',
  'a/b0',
  'a/b.txt',
  'a/b-',
  'a/b~',
  'a/b c',
  'a/B',
  'a/中',
  'a/😀',
  'A',
  'Z',
  '0',
  '~',
  ' lead space',
  '中文',
  '中文/文件.txt',
  '中文/子/深.txt',
  '😀',
  '😀x',
  '😀/😀',
  'x/\u00ff',
  'x/\u0100',
  'x/\u07ff',
  'x/\u0800',
  'x/\ue000', // private use: after every surrogate in UTF-16, before 4-byte characters in UTF-8
  'x/\uffef',
  'x/\u{10000}', // first 4-byte character: UTF-16 puts it before U+E000, UTF-8 after U+FFEF
  'x/\u{1F600}',
  'x/\u{20000}',
  'x/\u{10FFFD}',
  'x/~',
  'deep/1/2/3/4/5/6/7/8/9/leaf',
  'deep/1/2/3/4/5/6/7/8/9',
  'deep/1/2/3/x',
];

const UNICODE_PIECES = ['a', 'Z', '~', 'é', 'ÿ', 'Ā', '\u07ff', '中', '한', '\ue000', '\uffef', '😀', '🎉', '𠀀', '\u{10FFFD}'];

function allPaths(): string[] {
  const paths = new Set<string>(SPECIAL_PATHS);
  for (let d = 0; d < 20; d++) {
    for (let f = 0; f < 100; f++) paths.add(`bulk/dir-${d}/file-${f}.txt`);
    for (let f = 0; f < 20; f++) paths.add(`bulk/dir-${d}/sub/leaf-${f}`);
  }
  for (let i = 0; i < 500; i++) paths.add(`flat-${i}`);
  for (const a of UNICODE_PIECES) {
    for (const b of UNICODE_PIECES) {
      paths.add(`uni/${a}${b}`);
      paths.add(`uni/${a}/${b}`);
    }
  }
  return [...paths];
}

/** Deterministic shuffle, so uploads do not arrive in listing order. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What a listing must return, merged and in byte order: objects by path, common prefixes ending in '/'. */
function expectedEntries(paths: readonly string[], prefix: string, noRecursive: boolean): string[] {
  const entries = new Set<string>();
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const slash = noRecursive ? path.indexOf('/', prefix.length) : -1;
    entries.add(slash >= 0 ? path.slice(0, slash + 1) : path);
  }
  return sortBytewise(entries);
}

describe('listByPath paging', () => {
  let t: TestNode;
  let packageID: number;
  let paths: string[];
  let uploaded: Map<string, JcsObject>;

  beforeAll(async () => {
    t = await startTestNode();
    const bucket = await t.client.createBucket('paging');
    packageID = (await t.client.createPackage(bucket.bucketID, 'p')).packageID;
    paths = allPaths();
    uploaded = new Map();
    const order = shuffled(paths);
    for (let i = 0; i < order.length; i += BATCH) {
      const batch = order.slice(i, i + BATCH);
      const objects = await t.client.uploadObjects(
        packageID,
        batch.map((path) => ({ path, body: Buffer.from(path) })),
      );
      expect(objects.map((o) => o.path)).toEqual(batch);
      for (const o of objects) uploaded.set(o.path, o);
    }
    expect(uploaded.size).toBe(paths.length);
  }, 60_000);

  afterAll(async () => {
    await t.dispose();
  });

  async function pageThrough(path: string, noRecursive: boolean, maxKeys: number | undefined): Promise<ListByPathResult[]> {
    const pages: ListByPathResult[] = [];
    let continuationToken: string | undefined;
    for (;;) {
      const page = await t.client.listByPath({ packageID, path, isPrefix: true, noRecursive, maxKeys, continuationToken });
      pages.push(page);
      if (!page.isTruncated) return pages;
      if (pages.length > paths.length + 10) throw new Error('listing does not end');
      continuationToken = page.nextContinuationToken;
    }
  }

  /** Checks every page's shape and returns the entries of all pages, merged per page, in the order served. */
  function checkPages(pages: ListByPathResult[], prefix: string, noRecursive: boolean, maxKeys: number | undefined): string[] {
    const limit = Math.min(maxKeys ?? SERVER_MAX_KEYS, SERVER_MAX_KEYS);
    const served: string[] = [];
    pages.forEach((page, i) => {
      const last = i === pages.length - 1;
      const where = `page ${i + 1}/${pages.length} of '${prefix}' noRecursive=${noRecursive} maxKeys=${maxKeys}`;
      expect(page.isTruncated, where).toBe(!last);
      if (last) expect(page.nextContinuationToken, where).toBe('');
      else expect(page.nextContinuationToken, where).not.toBe('');
      const objectPaths = page.objects.map((o) => o.path);
      expect(objectPaths, where).toEqual(sortBytewise(objectPaths));
      expect(page.commonPrefixes, where).toEqual(sortBytewise(page.commonPrefixes));
      if (!noRecursive) expect(page.commonPrefixes, where).toEqual([]);
      for (const p of objectPaths) expect(p.startsWith(prefix), `${where}: ${p}`).toBe(true);
      for (const p of page.commonPrefixes) {
        expect(p.startsWith(prefix) && p.endsWith('/') && !p.slice(prefix.length, -1).includes('/'), `${where}: prefix ${p}`).toBe(true);
      }
      for (const o of page.objects) expect(o, where).toEqual(uploaded.get(o.path));
      const count = objectPaths.length + page.commonPrefixes.length;
      expect(count, where).toBeLessThanOrEqual(limit);
      if (!last) expect(count, `${where}: a truncated page is full`).toBe(limit);
      served.push(...sortBytewise([...objectPaths, ...page.commonPrefixes]));
    });
    return served;
  }

  async function expectListing(prefix: string, noRecursive: boolean, maxKeys: number | undefined): Promise<number> {
    const pages = await pageThrough(prefix, noRecursive, maxKeys);
    const served = checkPages(pages, prefix, noRecursive, maxKeys);
    // Exactly once each, in byte order across page boundaries too.
    expect(served).toEqual(expectedEntries(paths, prefix, noRecursive));
    return pages.length;
  }

  it('uploaded thousands of objects whose byte order differs from UTF-16 order', () => {
    expect(paths.length).toBeGreaterThanOrEqual(3000);
    const utf16 = [...paths].sort();
    expect(sortBytewise(paths)).not.toEqual(utf16);
    expect(byteOrder('x/\uffef', 'x/\u{10000}')).toBeLessThan(0);
    expect('x/\uffef' < 'x/\u{10000}').toBe(false);
  });

  it('recursive listing of the whole package with maxKeys 7, 100, 1000 and none: every object once, in byte order, same as getPackageObjects', async () => {
    const all = await t.client.getPackageObjects(packageID);
    expect(all.map((o) => o.path)).toEqual(sortBytewise(paths));
    expect(new Map(all.map((o) => [o.path, o]))).toEqual(uploaded);
    for (const maxKeys of [7, 100, 1000, undefined]) {
      const pages = await pageThrough('', false, maxKeys);
      const served = checkPages(pages, '', false, maxKeys);
      expect(served).toEqual(all.map((o) => o.path));
      expect(pages.flatMap((p) => p.objects)).toEqual(all);
      expect(pages.length).toBe(maxKeys === undefined ? 1 : Math.ceil(paths.length / maxKeys));
    }
  });

  it('recursive listing with maxKeys 1 under prefixes whose order is tricky', async () => {
    for (const prefix of ['a', 'a/', 'a/b', 'a/b/', 'x/', '中文', '😀', 'uni/', 'deep/1/2/3/4/5/6/7/8/9']) {
      await expectListing(prefix, false, 1);
    }
  });

  it('recursive listing under sub-prefixes with maxKeys 7, 100, 1000', async () => {
    for (const prefix of ['bulk/', 'bulk/dir-1', 'bulk/dir-1/', 'uni/', 'flat-', 'flat-1', 'a/b', 'nothing-here/']) {
      for (const maxKeys of [7, 100, 1000]) await expectListing(prefix, false, maxKeys);
    }
  });

  it('non-recursive listing (objects and common prefixes) with maxKeys 1, 7, 100, 1000', async () => {
    for (const prefix of ['', 'a', 'a/', 'a/b', 'a/b/', 'x/', '中文/', '😀', 'uni/', 'bulk/', 'bulk/dir-7/', 'deep/', 'nothing-here/']) {
      for (const maxKeys of [1, 7, 100, 1000]) await expectListing(prefix, true, maxKeys);
    }
    // Spot checks of what byte order means here.
    const root = (await pageThrough('', true, undefined))[0]!;
    expect(root.commonPrefixes).toEqual(['a/', 'bulk/', 'deep/', 'uni/', 'x/', '中文/', '😀/']);
    const ab = (await pageThrough('a/b', true, undefined))[0]!;
    expect(ab.objects.map((o) => o.path)).toEqual(['a/b', 'a/b c', 'a/b-', 'a/b.txt', 'a/b0', 'a/b~']);
    expect(ab.commonPrefixes).toEqual(['a/b/']);
    const x = (await pageThrough('x/', true, 2)).flatMap((p) => p.objects.map((o) => o.path));
    expect(x).toEqual(['x/~', 'x/\u00ff', 'x/\u0100', 'x/\u07ff', 'x/\u0800', 'x/\ue000', 'x/\uffef', 'x/\u{10000}', 'x/\u{1F600}', 'x/\u{20000}', 'x/\u{10FFFD}']);
  });

  it('exact-path lookups (isPrefix=false) return only that object', async () => {
    for (const path of ['a', 'a/b', 'a/b/c', '中文', 'x/\u{10000}']) {
      const page = await t.client.listByPath({ packageID, path });
      expect(page.objects).toEqual([uploaded.get(path)]);
      expect(page).toMatchObject({ commonPrefixes: [], isTruncated: false });
    }
    expect((await t.client.listByPath({ packageID, path: 'a/b/c/d/e' })).objects).toEqual([]);
  });

  it('keyset paging: objects added or removed while paging do not make others repeat or vanish', async () => {
    const pkg = (await t.client.createPackage((await t.client.getPackage(packageID)).bucketID, 'moving')).packageID;
    const initial = Array.from({ length: 300 }, (_, i) => `m/${String(i).padStart(3, '0')}`);
    const objects = await t.client.uploadObjects(
      pkg,
      initial.map((path) => ({ path, body: Buffer.alloc(0) })),
    );
    const seen: string[] = [];
    let token: string | undefined;
    let round = 0;
    for (;;) {
      const page = await t.client.listByPath({ packageID: pkg, path: 'm/', isPrefix: true, maxKeys: 50, continuationToken: token });
      seen.push(...page.objects.map((o) => o.path));
      if (!page.isTruncated) break;
      token = page.nextContinuationToken;
      // Insert before and after the cursor, delete one already seen and one not yet seen.
      await t.client.uploadObjects(pkg, [
        { path: `m/000-new-${round}`, body: Buffer.alloc(0) },
        { path: `m/999-new-${round}`, body: Buffer.alloc(0) },
      ]);
      await t.client.deleteObjects([objects[round * 50]!.objectID]);
      round++;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(sortBytewise(seen));
    // Every original object not deleted before the cursor reached it was listed.
    for (const path of initial) {
      const index = Number(path.slice(2));
      const deletedAt = index % 50 === 0 && index / 50 < round ? index / 50 : undefined;
      if (deletedAt === undefined) expect(seen, path).toContain(path);
    }
  });

  it('refuses a continuation token from another listing', async () => {
    const page = await t.client.listByPath({ packageID, path: 'bulk/', isPrefix: true, maxKeys: 5 });
    expect(page.isTruncated).toBe(true);
    const misuse = t.client.listByPath({ packageID, path: 'uni/', isPrefix: true, maxKeys: 5, continuationToken: page.nextContinuationToken });
    await expect(misuse).rejects.toBeInstanceOf(JcsError);
    await expect(misuse).rejects.toMatchObject({ code: 'BadArgument', httpStatus: 400 });
    await expect(t.client.listByPath({ packageID, path: 'bulk/', isPrefix: true, continuationToken: 'garbage' })).rejects.toMatchObject({ code: 'BadArgument' });
  });

  it(`without maxKeys returns at most ${SERVER_MAX_KEYS} objects and says when it cut the listing`, async () => {
    const pkg = (await t.client.createPackage((await t.client.getPackage(packageID)).bucketID, 'ten-thousand')).packageID;
    const many = Array.from({ length: SERVER_MAX_KEYS + 3 }, (_, i) => `n/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < many.length; i += 2500) {
      await t.client.uploadObjects(
        pkg,
        many.slice(i, i + 2500).map((path) => ({ path, body: Buffer.alloc(0) })),
      );
    }
    const first = await t.client.listByPath({ packageID: pkg, path: '', isPrefix: true });
    expect(first.objects.length).toBe(SERVER_MAX_KEYS);
    expect(first.isTruncated).toBe(true);
    expect(first.objects.map((o) => o.path)).toEqual(many.slice(0, SERVER_MAX_KEYS));
    const rest = await t.client.listByPath({ packageID: pkg, path: '', isPrefix: true, continuationToken: first.nextContinuationToken });
    expect(rest.objects.map((o) => o.path)).toEqual(many.slice(SERVER_MAX_KEYS));
    expect(rest).toMatchObject({ isTruncated: false, nextContinuationToken: '' });
    // A larger maxKeys is capped the same way.
    const capped = await t.client.listByPath({ packageID: pkg, path: 'n/', isPrefix: true, maxKeys: 50_000 });
    expect(capped.objects.length).toBe(SERVER_MAX_KEYS);
    expect(capped.isTruncated).toBe(true);
    // Exactly the maximum is not truncated.
    await t.client.deleteObjects((await t.client.listByPath({ packageID: pkg, path: 'n/', isPrefix: true, maxKeys: 3 })).objects.map((o) => o.objectID));
    const exact = await t.client.listByPath({ packageID: pkg, path: '', isPrefix: true });
    expect(exact.objects.length).toBe(SERVER_MAX_KEYS);
    expect(exact).toMatchObject({ isTruncated: false, nextContinuationToken: '' });
  }, 60_000);
});
