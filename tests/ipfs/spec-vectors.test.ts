/**
 * The CIDs and DAG sizes `ipfs add` prints for the vectors in
 * /work/shared/specs/crust-ipfs.md ("Test vectors"), through every entry point.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryNode } from '../../src-main/common/ipfs/unixfs-directory';
import { cidOfBytes, cidOfFile, cidOfStream, UnixfsFileHasher } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;
const vectors: Array<{ name: string; bytes: () => Uint8Array; cid: string; dagSize?: number }> = [
  { name: 'empty file', bytes: () => new Uint8Array(0), cid: 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH' },
  { name: '"hello world\\n"', bytes: () => Buffer.from('hello world\n'), cid: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o' },
  { name: '"hello world"', bytes: () => Buffer.from('hello world'), cid: 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD' },
  { name: '1 MiB of zeros', bytes: () => new Uint8Array(MiB), cid: 'QmVkbauSDEaMP4Tkq6Epm9uW75mWm136n81YH8fGtfwdHU', dagSize: 1048832 },
  { name: '100 MiB of zeros', bytes: () => new Uint8Array(100 * MiB), cid: 'Qmca3PNFKuZnYkiVv1FpcV1AfDUm4qCSHoYjPTBqDAsyk8', dagSize: 104882589 },
];

describe('spec vectors (as printed by ipfs add)', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  for (const vector of vectors) {
    it(`${vector.name}: cidOfBytes`, () => {
      const bytes = vector.bytes();
      const node = cidOfBytes(bytes);
      expect(node.cid).toBe(vector.cid);
      expect(node.size).toBe(bytes.length);
      if (vector.dagSize !== undefined) expect(node.dagSize).toBe(vector.dagSize);
    });

    it(`${vector.name}: fed in odd-sized pieces, as a stream and from a file`, async () => {
      const bytes = vector.bytes();
      const hasher = new UnixfsFileHasher();
      // Piece sizes that straddle chunk boundaries in every way (prime steps, one byte, a whole chunk and more).
      const steps = [1, 7919, 262_144, 300_007, 65_536, 524_289];
      for (let offset = 0, i = 0; offset < bytes.length; i++) {
        const end = Math.min(bytes.length, offset + steps[i % steps.length]!);
        hasher.update(bytes.subarray(offset, end));
        offset = end;
      }
      const expected = cidOfBytes(bytes);
      expect(hasher.digest()).toEqual(expected);
      expect(await cidOfStream(Readable.from([Buffer.from(bytes)], { objectMode: true }))).toEqual(expected);
      const dir = await makeTempDir('ipfs-vector');
      cleanup = dir.remove;
      const file = join(dir.path, 'data.bin');
      await writeFile(file, bytes);
      expect(await cidOfFile(file)).toEqual({ ...expected, cid: vector.cid });
    });
  }

  it('empty directory', () => {
    expect(directoryNode([])).toEqual({ cid: 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn', dagSize: 4, size: 0 });
  });

  it('digest is final: a second digest gives the same answer and update afterwards throws', () => {
    const hasher = new UnixfsFileHasher();
    hasher.update(Buffer.from('hello world\n'));
    const first = hasher.digest();
    expect(hasher.digest()).toEqual(first);
    expect(() => hasher.update(Buffer.from('x'))).toThrow(/after digest/);
  });
});
