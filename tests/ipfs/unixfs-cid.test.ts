/**
 * Our UnixFS CIDs against implementations we did not write: the vectors Kubo
 * prints (specs/crust-ipfs.md), Debian's `ipfs_cid` on random and boundary
 * sizes, and ipfs-unixfs-importer (CID and DAG size, files and folders).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { importer, type ImportCandidate } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCidV0, parseCidV0 } from '../../src-main/common/ipfs/cid';
import { cidOfFolder, directoryNode } from '../../src-main/common/ipfs/unixfs-directory';
import { CHUNK_SIZE, cidOfBytes, cidOfFile, cidOfStream, MAX_LINKS, UnixfsFileHasher } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { makeTempDir } from '../helpers/temp-dir';

const hasIpfsCid = spawnSync('ipfs_cid', ['--help']).error === undefined;

/** Kubo's classic defaults in the importer (its own defaults differ: CIDv1, raw leaves). */
async function importerRoot(candidates: ImportCandidate[]): Promise<{ cid: string; size: number }> {
  const blockstore = { put: (cid: unknown) => Promise.resolve(cid), get: () => Promise.reject(new Error('hash only')), has: () => Promise.resolve(false) } as unknown as Parameters<typeof importer>[1];
  let last: { cid: { toString(): string }; size: bigint } | undefined;
  for await (const entry of importer(candidates, blockstore, { cidVersion: 0, rawLeaves: false, reduceSingleLeafToSelf: true, chunker: fixedSize({ chunkSize: CHUNK_SIZE }), layout: balanced({ maxChildrenPerNode: MAX_LINKS }) })) last = entry;
  return { cid: last!.cid.toString(), size: Number(last!.size) };
}

describe('UnixFS file CIDs', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => (temp = await makeTempDir('jcs-cid')));
  afterAll(async () => temp?.remove());

  it('match the vectors `ipfs add` prints', () => {
    expect(cidOfBytes(new Uint8Array(0))).toEqual({ cid: 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH', dagSize: 6, size: 0 });
    expect(cidOfBytes(Buffer.from('hello world\n')).cid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
    expect(cidOfBytes(Buffer.from('hello world')).cid).toBe('Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD');
    expect(cidOfBytes(new Uint8Array(1 << 20))).toMatchObject({ cid: 'QmVkbauSDEaMP4Tkq6Epm9uW75mWm136n81YH8fGtfwdHU', dagSize: 1_048_832 });
  });

  it('match the 100 MiB vector, fed in uneven pieces', () => {
    const hasher = new UnixfsFileHasher();
    const piece = new Uint8Array(1_000_003);
    let left = 100 * 1024 * 1024;
    while (left > 0) {
      const n = Math.min(left, piece.length);
      hasher.update(piece.subarray(0, n));
      left -= n;
    }
    expect(hasher.digest()).toEqual({ cid: 'Qmca3PNFKuZnYkiVv1FpcV1AfDUm4qCSHoYjPTBqDAsyk8', dagSize: 104_882_589, size: 100 * 1024 * 1024 });
  });

  const sizes = [1, 1024, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17, MAX_LINKS * CHUNK_SIZE, MAX_LINKS * CHUNK_SIZE + 1, 2 * MAX_LINKS * CHUNK_SIZE + 5];
  it.each(sizes)('agree with ipfs-unixfs-importer on CID and DAG size for %i random bytes', async (size) => {
    const data = randomBytes(size);
    const ours = cidOfBytes(data);
    const theirs = await importerRoot([{ path: 'f', content: data }]);
    expect(ours).toEqual({ cid: theirs.cid, dagSize: theirs.size, size });
  });

  it.skipIf(!hasIpfsCid)('agree with Debian’s ipfs_cid on random and boundary sizes', async () => {
    for (const size of [0, 5, CHUNK_SIZE, CHUNK_SIZE + 1, MAX_LINKS * CHUNK_SIZE + 1, 7_777_777]) {
      const path = join(temp.path, `r${size}`);
      await writeFile(path, randomBytes(size));
      const printed = JSON.parse(execFileSync('ipfs_cid', [path], { encoding: 'utf8', stderr: 'ignore' } as never)) as { CIDv0: string };
      expect((await cidOfFile(path)).cid, `size ${size}`).toBe(printed.CIDv0);
    }
  });

  it('give the same result from a file, a stream and bytes; honour an abort', async () => {
    const data = randomBytes(5 * CHUNK_SIZE + 3);
    const path = join(temp.path, 'same');
    await writeFile(path, data);
    const expected = cidOfBytes(data);
    expect(await cidOfFile(path)).toEqual(expected);
    const pieces = Array.from({ length: Math.ceil(data.length / 70_000) }, (_, i) => data.subarray(i * 70_000, (i + 1) * 70_000));
    expect(await cidOfStream(Readable.from(pieces))).toEqual(expected);
    await expect(cidOfFile(path, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('refuse a second digest or an update after it', () => {
    const hasher = new UnixfsFileHasher();
    hasher.digest();
    expect(() => hasher.digest()).toThrow(/already/);
    expect(() => hasher.update(new Uint8Array(1))).toThrow(/already/);
  });
});

describe('UnixFS directory CIDs', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => (temp = await makeTempDir('jcs-cid-dir')));
  afterAll(async () => temp?.remove());

  it('give the empty directory its vector', () => {
    expect(directoryNode([]).cid).toBe('QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn');
  });

  it('agree with ipfs-unixfs-importer on a nested folder with an empty sub-folder, unicode and case-differing names', async () => {
    const top = join(temp.path, 'top');
    const files: Array<[string, Buffer]> = [
      ['a.txt', Buffer.from('hello')],
      ['B.txt', Buffer.from('y')],
      ['sub/b.bin', randomBytes(600_000)],
      ['sub/deeper/中文 名.txt', Buffer.from('x')],
      ['sub/deeper/Ä.txt', randomBytes(10)],
    ];
    await mkdir(join(top, 'sub/deeper'), { recursive: true });
    await mkdir(join(top, 'empty'));
    for (const [path, content] of files) await writeFile(join(top, path), content);
    const ours = await cidOfFolder(top);
    const theirs = await importerRoot([...files.map(([path, content]) => ({ path: `top/${path}`, content })), { path: 'top/empty' }]);
    expect(ours.root).toEqual({ cid: theirs.cid, dagSize: theirs.size, size: 0 });
    expect(ours.entries.map((e) => `${e.kind}:${e.path}`).sort()).toEqual(['dir:empty', 'dir:sub', 'dir:sub/deeper', 'file:B.txt', 'file:a.txt', 'file:sub/b.bin', 'file:sub/deeper/Ä.txt', 'file:sub/deeper/中文 名.txt']);
  });

  it('refuses links, duplicate or empty names, and folders Kubo would shard', async () => {
    const dir = join(temp.path, 'withlink');
    await mkdir(dir);
    await symlink('/etc/passwd', join(dir, 'l'));
    await expect(cidOfFolder(dir)).rejects.toThrow(/neither a file nor a folder/);
    const leaf = cidOfBytes(Buffer.from('x'));
    expect(() => directoryNode([{ name: 'a', ...leaf }, { name: 'a', ...leaf }])).toThrow(/two entries/);
    expect(() => directoryNode([{ name: '', ...leaf }])).toThrow(/not a name/);
    const many = Array.from({ length: 6_000 }, (_, i) => ({ name: `file-number-${i}.dat`, ...leaf }));
    expect(() => directoryNode(many)).toThrow(/sharded/);
  });
});

describe('CIDv0 text', () => {
  it('accepts real CIDv0s and refuses the rest with the reason', () => {
    expect(isCidV0('QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J')).toBe(true);
    expect(isCidV0('bafybeiheetml2k2jhsz27b2oqbx3vsrvugvvwwxpp6fjjj6hm6bxlgbd4q')).toBe(false);
    expect(isCidV0('Qm0000000000000000000000000000000000000000000')).toBe(false);
    expect(() => parseCidV0('hello')).toThrow(/not a CIDv0/);
    expect(parseCidV0('QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J').length).toBe(34);
  });
});
