/**
 * SIGKILL a real storage node process in the middle of writes, restart it on
 * the same data folder, and check that nothing half-done survives: metadata
 * intact, every acknowledged object still there and correct, the killed
 * request either fully applied (and correct) or not at all, temp files gone,
 * no blob file that nothing references.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsClient, type UploadBody } from '../../src-main/providers/jcs/jcs-client';
import { JcsTransportError } from '../../src-main/providers/jcs/jcs-errors';
import type { JcsObject } from '../../src-shared/jcs/wire';
import { DataDirChecker, type DataDirReport } from '../helpers/node-inspection';
import { generateCredentials, spawnNodeProcess, type NodeProcess } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const MB = 1024 * 1024;
const BIG_UPLOAD = 256 * MB;
const PART = 16 * MB;
/**
 * The long completion: parts 1..PARTS hold two contents in turn (stored as two
 * blobs), then a last part of its own; 256 MiB to hash when the node has no
 * running hash of them (it restarted since they came in).
 */
const PARTS = 16;
const PENDING_HASH = 'Full' + '0'.repeat(64);

const fullHash = (hash: Hash) => 'Full' + hash.digest('hex').toUpperCase();
const fullHashOf = (data: Buffer) => fullHash(createHash('sha256').update(data));

/** Deterministic content of any size, generated in 1 MB chunks (never held whole). */
function* generatedChunks(size: number, seed: number): Generator<Buffer> {
  const block = createHash('sha512').update(String(seed)).digest();
  const base = Buffer.alloc(MB);
  for (let i = 0; i < MB; i += block.length) block.copy(base, i);
  for (let offset = 0, n = 0; offset < size; offset += MB, n++) {
    const chunk = Buffer.from(base.subarray(0, Math.min(MB, size - offset)));
    if (chunk.length >= 8) chunk.writeDoubleBE(n, 0);
    yield chunk;
  }
}

function generatedBody(size: number, seed: number): UploadBody {
  return { size, open: () => Readable.from(generatedChunks(size, seed), { objectMode: false }) };
}

function generatedHash(size: number, seed: number): string {
  const hash = createHash('sha256');
  for (const chunk of generatedChunks(size, seed)) hash.update(chunk);
  return fullHash(hash);
}

interface Expected {
  size: number;
  fileHash: string;
  redundancy: 'none' | 'multipartUpload';
}

describe('storage node crash safety (SIGKILL mid-write, restart on the same data folder)', { timeout: 60_000 }, () => {
  const credentials = generateCredentials();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dataDir: string;
  let checker: DataDirChecker;
  let proc: NodeProcess | undefined;
  let client: JcsClient | undefined;
  let packageID = 0;
  /** Every object the node acknowledged, by path: it must survive every crash exactly as acknowledged. */
  const expected = new Map<string, Expected>();

  beforeAll(async () => {
    temp = await makeTempDir('jcs-crash');
    dataDir = temp.path;
    checker = new DataDirChecker(dataDir);
  });

  afterAll(async () => {
    client?.close();
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await temp?.remove();
  });

  async function start(): Promise<JcsClient> {
    proc = await spawnNodeProcess(['--data', dataDir, '--port', '0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
    client = new JcsClient({ baseUrl: proc.url, credentials });
    return client;
  }

  /** SIGKILLs the node; returns the PID it had. */
  async function kill(): Promise<number> {
    const running = proc!;
    running.child.kill('SIGKILL');
    expect(await running.exited).toBe('SIGKILL');
    client?.close();
    client = undefined;
    return running.child.pid!;
  }

  async function stop(): Promise<void> {
    client?.close();
    client = undefined;
    const running = proc!;
    running.child.kill('SIGTERM');
    expect(await running.exited, running.output()).toBe(0);
  }

  async function visibleObjects(c: JcsClient): Promise<Map<string, JcsObject>> {
    return new Map((await c.getPackageObjects(packageID)).map((o) => [o.path, o]));
  }

  /** Every acknowledged object is still there, unchanged; returns what else is visible. */
  function expectAcknowledgedObjects(visible: Map<string, JcsObject>): JcsObject[] {
    for (const [path, want] of expected) {
      const got = visible.get(path);
      expect(got, `acknowledged object '${path}' is missing after the crash`).toBeDefined();
      expect({ size: got!.size, fileHash: got!.fileHash, redundancy: got!.redundancy.type }, path).toEqual(want);
    }
    return [...visible.values()].filter((o) => !expected.has(o.path));
  }

  /** After a kill: the stale lock is taken over, the node starts; returns what it shows beyond the acknowledged objects. */
  async function restartAfterKill(killedPid: number): Promise<{ extra: JcsObject[]; preRestartTmp: string[] }> {
    const lockPath = join(dataDir, 'node.lock');
    expect(existsSync(lockPath), 'a SIGKILLed node leaves its lock file behind').toBe(true);
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(killedPid));
    const preRestartTmp = readdirSync(join(dataDir, 'tmp'));
    const c = await start();
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(proc!.child.pid));
    const extra = expectAcknowledgedObjects(await visibleObjects(c));
    return { extra, preRestartTmp };
  }

  /** Stops the node cleanly and checks the data folder; the node's startup collection has run and nothing was written since. */
  async function stopAndCheck(): Promise<DataDirReport> {
    await stop();
    const report = await checker.check({ collected: true });
    expect(report.problems).toEqual([]);
    expect(report.tmpEntries).toEqual([]);
    return report;
  }

  it('builds a baseline of complete, replaced, deleted, deduplicated and multipart objects that checks clean', async () => {
    const c = await start();
    const bucket = await c.createBucket('crash');
    packageID = (await c.createPackage(bucket.bucketID, 'p')).packageID;

    const files = Array.from({ length: 20 }, (_, i) => ({ path: `base/small-${i}.txt`, body: Buffer.from(`small file ${i} ${'x'.repeat(i * 37)}`) }));
    const shared = randomBytes(64 * 1024);
    files.push(
      { path: 'base/empty.txt', body: Buffer.alloc(0) },
      { path: 'base/medium.bin', body: randomBytes(5 * MB) },
      { path: 'base/dup-a.bin', body: shared },
      { path: 'base/dup-b.bin', body: shared },
    );
    const uploaded = await c.uploadObjects(packageID, files);
    files.forEach((f, i) => {
      expect(uploaded[i]).toMatchObject({ path: f.path, size: f.body.length, fileHash: fullHashOf(f.body) });
      expected.set(f.path, { size: f.body.length, fileHash: fullHashOf(f.body), redundancy: 'none' });
    });

    // Replaced: the old blob loses its last reference.
    const replacement = Buffer.from('replaced content');
    await c.uploadObjects(packageID, [{ path: 'base/small-0.txt', body: replacement }]);
    expected.set('base/small-0.txt', { size: replacement.length, fileHash: fullHashOf(replacement), redundancy: 'none' });
    // Deleted.
    await c.deleteObjects([uploaded[1]!.objectID]);
    expected.delete('base/small-1.txt');

    // A completed multipart upload (parts out of order, one unused) and a pending one with a replaced part.
    const p0 = randomBytes(300 * 1024);
    const p1 = randomBytes(200 * 1024);
    const unused = randomBytes(1000);
    const done = await c.newMultipartUpload(packageID, 'base/mp-done.bin');
    await c.uploadPart(done.objectID, 0, p0);
    await c.uploadPart(done.objectID, 1, p1);
    await c.uploadPart(done.objectID, 2, unused);
    const completed = await c.completeMultipartUpload(done.objectID, [1, 0]);
    const joined = Buffer.concat([p1, p0]);
    expect(completed).toMatchObject({ size: joined.length, fileHash: fullHashOf(joined), redundancy: { type: 'none' } });
    expected.set('base/mp-done.bin', { size: joined.length, fileHash: fullHashOf(joined), redundancy: 'none' });

    const pending = await c.newMultipartUpload(packageID, 'base/mp-pending.bin');
    await c.uploadPart(pending.objectID, 0, randomBytes(1000));
    await c.uploadPart(pending.objectID, 0, randomBytes(1001));
    await c.uploadPart(pending.objectID, 1, randomBytes(1002));
    expected.set('base/mp-pending.bin', { size: 0, fileHash: PENDING_HASH, redundancy: 'multipartUpload' });

    expectAcknowledgedObjects(await visibleObjects(c));
    // A clean stop may leave collectable candidates; a restart collects them.
    await stop();
    expect((await checker.check({ collected: false })).problems).toEqual([]);
    await start();
    const report = await stopAndCheck();
    expect(report.objects.filter((o) => o.packageId === packageID).map((o) => o.path).sort()).toEqual([...expected.keys()].sort());
  });

  it('SIGKILL in the middle of a large streaming multi-file upload leaves none of its files behind', async () => {
    const c = await start();
    let sent = 0;
    let reached!: () => void;
    const midway = new Promise<void>((resolve) => (reached = resolve));
    const upload = c
      .uploadObjects(
        packageID,
        [
          { path: 'killed/first-small.txt', body: Buffer.from('sent in full before the big file') },
          { path: 'killed/big.bin', body: generatedBody(BIG_UPLOAD, 1) },
        ],
        {
          onBytes: (n) => {
            sent += n;
            if (sent >= BIG_UPLOAD * 0.3) reached();
          },
        },
      )
      .then(
        () => 'acknowledged' as const,
        (error: unknown) => error,
      );
    await midway;
    const pid = await kill();
    expect(sent).toBeLessThan(BIG_UPLOAD);
    expect(await upload).toBeInstanceOf(JcsTransportError);

    const { extra, preRestartTmp } = await restartAfterKill(pid);
    expect(preRestartTmp.length, 'the kill should land while the node is writing temp files').toBeGreaterThan(0);
    expect(extra.map((o) => o.path)).toEqual([]);
    await stopAndCheck();
  });

  it('SIGKILL in the middle of uploadPart replacing a part: the earlier part stays, the upload can still complete', async () => {
    const c = await start();
    const earlier = Buffer.from('the part as first uploaded');
    const object = await c.newMultipartUpload(packageID, 'mp-part/replaced.bin');
    await c.uploadPart(object.objectID, 0, earlier);
    expected.set('mp-part/replaced.bin', { size: 0, fileHash: PENDING_HASH, redundancy: 'multipartUpload' });
    const size = 128 * MB;
    let sent = 0;
    let reached!: () => void;
    const midway = new Promise<void>((resolve) => (reached = resolve));
    const upload = c
      .uploadPart(object.objectID, 0, generatedBody(size, 3), {
        onBytes: (n) => {
          sent += n;
          if (sent >= size * 0.4) reached();
        },
      })
      .then(
        () => 'acknowledged' as const,
        (error: unknown) => error,
      );
    await midway;
    const pid = await kill();
    expect(await upload).toBeInstanceOf(JcsTransportError);

    const { extra, preRestartTmp } = await restartAfterKill(pid);
    expect(preRestartTmp.length).toBeGreaterThan(0);
    expect(extra).toEqual([]);
    await stopAndCheck();

    const c2 = await start();
    const completed = await c2.completeMultipartUpload(object.objectID, [0]);
    expect(completed).toMatchObject({ size: earlier.length, fileHash: fullHashOf(earlier), redundancy: { type: 'none' } });
    expected.set('mp-part/replaced.bin', { size: earlier.length, fileHash: fullHashOf(earlier), redundancy: 'none' });
    await stop();
    expect((await checker.check({ collected: false })).problems).toEqual([]);
    await start();
    await stopAndCheck();
  });

  it('SIGKILL just after the last byte of a large upload: all of its files or none, and correct if present', async () => {
    const bigHash = generatedHash(BIG_UPLOAD, 2);
    const small = Buffer.from('small file in the same request');
    const outcomes: string[] = [];
    for (const delayMs of [0, 40, 150]) {
      const c = await start();
      let sent = 0;
      let reached!: () => void;
      const allSent = new Promise<void>((resolve) => (reached = resolve));
      const upload = c
        .uploadObjects(
          packageID,
          [
            { path: `late/${delayMs}/small.txt`, body: small },
            { path: `late/${delayMs}/big.bin`, body: generatedBody(BIG_UPLOAD, 2) },
          ],
          {
            onBytes: (n) => {
              sent += n;
              if (sent >= BIG_UPLOAD + small.length) reached();
            },
          },
        )
        .then(
          () => 'acknowledged' as const,
          (error: unknown) => error,
        );
      await allSent;
      if (delayMs > 0) await sleep(delayMs);
      const pid = await kill();
      const acknowledged = (await upload) === 'acknowledged';

      const { extra } = await restartAfterKill(pid);
      const paths = extra.map((o) => o.path).sort();
      if (acknowledged) expect(paths, 'an acknowledged upload must survive the crash').toEqual([`late/${delayMs}/big.bin`, `late/${delayMs}/small.txt`]);
      else expect([[], [`late/${delayMs}/big.bin`, `late/${delayMs}/small.txt`]]).toContainEqual(paths);
      for (const o of extra) {
        const want = o.path.endsWith('big.bin') ? { size: BIG_UPLOAD, fileHash: bigHash } : { size: small.length, fileHash: fullHashOf(small) };
        expect({ size: o.size, fileHash: o.fileHash, redundancy: o.redundancy.type }).toEqual({ ...want, redundancy: 'none' });
        expected.set(o.path, { ...want, redundancy: 'none' });
      }
      outcomes.push(`${delayMs} ms: ${acknowledged ? 'acknowledged' : 'not acknowledged'}, ${paths.length ? 'committed' : 'absent'}`);
      await stopAndCheck();
    }
    console.log(`kill after the last byte: ${outcomes.join('; ')}`);
  });

  it('SIGKILL during completeMultipartUpload (hashing 256 MiB): the object stays pending or completes correctly', async () => {
    const c = await start();
    const contents = [Buffer.concat([...generatedChunks(PART, 11)]), Buffer.concat([...generatedChunks(PART, 12)])];
    const indexes = Array.from({ length: PARTS + 1 }, (_, i) => i + 1);
    const prefix = createHash('sha256');
    for (let i = 0; i < PARTS; i++) prefix.update(contents[i % 2]!);
    const uploads: Array<{ objectID: number; path: string; size: number; fileHash: string }> = [];
    const delays = [0.02, 0.25, 0.5, 0.8, 1.5];
    for (let k = 0; k <= delays.length; k++) {
      const path = `mp/upload-${k}.bin`;
      const unique = Buffer.from(`the last part of upload ${k}`);
      const object = await c.newMultipartUpload(packageID, path);
      for (let i = 0; i < PARTS; i++) await c.uploadPart(object.objectID, i + 1, contents[i % 2]!);
      await c.uploadPart(object.objectID, PARTS + 1, unique);
      expected.set(path, { size: 0, fileHash: PENDING_HASH, redundancy: 'multipartUpload' });
      uploads.push({ objectID: object.objectID, path, size: PARTS * PART + unique.length, fileHash: fullHash(prefix.copy().update(unique)) });
    }
    // A restart forgets the hashes computed as the parts came in: every completion below hashes everything.
    await stop();
    await start();

    // One complete without a kill, to time it.
    const started = performance.now();
    const first = await client!.completeMultipartUpload(uploads[0]!.objectID, indexes);
    const duration = performance.now() - started;
    expect(first).toMatchObject({ size: uploads[0]!.size, fileHash: uploads[0]!.fileHash, redundancy: { type: 'none' } });
    expected.set(uploads[0]!.path, { size: uploads[0]!.size, fileHash: uploads[0]!.fileHash, redundancy: 'none' });

    const outcomes: Array<{ delayMs: number; acknowledged: boolean; completed: boolean }> = [];
    for (const [i, fraction] of delays.entries()) {
      const upload = uploads[i + 1]!;
      const running = client ?? (await start());
      expected.delete(upload.path); // in flight: checked on its own below
      const completion = running.completeMultipartUpload(upload.objectID, indexes).then(
        () => true,
        () => false,
      );
      const delayMs = Math.round(fraction * duration);
      await sleep(delayMs);
      const pid = await kill();
      const acknowledged = await completion;

      const { extra } = await restartAfterKill(pid);
      expect(extra.map((o) => o.path)).toEqual([upload.path]);
      const after = extra[0]!;
      const completed = after?.redundancy.type === 'none';
      if (completed) {
        expect({ size: after.size, fileHash: after.fileHash }).toEqual({ size: upload.size, fileHash: upload.fileHash });
        expected.set(upload.path, { size: upload.size, fileHash: upload.fileHash, redundancy: 'none' });
      } else {
        expect(acknowledged, 'an acknowledged completion must survive the crash').toBe(false);
        expect(after).toMatchObject({ size: 0, fileHash: PENDING_HASH, redundancy: { type: 'multipartUpload' } });
        expected.set(upload.path, { size: 0, fileHash: PENDING_HASH, redundancy: 'multipartUpload' });
      }
      outcomes.push({ delayMs, acknowledged, completed });
      await stopAndCheck();
    }
    console.log(`completeMultipartUpload took ${Math.round(duration)} ms; kills: ${JSON.stringify(outcomes)}`);
    expect(
      outcomes.some((o) => o.delayMs > 0 && !o.acknowledged && !o.completed),
      'at least one kill should land while the completion was running',
    ).toBe(true);

    // An upload interrupted by a crash can still be completed after the restart.
    const interrupted = outcomes.findIndex((o) => !o.completed);
    if (interrupted >= 0) {
      const upload = uploads[interrupted + 1]!;
      const c2 = await start();
      expect(await c2.completeMultipartUpload(upload.objectID, indexes)).toMatchObject({ size: upload.size, fileHash: upload.fileHash, redundancy: { type: 'none' } });
      expected.set(upload.path, { size: upload.size, fileHash: upload.fileHash, redundancy: 'none' });
      await stop();
      expect((await checker.check({ collected: false })).problems).toEqual([]);
      await start();
      expectAcknowledgedObjects(await visibleObjects(client!));
      await stopAndCheck();
    }
  });
});
