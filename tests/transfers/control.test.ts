/**
 * Pause, resume and cancel against a real storage node, watched through a
 * real proxy: pausing stops the traffic at once (no trickle) and resuming
 * finishes the job without resending what was acknowledged; cancelling
 * removes the unfinished staging object on the server and the partial
 * download file on disk.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitIntoSpans } from '../../src-main/core/transfers/part-size';
import { waitFor } from '../helpers/core';
import { MiB, fullHash, objectAt, objectTarget, objectsUnder, openRig, putObject, readObject, sleep, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const UPLOAD = '/object/uploadPart';
const DOWNLOAD = '/object/download';

async function startUpload(r: TransferRig, name: string, size: number): Promise<{ id: string; bytes: Buffer }> {
  const bytes = await writeRandomFile(join(r.localDir, name), size);
  await r.service.uploadPaths({ connectionId: r.connectionId, root: r.rootId, targetFolder: 'up/', conflict: 'ask' }, [join(r.localDir, name)]);
  return { id: r.jobs().at(-1)!.id, bytes };
}

async function startDownload(r: TransferRig, path: string, size: number): Promise<{ id: string; bytes: Buffer; target: string }> {
  const bytes = randomBytes(size);
  await putObject(r, path, bytes);
  await r.service.download({ connectionId: r.connectionId, root: r.rootId, targets: [await objectTarget(r, path)], localFolder: r.localDir, conflict: 'ask' });
  return { id: r.jobs().at(-1)!.id, bytes, target: join(r.localDir, path.slice(path.lastIndexOf('/') + 1)) };
}

/** Asserts that nothing at all reaches the proxy for `ms` (after a moment for aborted requests to wind down). */
async function expectSilence(r: TransferRig, ms: number): Promise<void> {
  await sleep(100);
  const mark = r.proxy.mark;
  const up = r.proxy.bytesUp();
  const down = r.proxy.bytesDown();
  await sleep(ms);
  expect(r.proxy.requests.filter((q) => q.seq >= mark).map((q) => q.route)).toEqual([]);
  expect(r.proxy.bytesUp()).toBe(up);
  expect(r.proxy.bytesDown()).toBe(down);
}

describe('pause and resume', () => {
  it('pausing an upload stops its traffic at once; resuming finishes it without resending acknowledged parts', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096, maxConcurrentParts: 2 } });
    const size = 6 * MiB + 77;
    const { id, bytes } = await startUpload(rig, 'paused.bin', size);
    await waitFor('two parts acknowledged', () => rig!.store.units(id).length >= 2);

    expect(rig.engine.pause([id])).toBe(1);
    expect(rig.job(id).state).toBe('paused');
    await expectSilence(rig, 1000);
    const paused = rig.job(id);
    expect(paused.state).toBe('paused');
    const recorded = rig.store.units(id).map((u) => u.idx);
    expect(recorded.length).toBeLessThan(splitIntoSpans(size, MiB).length);

    const mark = rig.proxy.mark;
    expect(rig.engine.resume([id])).toBe(1);
    const done = await rig.waitForState(id, ['completed', 'failed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    const resent = rig.proxy.seen(UPLOAD, mark).map((q) => q.partIndex!);
    for (const idx of recorded) expect(resent).not.toContain(idx);
    expect((await objectAt(rig, 'up/paused.bin'))?.fileHash).toBe(fullHash(bytes));
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('pausing a download stops its traffic at once; resuming continues from the ranges on disk', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096, maxConcurrentParts: 2 } });
    const size = 6 * MiB + 5;
    const { id, bytes, target } = await startDownload(rig, 'dl/paused.bin', size);
    await waitFor('two ranges on disk', () => rig!.store.units(id).length >= 2);

    rig.engine.pause(null);
    await expectSilence(rig, 1000);
    expect(rig.job(id).state).toBe('paused');
    const recorded = new Set(rig.store.units(id).map((u) => u.offset));
    await expect(stat(target + '.jcs-download')).resolves.toBeTruthy();

    const mark = rig.proxy.mark;
    rig.engine.resume(null);
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    for (const q of rig.proxy.seen(DOWNLOAD, mark)) expect(recorded.has(Number(q.query.get('offset')))).toBe(false);
    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect((await readdir(rig.localDir)).filter((n) => n.endsWith('.jcs-download'))).toEqual([]);
  });

  it('a paused job stays paused across a restart until resumed', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096 } });
    const first = await startUpload(rig, 'one.bin', 3 * MiB);
    await waitFor('a part acknowledged', () => rig!.store.units(first.id).length >= 1);
    rig.engine.pause([first.id]);
    await rig.restart();
    await sleep(300);
    expect(rig.job(first.id).state).toBe('paused');
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.engine.resume([first.id]);
    expect((await rig.waitForState(first.id, 'completed')).bytes_done).toBe(3 * MiB);
    expect((await readObject(rig, 'up/one.bin')).equals(first.bytes)).toBe(true);
  });
  it('pausing one file of a batch of small files pauses it alone: the others go up', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 256 } });
    const folder = join(rig.localDir, 'batch');
    const contents = new Map<string, Buffer>();
    for (const name of ['1.bin', '2.bin', '3.bin']) contents.set(name, await writeRandomFile(join(folder, name), 200_000));
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [folder]);
    const jobs = new Map(rig.jobs().map((j) => [j.display_name, j.id]));
    await waitFor('the batch to be on its way', () => rig!.proxy.bytesUp('/object/upload') > 100_000);

    rig.engine.pause([jobs.get('2.bin')!]);
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    await rig.waitForState(jobs.get('1.bin')!, 'completed');
    await rig.waitForState(jobs.get('3.bin')!, 'completed');
    expect(rig.job(jobs.get('2.bin')!).state).toBe('paused');
    expect(await objectAt(rig, 'batch/2.bin')).toBeUndefined();
    expect((await readObject(rig, 'batch/1.bin')).equals(contents.get('1.bin')!)).toBe(true);
    expect((await readObject(rig, 'batch/3.bin')).equals(contents.get('3.bin')!)).toBe(true);

    rig.engine.resume(null);
    await rig.waitForState(jobs.get('2.bin')!, 'completed');
    expect((await readObject(rig, 'batch/2.bin')).equals(contents.get('2.bin')!)).toBe(true);
  });
});

describe('cancel', () => {
  it('cancelling a running multipart upload removes its staging object and leaves nothing at the final path', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096 } });
    const { id } = await startUpload(rig, 'cancelled.bin', 6 * MiB);
    await waitFor('two parts acknowledged', () => rig!.store.units(id).length >= 2);
    expect(rig.job(id).upload_handle).not.toBeNull();
    const staging = `.jcs-uploads/${id}/cancelled.bin`; // where the JCS adapter stages it
    expect((await objectAt(rig, staging))?.redundancy.type).toBe('multipartUpload');

    expect(rig.engine.cancel([id])).toBe(1);
    await rig.waitForState(id, 'cancelled');
    await waitFor('the staging object to be removed', async () => (await objectsUnder(rig!, '.jcs-uploads/')).length === 0);
    expect(await objectAt(rig, 'up/cancelled.bin')).toBeUndefined();
    await expectSilence(rig, 300);
    await waitFor('the job row to be cleaned', () => rig!.job(id).upload_handle === null);
    expect(rig.store.units(id)).toEqual([]);
  });

  it('cancelling a paused multipart upload removes its staging object too', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096 } });
    const { id } = await startUpload(rig, 'paused-then-cancelled.bin', 4 * MiB);
    await waitFor('a part acknowledged', () => rig!.store.units(id).length >= 1);
    rig.engine.pause([id]);
    await rig.waitForState(id, 'paused');
    expect(await objectsUnder(rig, '.jcs-uploads/')).toHaveLength(1);

    rig.engine.cancel([id]);
    await rig.waitForState(id, 'cancelled');
    await waitFor('the staging object to be removed', async () => (await objectsUnder(rig!, '.jcs-uploads/')).length === 0);
    expect(await objectAt(rig, 'up/paused-then-cancelled.bin')).toBeUndefined();
  });

  it('cancelling a running download deletes the partial file and creates no final file', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096 } });
    const { id, target } = await startDownload(rig, 'dl/cancelled.bin', 6 * MiB);
    await waitFor('two ranges on disk', () => rig!.store.units(id).length >= 2);
    await expect(stat(target + '.jcs-download')).resolves.toBeTruthy();

    rig.engine.cancel([id]);
    await rig.waitForState(id, 'cancelled');
    await waitFor('the partial file to be removed', async () => (await readdir(rig!.localDir)).length === 0);
    await expectSilence(rig, 300);
    expect(await readdir(rig.localDir)).toEqual([]);
    expect(rig.store.units(id)).toEqual([]);
  });

  it('cancelled jobs can be retried and then finish from scratch', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 8192 } });
    const { id, bytes } = await startUpload(rig, 'again.bin', 3 * MiB);
    await waitFor('a part acknowledged', () => rig!.store.units(id).length >= 1);
    rig.engine.cancel([id]);
    await rig.waitForState(id, 'cancelled');
    await waitFor('the staging object to be removed', async () => (await objectsUnder(rig!, '.jcs-uploads/')).length === 0);

    rig.setSettings({ bandwidthLimitKiBps: 0 });
    expect(rig.engine.retry([id])).toBe(1);
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    expect((await objectAt(rig, 'up/again.bin'))?.fileHash).toBe(fullHash(bytes));
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });
});
