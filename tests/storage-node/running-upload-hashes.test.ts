/**
 * The running whole-object hash of multipart uploads, on a real blob store and
 * catalog: the digest is right whatever order the parts came in, whatever order
 * complete names them in, and after a part was replaced; and the parts hashed
 * while they came in are not read again (their files are removed before the
 * digest, which must still succeed).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/common/sqlite';
import { BlobStore } from '../../src-main/storage-node/blobs/blob-store';
import { RunningUploadHashes } from '../../src-main/storage-node/blobs/running-upload-hashes';
import { Catalog } from '../../src-main/storage-node/metadata/catalog';
import { storageNodeMigrations } from '../../src-main/storage-node/metadata/schema';
import { makeTempDir } from '../helpers/temp-dir';

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

describe('RunningUploadHashes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let db: Db;
  let store: BlobStore;
  let catalog: Catalog;
  let hashes: RunningUploadHashes;
  let objectId: number;

  beforeEach(async () => {
    dir = await makeTempDir('jcs-running-hash');
    db = openDatabase(join(dir.path, 'metadata.db'), storageNodeMigrations);
    store = new BlobStore(dir.path);
    await store.init();
    catalog = new Catalog(db);
    hashes = new RunningUploadHashes(store, catalog);
    const bucket = catalog.createBucket('b', Date.now());
    const pkg = catalog.createPackage(bucket.bucket_id, 'p', Date.now());
    objectId = catalog.beginMultipartUpload(pkg.package_id, 'big.bin', Date.now()).object_id;
  });

  afterEach(async () => {
    await hashes.close();
    db.close();
    await dir.remove();
  });

  /** Stores a part the way uploadPart does: blob written and placed, part recorded, hasher told. */
  async function storePart(index: number, bytes: Buffer): Promise<{ blob: string; size: number }> {
    const writer = store.newWriter();
    await pipeline(Readable.from([bytes]), writer);
    const blob = writer.result();
    await store.place([blob]);
    catalog.putPart(objectId, index, blob.sha256, blob.size, Date.now());
    hashes.partStored(objectId);
    return { blob: blob.sha256, size: blob.size };
  }

  it('hashes parts as they come in, so complete does not read them again', async () => {
    const data = [randomBytes(3 * 1024 * 1024 + 7), randomBytes(1024 * 1024), randomBytes(5)];
    const segments = [];
    for (const [i, bytes] of data.entries()) segments.push(await storePart(i + 1, bytes));
    expect(await hashes.digest(objectId, segments)).toBe(sha256(...data));
    // Every part was hashed while it came in: the digest no longer needs their files.
    for (const segment of segments) await rm(store.blobPath(segment.blob));
    expect(await hashes.digest(objectId, segments)).toBe(sha256(...data));
  });

  it('continues the prefix when the parts arrive out of order, and starts at index 0 when there is one', async () => {
    const data = [randomBytes(70_000), randomBytes(80_000), randomBytes(90_000), randomBytes(10)];
    const stored = new Map<number, { blob: string; size: number }>();
    for (const index of [2, 0, 3, 1]) stored.set(index, await storePart(index, data[index]!));
    const segments = [0, 1, 2, 3].map((i) => stored.get(i)!);
    expect(await hashes.digest(objectId, segments)).toBe(sha256(...data));
    for (const segment of segments) await rm(store.blobPath(segment.blob));
    expect(await hashes.digest(objectId, segments)).toBe(sha256(...data));
  });

  it('gives the right digest for any order complete names, and after a hashed part was replaced', async () => {
    const one = randomBytes(100_000);
    const two = randomBytes(200_000);
    const s1 = await storePart(1, one);
    const s2 = await storePart(2, two);
    expect(await hashes.digest(objectId, [s2, s1])).toBe(sha256(two, one));
    expect(await hashes.digest(objectId, [s1, s1, s2, s2])).toBe(sha256(one, one, two, two));
    expect(await hashes.digest(objectId, [s1])).toBe(sha256(one));

    const newOne = randomBytes(100_000);
    const n1 = await storePart(1, newOne);
    expect(await hashes.digest(objectId, [n1, s2])).toBe(sha256(newOne, two));
  });

  it('hashes everything on complete when it never saw the parts (a restart in between) or was told to forget', async () => {
    const data = [randomBytes(50_000), randomBytes(60_000)];
    const segments = [];
    for (const [i, bytes] of data.entries()) segments.push(await storePart(i + 1, bytes));
    const afterRestart = new RunningUploadHashes(store, catalog);
    expect(await afterRestart.digest(objectId, segments)).toBe(sha256(...data));
    await afterRestart.close();
    hashes.forget(objectId);
    expect(await hashes.digest(objectId, segments)).toBe(sha256(...data));
    await rm(store.blobPath(segments[0]!.blob));
    await expect(hashes.digest(objectId, segments)).rejects.toThrow();
  });
});
