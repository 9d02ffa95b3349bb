/**
 * The blob collector under a storm of requests for a collection (every
 * download and commit asks for one): calls made while a run is under way
 * share a single run after it, however many there are. A real catalog and
 * blob store in a temp folder; the catalog's candidate query is counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/common/sqlite';
import { BlobCollector } from '../../src-main/storage-node/blobs/blob-collector';
import { BlobStore } from '../../src-main/storage-node/blobs/blob-store';
import { Catalog } from '../../src-main/storage-node/metadata/catalog';
import { storageNodeMigrations } from '../../src-main/storage-node/metadata/schema';
import { makeTempDir } from '../helpers/temp-dir';

describe('BlobCollector', () => {
  let db: Db | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    db?.close();
    await remove?.();
  });

  it('serves 10,000 calls made during a run with one more run, and each resolves after a run that began after it', async () => {
    const temp = await makeTempDir('jcs-collector');
    remove = temp.remove;
    db = openDatabase(`${temp.path}/metadata.db`, storageNodeMigrations);
    const catalog = new Catalog(db);
    const store = new BlobStore(temp.path);
    await store.init();
    const collector = new BlobCollector(catalog, store, (error) => {
      throw error;
    });
    let runs = 0;
    const candidates = catalog.collectionCandidates.bind(catalog);
    catalog.collectionCandidates = (limit) => {
      runs++; // an empty queue: each run asks exactly once
      return candidates(limit);
    };

    const first = collector.collect();
    const during = Array.from({ length: 10_000 }, () => collector.collect());
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);

    // Idle again: a new call runs at once.
    await collector.collect();
    expect(runs).toBe(3);
    await collector.stop();
  });
});
