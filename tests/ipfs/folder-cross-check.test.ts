/**
 * Folder CIDs (`ipfs add -r`) against ipfs-unixfs-importer with
 * wrapWithDirectory: nested folders, empty folders, unicode names whose
 * UTF-8 byte order differs from JavaScript's UTF-16 order.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cidOfFolder, directoryNode } from '../../src-main/common/ipfs/unixfs-directory';
import { cidOfBytes } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { makeTempDir } from '../helpers/temp-dir';
import { importerTree } from '../helpers/reference-cids';

type Tree = { [name: string]: Uint8Array | Tree };

async function materialize(root: string, tree: Tree): Promise<void> {
  for (const [name, value] of Object.entries(tree)) {
    const path = join(root, name);
    if (value instanceof Uint8Array) await writeFile(path, value);
    else {
      await mkdir(path);
      await materialize(path, value);
    }
  }
}

/**
 * The same tree as importer candidates, siblings shuffled so its answer cannot
 * depend on our order; folders still come before what they hold (the importer
 * starts a folder afresh when it meets the folder's own candidate).
 */
function candidates(tree: Tree, prefix = ''): Array<{ path: string; content?: Uint8Array }> {
  const out: Array<{ path: string; content?: Uint8Array }> = [];
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    if (value instanceof Uint8Array) out.push({ path, content: value });
    else {
      out.push({ path });
      out.push(...candidates(value, path));
    }
  }
  return out
    .map((candidate) => ({ candidate, key: Math.random() }))
    .sort((a, b) => depth(a.candidate.path) - depth(b.candidate.path) || a.key - b.key)
    .map(({ candidate }) => candidate);
}

const depth = (path: string) => path.split('/').length;

function allPaths(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    return value instanceof Uint8Array ? [path] : [path, ...allPaths(value, path)];
  });
}

const trees: Record<string, Tree> = {
  'one file': { 'a.txt': Buffer.from('hello world\n') },
  'empty folder inside': { empty: {} },
  nested: {
    'README.md': Buffer.from('# readme\n'),
    src: { 'main.ts': randomBytes(3000), lib: { 'big.bin': randomBytes(262_144 * 3 + 5), 'empty.txt': new Uint8Array(0) }, deep: { er: { est: {} } } },
    '.hidden': Buffer.from('dot file'),
    docs: {},
  },
  'unicode names': {
    'é-composed': Buffer.from('nfc'),
    'é-decomposed': Buffer.from('nfd'),
    '中文文件夹': { '文件.txt': Buffer.from('你好') },
    '～tilde-fullwidth': Buffer.from('U+FF5E'),
    '😀-emoji': Buffer.from('U+1F600: after U+FF5E in UTF-8, before it in UTF-16'),
    Zebra: Buffer.from('upper case sorts before lower'),
    apple: Buffer.from('a'),
    'with space': {},
  },
};

describe('cidOfFolder matches the importer with wrapWithDirectory', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('ipfs-folders');
  });
  afterEach(async () => {
    await temp.remove();
  });

  for (const [label, tree] of Object.entries(trees)) {
    it(label, async () => {
      const folder = join(temp.path, 'folder');
      await mkdir(folder);
      await materialize(folder, tree);
      const ours = await cidOfFolder(folder);
      const reference = await importerTree(candidates(tree));
      expect({ cid: ours.root.cid, dagSize: ours.root.dagSize }).toEqual(reference.get(''));
      expect(ours.root.size).toBe(0);
      expect(ours.entries.map((e) => e.path).sort()).toEqual(allPaths(tree).sort());
      // The importer does not report every empty folder (its parent's links carry it, so the root CID covers it); each path it reports must agree.
      for (const [path, node] of reference) {
        if (path === '') continue;
        const entry = ours.entries.find((e) => e.path === path);
        expect({ path, cid: entry?.cid, dagSize: entry?.dagSize }).toEqual({ path, ...node });
      }
      for (const entry of ours.entries) {
        expect(entry.kind).toBe(entry.path.split('/').reduce<Tree | Uint8Array>((node, name) => (node as Tree)[name]!, tree) instanceof Uint8Array ? 'file' : 'dir');
      }
      // Children are listed before the folder that holds them.
      const position = new Map(ours.entries.map((e, i) => [e.path, i]));
      for (const entry of ours.entries) {
        const parent = entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : undefined;
        if (parent !== undefined) expect(position.get(parent)!).toBeGreaterThan(position.get(entry.path)!);
      }
    });
  }

  it('an empty folder is the empty-directory vector', async () => {
    const folder = join(temp.path, 'empty');
    await mkdir(folder);
    expect(await cidOfFolder(folder)).toEqual({ root: { cid: 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn', dagSize: 4, size: 0 }, entries: [] });
  });

  it('refuses a symbolic link, a file given as the folder, and a missing path, naming the path', async () => {
    const folder = join(temp.path, 'links');
    await mkdir(folder);
    await writeFile(join(folder, 'target.txt'), 'x');
    await symlink('target.txt', join(folder, 'link.txt'));
    await expect(cidOfFolder(folder)).rejects.toThrow(/link\.txt is a symbolic link/);
    await expect(cidOfFolder(join(folder, 'target.txt'))).rejects.toThrow(/target\.txt is not a folder/);
    await expect(cidOfFolder(join(folder, 'missing'))).rejects.toThrow(/ENOENT/);
  });

  it('stops when aborted', async () => {
    const folder = join(temp.path, 'abort');
    await mkdir(folder);
    await materialize(folder, { a: { b: Buffer.from('1') } });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(cidOfFolder(folder, { signal: controller.signal })).rejects.toThrow(/cancelled by test/);
  });
});

describe('directoryNode', () => {
  const file = cidOfBytes(Buffer.from('x'));
  const link = (name: string) => ({ name, cid: file.cid, dagSize: file.dagSize });

  it('sorts links by UTF-8 bytes whatever order they come in', () => {
    const names = ['😀', '～', 'b', 'B', 'a'];
    expect(directoryNode(names.map(link))).toEqual(directoryNode([...names].reverse().map(link)));
  });

  it('refuses duplicate, empty and slash-containing names and bad CIDs', () => {
    expect(() => directoryNode([link('a'), link('a')])).toThrow(/two entries named "a"/);
    expect(() => directoryNode([link('')])).toThrow(/not a valid directory entry name/);
    expect(() => directoryNode([link('a/b')])).toThrow(/not a valid directory entry name/);
    expect(() => directoryNode([{ name: 'a', cid: 'bafy-not-v0', dagSize: 1 }])).toThrow(/not a CIDv0/);
    expect(() => directoryNode([{ name: 'a', cid: file.cid, dagSize: -1 }])).toThrow(/invalid DAG size/);
  });

  it('the largest basic directory matches the importer; one entry more (ipfs add would shard it) is refused', async () => {
    // 64-byte names + 34-byte CIDs: 2674 links are 262,052 link bytes (under 256 KiB), 2675 are 262,150 (over).
    const names = Array.from({ length: 2675 }, (_, i) => `${String(i).padStart(4, '0')}-${'n'.repeat(59)}`);
    const largest = names.slice(0, 2674);
    const reference = await importerTree(largest.map((path) => ({ path, content: Buffer.from('x') })));
    expect(directoryNode(largest.map(link))).toEqual({ ...reference.get(''), size: 0 });
    expect(() => directoryNode(names.map(link))).toThrow(/too large for a basic UnixFS directory/);
  }, 60_000);
});
