/**
 * Small files travel several per request (the multi-file `upload`): 300
 * files take a handful of requests of at most 64 files each, files near the
 * multipart threshold are capped by bytes per request, and every object
 * arrives with the fileHash of its local file.
 */
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventsNamed, fullHash, objectsUnder, openRig, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

/** Files and bytes per request, as the connection's service takes them (JCS: 64 files, 16 MiB). */
function batchLimits(r: TransferRig): { maxFiles: number; maxBytes: number } {
  const limits = r.connections.provider(r.connectionId).capabilities.batchUpload;
  if (!limits) throw new Error('the service takes one file per request');
  return limits;
}

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('small-file batching', () => {
  it('300 small files go up in a few multi-file requests of at most 64 files, all stored with the right hashes', async () => {
    rig = await openRig({ settings: { maxConcurrentFiles: 3 } });
    const folder = join(rig.localDir, 'many');
    const hashes = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      const name = `sub${i % 3}/file-${String(i).padStart(3, '0')}.dat`;
      hashes.set(`many/${name}`, fullHash(await writeRandomFile(join(folder, name), randomInt(0, 5000))));
    }

    const result = await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [folder]);
    expect(result).toMatchObject({ jobs: 300, conflicts: 0 });
    const rows = await rig.waitIdle(30_000);
    expect(rows.filter((r) => r.state !== 'completed').map((r) => `${r.display_name}: ${r.error_message}`)).toEqual([]);

    const { maxFiles: BATCH_MAX_FILES } = batchLimits(rig);
    const uploads = rig.proxy.seen('/object/upload');
    expect(uploads.length).toBeLessThanOrEqual(Math.ceil(300 / BATCH_MAX_FILES) + 1);
    expect(uploads.every((q) => q.files <= BATCH_MAX_FILES && q.status === 200)).toBe(true);
    expect(uploads.reduce((sum, q) => sum + q.files, 0)).toBe(300);
    expect(rig.proxy.count('/object/uploadPart')).toBe(0);

    const stored = await objectsUnder(rig, 'many/');
    expect(stored).toHaveLength(300);
    for (const object of stored) expect(object.fileHash).toBe(hashes.get(object.path));

    // Batches are announced at the next progress snapshot, once.
    await vi.waitFor(() => expect(eventsNamed(rig!, 'transfers.batchFinished')).toHaveLength(1), { timeout: 2000 });
    const finished = eventsNamed(rig, 'transfers.batchFinished');
    expect(finished.map((e) => e.payload)).toEqual([{ batchId: result.batchId, direction: 'upload', completed: 300, skipped: 0, failed: 0, total: 300, sync: false }]);
  });

  it('a request carries at most 16 MiB: files just under the multipart threshold are split over several requests', async () => {
    rig = await openRig({ settings: { maxConcurrentFiles: 1, multipartThresholdMiB: 4 } });
    const folder = join(rig.localDir, 'chunky');
    const hashes = new Map<string, string>();
    for (let i = 0; i < 10; i++) hashes.set(`chunky/f${i}.bin`, fullHash(await writeRandomFile(join(folder, `f${i}.bin`), 3_000_000)));

    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'overwrite' }, [folder]);
    const rows = await rig.waitIdle(30_000);
    expect(rows.every((r) => r.state === 'completed')).toBe(true);

    const { maxBytes: BATCH_MAX_BYTES } = batchLimits(rig);
    expect(BATCH_MAX_BYTES).toBe(16 * 1024 * 1024);
    const uploads = rig.proxy.seen('/object/upload');
    expect(uploads.length).toBe(2); // 5 files of 3 MB fill a request; a sixth would pass 16 MiB
    for (const q of uploads) expect(q.bytesUp).toBeLessThanOrEqual(BATCH_MAX_BYTES + 64 * 1024);
    for (const object of await objectsUnder(rig, 'chunky/')) expect(object.fileHash).toBe(hashes.get(object.path));
  });
});
