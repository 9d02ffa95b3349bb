/**
 * Time-based behaviour, measured on real traffic through a real proxy: the
 * global bandwidth limit holds (uploads and downloads), a changed limit
 * applies to transfers already running, and progress reaches listeners as
 * merged snapshots (at most one per snapshot interval, one update per job)
 * carrying speed and ETA for running jobs.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/core';
import type { ByteEvent } from '../helpers/counting-proxy';
import { MiB, eventsNamed, fullHash, objectAt, openRig, putObject, sleep, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Bytes per second between the moments `from` and `to` bytes had passed. */
function measuredRate(events: readonly ByteEvent[], from: number, to: number): number {
  let total = 0;
  let startAt: number | undefined;
  for (const e of events) {
    total += e.bytes;
    if (startAt === undefined && total >= from) startAt = e.at;
    if (total >= to) return (total - from) / ((e.at - startAt!) / 1000);
  }
  throw new Error(`only ${total} bytes passed`);
}

describe('bandwidth limit', () => {
  it('an 8 MiB upload at 2048 KiB/s moves at that rate and takes the expected time (within 10 %)', async () => {
    const rate = 2048 * 1024;
    rig = await openRig({ settings: { bandwidthLimitKiBps: 2048, maxConcurrentParts: 2 } });
    const size = 8 * MiB;
    const bytes = await writeRandomFile(join(rig.localDir, 'paced.bin'), size);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'paced.bin')]);
    const id = rig.jobs()[0]!.id;
    expect((await rig.waitForState(id, ['completed', 'failed'], 30_000)).state).toBe('completed');

    const sent = rig.proxy.byteEvents.filter((e) => e.route === '/object/uploadPart' && e.direction === 'up');
    const steady = measuredRate(sent, 1 * MiB, 7 * MiB);
    expect(steady / rate).toBeGreaterThan(0.9);
    expect(steady / rate).toBeLessThan(1.1);
    const seconds = (sent.at(-1)!.at - sent[0]!.at) / 1000;
    expect(seconds / (size / rate)).toBeGreaterThan(0.9); // at most a quarter second of burst
    expect(seconds / (size / rate)).toBeLessThan(1.1);
    expect((await objectAt(rig, 'paced.bin'))?.fileHash).toBe(fullHash(bytes));
  });

  it('a 4 MiB download at 2048 KiB/s moves at that rate (as the engine reports it)', async () => {
    const rate = 2048 * 1024;
    rig = await openRig({ settings: { bandwidthLimitKiBps: 2048, maxConcurrentParts: 2 } });
    const bytes = randomBytes(4 * MiB);
    const object = await putObject(rig, 'paced-down.bin', bytes);
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'object', path: object.path }], localFolder: rig.localDir, conflict: 'ask' });
    const id = rig.jobs()[0]!.id;
    expect((await rig.waitForState(id, ['completed', 'failed'], 30_000)).state).toBe('completed');

    // The node sends as fast as the sockets take it (loopback socket buffers let the proxy run ahead of the
    // client by a good part of a range), so measure what the engine let through: its progress.
    const progress = eventsNamed(rig, 'transfers.progress').flatMap((e) => e.payload.updates.filter((u) => u.id === id && u.state === 'running').map((u) => ({ at: e.at, bytes: u.bytesDone })));
    const first = progress.find((p) => p.bytes >= 1 * MiB)!;
    const last = progress.find((p) => p.bytes >= 3.5 * MiB)!;
    const consumed = (last.bytes - first.bytes) / ((last.at - first.at) / 1000);
    expect(consumed / rate).toBeGreaterThan(0.85);
    expect(consumed / rate).toBeLessThan(1.15);
    expect((await readFile(join(rig.localDir, 'paced-down.bin'))).equals(bytes)).toBe(true);
  });

  it('a changed limit applies at once to a transfer already running', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 128, maxConcurrentParts: 2 } });
    await writeRandomFile(join(rig.localDir, 'slow.bin'), 4 * MiB); // 32 s at 128 KiB/s
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'slow.bin')]);
    const id = rig.jobs()[0]!.id;
    await sleep(500);
    expect(rig.job(id).state).toBe('running');
    const raisedAt = performance.now();
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    await rig.waitForState(id, ['completed', 'failed'], 10_000);
    expect(rig.job(id).state).toBe('completed');
    expect(performance.now() - raisedAt).toBeLessThan(2000);
  });
});

describe('progress snapshots', () => {
  it('arrive at most once per interval, one update per job, with speed and ETA for running jobs', async () => {
    const interval = 50;
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096, maxConcurrentFiles: 2, maxConcurrentParts: 4 }, snapshotIntervalMs: interval });
    const sizes = new Map<string, number>();
    for (const name of ['p1.bin', 'p2.bin']) await writeRandomFile(join(rig.localDir, 'prog', name), 4 * MiB);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'prog')]);
    const startedAt = performance.now();
    for (const job of rig.jobs()) sizes.set(job.id, job.size);
    await rig.waitIdle(30_000);
    expect(rig.jobs().every((j) => j.state === 'completed')).toBe(true);
    const completedUpdates = () => eventsNamed(rig!, 'transfers.progress').flatMap((e) => e.payload.updates.filter((u) => u.state === 'completed'));
    await waitFor('the snapshot that says both completed', () => completedUpdates().length === 2);

    const snapshots = eventsNamed(rig, 'transfers.progress').filter((e) => e.at >= startedAt);
    expect(snapshots.length).toBeGreaterThan(10);
    // One per tick: never two close together. (A snapshot is sent after the tick's own work, which varies
    // by several milliseconds on a loaded machine, so two neighbours may be a little less than an interval
    // apart; the count below bounds the rate over the whole run.)
    for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.at - snapshots[i - 1]!.at).toBeGreaterThanOrEqual(interval / 2);
    const seconds = (snapshots.at(-1)!.at - snapshots[0]!.at) / 1000;
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil((seconds * 1000) / interval) + 1);

    const lastBytes = new Map<string, number>();
    let withEta = 0;
    for (const { payload } of snapshots) {
      const ids = payload.updates.map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length); // merged: one update per job
      for (const u of payload.updates) {
        expect(sizes.has(u.id)).toBe(true);
        expect(u.bytesDone).toBeGreaterThanOrEqual(lastBytes.get(u.id) ?? 0); // never goes back in a clean run
        lastBytes.set(u.id, u.bytesDone);
        if (u.state === 'running' && u.bytesDone > 0 && u.bytesDone < sizes.get(u.id)!) {
          if (u.speed > 0) {
            expect(u.etaSeconds).toBe(Math.ceil((sizes.get(u.id)! - u.bytesDone) / u.speed));
            withEta++;
          }
        }
      }
      expect(payload.totals.bytesTotal).toBeLessThanOrEqual(8 * MiB);
    }
    expect(withEta).toBeGreaterThan(10);
    // Speeds reported while both ran add up to about the limit (the median: a busy event loop lets the
    // limiter's quarter-second burst through in one sample now and then).
    const mid = snapshots.filter((s) => s.payload.totals.running === 2 && s.payload.totals.bytesDone > 2 * MiB && s.payload.totals.bytesDone < 6 * MiB);
    expect(mid.length).toBeGreaterThan(3);
    const speeds = mid.map((s) => s.payload.totals.speed).sort((a, b) => a - b);
    const median = speeds[Math.floor(speeds.length / 2)]!;
    expect(median / (4 * MiB)).toBeGreaterThan(0.7);
    expect(median / (4 * MiB)).toBeLessThan(1.3);
    // Each job's last update says it completed, with all its bytes.
    for (const [id, size] of sizes) {
      const updates = snapshots.flatMap((s) => s.payload.updates.filter((u) => u.id === id));
      expect(updates.at(-1)).toMatchObject({ state: 'completed', bytesDone: size, speed: 0, etaSeconds: null, errorCode: null });
    }
  });
});
