/**
 * Destinations that already exist, under the 'ask' policy: the jobs wait
 * (listed by `transfers.conflicts`; a conflict found only when the job runs
 * is announced with `transfers.conflict`) until the user chooses overwrite,
 * skip or keep both (`name (1).ext`), for one job or for the whole batch, in
 * both directions. Object names a Windows disk cannot hold are mapped to
 * safe local names.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobView } from '../../src-main/core/transfers/transfer-store';
import { TransferService } from '../../src-main/core/transfers/transfer-service';
import { waitFor } from '../helpers/core';
import { MiB, eventsNamed, objectAt, openRig, putObject, readObject, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const byName = (r: TransferRig) => new Map(r.jobs().map((j) => [j.display_name, j]));

describe('upload conflicts', () => {
  it("'ask' makes jobs wait; overwrite, skip, keep both and apply-to-all each do what they say", async () => {
    rig = await openRig();
    const old = new Map<string, Buffer>();
    const fresh = new Map<string, Buffer>();
    for (const name of ['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt']) {
      old.set(name, await putObject(rig, `c/${name}`, randomBytes(1000)).then(() => readObject(rig!, `c/${name}`)));
      fresh.set(name, await writeRandomFile(join(rig.localDir, 'c', name), 1200));
    }
    fresh.set('n.txt', await writeRandomFile(join(rig.localDir, 'c', 'n.txt'), 800));

    const result = await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'c')]);
    expect(result).toMatchObject({ jobs: 6, conflicts: 5 });
    await rig.waitForState(byName(rig).get('n.txt')!.id, 'completed');
    const waiting = rig.service.conflicts(100);
    expect(waiting.total).toBe(5);
    expect(waiting.jobs.map((j) => j.displayName).sort()).toEqual(['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt']);
    expect(waiting.jobs.every((j) => j.state === 'queued' && j.waiting === 'conflict')).toBe(true);
    expect(rig.engine.totals()).toMatchObject({ waiting: 5, completed: 1, queued: 0 });
    expect(eventsNamed(rig, 'transfers.changed').length).toBeGreaterThan(0); // how the UI learns about them
    expect(rig.proxy.count('/object/upload')).toBe(1); // only n.txt went up

    const jobs = byName(rig);
    expect(rig.engine.resolveConflict(jobs.get('a.txt')!.id, 'overwrite', false)).toBe(1);
    expect(rig.engine.resolveConflict(jobs.get('b.txt')!.id, 'skip', false)).toBe(1);
    expect(rig.engine.resolveConflict(jobs.get('d.txt')!.id, 'keepBoth', false)).toBe(1);
    expect(rig.service.conflicts(100).total).toBe(2);
    expect(rig.engine.resolveConflict(jobs.get('e.txt')!.id, 'keepBoth', true)).toBe(2); // e and f
    await rig.waitIdle();
    expect(rig.service.conflicts(100).total).toBe(0);

    expect((await readObject(rig, 'c/a.txt')).equals(fresh.get('a.txt')!)).toBe(true);
    expect((await readObject(rig, 'c/b.txt')).equals(old.get('b.txt')!)).toBe(true);
    const skipped = rig.job(jobs.get('b.txt')!.id);
    expect(skipped).toMatchObject({ state: 'completed', error_code: 'Skipped' });
    expect(jobView(skipped).note).toBe('skipped');
    for (const name of ['d', 'e', 'f']) {
      expect((await readObject(rig, `c/${name}.txt`)).equals(old.get(`${name}.txt`)!)).toBe(true);
      expect((await readObject(rig, `c/${name} (1).txt`)).equals(fresh.get(`${name}.txt`)!)).toBe(true);
      expect(rig.job(jobs.get(`${name}.txt`)!.id).remote_path).toBe(`c/${name} (1).txt`);
    }
    // Batches are announced at the next progress snapshot, once.
    await vi.waitFor(() => expect(eventsNamed(rig!, 'transfers.batchFinished')).toHaveLength(1), { timeout: 2000 });
    expect(eventsNamed(rig, 'transfers.batchFinished').map((e) => e.payload)).toEqual([{ batchId: result.batchId, direction: 'upload', completed: 5, skipped: 1, failed: 0, total: 6, sync: false }]);
  });

  it('a destination that appears after planning is found when the job runs: `transfers.conflict` is announced, and apply-to-all also answers a job of the batch still running', async () => {
    rig = await openRig({ start: false, settings: { maxConcurrentParts: 1 } });
    const x = await writeRandomFile(join(rig.localDir, 'late', 'x.txt'), 3000);
    const y = await writeRandomFile(join(rig.localDir, 'late', 'y.txt'), 3000);
    const z = await writeRandomFile(join(rig.localDir, 'late', 'z.bin'), 3 * MiB);
    const result = await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'late')]);
    expect(result.conflicts).toBe(0);
    for (const name of ['x.txt', 'y.txt', 'z.bin']) await putObject(rig, `late/${name}`, Buffer.from(`old ${name}`));
    // z's parts go slowly, so it is still running when x and y ask.
    rig.proxy.fault = (q) => (q.route === '/object/uploadPart' ? { kind: 'delay', ms: 150 } : undefined);

    rig.start();
    const jobs = byName(rig);
    await waitFor('x and y to ask', () => eventsNamed(rig!, 'transfers.conflict').length === 2);
    const asked = eventsNamed(rig, 'transfers.conflict').map((e) => e.payload);
    expect(asked.map((p) => p.remotePath).sort()).toEqual(['late/x.txt', 'late/y.txt']);
    expect(asked.every((p) => p.batchId === result.batchId && p.direction === 'upload')).toBe(true);
    expect(asked.map((p) => p.jobId).sort()).toEqual([jobs.get('x.txt')!.id, jobs.get('y.txt')!.id].sort());
    expect(rig.job(jobs.get('z.bin')!.id).state).toBe('running');

    expect(rig.engine.resolveConflict(jobs.get('x.txt')!.id, 'overwrite', true)).toBe(2);
    await rig.waitIdle();
    expect(eventsNamed(rig, 'transfers.conflict')).toHaveLength(2); // z was not asked about again
    for (const [name, bytes] of [['x.txt', x], ['y.txt', y], ['z.bin', z]] as const) {
      expect(rig.job(jobs.get(name)!.id).state).toBe('completed');
      expect((await readObject(rig, `late/${name}`)).equals(bytes)).toBe(true);
    }
  });

  it('a multipart upload that finds its destination taken waits with its parts kept; resolving it sends no part again', async () => {
    rig = await openRig({ start: false });
    const bytes = await writeRandomFile(join(rig.localDir, 'big.bin'), 3 * MiB);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'big.bin')]);
    await putObject(rig, 'big.bin', Buffer.from('old'));
    rig.start();
    const id = rig.jobs()[0]!.id;
    await waitFor('the conflict', () => eventsNamed(rig!, 'transfers.conflict').length === 1);
    expect(rig.job(id)).toMatchObject({ state: 'queued', waiting: 'conflict' });
    expect(rig.proxy.count('/object/uploadPart')).toBe(3);

    const mark = rig.proxy.mark;
    rig.engine.resolveConflict(id, 'keepBoth', false);
    await rig.waitForState(id, 'completed');
    expect(rig.proxy.count('/object/uploadPart', mark)).toBe(0);
    expect(rig.proxy.count('/object/completeMultipartUpload', mark)).toBe(0);
    expect((await readObject(rig, 'big (1).bin')).equals(bytes)).toBe(true);
    expect((await readObject(rig, 'big.bin')).toString()).toBe('old');
    expect(await objectAt(rig, `.jcs-uploads/${id}/big.bin`)).toBeUndefined();
  });
  it('skipping a multipart upload that waits with its parts gives its staged upload up: nothing is left on the service', async () => {
    rig = await openRig({ start: false });
    await writeRandomFile(join(rig.localDir, 'big.bin'), 3 * MiB);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'big.bin')]);
    await putObject(rig, 'big.bin', Buffer.from('old'));
    rig.start();
    const id = rig.jobs()[0]!.id;
    await waitFor('the conflict', () => eventsNamed(rig!, 'transfers.conflict').length === 1);
    expect(await objectAt(rig, `.jcs-uploads/${id}/big.bin`)).toBeDefined(); // complete and checked, waiting to be placed

    expect(rig.engine.resolveConflict(id, 'skip', false)).toBe(1);
    expect(rig.job(id)).toMatchObject({ state: 'completed', error_code: 'Skipped', upload_handle: null });
    await waitFor('the staged upload to be given up', async () => (await objectAt(rig!, `.jcs-uploads/${id}/big.bin`)) === undefined);
    expect((await readObject(rig, 'big.bin')).toString()).toBe('old');
    expect(rig.store.units(id)).toEqual([]);
  });
});

describe('download conflicts', () => {
  it("'ask' makes downloads onto existing files wait; overwrite, skip, keep both and apply-to-all each do what they say", async () => {
    rig = await openRig();
    const remote = new Map<string, Buffer>();
    for (const name of ['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt', 'n.txt']) {
      remote.set(name, randomBytes(2000));
      await putObject(rig, `docs/${name}`, remote.get(name)!);
    }
    const local = join(rig.localDir, 'docs');
    await mkdir(local);
    for (const name of ['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt']) await writeFile(join(local, name), `local ${name}`);

    const result = await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'folder', prefix: 'docs/' }], localFolder: rig.localDir, conflict: 'ask' });
    expect(result).toMatchObject({ jobs: 6, conflicts: 5 });
    await rig.waitIdle();
    expect(rig.service.conflicts(100).total).toBe(5);
    expect((await readFile(join(local, 'n.txt'))).equals(remote.get('n.txt')!)).toBe(true);

    const jobs = byName(rig);
    rig.engine.resolveConflict(jobs.get('a.txt')!.id, 'overwrite', false);
    rig.engine.resolveConflict(jobs.get('b.txt')!.id, 'skip', false);
    rig.engine.resolveConflict(jobs.get('d.txt')!.id, 'keepBoth', false);
    expect(rig.engine.resolveConflict(jobs.get('e.txt')!.id, 'keepBoth', true)).toBe(2);
    await rig.waitIdle();

    expect((await readFile(join(local, 'a.txt'))).equals(remote.get('a.txt')!)).toBe(true);
    expect(await readFile(join(local, 'b.txt'), 'utf8')).toBe('local b.txt');
    expect(jobView(rig.job(jobs.get('b.txt')!.id)).note).toBe('skipped');
    for (const name of ['d', 'e', 'f']) {
      expect(await readFile(join(local, `${name}.txt`), 'utf8')).toBe(`local ${name}.txt`);
      expect((await readFile(join(local, `${name} (1).txt`))).equals(remote.get(`${name}.txt`)!)).toBe(true);
      expect(jobView(rig.job(jobs.get(`${name}.txt`)!.id)).note).toBe(`saved as ${name} (1).txt`);
    }
    expect((await readdir(local)).sort()).toEqual(['a.txt', 'b.txt', 'd (1).txt', 'd.txt', 'e (1).txt', 'e.txt', 'f (1).txt', 'f.txt', 'n.txt']);
    // Batches are announced at the next progress snapshot, once.
    await vi.waitFor(() => expect(eventsNamed(rig!, 'transfers.batchFinished')).toHaveLength(1), { timeout: 2000 });
    expect(eventsNamed(rig, 'transfers.batchFinished').map((e) => e.payload)).toEqual([{ batchId: result.batchId, direction: 'download', completed: 5, skipped: 1, failed: 0, total: 6, sync: false }]);
  });

  it('object names a Windows disk cannot hold are saved under safe names (and two that map to one name keep both)', async () => {
    rig = await openRig();
    const names = ['win/a:b.txt', 'win/a?b.txt', 'win/CON.txt', 'win/dir<1>/report.txt', 'win/ok.txt'];
    const contents = new Map(names.map((n) => [n, randomBytes(100)]));
    for (const [path, bytes] of contents) await putObject(rig, path, bytes);
    const windows = new TransferService(rig.engine, rig.connections, rig.settings, 'win32');

    await windows.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'folder', prefix: 'win/' }], localFolder: rig.localDir, conflict: 'ask' });
    const rows = await rig.waitIdle();
    expect(rows.every((r) => r.state === 'completed')).toBe(true);
    const saved = new Map(rows.map((r) => [r.remote_path, r.local_path.slice(rig!.localDir.length + 1)]));
    expect(Object.fromEntries(saved)).toEqual({
      'win/a:b.txt': 'win/a_b.txt',
      'win/a?b.txt': 'win/a_b (1).txt',
      'win/CON.txt': 'win/_CON.txt',
      'win/dir<1>/report.txt': 'win/dir_1_/report.txt',
      'win/ok.txt': 'win/ok.txt',
    });
    for (const [path, local] of saved) expect((await readFile(join(rig.localDir, local))).equals(contents.get(path)!)).toBe(true);
    expect(jobView(rows.find((r) => r.remote_path === 'win/CON.txt')!).note).toBe('saved as _CON.txt');
    expect(jobView(rows.find((r) => r.remote_path === 'win/ok.txt')!).note).toBeNull();
  });
});
