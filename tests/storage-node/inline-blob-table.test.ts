/**
 * InlineBlobTable.recordAll on a real catalog database: a request's blobs go
 * in statements of 64, 32, … 1 rows, each blob bound on its own. Every count
 * from 0 to 130 (so every statement size, alone and combined) stores exactly
 * the blobs given, byte for byte, and a blob stored already keeps its row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/common/sqlite';
import { Catalog } from '../../src-main/storage-node/metadata/catalog';
import { storageNodeMigrations } from '../../src-main/storage-node/metadata/schema';
import { makeTempDir } from '../helpers/temp-dir';

describe('InlineBlobTable.recordAll', () => {
  let db: Db | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    db?.close();
    await remove?.();
  });

  const blobOf = (data: Buffer) => ({ blob: createHash('sha256').update(data).digest('hex'), data });
  const rowCount = () => (db!.prepare('SELECT count(*) AS n FROM inline_blobs').get() as { n: number }).n;

  it('stores every blob of every request size exactly, and leaves a stored blob as it was', async () => {
    const temp = await makeTempDir('jcs-inline-blobs');
    remove = temp.remove;
    db = openDatabase(`${temp.path}/metadata.db`, storageNodeMigrations);
    const catalog = new Catalog(db);
    let stored = 0;
    for (let count = 0; count <= 130; count++) {
      const blobs = Array.from({ length: count }, (_, i) => blobOf(randomBytes(1 + ((count * 131 + i * 17) % 3000))));
      catalog.transaction(() => catalog.inline.recordAll(blobs));
      stored += count;
      expect(rowCount(), `after a request of ${count}`).toBe(stored);
      for (const { blob, data } of blobs) expect(catalog.inline.data(blob)?.equals(data), `${blob} of a request of ${count}`).toBe(true);
    }

    // INSERT OR IGNORE: content already stored keeps its row; new content beside it is added.
    const known = blobOf(randomBytes(100));
    catalog.transaction(() => catalog.inline.recordAll([known]));
    const fresh = blobOf(randomBytes(100));
    catalog.transaction(() => catalog.inline.recordAll([known, fresh, known]));
    expect(rowCount()).toBe(stored + 2);
    expect(catalog.inline.data(known.blob)?.equals(known.data)).toBe(true);
    expect(catalog.inline.data(fresh.blob)?.equals(fresh.data)).toBe(true);
  });
});
