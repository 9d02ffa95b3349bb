/**
 * The transfer engine against a service that is not JCS: the in-memory
 * provider, in two shapes. A flat store (no folders, no ranges, no multipart,
 * a hash it does not vouch for, or none): large files go up as one streamed
 * `put` and come down as one stream, interruptions restart them from the
 * first byte, and downloads are "not verified". A store with real folders,
 * ranged reads, a server-side move, multipart uploads that are not staged and
 * can list their parts, and hashes it computes: large files go in parts and
 * come back in ranges, a restart sends only what the service does not hold,
 * and downloads are verified. Conflict policies, pause and resume, restarts
 * and the queue sync uses work the same on both. Every call the engine makes
 * on the provider is recorded, so "nothing was sent again" is checked, not
 * assumed.
 */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobView } from '../../src-main/core/transfers/transfer-store';
import type { SettledTransfer } from '../../src-main/core/transfers/transfer-queue';
import { readAll, reusedBufferBody } from '../providers/provider-test-kit';
import { waitFor } from '../helpers/core';
import type { MemoryProviderOptions } from '../helpers/memory-provider/memory-provider';
import { openMemoryRig, type MemoryRig } from '../helpers/memory-transfers';
import { MiB, sleep, writeRandomFile } from '../helpers/transfers';

const FLAT_UNTRUSTED: MemoryProviderOptions = { folders: 'none', ranges: false, multipart: null, hash: { algorithm: 'sha256', trusted: false } };
const FLAT_NO_HASH: MemoryProviderOptions = { folders: 'none', ranges: false, multipart: null, hash: null };
const FOLDERS: MemoryProviderOptions = {
  folders: 'real',
  ranges: true,
  move: true,
  multipart: { minPartSize: MiB, maxPartSize: 64 * MiB, maxParts: 10_000, listParts: true },
  hash: { algorithm: 'sha256', trusted: true },
};

let rig: MemoryRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function stored(r: MemoryRig, path: string): Promise<Buffer | undefined> {
  const entry = await r.provider.stat(r.root, path);
  return entry && readAll(await r.provider.read(r.root, entry));
}

async function putRemote(r: MemoryRig, path: string, bytes: Buffer): Promise<void> {
  await r.provider.put(r.root, [{ path, body: reusedBufferBody(bytes) }]);
}

async function upload(r: MemoryRig, paths: string[], folder = '', conflict: 'ask' | 'overwrite' | 'skip' | 'keepBoth' = 'ask') {
  return r.service.uploadPaths({ connectionId: r.connectionId, root: r.root, targetFolder: folder, conflict }, paths);
}

async function download(r: MemoryRig, paths: string[], localFolder: string, conflict: 'ask' | 'overwrite' | 'skip' | 'keepBoth' = 'ask') {
  return r.service.download({ connectionId: r.connectionId, root: r.root, targets: paths.map((path) => ({ type: 'object' as const, path })), localFolder, conflict });
}

const byName = (r: MemoryRig) => new Map(r.jobs().map((j) => [j.display_name, j]));

describe.each([
  ['a flat service whose hash is not vouched for', FLAT_UNTRUSTED],
  ['a flat service without hashes', FLAT_NO_HASH],
  ['a service with folders, ranges, unstaged multipart and trusted hashes', FOLDERS],
])('small and large files, up and back down, on %s', (_name, shape) => {
  it('stores what was read, brings back what is stored, and says whether the download was verified', async () => {
    rig = await openMemoryRig(shape);
    const small = await writeRandomFile(join(rig.localDir, 'note.txt'), 5000);
    const big = await writeRandomFile(join(rig.localDir, 'big.bin'), 3 * MiB + 512 * 1024);
    await upload(rig, [join(rig.localDir, 'note.txt'), join(rig.localDir, 'big.bin')]);
    const ups = await rig.waitIdle();
    expect(ups.map((j) => [j.display_name, j.state, j.error_message])).toEqual([
      ['note.txt', 'completed', null],
      ['big.bin', 'completed', null],
    ]);
    expect((await stored(rig, 'note.txt'))?.equals(small)).toBe(true);
    expect((await stored(rig, 'big.bin'))?.equals(big)).toBe(true);
    if (shape.multipart) {
      expect(rig.callsOf('initiate').map((c) => c.path)).toEqual(['big.bin']);
      expect(rig.callsOf('putPart').map((c) => c.index).sort()).toEqual([1, 2, 3, 4]);
      expect(rig.callsOf('put').flatMap((c) => c.paths)).toEqual(['note.txt']);
    } else {
      expect(rig.callsOf('put').flatMap((c) => c.paths).sort()).toEqual(['big.bin', 'note.txt']); // one streamed put each
    }
    // What the queue tells sync: the object's version, and the SHA-256 of what went up.
    const row = ups.find((j) => j.display_name === 'big.bin')!;
    expect(row.remote_version).toBe((await rig.provider.stat(rig.root, 'big.bin'))!.version);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);

    const mark = rig.calls.length;
    const down = join(rig.localDir, 'down');
    await download(rig, ['note.txt', 'big.bin'], down);
    const downs = (await rig.waitIdle()).filter((j) => j.direction === 'download');
    expect(downs.map((j) => j.state)).toEqual(['completed', 'completed']);
    expect((await readFile(join(down, 'note.txt'))).equals(small)).toBe(true);
    expect((await readFile(join(down, 'big.bin'))).equals(big)).toBe(true);
    const reads = rig.callsOf('read', mark).filter((c) => c.path === 'big.bin');
    if (shape.ranges) expect(reads.map((c) => c.range?.offset).sort((a, b) => a! - b!)).toEqual([0, MiB, 2 * MiB, 3 * MiB]);
    else expect(reads).toEqual([{ method: 'read', path: 'big.bin', range: undefined }]);
    const trusted = shape.hash?.trusted === true;
    for (const job of downs) expect(jobView(job).verified).toBe(trusted);
    expect(await readdir(down)).toEqual(['big.bin', 'note.txt']);
  });
});

describe.each([
  ['a flat service (a large file waits on this machine, then goes as one put)', FLAT_UNTRUSTED],
  ['a service with unstaged multipart uploads (each chunk is a part)', FOLDERS],
])('files a browser sends in chunks, on %s', (_name, shape) => {
  it('arrive whole; a repeated chunk does no harm; nothing is left behind on this machine', async () => {
    rig = await openMemoryRig(shape);
    const small = Buffer.from('a note from the page');
    const big = Buffer.alloc(2 * MiB + 4321, 3);
    big.write('not all the same bytes', 12345);
    const { files } = await rig.service.uploadBrowserFiles({ connectionId: rig.connectionId, root: rig.root, targetFolder: '', conflict: 'ask' }, [
      { relativePath: 'note.txt', size: small.length },
      { relativePath: 'big.bin', size: big.length },
    ]);
    expect(await rig.engine.acceptBrowserChunk(files[0]!.jobId, 0, small)).toEqual({ next: 1, done: true });
    const { jobId, chunkSize } = files[1]!;
    expect(chunkSize).toBe(MiB);
    const chunks = Math.ceil(big.length / chunkSize);
    for (let i = 0; i < chunks; i++) {
      const chunk = big.subarray(i * chunkSize, (i + 1) * chunkSize);
      expect(await rig.engine.acceptBrowserChunk(jobId, i, chunk)).toEqual({ next: i + 1, done: i === chunks - 1 });
      if (i === 0) expect(await rig.engine.acceptBrowserChunk(jobId, 0, chunk)).toEqual({ next: 1, done: false });
    }
    expect((await stored(rig, 'note.txt'))?.equals(small)).toBe(true);
    expect((await stored(rig, 'big.bin'))?.equals(big)).toBe(true);
    expect(rig.job(jobId)).toMatchObject({ state: 'completed', upload_handle: null });
    if (shape.multipart) expect(rig.callsOf('putPart').map((c) => c.index)).toEqual([1, 2, 3]);
    else expect(rig.callsOf('put').flatMap((c) => c.paths)).toEqual(['note.txt', 'big.bin']);
    expect(await readdir(rig.spoolDir).catch(() => [])).toEqual([]); // the chunks kept for the put are gone
  });
});

describe('a flat service (no folders, no ranges, no multipart, untrusted hash)', () => {
  it('refuses the files of a dropped folder, saying why, and stores the loose ones', async () => {
    rig = await openMemoryRig(FLAT_UNTRUSTED);
    await writeRandomFile(join(rig.localDir, 'album', 'one.jpg'), 100);
    const loose = await writeRandomFile(join(rig.localDir, 'loose.txt'), 100);
    await upload(rig, [join(rig.localDir, 'album'), join(rig.localDir, 'loose.txt')]);
    const jobs = byName(rig);
    expect(jobs.get('one.jpg')).toMatchObject({ state: 'failed', error_code: 'InvalidInput' });
    expect(jobs.get('one.jpg')!.error_message).toContain("'album/one.jpg' is in a folder, and this service has no folders");
    await rig.waitForState(jobs.get('loose.txt')!.id, 'completed');
    expect((await stored(rig, 'loose.txt'))?.equals(loose)).toBe(true);
    await expect(rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.root, targetFolder: 'album/', conflict: 'ask' }, [join(rig.localDir, 'loose.txt')])).rejects.toMatchObject({ code: 'InvalidInput' });
  });

  it('a paused streamed upload sends the whole file again when resumed, and an interrupted download reads it again from the start', async () => {
    rig = await openMemoryRig(FLAT_UNTRUSTED, { bandwidthLimitKiBps: 2048 });
    const bytes = await writeRandomFile(join(rig.localDir, 'film.bin'), 3 * MiB);
    await upload(rig, [join(rig.localDir, 'film.bin')]);
    const id = rig.jobs()[0]!.id;
    await waitFor('bytes on their way', () => (rig!.engine.list(0, 10).jobs[0]?.bytesDone ?? 0) > 256 * 1024);
    expect(rig.engine.pause([id])).toBe(1);
    const puts = rig.callsOf('put').length;
    await sleep(400);
    expect(rig.callsOf('put')).toHaveLength(puts);
    expect(await rig.provider.stat(rig.root, 'film.bin')).toBeUndefined(); // nothing half-sent is stored
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.engine.resume([id]);
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    expect(rig.callsOf('put')).toHaveLength(puts + 1); // the whole file, once more
    expect((await stored(rig, 'film.bin'))?.equals(bytes)).toBe(true);

    // Down, stopped in the middle (the app quits): after the restart it is read from its first byte again.
    rig.setSettings({ bandwidthLimitKiBps: 2048 });
    const down = join(rig.localDir, 'down');
    await download(rig, ['film.bin'], down);
    const dl = rig.jobs().at(-1)!.id;
    await waitFor('bytes coming in', () => (rig!.engine.list(0, 10).jobs.find((j) => j.id === dl)?.bytesDone ?? 0) > 256 * 1024);
    await rig.restart({ graceMs: 50 });
    expect(rig.job(dl).state).not.toBe('completed');
    const mark = rig.calls.length;
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    expect((await rig.waitForState(dl, ['completed', 'failed'])).state).toBe('completed');
    expect(rig.callsOf('read', mark)).toEqual([{ method: 'read', path: 'film.bin', range: undefined }]);
    expect((await readFile(join(down, 'film.bin'))).equals(bytes)).toBe(true);
    expect(jobView(rig.job(dl)).verified).toBe(false);
  });

  it("'require verified downloads' refuses what cannot be verified before anything is written or read", async () => {
    rig = await openMemoryRig(FLAT_UNTRUSTED, { requireVerifiedDownloads: true });
    await putRemote(rig, 'doc.txt', Buffer.from('no hash to trust'));
    const down = join(rig.localDir, 'down');
    await download(rig, ['doc.txt'], down);
    const [job] = await rig.waitIdle();
    expect(job).toMatchObject({ state: 'failed', error_code: 'UnverifiableHash' });
    expect(job!.error_message).toMatch(/settings require verified downloads; nothing was written/);
    expect(rig.callsOf('read')).toEqual([]);
    await expect(readdir(down)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.each([
  ['a flat service', FLAT_UNTRUSTED],
  ['a service with folders and unstaged multipart', FOLDERS],
])('conflicts on %s', (_name, shape) => {
  it("'ask' makes uploads (small and large) wait; overwrite, skip and keep both do what they say, for uploads and downloads", async () => {
    rig = await openMemoryRig(shape);
    for (const name of ['a.txt', 'b.txt', 'c.txt', 'big.bin']) await putRemote(rig, name, Buffer.from(`old ${name}`));
    const fresh = new Map<string, Buffer>();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) fresh.set(name, await writeRandomFile(join(rig.localDir, 'up', name), 700));
    fresh.set('big.bin', await writeRandomFile(join(rig.localDir, 'up', 'big.bin'), 2 * MiB + 3));
    const result = await upload(rig, ['a.txt', 'b.txt', 'c.txt', 'big.bin'].map((n) => join(rig!.localDir, 'up', n)));
    expect(result.conflicts).toBe(4);
    await rig.waitIdle();
    expect(rig.service.conflicts(100).total).toBe(4);
    expect(rig.callsOf('put')).toEqual([]);
    expect(rig.callsOf('putPart')).toEqual([]);

    const jobs = byName(rig);
    rig.engine.resolveConflict(jobs.get('a.txt')!.id, 'overwrite', false);
    rig.engine.resolveConflict(jobs.get('b.txt')!.id, 'skip', false);
    rig.engine.resolveConflict(jobs.get('c.txt')!.id, 'keepBoth', false);
    rig.engine.resolveConflict(jobs.get('big.bin')!.id, 'keepBoth', false);
    await rig.waitIdle();
    expect((await stored(rig, 'a.txt'))?.equals(fresh.get('a.txt')!)).toBe(true);
    expect((await stored(rig, 'b.txt'))?.toString()).toBe('old b.txt');
    expect(rig.job(jobs.get('b.txt')!.id)).toMatchObject({ state: 'completed', error_code: 'Skipped' });
    expect((await stored(rig, 'c.txt'))?.toString()).toBe('old c.txt');
    expect((await stored(rig, 'c (1).txt'))?.equals(fresh.get('c.txt')!)).toBe(true);
    expect((await stored(rig, 'big.bin'))?.toString()).toBe('old big.bin');
    expect((await stored(rig, 'big (1).bin'))?.equals(fresh.get('big.bin')!)).toBe(true);
    if (shape.multipart) expect(rig.callsOf('initiate').map((c) => c.path)).toEqual(['big (1).bin']); // decided before any part went out

    // Downloads onto files that exist here.
    const down = join(rig.localDir, 'down');
    await rig.service.download({ connectionId: rig.connectionId, root: rig.root, targets: [{ type: 'object', path: 'a.txt' }], localFolder: down, conflict: 'ask' });
    await rig.waitIdle();
    await writeFile(join(down, 'b.txt'), 'local b');
    await writeFile(join(down, 'c.txt'), 'local c');
    await download(rig, ['a.txt', 'b.txt', 'c.txt'], down, 'keepBoth');
    await download(rig, ['b.txt'], down, 'skip');
    await rig.waitIdle();
    expect(await readFile(join(down, 'b.txt'), 'utf8')).toBe('local b');
    expect((await readFile(join(down, 'a (1).txt'))).equals(fresh.get('a.txt')!)).toBe(true);
    expect(await readFile(join(down, 'b (1).txt'), 'utf8')).toBe('old b.txt');
    expect(await readFile(join(down, 'c (1).txt'), 'utf8')).toBe('old c.txt');
  });

  it('a job of the queue sync uses keeps the version it replaces at its trash path, and tells how it settled', async () => {
    rig = await openMemoryRig(shape);
    await putRemote(rig, 'notes.txt', Buffer.from('the version sync replaces'));
    const fresh = await writeRandomFile(join(rig.localDir, 'notes.txt'), 900);
    const settled: SettledTransfer[] = [];
    rig.engine.onSettled((job) => settled.push(job));
    const { mtimeMs } = await stat(join(rig.localDir, 'notes.txt'));
    const trash = shape.folders === 'real' ? '.trash/notes.txt' : 'notes.txt.replaced';
    const { jobs } = rig.engine.enqueue('task-1', [
      { direction: 'upload', connectionId: rig.connectionId, root: rig.root, remotePath: 'notes.txt', localPath: join(rig.localDir, 'notes.txt'), localRoot: null, displayName: 'notes.txt', size: fresh.length, sourceMtime: Math.floor(mtimeMs), remote: null, conflict: 'overwrite', trashPath: trash },
    ]);
    expect(jobs).toBe(1);
    await waitFor('the job to settle', () => settled.length === 1);
    expect((await stored(rig, 'notes.txt'))?.equals(fresh)).toBe(true);
    expect((await stored(rig, trash))?.toString()).toBe('the version sync replaces');
    const entry = (await rig.provider.stat(rig.root, 'notes.txt'))!;
    expect(settled[0]).toMatchObject({ syncTaskId: 'task-1', state: 'completed', skipped: false, root: rig.root, remote: { ref: entry.ref, version: entry.version } });
    expect(rig.engine.activeJobs('task-1')).toEqual([]);
    // Flat: no move or copy on the service, so the old version went through this machine; with folders, a move.
    if (shape.move) expect(rig.callsOf('move')).toHaveLength(1);
    else expect(rig.callsOf('read').map((c) => c.path)).toEqual(['notes.txt']);
  });
});

describe('a service with folders, ranges and unstaged multipart uploads that lists parts', () => {
  it('pausing a multipart upload stops it; resuming sends only the parts not yet held', async () => {
    rig = await openMemoryRig(FOLDERS, { bandwidthLimitKiBps: 2048 });
    const bytes = await writeRandomFile(join(rig.localDir, 'in', 'video.bin'), 5 * MiB + 10);
    await upload(rig, [join(rig.localDir, 'in')]);
    const id = rig.jobs()[0]!.id;
    await waitFor('two parts held', () => rig!.store.units(id).length >= 2);
    rig.engine.pause([id]);
    const recorded = rig.store.units(id).map((u) => u.idx);
    const mark = rig.calls.length;
    await sleep(400);
    expect(rig.calls.slice(mark)).toEqual([]);
    expect(await rig.provider.stat(rig.root, 'in/video.bin')).toBeUndefined();

    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.engine.resume([id]);
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    const resent = rig.callsOf('putPart', mark).map((c) => c.index!);
    for (const idx of recorded) expect(resent).not.toContain(idx);
    expect(rig.callsOf('listParts', mark)).toHaveLength(1);
    expect(rig.callsOf('initiate')).toHaveLength(1);
    expect((await stored(rig, 'in/video.bin'))?.equals(bytes)).toBe(true);
  });

  it('after a restart, a multipart upload continues from the parts the service holds, and one the service lost starts over', async () => {
    rig = await openMemoryRig(FOLDERS, { bandwidthLimitKiBps: 2048 });
    const kept = await writeRandomFile(join(rig.localDir, 'kept.bin'), 4 * MiB);
    await upload(rig, [join(rig.localDir, 'kept.bin')]);
    const id = rig.jobs()[0]!.id;
    await waitFor('two parts held', () => rig!.store.units(id).length >= 2);
    await rig.restart({ graceMs: 50, start: false });
    const recorded = rig.store.units(id).map((u) => u.idx);
    expect(recorded.length).toBeLessThan(4);
    expect(rig.job(id)).toMatchObject({ state: 'queued' });
    expect(rig.job(id).upload_handle).not.toBeNull();
    const mark = rig.calls.length;
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.start();
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    expect(rig.callsOf('putPart', mark).map((c) => c.index!).sort()).toEqual([1, 2, 3, 4].filter((i) => !recorded.includes(i)));
    expect(rig.callsOf('initiate')).toHaveLength(1);
    expect((await stored(rig, 'kept.bin'))?.equals(kept)).toBe(true);

    // The service forgets the next upload while the app is away: it starts over and still arrives whole.
    rig.setSettings({ bandwidthLimitKiBps: 2048 });
    const lost = await writeRandomFile(join(rig.localDir, 'lost.bin'), 3 * MiB);
    await upload(rig, [join(rig.localDir, 'lost.bin')]);
    const second = rig.jobs().at(-1)!.id;
    await waitFor('a part held', () => rig!.store.units(second).length >= 1);
    await rig.restart({ graceMs: 50, start: false });
    await rig.provider.multipart!.abort({ state: rig.job(second).upload_handle! });
    const before = rig.callsOf('initiate').length;
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.start();
    expect((await rig.waitForState(second, ['completed', 'failed'])).state).toBe('completed');
    expect(rig.callsOf('initiate')).toHaveLength(before + 1);
    expect((await stored(rig, 'lost.bin'))?.equals(lost)).toBe(true);
  });

  it('pausing a ranged download keeps the ranges on disk; resuming reads only the others', async () => {
    rig = await openMemoryRig(FOLDERS, { bandwidthLimitKiBps: 2048 });
    const bytes = await writeRandomFile(join(rig.localDir, 'src.bin'), 5 * MiB);
    await putRemote(rig, 'dl/movie.bin', bytes);
    await rig.service.download({ connectionId: rig.connectionId, root: rig.root, targets: [{ type: 'folder', prefix: 'dl/' }], localFolder: join(rig.localDir, 'down'), conflict: 'ask' });
    const id = rig.jobs()[0]!.id;
    await waitFor('two ranges on disk', () => rig!.store.units(id).length >= 2);
    rig.engine.pause([id]);
    const recorded = new Set(rig.store.units(id).map((u) => u.offset));
    const mark = rig.calls.length;
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    rig.engine.resume([id]);
    expect((await rig.waitForState(id, ['completed', 'failed'])).state).toBe('completed');
    const reads = rig.callsOf('read', mark);
    expect(reads.length).toBe(5 - recorded.size);
    for (const r of reads) expect(recorded.has(r.range!.offset)).toBe(false);
    expect((await readFile(join(rig.localDir, 'down', 'dl', 'movie.bin'))).equals(bytes)).toBe(true);
    expect(jobView(rig.job(id)).verified).toBe(true);
  });
});
