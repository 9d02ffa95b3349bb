/**
 * Folder sizes in the background against a real storage node: the sizes and
 * counts are right, no more than two walks run at once, folders that leave
 * the view are cancelled (a queued walk never lists, a running one stops),
 * results are cached until `storage.changed`, and usage sums package, bucket
 * and connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract/events';
import { EventBus } from '../../src-main/core/events/event-bus';
import { FOLDER_SIZE_CONCURRENCY, FolderSizeService } from '../../src-main/core/sizes/folder-size-service';
import { NO_CACHE, providerKind } from '../../src-main/providers/registry';
import type { StorageProvider } from '../../src-main/providers/storage-provider';
import { startTestNode, type TestNode } from '../helpers/storage-node';

type SizeEvent = EventPayload<'sizes.folder'>;

describe('FolderSizeService', () => {
  let t: TestNode;
  let provider: StorageProvider;
  let root = '';
  let otherRoot = '';
  let inFlight = 0;
  let maxInFlight = 0;
  const listed: string[] = [];
  /** While set, every listing waits for it (to hold walks in place). */
  let gate: Promise<void> | null = null;
  const events = new EventBus();
  const seen: SizeEvent[] = [];
  events.onAny((e) => {
    if (e.name === 'sizes.folder') seen.push(e.payload);
  });
  const folders = ['a/', 'b/', 'c/', 'd/', 'e/'];

  beforeAll(async () => {
    t = await startTestNode();
    const bucket = await t.client.createBucket('sizes');
    const pkg = await t.client.createPackage(bucket.bucketID, 'p');
    const other = await t.client.createPackage(bucket.bucketID, 'q');
    // Folder i holds i+1 files of 10 bytes, and one nested file of 5.
    await t.client.uploadObjects(pkg.packageID, [
      ...folders.flatMap((f, i) => Array.from({ length: i + 1 }, (_, j) => ({ path: `${f}${j}.bin`, body: Buffer.alloc(10, j) }))),
      ...folders.map((f) => ({ path: `${f}deep/x.bin`, body: Buffer.alloc(5) })),
    ]);
    await t.client.uploadObjects(other.packageID, [{ path: 'z.bin', body: Buffer.alloc(100) }]);
    const real = providerKind('jcs').create({ baseUrl: t.node.url, accessKey: t.credentials!.accessKey }, { secretKey: t.credentials!.secretKey }, NO_CACHE);
    // The real provider, with its listings counted (and held while `gate` is set).
    provider = Object.assign(Object.create(real) as StorageProvider, {
      async listFolder(...args: Parameters<StorageProvider['listFolder']>) {
        listed.push(args[1]);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          if (gate) await gate;
          return await real.listFolder(...args);
        } finally {
          inFlight--;
        }
      },
    });
    root = `p${pkg.packageID}`;
    otherRoot = `p${other.packageID}`;
  });
  afterAll(async () => {
    provider?.close();
    await t.dispose();
  });

  const service = () => new FolderSizeService({ provider: () => provider, capabilities: () => providerKind('jcs').capabilities }, events);
  const eventFor = (prefix: string) => seen.find((e) => e.root === root && e.prefix === prefix);
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('counts the folders in view, two at a time, and answers from its cache the next time', async () => {
    const sizes = service();
    seen.length = 0;
    maxInFlight = 0;
    expect(sizes.watch('v1', 'c', root, folders)).toEqual([]);
    await until(() => folders.every((f) => eventFor(f)));
    expect(folders.map((f) => eventFor(f))).toEqual(folders.map((f, i) => ({ connectionId: 'c', root, prefix: f, objects: i + 2, bytes: (i + 1) * 10 + 5, failed: false })));
    expect(maxInFlight).toBeLessThanOrEqual(FOLDER_SIZE_CONCURRENCY);
    expect(maxInFlight).toBe(2);
    const before = listed.length;
    expect(sizes.watch('v2', 'c', root, ['a/', 'e/'])).toEqual([
      { prefix: 'a/', objects: 2, bytes: 15 },
      { prefix: 'e/', objects: 6, bytes: 55 },
    ]);
    expect(listed.length).toBe(before);
    // A change to the root's objects: nothing is known any more.
    events.emit('storage.changed', { connectionId: 'c', scope: 'objects', parentId: null, rootId: root });
    expect(sizes.watch('v2', 'c', root, ['a/', 'e/'])).toEqual([]);
    sizes.unwatch('v2');
    sizes.unwatch('v1');
  });

  it('drops folders that left the view: queued walks never list, running ones stop', async () => {
    const sizes = service();
    seen.length = 0;
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    listed.length = 0;
    sizes.watch('v', 'c', root, folders);
    await until(() => listed.length === 2); // two walks started, held at their first page
    expect(sizes.activity).toEqual({ running: 2, queued: 3 });
    const running = [...listed];
    sizes.watch('v', 'c', root, ['e/']); // scrolled: only e/ is in view now
    gate = null;
    open();
    await until(() => eventFor('e/') !== undefined && sizes.activity.running === 0);
    expect(eventFor('e/')).toMatchObject({ objects: 6, bytes: 55, failed: false });
    // Nothing else was announced, and of the dropped folders only the two held ones had listed (once each).
    expect(seen.map((e) => e.prefix)).toEqual(['e/']);
    expect(listed.filter((p) => p !== 'e/').sort()).toEqual(running.filter((p) => p !== 'e/').sort());
    sizes.unwatch('v');
  });

  it('sums storage used by the package, its bucket and the connection', async () => {
    const sizes = service();
    const usage = await sizes.usage('c', root);
    const own = { objects: 20, bytes: (1 + 2 + 3 + 4 + 5) * 10 + 25 };
    expect(usage).toEqual({ root: own, parent: { objects: 21, bytes: own.bytes + 100 }, connection: { objects: 21, bytes: own.bytes + 100 } });
    expect((await sizes.usage('c', otherRoot)).root).toEqual({ objects: 1, bytes: 100 });
  });
});
