/**
 * The contract's required part: members that match the capabilities, roots,
 * paged listings in byte order, stat, put, whole and ranged reads.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { ProviderErrorCode } from '../../../src-main/providers/provider-errors';
import { SINGLE_ROOT, type RootNode } from '../../../src-main/providers/storage-provider';
import { byteOrder, expectSameBytes, patternBytes, providerError, readAll, reusedBufferBody, textBody, uniqueName } from '../provider-test-kit';
import type { ContractContext } from './contract-scene';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function basicsContract(ctx: ContractContext): void {
  const { caps, folders, fileBesideFolder, fresh, putText, textAt, allPaths } = ctx;

  it('has its optional members exactly when its capabilities say so', async () => {
    const { provider } = await fresh();
    expect(provider.capabilities).toEqual(caps);
    expect(caps.rootLevels.length).toBeGreaterThan(0);
    expect(typeof provider.createRoot === 'function').toBe(caps.rootLevels.some((l) => l.create));
    expect(typeof provider.deleteRoot === 'function').toBe(caps.rootLevels.some((l) => l.delete));
    expect(provider.multipart !== undefined).toBe(caps.multipart !== null);
    expect(typeof provider.multipart?.listParts === 'function').toBe(caps.multipart?.listParts === true);
    expect(typeof provider.multipart?.place === 'function').toBe(caps.multipart?.staged === true);
    expect(typeof provider.move === 'function').toBe(caps.move);
    expect(typeof provider.copy === 'function').toBe(caps.copy);
    expect(typeof provider.rename === 'function').toBe(caps.rename);
    expect(typeof provider.delete === 'function').toBe(caps.delete);
    expect(typeof provider.mkdir === 'function').toBe(caps.folders === 'real');
    expect(typeof provider.thumbnail === 'function').toBe(caps.thumbnails);
    expect(typeof provider.readFolderAsZip === 'function').toBe(caps.folderAsZip);
    if (caps.move) expect(caps.rename).toBe(true);
    if (typeof provider.readRangeInto === 'function') expect(caps.ranges).toBe(true);
  });

  it('lists its roots; the roots it hands out for content are of the last level', async () => {
    const scene = await fresh();
    const { provider } = scene;
    const top = await provider.listRoots(null);
    for (const node of top) expect(node).toMatchObject({ level: 0, parentId: null });
    const content = await provider.getRoot(scene.root);
    expect(content.id).toBe(scene.root);
    expect(content.level).toBe(caps.rootLevels.length - 1);
    if (!caps.rootLevels[0]!.create) {
      expect(top.map((n) => n.id)).toEqual([SINGLE_ROOT]);
      expect(scene.root).toBe(SINGLE_ROOT);
    }
    expect(await provider.probe()).toEqual({ roots: top.length });
  });

  it.runIf(caps.rootLevels.some((l) => l.create))('makes and deletes roots where its levels allow, refusing taken and malformed names', async () => {
    const { provider } = await fresh();
    const name = uniqueName('contract');
    let parentId: string | null = null;
    const made: RootNode[] = [];
    for (const [level, spec] of caps.rootLevels.entries()) {
      if (!spec.create) break;
      const node = await provider.createRoot!(parentId, name);
      expect(node).toMatchObject({ name, level, parentId });
      expect((await provider.listRoots(parentId)).map((n) => n.id)).toContain(node.id);
      expect(await provider.getRoot(node.id)).toEqual(node);
      await providerError(provider.createRoot!(parentId, name), ProviderErrorCode.DataExists);
      await providerError(provider.createRoot!(parentId, 'a/b'), ProviderErrorCode.InvalidInput);
      made.push(node);
      parentId = node.id;
    }
    for (const node of made.reverse()) {
      await provider.deleteRoot!(node.id);
      await providerError(provider.getRoot(node.id), ProviderErrorCode.DataNotFound);
    }
  });

  it(`pages through 2,600 entries with small pages: each once, in byte-wise order${folders ? ', folders among them' : ''}`, async () => {
    const scene = await fresh();
    const names = Array.from({ length: 2_600 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    // With real folders a file and a folder cannot share a path: no file 'a' beside the folder 'a/'.
    const special = ['A', 'Z', ...(fileBesideFolder ? ['a'] : []), 'a-', 'a.txt', 'a0', '~', ' lead', 'é', '中文', '\u{1F600}', 'x\uffef', 'x\u{10000}'];
    const nested = folders ? ['a/inner', 'a/b/deep', 'b c/x', '中文夹/y', 'f0001x/z'] : [];
    const files = [...names, ...special, ...nested].map((path, i) => ({ path, body: textBody(`#${i}`) }));
    const stored = await scene.provider.put(scene.root, files);
    expect(stored.map((e) => e.path)).toEqual(files.map((f) => f.path));

    const topLevel = new Set([...names, ...special, ...(folders ? ['a/', 'b c/', '中文夹/', 'f0001x/'] : [])]);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await scene.provider.listFolder(scene.root, '', { maxKeys: 97, token });
      expect(page.entries.length + page.folders.length).toBeLessThanOrEqual(97);
      for (const f of page.folders) expect(f.endsWith('/')).toBe(true);
      seen.push(...[...page.entries.map((e) => e.path), ...page.folders].sort(byteOrder));
      token = page.nextToken ?? undefined;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(topLevel.size / 97));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...topLevel].sort(byteOrder));

    if (folders) {
      const every: string[] = [];
      token = undefined;
      do {
        const page = await scene.provider.listFolder(scene.root, '', { recursive: true, maxKeys: 250, token });
        expect(page.folders).toEqual([]);
        every.push(...page.entries.map((e) => e.path));
        token = page.nextToken ?? undefined;
      } while (token);
      expect(every).toEqual(files.map((f) => f.path).sort(byteOrder));
      const inner = await scene.provider.listFolder(scene.root, 'a/');
      expect(inner.entries.map((e) => e.path)).toEqual(['a/inner']);
      expect(inner.folders).toEqual(['a/b/']);
    }
    // A token belongs to its listing (root, folder and kind) and is not made up.
    const first = await scene.provider.listFolder(scene.root, '', { maxKeys: 5 });
    expect(first.nextToken).not.toBeNull();
    await providerError(scene.provider.listFolder(scene.root, '', { recursive: true, token: first.nextToken! }), ProviderErrorCode.InvalidInput);
    await providerError(scene.provider.listFolder(scene.root, '', { token: 'not-a-token' }), ProviderErrorCode.InvalidInput);
  });

  it('stats exactly the object at a path', async () => {
    const scene = await fresh();
    const put = await putText(scene, 'stat-me.txt', 'hello');
    expect(put).toMatchObject({ path: 'stat-me.txt', size: 5 });
    const entry = await scene.provider.stat(scene.root, 'stat-me.txt');
    expect(entry).toMatchObject({ path: 'stat-me.txt', size: 5, version: put.version });
    expect(entry!.ref).toBe(put.ref);
    expect(Number.isNaN(Date.parse(entry!.modified))).toBe(false);
    if (caps.hash) expect(entry!.hash).toEqual({ algorithm: 'sha256', value: sha256(Buffer.from('hello')) });
    else expect(entry!.hash).toBeUndefined();
    expect(await scene.provider.stat(scene.root, 'stat-me')).toBeUndefined();
    expect(await scene.provider.stat(scene.root, 'stat-me.txt.other')).toBeUndefined();
  });

  it('put replaces what is at the path, with a new version; the stored bytes are copies of what was sent', async () => {
    const scene = await fresh();
    const big = patternBytes(100_000, 1); // several chunks of one reused buffer
    const first = (await scene.provider.put(scene.root, [{ path: 'r.bin', body: reusedBufferBody(big) }]))[0]!;
    expect(first.size).toBe(big.length);
    expectSameBytes(await readAll(await scene.provider.read(scene.root, { path: 'r.bin' })), big);
    const second = await putText(scene, 'r.bin', 'short now');
    expect(second.version).not.toBe(first.version);
    expect(await textAt(scene, 'r.bin')).toBe('short now');
    expect(await allPaths(scene)).toEqual(['r.bin']);
  });

  it('reads whole objects by path and by ref, stating their length', async () => {
    const scene = await fresh();
    const bytes = patternBytes(200_000, 2);
    const entry = (await scene.provider.put(scene.root, [{ path: 'whole.bin', body: reusedBufferBody(bytes) }]))[0]!;
    const byPath = await scene.provider.read(scene.root, { path: 'whole.bin' });
    expect(byPath.length).toBe(bytes.length);
    expectSameBytes(await readAll(byPath), bytes);
    let counted = 0;
    const byRef = await scene.provider.read(scene.root, { path: 'whole.bin', ref: entry.ref }, undefined, { onBytes: (n) => (counted += n) });
    expectSameBytes(await readAll(byRef), bytes);
    expect(counted).toBe(bytes.length);
    const empty = (await scene.provider.put(scene.root, [{ path: 'empty', body: reusedBufferBody(Buffer.alloc(0)) }]))[0]!;
    expect(empty.size).toBe(0);
    expect((await readAll(await scene.provider.read(scene.root, { path: 'empty' }))).length).toBe(0);
    await providerError(scene.provider.read(scene.root, { path: 'missing.bin' }), ProviderErrorCode.DataNotFound);
  });

  it.runIf(caps.ranges)('reads byte ranges, and refuses one past the end', async () => {
    const scene = await fresh();
    const bytes = patternBytes(150_000, 3);
    await scene.provider.put(scene.root, [{ path: 'ranged.bin', body: reusedBufferBody(bytes) }]);
    const middle = await scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 70_001, length: 20_000 });
    expect(middle.length).toBe(20_000);
    expectSameBytes(await readAll(middle), bytes.subarray(70_001, 90_001));
    const tail = await scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 149_990 });
    expectSameBytes(await readAll(tail), bytes.subarray(149_990));
    await providerError(scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 149_990, length: 11 }), ProviderErrorCode.BadArgument);
  });

  it.runIf(caps.ranges)('reads a range into a sink, where it can, with the same bytes as read and the same refusals', async (context) => {
    const scene = await fresh();
    const readInto = scene.provider.readRangeInto?.bind(scene.provider);
    if (!readInto) return context.skip('no readRangeInto: the engines use read() here'); // optional member
    const bytes = patternBytes(3 * 1024 * 1024 + 5, 4);
    await scene.provider.put(scene.root, [{ path: 'into.bin', body: reusedBufferBody(bytes) }]);
    const space = Buffer.alloc(64 * 1024);
    const got: Buffer[] = [];
    const sink = { space: () => space, received: (b: Buffer) => void got.push(Buffer.from(b)) };
    await readInto(scene.root, { path: 'into.bin' }, { offset: 100_003, length: 2 * 1024 * 1024 }, sink);
    expectSameBytes(Buffer.concat(got), bytes.subarray(100_003, 100_003 + 2 * 1024 * 1024));
    got.length = 0;
    await providerError(readInto(scene.root, { path: 'missing.bin' }, { offset: 0, length: 10 }, sink), ProviderErrorCode.DataNotFound);
    await providerError(readInto(scene.root, { path: 'into.bin' }, { offset: bytes.length - 10, length: 11 }, sink), ProviderErrorCode.BadArgument);
    await providerError(readInto(scene.root, { path: 'into.bin' }, { offset: -1, length: 11 }, sink), ProviderErrorCode.InvalidInput);
    expect(got).toEqual([]);
  });

  it.runIf(!caps.ranges)('refuses a ranged read it cannot do instead of sending the whole object', async () => {
    const scene = await fresh();
    await putText(scene, 'whole-only.txt', 'abcdef');
    await providerError(scene.provider.read(scene.root, { path: 'whole-only.txt' }, { offset: 2, length: 2 }), ProviderErrorCode.InvalidInput);
  });
}
