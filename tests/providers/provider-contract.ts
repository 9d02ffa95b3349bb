/**
 * The behaviour every StorageProvider promises (src-main/providers/storage-provider.ts),
 * as one suite that runs against any provider: checks of optional features
 * run where the capabilities say the provider has them, and where it does
 * not, the suite checks that it refuses instead of pretending.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode, UploadBodyError } from '../../src-main/providers/provider-errors';
import { SINGLE_ROOT, type Capabilities, type RemoteEntry, type RootNode, type StorageProvider, type UploadBody } from '../../src-main/providers/storage-provider';
import { byteOrder, expectSameBytes, patternBytes, providerError, readAll, reusedBufferBody, textBody, uniqueName } from './provider-test-kit';

export interface ContractScene {
  provider: StorageProvider;
  /** An empty root that holds objects. */
  root: string;
}

export interface ContractSubject {
  name: string;
  capabilities: Capabilities;
  /** Starts what the provider talks to; `fresh` gives a new empty root (and may give a new provider) for each test. */
  start(): Promise<{ fresh(): Promise<ContractScene>; unknownRoot: string; stop(): Promise<void> }>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function providerContract(subject: ContractSubject): void {
  const caps = subject.capabilities;
  const folders = caps.folders !== 'none';

  describe(`StorageProvider contract: ${subject.name}`, () => {
    let started: Awaited<ReturnType<ContractSubject['start']>>;
    beforeAll(async () => {
      started = await subject.start();
    });
    afterAll(async () => {
      await started?.stop();
    });

    async function putText(scene: ContractScene, path: string, text: string): Promise<RemoteEntry> {
      const [entry] = await scene.provider.put(scene.root, [{ path, body: textBody(text) }]);
      return entry!;
    }
    async function textAt(scene: ContractScene, path: string): Promise<string> {
      return (await readAll(await scene.provider.read(scene.root, { path }))).toString('utf8');
    }
    /** Every object path under the root, by a recursive listing (or the one level there is). */
    async function allPaths(scene: ContractScene): Promise<string[]> {
      const paths: string[] = [];
      let token: string | undefined;
      do {
        const page = await scene.provider.listFolder(scene.root, '', { recursive: folders, token });
        paths.push(...page.entries.map((e) => e.path));
        token = page.nextToken ?? undefined;
      } while (token);
      return paths;
    }

    it('has its optional members exactly when its capabilities say so', async () => {
      const { provider } = await started.fresh();
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
    });

    it('lists its roots; the roots it hands out for content are of the last level', async () => {
      const scene = await started.fresh();
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
      const { provider } = await started.fresh();
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
      const scene = await started.fresh();
      const names = Array.from({ length: 2_600 }, (_, i) => `f${String(i).padStart(4, '0')}`);
      // With real folders a file and a folder cannot share a path: no file 'a' beside the folder 'a/'.
      const special = ['A', 'Z', ...(caps.folders === 'real' ? [] : ['a']), 'a-', 'a.txt', 'a0', '~', ' lead', 'é', '中文', '\u{1F600}', 'x\uffef', 'x\u{10000}'];
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
      const scene = await started.fresh();
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
      const scene = await started.fresh();
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
      const scene = await started.fresh();
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
      const scene = await started.fresh();
      const bytes = patternBytes(150_000, 3);
      await scene.provider.put(scene.root, [{ path: 'ranged.bin', body: reusedBufferBody(bytes) }]);
      const middle = await scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 70_001, length: 20_000 });
      expect(middle.length).toBe(20_000);
      expectSameBytes(await readAll(middle), bytes.subarray(70_001, 90_001));
      const tail = await scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 149_990 });
      expectSameBytes(await readAll(tail), bytes.subarray(149_990));
      await providerError(scene.provider.read(scene.root, { path: 'ranged.bin' }, { offset: 149_990, length: 11 }), ProviderErrorCode.BadArgument);
    });

    it.runIf(!caps.ranges)('refuses a ranged read it cannot do instead of sending the whole object', async () => {
      const scene = await started.fresh();
      await putText(scene, 'whole-only.txt', 'abcdef');
      await providerError(scene.provider.read(scene.root, { path: 'whole-only.txt' }, { offset: 2, length: 2 }), ProviderErrorCode.InvalidInput);
    });

    describe.runIf(caps.multipart !== null)('multipart uploads', () => {
      const limits = caps.multipart!;
      const partSize = limits?.minPartSize ?? 0;

      it('puts parts (again: the last one counts), completes, survives a lost answer, and places without ever showing unverified bytes at the path', async () => {
        const scene = await started.fresh();
        const upload = scene.provider.multipart!;
        const parts = [patternBytes(partSize, 11), patternBytes(partSize, 12), patternBytes(1234, 13)];
        const whole = Buffer.concat(parts);
        const path = folders ? 'big/file.bin' : 'big-file.bin';
        const handle = await upload.initiate(scene.root, path, whole.length, { key: uniqueName('job') });
        await upload.putPart(handle, 2, reusedBufferBody(patternBytes(partSize, 99))); // replaced below
        for (const [k, part] of parts.entries()) await upload.putPart(handle, k + 1, reusedBufferBody(part));
        if (upload.listParts) expect(await upload.listParts(handle)).toEqual([1, 2, 3]);
        if (limits.staged) expect(await scene.provider.stat(scene.root, path)).toBeUndefined();

        const done = await upload.complete(handle, [1, 2, 3]);
        expect(done.staged).toBe(limits.staged);
        expect(done.entry.size).toBe(whole.length);
        expect(done.entry.pending).toBeUndefined();
        if (caps.hash) expect(done.entry.hash?.value).toBe(sha256(whole));
        if (limits.staged) {
          expect(caps.reservedPrefixes.some((p) => done.entry.path.startsWith(p))).toBe(true);
          expect(await scene.provider.stat(scene.root, path)).toBeUndefined(); // verified first, then placed
        }
        // The answer to complete was lost: completing again gives the same object.
        const again = await upload.complete(handle, [1, 2, 3]);
        expect(again.entry.ref).toBe(done.entry.ref);
        expect(again.entry.size).toBe(whole.length);

        const placed = limits.staged ? await upload.place!(handle, path) : done.entry;
        expect(placed.path).toBe(path);
        if (limits.staged) {
          expect((await upload.place!(handle, path)).ref).toBe(placed.ref); // a lost answer to place, too
          expect(await upload.complete(handle, [1, 2, 3])).toMatchObject({ staged: false, entry: { ref: placed.ref, path } });
        }
        expectSameBytes(await readAll(await scene.provider.read(scene.root, { path })), whole);
        await upload.abort(handle); // finished: nothing to give up, and the file stays
        expectSameBytes(await readAll(await scene.provider.read(scene.root, { path })), whole);
        expect(await allPaths(scene)).toEqual([path]);
      });

      it('abort frees the upload: nothing is left in the root, and the upload is gone', async () => {
        const scene = await started.fresh();
        const upload = scene.provider.multipart!;
        const handle = await upload.initiate(scene.root, 'given-up.bin', partSize * 2);
        await upload.putPart(handle, 1, reusedBufferBody(patternBytes(partSize, 21)));
        await upload.abort(handle);
        await upload.abort(handle); // again: not an error
        expect(await allPaths(scene)).toEqual([]);
        await providerError(upload.complete(handle, [1]), ProviderErrorCode.DataNotFound);
      });

      it('refuses to complete with a part that was never sent, and shows nothing at the path', async () => {
        const scene = await started.fresh();
        const upload = scene.provider.multipart!;
        const handle = await upload.initiate(scene.root, 'holes.bin', partSize + 10);
        await upload.putPart(handle, 1, reusedBufferBody(patternBytes(partSize, 31)));
        await providerError(upload.complete(handle, [1, 2]), ProviderErrorCode.BadArgument);
        expect(await scene.provider.stat(scene.root, 'holes.bin')).toBeUndefined();
        await providerError(upload.putPart(handle, 0, reusedBufferBody(Buffer.from('x'))), ProviderErrorCode.InvalidInput);
        await providerError(upload.complete({ state: 'not a handle' }, [1]), ProviderErrorCode.InvalidInput);
        await upload.abort(handle);
      });

      it.runIf(caps.multipart?.staged === true)('place never overwrites: a taken path is a Conflict and the upload stays placeable', async () => {
        const scene = await started.fresh();
        const upload = scene.provider.multipart!;
        await putText(scene, 'taken.bin', 'the user file');
        const handle = await upload.initiate(scene.root, 'taken.bin', 5);
        await upload.putPart(handle, 1, textBody('fresh'));
        await upload.complete(handle, [1]);
        await providerError(upload.place!(handle, 'taken.bin'), ProviderErrorCode.Conflict);
        expect(await textAt(scene, 'taken.bin')).toBe('the user file');
        const placed = await upload.place!(handle, 'taken (1).bin');
        expect(placed.path).toBe('taken (1).bin');
        expect(await textAt(scene, 'taken (1).bin')).toBe('fresh');
      });
    });

    it.runIf(caps.move)('move never overwrites: a taken target is a Conflict, a gone source DataNotFound; the moved object keeps its ref', async () => {
      const scene = await started.fresh();
      const a = await putText(scene, 'a.txt', 'A');
      await putText(scene, 'b.txt', 'B');
      const dir = folders ? 'moved/' : 'moved-';
      const result = await scene.provider.move!(scene.root, [
        { from: { path: 'a.txt', ref: a.ref }, to: `${dir}a.txt` },
        { from: { path: 'b.txt' }, to: `${dir}a.txt` },
        { from: { path: 'gone.txt' }, to: `${dir}gone.txt` },
      ], scene.root);
      expect(result.done).toEqual([`${dir}a.txt`]);
      expect(result.failed.map((f) => [f.path, f.code]).sort()).toEqual([
        [`${dir}a.txt`, ProviderErrorCode.Conflict],
        [`${dir}gone.txt`, ProviderErrorCode.DataNotFound],
      ]);
      expect(await textAt(scene, `${dir}a.txt`)).toBe('A');
      expect(await textAt(scene, 'b.txt')).toBe('B');
      expect(await scene.provider.stat(scene.root, 'a.txt')).toBeUndefined();
      expectSameBytes(await readAll(await scene.provider.read(scene.root, { path: 'a.txt', ref: a.ref })), Buffer.from('A'));
      await providerError(scene.provider.move!(scene.root, [{ from: { path: 'b.txt' }, to: '/abs' }], scene.root), ProviderErrorCode.InvalidInput);
    });

    it.runIf(caps.move && caps.moveAcrossRoots)('moves between roots of the connection', async () => {
      const scene = await started.fresh();
      const other = await started.fresh();
      await putText(scene, 'travel.txt', 'T');
      const result = await scene.provider.move!(scene.root, [{ from: { path: 'travel.txt' }, to: 'arrived.txt' }], other.root);
      expect(result).toEqual({ done: ['arrived.txt'], failed: [] });
      expect(await textAt({ provider: scene.provider, root: other.root }, 'arrived.txt')).toBe('T');
    });

    it.runIf(caps.copy)('copy never overwrites: a taken target keeps its bytes; two items for one new path are one copy and one Conflict', async () => {
      const scene = await started.fresh();
      await putText(scene, 'src.txt', 'SOURCE');
      await putText(scene, 'other.txt', 'OTHER');
      await putText(scene, 'taken.txt', 'KEEP ME');
      const result = await scene.provider.copy!(scene.root, [
        { from: { path: 'src.txt' }, to: 'taken.txt' },
        { from: { path: 'src.txt' }, to: 'copy.txt' },
        { from: { path: 'other.txt' }, to: 'copy.txt' },
        { from: { path: 'gone.txt' }, to: 'copy-of-gone.txt' },
      ], scene.root);
      expect(result.done).toEqual(['copy.txt']);
      expect(result.failed.map((f) => [f.path, f.code]).sort()).toEqual([
        ['copy-of-gone.txt', ProviderErrorCode.DataNotFound],
        ['copy.txt', ProviderErrorCode.Conflict],
        ['taken.txt', ProviderErrorCode.Conflict],
      ]);
      expect(await textAt(scene, 'taken.txt')).toBe('KEEP ME');
      expect(await textAt(scene, 'copy.txt')).toBe('SOURCE');
      expect(await textAt(scene, 'src.txt')).toBe('SOURCE');
    });

    it.runIf((caps.move && !caps.moveAcrossRoots) || (caps.copy && !caps.copyAcrossRoots))('refuses to move or copy between roots when it cannot', async () => {
      const scene = await started.fresh();
      const { provider } = scene;
      await putText(scene, 'stay.txt', 'S');
      const items = [{ from: { path: 'stay.txt' }, to: 'x.txt' }];
      if (caps.move && !caps.moveAcrossRoots) await providerError(provider.move!(scene.root, items, started.unknownRoot), ProviderErrorCode.InvalidInput);
      if (caps.copy && !caps.copyAcrossRoots) await providerError(provider.copy!(scene.root, items, started.unknownRoot), ProviderErrorCode.InvalidInput);
      expect(await allPaths(scene)).toEqual(['stay.txt']);
    });

    it.runIf(caps.rename)('renames in place, never over a taken name', async () => {
      const scene = await started.fresh();
      const path = folders ? 'dir/old.txt' : 'old.txt';
      const folder = folders ? 'dir/' : '';
      const old = await putText(scene, path, 'O');
      await putText(scene, `${folder}taken.txt`, 'T');
      const renamed = await scene.provider.rename!(scene.root, { path, ref: old.ref }, 'new.txt');
      expect(renamed.path).toBe(`${folder}new.txt`);
      expect(await textAt(scene, `${folder}new.txt`)).toBe('O');
      expect(await scene.provider.stat(scene.root, path)).toBeUndefined();
      await providerError(scene.provider.rename!(scene.root, { path: `${folder}new.txt` }, 'taken.txt'), ProviderErrorCode.Conflict);
      await providerError(scene.provider.rename!(scene.root, { path: `${folder}gone.txt` }, 'x.txt'), ProviderErrorCode.DataNotFound);
      await providerError(scene.provider.rename!(scene.root, { path: `${folder}new.txt` }, 'a/b'), ProviderErrorCode.InvalidInput);
      expect(await textAt(scene, `${folder}taken.txt`)).toBe('T');
    });

    it.runIf(caps.delete)('deletes by ref and by path; deleting what is gone succeeds', async () => {
      const scene = await started.fresh();
      const one = await putText(scene, 'one.txt', '1');
      await putText(scene, 'two.txt', '2');
      await putText(scene, 'three.txt', '3');
      const result = await scene.provider.delete!(scene.root, [{ path: 'one.txt', ref: one.ref }, { path: 'two.txt' }, { path: 'never.txt' }]);
      expect(result).toEqual({ done: ['one.txt', 'two.txt', 'never.txt'], failed: [] });
      expect(await scene.provider.delete!(scene.root, [{ path: 'one.txt', ref: one.ref }, { path: 'two.txt' }])).toEqual({ done: ['one.txt', 'two.txt'], failed: [] });
      expect(await allPaths(scene)).toEqual(['three.txt']);
    });

    it.runIf(caps.folders === 'real')('makes folders that are listed while empty, where no file is in the way', async () => {
      const scene = await started.fresh();
      await scene.provider.mkdir!(scene.root, 'x/y');
      await scene.provider.mkdir!(scene.root, 'x/y'); // there already: fine
      expect(await scene.provider.listFolder(scene.root, '')).toMatchObject({ entries: [], folders: ['x/'] });
      expect(await scene.provider.listFolder(scene.root, 'x/')).toMatchObject({ entries: [], folders: ['x/y/'] });
      await putText(scene, 'f', 'file');
      await providerError(scene.provider.mkdir!(scene.root, 'f/sub'), ProviderErrorCode.Conflict);
      await providerError(scene.provider.put(scene.root, [{ path: 'x', body: textBody('a file over a folder') }]), ProviderErrorCode.Conflict);
    });

    it.runIf(folders)('lists a folder that does not exist as an empty last page', async () => {
      const scene = await started.fresh();
      expect(await scene.provider.listFolder(scene.root, 'nowhere/')).toEqual({ entries: [], folders: [], nextToken: null });
    });

    it.runIf(!folders)('refuses paths and prefixes with folders when it has none, writing nothing', async () => {
      const scene = await started.fresh();
      await providerError(scene.provider.put(scene.root, [{ path: 'a/b.txt', body: textBody('x') }]), ProviderErrorCode.InvalidInput);
      await providerError(scene.provider.listFolder(scene.root, 'a/'), ProviderErrorCode.InvalidInput);
      expect(await allPaths(scene)).toEqual([]);
    });

    it('refuses malformed paths and prefixes before anything is written', async () => {
      const scene = await started.fresh();
      for (const bad of ['/abs.txt', 'a//b', '../up.txt', 'a\\b', 'nul\u0000.txt', '', 'x'.repeat(256)]) {
        await providerError(scene.provider.put(scene.root, [{ path: 'fine.txt', body: textBody('ok') }, { path: bad, body: textBody('x') }]), ProviderErrorCode.InvalidInput);
        await providerError(scene.provider.stat(scene.root, bad), ProviderErrorCode.InvalidInput);
        await providerError(scene.provider.read(scene.root, { path: bad }), ProviderErrorCode.InvalidInput);
      }
      await providerError(scene.provider.listFolder(scene.root, 'no-slash'), ProviderErrorCode.InvalidInput);
      await providerError(scene.provider.listFolder(scene.root, '', { maxKeys: 0 }), ProviderErrorCode.InvalidInput);
      expect(await allPaths(scene)).toEqual([]);
    });

    it('reports every failure by rejecting, never by throwing at the call', async () => {
      const { provider, root } = await started.fresh();
      const bad = 'no such root \u0000';
      const handle = { state: 'garbage' };
      const item = [{ from: { path: 'a' }, to: '/b' }];
      const calls: Array<() => Promise<unknown>> = [
        () => provider.listRoots(bad),
        () => provider.getRoot(bad),
        () => provider.listFolder(bad, 'x'),
        () => provider.stat(root, '/x'),
        () => provider.read(root, { path: '/x' }),
        () => provider.put(root, [{ path: '/x', body: textBody('x') }]),
        () => provider.listFolder(root, '', { token: '\u0000' }),
      ];
      if (provider.createRoot) calls.push(() => provider.createRoot!(bad, 'a/b'));
      if (provider.deleteRoot) calls.push(() => provider.deleteRoot!(bad));
      if (provider.move) calls.push(() => provider.move!(bad, item, bad));
      if (provider.copy) calls.push(() => provider.copy!(bad, item, bad));
      if (provider.rename) calls.push(() => provider.rename!(bad, { path: 'a' }, 'x/y'));
      if (provider.delete) calls.push(() => provider.delete!(bad, [{ path: '/x' }]));
      if (provider.mkdir) calls.push(() => provider.mkdir!(bad, '/x'));
      if (provider.multipart) {
        const upload = provider.multipart;
        calls.push(() => upload.initiate(bad, '/x', -1), () => upload.putPart(handle, 0, textBody('x')), () => upload.complete(handle, []), () => upload.abort(handle));
        if (upload.listParts) calls.push(() => upload.listParts!(handle));
        if (upload.place) calls.push(() => upload.place!(handle, '/x'));
      }
      for (const call of calls) {
        let promise: Promise<unknown> | undefined;
        expect(() => (promise = call())).not.toThrow();
        const error = await promise!.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, call.toString()).toBeInstanceOf(ProviderError);
      }
    });

    it('answers DataNotFound for a root that does not exist', async () => {
      const { provider } = await started.fresh();
      const root = started.unknownRoot;
      await providerError(provider.getRoot(root), ProviderErrorCode.DataNotFound);
      await providerError(provider.listFolder(root, ''), ProviderErrorCode.DataNotFound);
      await providerError(provider.stat(root, 'x.txt'), ProviderErrorCode.DataNotFound);
      await providerError(provider.read(root, { path: 'x.txt' }), ProviderErrorCode.DataNotFound);
      await providerError(provider.put(root, [{ path: 'x.txt', body: textBody('x') }]), ProviderErrorCode.DataNotFound);
    });

    it("fails with UploadBodyError when the caller's body breaks or changes size, and leaves nothing at the path", async () => {
      const scene = await started.fresh();
      const short: UploadBody = {
        size: 10,
        async *open() {
          yield Buffer.from('12345');
          await new Promise((resolve) => setImmediate(resolve));
        },
      };
      const broken: UploadBody = {
        size: 10,
        async *open() {
          yield Buffer.from('12345');
          await new Promise((resolve) => setImmediate(resolve));
          throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
        },
      };
      const shortError = await scene.provider.put(scene.root, [{ path: 'short.bin', body: short }]).catch((e: unknown) => e);
      expect(shortError).toBeInstanceOf(UploadBodyError);
      expect((shortError as UploadBodyError).reason).toBe('sizeChanged');
      const brokenError = await scene.provider.put(scene.root, [{ path: 'broken.bin', body: broken }]).catch((e: unknown) => e);
      expect(brokenError).toBeInstanceOf(UploadBodyError);
      expect((brokenError as UploadBodyError).reason).toBe('unreadable');
      expect(((brokenError as UploadBodyError).cause as NodeJS.ErrnoException).code).toBe('EIO');
      expect(await allPaths(scene)).toEqual([]);
    });

    it('stops when its signal fires', async () => {
      const scene = await started.fresh();
      const controller = new AbortController();
      controller.abort();
      const error = await scene.provider.listFolder(scene.root, '', { signal: controller.signal }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('AbortError');
    });
  });
}
