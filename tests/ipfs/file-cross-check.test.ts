/**
 * File CIDs and DAG sizes checked against two implementations we did not
 * write: Debian's ipfs_cid (CID) and ipfs-unixfs-importer (CID and DAG size).
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfBytes, cidOfFile, UnixfsFileHasher } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { makeTempDir } from '../helpers/temp-dir';
import { importerFileCid, ipfsCidAvailable, ipfsCidOfFile, ipfsCidSkipReason } from '../helpers/reference-cids';

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 262_144;

/** Boundary sizes around one chunk and one full 174-link node, and random sizes from 1 KiB to 64 MiB. */
const sizes = [
  1,
  KiB,
  CHUNK - 1,
  CHUNK,
  CHUNK + 1,
  2 * CHUNK,
  174 * CHUNK,
  174 * CHUNK + 1,
  175 * CHUNK,
  ...Array.from({ length: 4 }, (_, i) => KiB + Math.floor(Math.random() * (2 * MiB)) + i),
  8 * MiB + 17,
  64 * MiB,
];

describe('file CIDs match ipfs_cid and ipfs-unixfs-importer', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('ipfs-files');
  });
  afterAll(async () => {
    await temp?.remove();
  });

  for (const size of sizes) {
    it(`${size} random bytes`, async () => {
      const bytes = randomBytes(size);
      const file = join(temp.path, `file-${size}.bin`);
      await writeFile(file, bytes);
      const ours = await cidOfFile(file);
      expect(ours.size).toBe(size);
      expect(cidOfBytes(bytes)).toEqual(ours);
      const reference = await importerFileCid(bytes);
      expect({ cid: ours.cid, dagSize: ours.dagSize }).toEqual(reference);
      if (ipfsCidAvailable) expect(ours.cid).toBe(ipfsCidOfFile(file));
      else console.warn(ipfsCidSkipReason);
    }, 120_000);
  }

  it.runIf(ipfsCidAvailable)('ipfs_cid agrees on the empty file and a 1-byte file', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('x')]) {
      const file = join(temp.path, `small-${bytes.length}.bin`);
      await writeFile(file, bytes);
      expect((await cidOfFile(file)).cid).toBe(ipfsCidOfFile(file));
    }
  });
  it.skipIf(ipfsCidAvailable)(`skipped: ${ipfsCidSkipReason}`, () => undefined);
});

describe('deep trees (small chunks and few links, against the importer with the same layout)', () => {
  // With 16-byte chunks and 3 links per node, sizes around 3^k chunks reach the same
  // shapes as 174^k × 256 KiB with Kubo's layout (full levels, one spare leaf, partial groups).
  const layout = { chunkSize: 16, maxLinksPerNode: 3 };
  const lengths = new Set<number>([0, 1, 15, 16, 17]);
  for (let k = 1; k <= 5; k++) for (const delta of [-17, -16, -1, 0, 1, 16, 17]) lengths.add(16 * 3 ** k + delta);
  for (let n = 0; n < 40; n++) lengths.add(Math.floor(Math.random() * 16 * 3 ** 5));

  it(`${lengths.size} lengths up to ${16 * 3 ** 5 + 17} bytes`, async () => {
    for (const length of [...lengths].filter((l) => l >= 0).sort((a, b) => a - b)) {
      const bytes = randomBytes(length);
      const ours = cidOfBytes(bytes, layout);
      expect({ length, cid: ours.cid, dagSize: ours.dagSize }).toEqual({ length, ...(await importerFileCid(bytes, layout)) });
    }
  });
});

/**
 * A minute or two of the importer's time: run with JCS_LONG_TESTS=1. The same
 * tree-building rules at depth 5 are covered above (small chunks, 3 links).
 */
describe.skipIf(!process.env.JCS_LONG_TESTS)('174 × 174 × 262144 + 1 bytes: the third tree level (≈7.4 GiB, streamed, never on disk; JCS_LONG_TESTS=1)', () => {
  const total = 174 * 174 * CHUNK + 1;
  /** Distinct chunks (a counter in each), so a child out of order changes the CID; pieces of 1 MiB + 1 byte straddle chunks. */
  function* pattern(): Generator<Uint8Array> {
    const base = randomBytes(MiB + 1);
    for (let offset = 0, n = 0; offset < total; n++) {
      const piece = Buffer.from(base.subarray(0, Math.min(base.length, total - offset)));
      piece.writeUInt32LE(n, 0);
      offset += piece.length;
      yield piece;
    }
  }

  it('matches the importer (CID and DAG size)', async () => {
    // Both sides see the same pieces: ours hashes them as they pass into the importer.
    const hasher = new UnixfsFileHasher();
    function* tee(): Generator<Uint8Array> {
      for (const piece of pattern()) {
        hasher.update(piece);
        yield piece;
      }
    }
    const reference = await importerFileCid(tee());
    const ours = hasher.digest();
    expect(ours.size).toBe(total);
    expect({ cid: ours.cid, dagSize: ours.dagSize }).toEqual(reference);
  }, 600_000);
});
