/**
 * A download killed mid-way (SIGKILL of the process running its engine) and
 * resumed by a new engine on the same app database. Finished ranges are
 * recorded with their SHA-256, not synced one by one, so a crash of the
 * machine can leave a recorded range damaged on disk: it is simulated by
 * damaging one recorded range of the partial file between the kill and the
 * restart. The resumed download must find that range by its hash and fetch it
 * again, fetch no intact recorded range again, and end with the object's
 * bytes. Requests are counted by a real proxy in front of a real storage node.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTestChild } from '../helpers/test-child';
import { openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus } from '../../src-main/core/events/event-bus';
import { splitIntoSpans } from '../../src-main/core/transfers/part-size';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import { TransferEngine } from '../../src-main/core/transfers/transfer-engine';
import { TransferStore, type UnitRow } from '../../src-main/core/transfers/transfer-store';
import { storageNodeScript, waitFor } from '../helpers/core';
import { CountingProxy } from '../helpers/counting-proxy';
import { startTestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB, TEST_RETRY, TEST_SETTINGS } from '../helpers/transfers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs a download in a child process and SIGKILLs it once `recordedAtKill` ranges are recorded. Returns where it left off. */
async function downloadKilledMidway(recordedAtKill: number) {
  const temp = await makeTempDir('jcs-download-crash');
  cleanups.push(() => temp.remove());
  const node = await startTestNode({ credentials: null });
  cleanups.push(() => node.dispose());
  const proxy = await CountingProxy.start(node.node.url);
  cleanups.push(() => proxy.close());
  const bucket = await node.client.createBucket('transfers');
  const pkg = await node.client.createPackage(bucket.bucketID, 'files');
  const size = 12 * MiB + 4321; // 13 ranges of 1 MiB
  const bytes = randomBytes(size);
  await node.client.uploadObjects(pkg.packageID, [{ path: 'data/film.bin', body: bytes }]);
  const dataDir = join(temp.path, 'app');
  const localDir = join(temp.path, 'local');

  const { child, output, exited } = spawnTestChild('tests/helpers/download-child.ts', [dataDir, proxy.url, localDir, 'data/film.bin'], cleanups);
  const jobId = await waitFor(`the child to start its download:\n${output()}`, () => /"jobId":"([^"]+)"/.exec(output())?.[1], 30_000, 20);
  const unitsSeen = () => Math.max(0, ...[...output().matchAll(/"units":(\d+)/g)].map((m) => Number(m[1])));
  await waitFor(`${recordedAtKill} ranges recorded:\n${output()}`, () => unitsSeen() >= recordedAtKill, 30_000, 5);
  child.kill('SIGKILL');
  await exited;
  return { dataDir, localDir, proxy, jobId, size, bytes, partial: join(localDir, 'film.bin.jcs-download') };
}

/** A new engine on the killed one's app database (as the next start of the app), run until the job settles. */
function resume(dataDir: string, jobId: string) {
  const db = openAppDatabase(dataDir);
  cleanups.push(() => {
    db.close();
  });
  const events = new EventBus();
  const connections = new ConnectionService(db, new FileKeySecretBox(dataDir), events, new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: () => {} }));
  cleanups.push(() => connections.close());
  const settings = new SettingsService(db, events);
  settings.update({ transfers: { ...TEST_SETTINGS, maxConcurrentParts: 2, multipartThresholdMiB: 1 } });
  const store = new TransferStore(db);
  const recorded = store.units(jobId);
  return {
    recorded,
    store,
    async run() {
      const engine = new TransferEngine({ store, connections, events, settings: () => settings.get().transfers, retry: TEST_RETRY, log: () => {} });
      engine.start();
      cleanups.push(() => engine.stop(200));
      return await waitFor(`job ${jobId} to settle`, () => {
        const row = store.get(jobId);
        return row && (row.state === 'completed' || row.state === 'failed') ? row : undefined;
      }, 30_000, 10);
    },
  };
}

async function damage(path: string, unit: UnitRow): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, unit.offset + 1000);
  } finally {
    await handle.close();
  }
}

describe('a download killed mid-way', () => {
  it('resumes: a recorded range damaged on disk is found by its hash and fetched again, the intact ones are not, and the file is whole', async () => {
    const { dataDir, localDir, proxy, jobId, size, bytes, partial } = await downloadKilledMidway(4);
    const next = resume(dataDir, jobId);
    const spans = splitIntoSpans(size, MiB);
    expect(next.recorded.length).toBeGreaterThanOrEqual(4);
    expect(next.recorded.length).toBeLessThan(spans.length);
    expect(next.recorded.every((u) => /^crc32:[0-9a-f]{8}$/.test(u.sha256 ?? ''))).toBe(true); // recorded with a fingerprint, not synced
    const damaged = next.recorded[1]!;
    await damage(partial, damaged);

    const mark = proxy.mark;
    const done = await next.run();
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    expect(done.verified).toBe(1);

    // Fetched again: every range that was not recorded, and the damaged one; each once, no intact recorded range.
    const fetched = proxy.seen('/object/download', mark).map((r) => Number(r.query.get('offset')));
    const intact = new Set(next.recorded.filter((u) => u.idx !== damaged.idx).map((u) => u.offset));
    const expected = spans.filter((s) => !intact.has(s.offset)).map((s) => s.offset);
    expect(fetched.sort((a, b) => a - b)).toEqual(expected);
    expect(fetched).toContain(damaged.offset);

    expect((await readFile(join(localDir, 'film.bin'))).equals(bytes)).toBe(true);
    await expect(stat(partial)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);

  it('resumes without fetching any recorded range again when all of them are intact on disk', async () => {
    const { dataDir, localDir, proxy, jobId, size, bytes } = await downloadKilledMidway(3);
    const next = resume(dataDir, jobId);
    const mark = proxy.mark;
    const done = await next.run();
    expect(done.state).toBe('completed');

    const recordedOffsets = new Set(next.recorded.map((u) => u.offset));
    const fetched = proxy.seen('/object/download', mark).map((r) => Number(r.query.get('offset')));
    expect(fetched.sort((a, b) => a - b)).toEqual(splitIntoSpans(size, MiB).filter((s) => !recordedOffsets.has(s.offset)).map((s) => s.offset));
    expect((await readFile(join(localDir, 'film.bin'))).equals(bytes)).toBe(true);
  }, 120_000);

  it('honours ranges recorded with a SHA-256 by app database v13: a damaged one is fetched again, the intact ones are not', async () => {
    const { dataDir, localDir, proxy, jobId, size, bytes, partial } = await downloadKilledMidway(4);
    const next = resume(dataDir, jobId);
    // As the previous version of the app recorded them: the SHA-256 of each range's bytes, in hex.
    const job = next.store.get(jobId)!;
    for (const unit of next.recorded) {
      next.store.recordUnit(jobId, { ...unit, sha256: createHash('sha256').update(bytes.subarray(unit.offset, unit.offset + unit.size)).digest('hex') }, job.bytes_done);
    }
    const recorded = next.store.units(jobId);
    expect(recorded.every((u) => /^[0-9a-f]{64}$/.test(u.sha256 ?? ''))).toBe(true);
    const damaged = recorded[2]!;
    await damage(partial, damaged);

    const mark = proxy.mark;
    const done = await next.run();
    expect(done.state).toBe('completed');
    expect(done.verified).toBe(1);
    const fetched = proxy.seen('/object/download', mark).map((r) => Number(r.query.get('offset')));
    const intact = new Set(recorded.filter((u) => u.idx !== damaged.idx).map((u) => u.offset));
    expect(fetched.sort((a, b) => a - b)).toEqual(splitIntoSpans(size, MiB).filter((s) => !intact.has(s.offset)).map((s) => s.offset));
    expect(fetched).toContain(damaged.offset);
    expect((await readFile(join(localDir, 'film.bin'))).equals(bytes)).toBe(true);
  }, 120_000);
});
