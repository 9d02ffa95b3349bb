/**
 * Restarting the app in the middle of a transfer: the engine is stopped
 * between parts (a graceful stop lets the parts in flight finish and records
 * them; one whose grace runs out cuts them, unrecorded), a new engine on the
 * reopened database picks the job up, and only what was not recorded goes
 * over the wire again. Requests are counted by a
 * real proxy between the engine and a real storage node.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitIntoSpans } from '../../src-main/core/transfers/part-size';
import { waitFor } from '../helpers/core';
import { MiB, fullHash, objectAt, objectTarget, objectsUnder, openRig, putObject, readObject, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Stops the engine when the node answers the `n`th request to `route` (before the engine sees that answer). */
function stopAfterAnswers(r: TransferRig, route: string, n: number): () => Promise<void> {
  let answered = 0;
  let stopping: Promise<void> | undefined;
  r.proxy.onAnswer = (request) => {
    if (request.route === route && ++answered === n) stopping = r.engine.stop();
  };
  return async () => {
    await waitFor(`${n} answers to ${route}`, () => stopping !== undefined);
    await stopping;
    r.proxy.onAnswer = undefined;
  };
}

describe('resuming after a restart', () => {
  it('sends only the missing parts of a multipart upload, then places the complete object', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 2, multipartThresholdMiB: 1 } });
    const size = 8 * MiB + 12_345; // 9 parts of 1 MiB
    const parts = splitIntoSpans(size, MiB).length;
    const bytes = await writeRandomFile(join(rig.localDir, 'big.bin'), size);
    const stopped = stopAfterAnswers(rig, '/object/uploadPart', 3);

    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: 'in/', conflict: 'ask' }, [join(rig.localDir, 'big.bin')]);
    const id = rig.jobs()[0]!.id;
    await stopped();

    // Stopped between parts: back in the queue, the parts that were acknowledged recorded.
    const interrupted = rig.job(id);
    expect(interrupted.state).toBe('queued');
    const recorded = rig.store.units(id).map((u) => u.idx);
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(recorded.length).toBeLessThan(parts);
    expect(interrupted.bytes_done).toBe(rig.store.units(id).reduce((sum, u) => sum + u.size, 0));
    // Every part that went out before the stop was acknowledged and recorded: none is lost.
    const before = rig.proxy.seen('/object/uploadPart');
    expect(before.every((r) => r.status === 200)).toBe(true);
    expect(before.map((r) => r.partIndex).sort((a, b) => a! - b!)).toEqual(recorded);
    // The unfinished upload waits under .jcs-uploads; nothing is at the final path yet.
    expect(interrupted.upload_handle).not.toBeNull();
    expect((await objectAt(rig, `.jcs-uploads/${id}/big.bin`))?.redundancy.type).toBe('multipartUpload'); // where the JCS adapter stages it
    expect(await objectAt(rig, 'in/big.bin')).toBeUndefined();

    const mark = rig.proxy.mark;
    await rig.restart();
    const done = await rig.waitForState(id, ['completed', 'failed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');

    const resent = rig.proxy.seen('/object/uploadPart', mark);
    const missing = Array.from({ length: parts }, (_, i) => i + 1).filter((i) => !recorded.includes(i));
    expect(resent.map((r) => r.partIndex).sort((a, b) => a! - b!)).toEqual(missing);
    expect(rig.proxy.count('/object/newMultipartUpload')).toBe(1); // the same staged upload was continued
    expect(rig.proxy.count('/object/completeMultipartUpload')).toBe(1);

    const placed = await objectAt(rig, 'in/big.bin');
    expect(placed?.size).toBe(size);
    expect(placed?.fileHash).toBe(fullHash(bytes));
    expect((await readObject(rig, 'in/big.bin')).equals(bytes)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
    expect(done.upload_handle).toBeNull();
    expect(done.bytes_done).toBe(size);
  });

  it('a stop whose grace period runs out aborts the parts in flight; they are sent again after the restart', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 2048, maxConcurrentParts: 2 } });
    const size = 4 * MiB;
    const bytes = await writeRandomFile(join(rig.localDir, 'slow.bin'), size);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'slow.bin')]);
    const id = rig.jobs()[0]!.id;
    await waitFor('a part acknowledged', () => rig!.store.units(id).length >= 1);

    const stopping = performance.now();
    await rig.engine.stop(100);
    expect(performance.now() - stopping).toBeLessThan(1000);
    expect(rig.job(id).state).toBe('queued');
    const recorded = rig.store.units(id).map((u) => u.idx);
    expect(recorded.length).toBeLessThan(4);
    // What was in flight was cut, not acknowledged.
    expect(rig.proxy.seen('/object/uploadPart').filter((q) => q.status === 200).map((q) => q.partIndex).sort()).toEqual(recorded);

    rig.setSettings({ bandwidthLimitKiBps: 0 });
    const mark = rig.proxy.mark;
    await rig.restart();
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    expect(rig.proxy.seen('/object/uploadPart', mark).map((q) => q.partIndex!).sort()).toEqual([1, 2, 3, 4].filter((i) => !recorded.includes(i)));
    expect((await readObject(rig, 'slow.bin')).equals(bytes)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('continues a ranged download from the bytes on disk, fetching no recorded range again', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 2, multipartThresholdMiB: 1 } });
    const size = 7 * MiB + 999;
    const bytes = randomBytes(size);
    await putObject(rig, 'data/movie.bin', bytes);
    const stopped = stopAfterAnswers(rig, '/object/download', 3);

    await rig.service.download({
      connectionId: rig.connectionId,
      root: rig.rootId,
      targets: [await objectTarget(rig, 'data/movie.bin')],
      localFolder: rig.localDir,
      conflict: 'ask',
    });
    const id = rig.jobs()[0]!.id;
    await stopped();

    const target = join(rig.localDir, 'movie.bin');
    const interrupted = rig.job(id);
    expect(interrupted.state).toBe('queued');
    const recorded = rig.store.units(id);
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(recorded.length).toBeLessThan(splitIntoSpans(size, MiB).length);
    // The recorded ranges are on disk in the partial file; the final name does not exist yet.
    const partial = await readFile(target + '.jcs-download');
    for (const unit of recorded) expect(partial.subarray(unit.offset, unit.offset + unit.size).equals(bytes.subarray(unit.offset, unit.offset + unit.size))).toBe(true);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });

    const mark = rig.proxy.mark;
    await rig.restart();
    const done = await rig.waitForState(id, ['completed', 'failed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');

    const fetched = rig.proxy.seen('/object/download', mark);
    const recordedOffsets = new Set(recorded.map((u) => u.offset));
    for (const request of fetched) expect(recordedOffsets.has(Number(request.query.get('offset')))).toBe(false);
    const fetchedBytes = fetched.reduce((sum, r) => sum + Number(r.query.get('length')), 0);
    expect(fetchedBytes).toBe(size - recorded.reduce((sum, u) => sum + u.size, 0));
    expect(fetched.reduce((sum, r) => sum + r.bytesDown, 0)).toBe(fetchedBytes);

    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect((await readdir(rig.localDir)).filter((n) => n.endsWith('.jcs-download'))).toEqual([]);
    expect(rig.store.units(id).length).toBe(splitIntoSpans(size, MiB).length);
  });
});
