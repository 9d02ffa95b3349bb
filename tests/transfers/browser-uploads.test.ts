/**
 * Uploads whose bytes come from a browser (headless drag and drop), through
 * the real core (`transfers.uploadBrowserFiles`, then `core.uploadChunk` as
 * the chunk route calls it) into the embedded storage node: small and
 * multipart files arrive intact, a repeated chunk does no harm, a chunk out
 * of order or of the wrong size is refused, and a paused, waiting or
 * cancelled job refuses chunks with a code the page acts on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_GRACE_MS } from '../../src-shared/transfers/browser-hold';
import { DEFAULT_TRANSFER_SETTINGS, LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient, openCore, recordEvents, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB, fullHash } from '../helpers/transfers';

const connectionId = LOCAL_CONNECTION_ID;

describe('browser chunk uploads', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let client: JcsClient;
  let root: string;
  let packageId: number;
  /** How far the transfer engine's clock runs ahead of the real one (to pass a page's grace period at once). */
  let clockAhead = 0;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-browser-uploads');
    core = await openCore(temp.path, [], undefined, { transferClock: () => Date.now() + clockAhead });
    client = embeddedClient(core);
    await callOk(core, 'settings.update', { transfers: { ...DEFAULT_TRANSFER_SETTINGS, multipartThresholdMiB: 1 } });
    const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name: 'web' });
    root = (await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'drops' })).id;
    packageId = (await client.getPackageByFullName('web', 'drops')).packageID; // to look at the node directly
  });

  afterAll(async () => {
    client?.close();
    await core?.close();
    await temp?.remove();
  });

  async function announce(targetFolder: string, files: Array<{ relativePath: string; bytes: Buffer }>, conflict: 'ask' | 'overwrite' = 'ask') {
    return callOk(core, 'transfers.uploadBrowserFiles', { connectionId, root, targetFolder, files: files.map((f) => ({ relativePath: f.relativePath, size: f.bytes.length })), conflict });
  }

  async function chunk(jobId: string, index: number, bytes: Buffer) {
    const result = await core.uploadChunk(jobId, index, bytes);
    if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
    return result.value as { next: number; done: boolean };
  }

  async function chunkError(jobId: string, index: number, bytes: Buffer) {
    const result = await core.uploadChunk(jobId, index, bytes);
    if (result.ok) throw new Error(`chunk ${index} of ${jobId} was accepted: ${JSON.stringify(result.value)}`);
    return result.error;
  }

  const slice = (bytes: Buffer, size: number, index: number) => bytes.subarray(index * size, (index + 1) * size);

  async function stored(path: string): Promise<Buffer> {
    const { stream } = await client.download({ packageID: packageId, path });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function job(id: string) {
    const { jobs } = await callOk(core, 'transfers.list', { offset: 0, limit: 1000 });
    const found = jobs.find((j) => j.id === id);
    if (!found) throw new Error(`no job ${id}`);
    return found;
  }

  it('small and multipart files arrive intact, in chunks of the size the core asks for', async () => {
    const small = { relativePath: 'note.txt', bytes: randomBytes(3000) };
    const big = { relativePath: 'album/photo.raw', bytes: randomBytes(2 * MiB + 12_345) };
    const events = recordEvents(core);
    const result = await announce('in/', [small, big]);
    expect(result.jobs).toBe(2);
    const [s, b] = result.files;
    expect(s!.chunkSize).toBeGreaterThanOrEqual(small.bytes.length); // one chunk
    expect(b!.chunkSize).toBe(MiB);

    expect(await chunk(s!.jobId, 0, small.bytes)).toEqual({ next: 1, done: true });
    const chunks = Math.ceil(big.bytes.length / b!.chunkSize);
    for (let i = 0; i < chunks; i++) expect(await chunk(b!.jobId, i, slice(big.bytes, b!.chunkSize, i))).toEqual({ next: i + 1, done: i === chunks - 1 });

    expect((await stored('in/note.txt')).equals(small.bytes)).toBe(true);
    expect((await stored('in/album/photo.raw')).equals(big.bytes)).toBe(true);
    const page = await client.listByPath({ packageID: packageId, path: 'in/album/photo.raw', isPrefix: false });
    expect(page.objects[0]?.fileHash).toBe(fullHash(big.bytes));
    expect((await job(b!.jobId)).state).toBe('completed');
    expect((await client.listByPath({ packageID: packageId, path: `.jcs-uploads/${b!.jobId}/`, isPrefix: true })).objects).toEqual([]);
    await waitFor('the batch to be announced', () => events.of('transfers.batchFinished').length === 1);
    expect(events.of('transfers.batchFinished')[0]).toMatchObject({ batchId: result.batchId, completed: 2, failed: 0, total: 2 });
    events.stop();
  });

  it('a repeated chunk is harmless, even with other bytes', async () => {
    const big = { relativePath: 'repeat.bin', bytes: randomBytes(3 * MiB + 1) };
    const [f] = (await announce('', [big])).files;
    const size = f!.chunkSize;

    expect(await chunk(f!.jobId, 0, slice(big.bytes, size, 0))).toEqual({ next: 1, done: false });
    expect(await chunk(f!.jobId, 0, slice(big.bytes, size, 0))).toEqual({ next: 1, done: false }); // a retry of an acknowledged chunk
    expect(await chunk(f!.jobId, 1, slice(big.bytes, size, 1))).toEqual({ next: 2, done: false });
    expect(await chunk(f!.jobId, 0, randomBytes(size))).toEqual({ next: 2, done: false }); // ignored: chunk 0 is in
    expect(await chunk(f!.jobId, 2, slice(big.bytes, size, 2))).toEqual({ next: 3, done: false });
    expect(await chunk(f!.jobId, 3, slice(big.bytes, size, 3))).toEqual({ next: 4, done: true });
    expect((await stored('repeat.bin')).equals(big.bytes)).toBe(true);
    // Once the file is in, a repeat of its last chunk (its answer was lost) is told the job is over.
    expect(await chunkError(f!.jobId, 3, slice(big.bytes, size, 3))).toMatchObject({ code: 'Conflict', message: 'this transfer is completed' });
  });

  it('a chunk out of order or of the wrong size is refused as InvalidInput, and the job fails saying why', async () => {
    const a = { relativePath: 'early.bin', bytes: randomBytes(3 * MiB) };
    const b = { relativePath: 'short.bin', bytes: randomBytes(2 * MiB) };
    const c = { relativePath: 'not-from-start.bin', bytes: randomBytes(2 * MiB) };
    const [fa, fb, fc] = (await announce('bad/', [a, b, c])).files;
    const size = fa!.chunkSize;

    await chunk(fa!.jobId, 0, slice(a.bytes, size, 0));
    expect(await chunkError(fa!.jobId, 2, slice(a.bytes, size, 2))).toEqual({ code: 'InvalidInput', message: 'chunk 2 arrived before chunk 1' });
    expect(await job(fa!.jobId)).toMatchObject({ state: 'failed', errorCode: 'InvalidInput', errorMessage: 'chunk 2 arrived before chunk 1' });

    expect(await chunkError(fb!.jobId, 0, slice(b.bytes, size, 0).subarray(1))).toEqual({ code: 'InvalidInput', message: `chunk 0 has ${size - 1} bytes, expected ${size}` });
    expect((await job(fb!.jobId)).state).toBe('failed');

    // A file whose first chunk the core never saw cannot continue (the page was reloaded, or the app restarted).
    expect(await chunkError(fc!.jobId, 1, slice(c.bytes, size, 1))).toMatchObject({ code: 'Conflict', message: expect.stringMatching(/drop the file again/) as unknown });
    expect((await job(fc!.jobId)).state).toBe('failed');
    expect((await client.listByPath({ packageID: packageId, path: 'bad/', isPrefix: true })).objects).toEqual([]);
  });

  it("a paused job refuses chunks with code 'Paused' and takes them again once resumed", async () => {
    const big = { relativePath: 'paused.bin', bytes: randomBytes(2 * MiB + 5) };
    const [f] = (await announce('', [big])).files;
    const size = f!.chunkSize;
    await chunk(f!.jobId, 0, slice(big.bytes, size, 0));

    expect(await callOk(core, 'transfers.control', { action: 'pause', ids: [f!.jobId] })).toEqual({ affected: 1 });
    expect((await job(f!.jobId)).state).toBe('paused');
    expect(await chunkError(f!.jobId, 1, slice(big.bytes, size, 1))).toMatchObject({ code: 'Paused' });

    await callOk(core, 'transfers.control', { action: 'resume', ids: [f!.jobId] });
    expect(await chunk(f!.jobId, 1, slice(big.bytes, size, 1))).toEqual({ next: 2, done: false });
    expect(await chunk(f!.jobId, 2, slice(big.bytes, size, 2))).toEqual({ next: 3, done: true });
    expect((await stored('paused.bin')).equals(big.bytes)).toBe(true);
  });

  it('a job waiting for a conflict decision refuses chunks until it is resolved', async () => {
    await client.uploadObjects(packageId, [{ path: 'taken.txt', body: Buffer.from('old') }]);
    const bytes = randomBytes(500);
    const result = await announce('', [{ relativePath: 'taken.txt', bytes }]);
    expect(result.conflicts).toBe(1);
    const id = result.files[0]!.jobId;
    expect(await chunkError(id, 0, bytes)).toMatchObject({ code: 'Conflict' });

    await callOk(core, 'transfers.resolveConflict', { jobId: id, resolution: 'overwrite', applyToAll: false });
    expect(await chunk(id, 0, bytes)).toEqual({ next: 1, done: true });
    expect((await stored('taken.txt')).equals(bytes)).toBe(true);
  });

  it('cancelling removes the staged part of a multipart file; later chunks and unknown jobs are refused', async () => {
    const big = { relativePath: 'dropped.bin', bytes: randomBytes(2 * MiB + 5) };
    const [f] = (await announce('', [big])).files;
    await chunk(f!.jobId, 0, slice(big.bytes, f!.chunkSize, 0));
    const staging = `.jcs-uploads/${f!.jobId}/`;
    expect((await client.listByPath({ packageID: packageId, path: staging, isPrefix: true })).objects).toHaveLength(1);

    await callOk(core, 'transfers.control', { action: 'cancel', ids: [f!.jobId] });
    await waitFor('the staging object to be removed', async () => (await client.listByPath({ packageID: packageId, path: staging, isPrefix: true })).objects.length === 0);
    expect((await job(f!.jobId)).state).toBe('cancelled');
    expect(await chunkError(f!.jobId, 1, slice(big.bytes, f!.chunkSize, 1))).toMatchObject({ code: 'Conflict', message: 'this transfer is cancelled' });
    expect((await client.listByPath({ packageID: packageId, path: 'dropped.bin', isPrefix: false })).objects).toEqual([]);
    expect(await chunkError('no-such-job', 0, Buffer.alloc(1))).toMatchObject({ code: 'NotFound' });
  });

  it('a file dropped again goes on only once its chunks prove it the same file; another file of the same name, size and time is sent whole', async () => {
    const lastModified = 1_700_000_000_000;
    const same = randomBytes(2 * MiB + 777);
    const before = randomBytes(2 * MiB + 777);
    const other = Buffer.from(before);
    other[5] = other[5]! ^ 0xff; // differs only in the first chunk: a check of the last chunk alone would miss it
    const files = [
      { relativePath: 'same.bin', size: same.length, lastModified },
      { relativePath: 'other.bin', size: before.length, lastModified },
      { relativePath: 'rogue.bin', size: same.length, lastModified },
    ];
    const first = await callOk(core, 'transfers.uploadBrowserFiles', { connectionId, root, targetFolder: 'again/', files, conflict: 'ask' });
    const [a, b, c] = first.files;
    for (const [id, bytes] of [[a!.jobId, same], [b!.jobId, before], [c!.jobId, same]] as const) {
      await chunk(id, 0, slice(bytes, a!.chunkSize, 0));
      await chunk(id, 1, slice(bytes, a!.chunkSize, 1));
    }
    // The page goes away: nothing names the jobs past the grace period.
    clockAhead += HOLD_GRACE_MS + 1000;
    await waitFor('both uploads to wait for their file', async () => (await job(a!.jobId)).waiting === 'file' && (await job(c!.jobId)).waiting === 'file');

    const again = await callOk(core, 'transfers.uploadBrowserFiles', { connectionId, root, targetFolder: 'again/', files, conflict: 'ask' });
    expect(again.files.map((f) => [f.jobId, f.next])).toEqual([[a!.jobId, 2], [b!.jobId, 2], [c!.jobId, 2]]);
    expect((await chunkError(c!.jobId, 2, slice(same, a!.chunkSize, 2))).code).toBe('InvalidInput'); // no chunk goes on before the proof

    const digests = (bytes: Buffer) => [0, 1].map((i) => createHash('sha256').update(slice(bytes, a!.chunkSize, i)).digest('hex'));
    expect(await callOk(core, 'transfers.proveBrowserFile', { jobId: a!.jobId, digests: digests(same) })).toEqual({ next: 2 });
    expect(await chunk(a!.jobId, 2, slice(same, a!.chunkSize, 2))).toEqual({ next: 3, done: true });
    expect((await stored('again/same.bin')).equals(same)).toBe(true);

    expect(await callOk(core, 'transfers.proveBrowserFile', { jobId: b!.jobId, digests: digests(other) })).toEqual({ next: 0 });
    for (let i = 0; i < 3; i++) await chunk(b!.jobId, i, slice(other, a!.chunkSize, i));
    expect((await stored('again/other.bin')).equals(other)).toBe(true); // the new file whole, not the old first chunks joined to it
    expect((await job(b!.jobId)).state).toBe('completed');
  });
});
