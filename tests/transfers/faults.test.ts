/**
 * Faults a transfer meets in the field, made real: local files that vanish
 * or cannot be read fail only their own job; a service that goes away (the
 * proxy drops and refuses connections, or the node process is stopped) is
 * retried and then reported, and `retry` continues from what was recorded
 * once it is back; a 500 answer to completeMultipartUpload is retried (also
 * when the node did complete and only its answer was lost); a full disk fails
 * the download with a clear message and no file at the final path.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/core';
import { MiB, fullHash, objectAt, objectsUnder, openRig, putObject, readObject, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Whether chmod 000 really makes a file unreadable here (it does not for root). */
const permissionsApply = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'jcs-perm-'));
  const file = join(dir, 'locked');
  writeFileSync(file, 'x');
  chmodSync(file, 0o000);
  try {
    readFileSync(file);
    return false;
  } catch {
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** Whether this process may mount a small tmpfs (root in a container that allows it). */
function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const target = (r: TransferRig, folder = '') => ({ connectionId: r.connectionId, root: r.rootId, targetFolder: folder, conflict: 'ask' as const });

describe('local files that vanish or cannot be read', () => {
  it('a vanished file (small or multipart) fails only its own job with a clear message; the rest of the queue completes', async () => {
    rig = await openRig({ start: false });
    const folder = join(rig.localDir, 'set');
    const kept = new Map<string, Buffer>();
    for (const name of ['keep-1.txt', 'keep-2.txt']) kept.set(name, await writeRandomFile(join(folder, name), 10_000));
    kept.set('keep-big.bin', await writeRandomFile(join(folder, 'keep-big.bin'), 2 * MiB + 3));
    await writeRandomFile(join(folder, 'gone.txt'), 10_000);
    await writeRandomFile(join(folder, 'gone-big.bin'), 2 * MiB);
    await rig.service.uploadPaths(target(rig), [folder]);
    await rm(join(folder, 'gone.txt'));
    await rm(join(folder, 'gone-big.bin'));

    rig.start();
    const rows = await rig.waitIdle();
    const byName = new Map(rows.map((r) => [r.display_name, r]));
    for (const name of ['gone.txt', 'gone-big.bin']) {
      const row = byName.get(name)!;
      expect(row.state).toBe('failed');
      expect(row.error_code).toBe('NotFound');
      expect(row.error_message).toBe(`'${join(folder, name)}' no longer exists`);
      expect(await objectAt(rig, `set/${name}`)).toBeUndefined();
    }
    for (const [name, bytes] of kept) {
      expect(byName.get(name)?.state).toBe('completed');
      expect((await objectAt(rig, `set/${name}`))?.fileHash).toBe(fullHash(bytes));
    }
    expect(rig.logs.filter((l) => l.startsWith('unexpected failure'))).toEqual([]);
  });

  it.skipIf(!permissionsApply)('an unreadable file (chmod 000; skipped when running as root, where it stays readable) fails only its own job with a clear message', async () => {
    rig = await openRig({ start: false });
    const folder = join(rig.localDir, 'perm');
    const fine = await writeRandomFile(join(folder, 'fine.txt'), 5_000);
    await writeRandomFile(join(folder, 'locked.txt'), 5_000);
    await writeRandomFile(join(folder, 'locked-big.bin'), 2 * MiB);
    await rig.service.uploadPaths(target(rig), [folder]);
    await chmod(join(folder, 'locked.txt'), 0o000);
    await chmod(join(folder, 'locked-big.bin'), 0o000);
    try {
      rig.start();
      const rows = await rig.waitIdle();
      const byName = new Map(rows.map((r) => [r.display_name, r]));
      for (const name of ['locked.txt', 'locked-big.bin']) {
        expect(byName.get(name)).toMatchObject({ state: 'failed', error_code: 'Forbidden', error_message: `'${join(folder, name)}' cannot be read (permission denied)` });
        expect(await objectAt(rig, `perm/${name}`)).toBeUndefined();
      }
      expect(byName.get('fine.txt')?.state).toBe('completed');
      expect((await objectAt(rig, 'perm/fine.txt'))?.fileHash).toBe(fullHash(fine));
      expect(rig.logs.filter((l) => l.startsWith('unexpected failure'))).toEqual([]);
    } finally {
      await chmod(join(folder, 'locked.txt'), 0o644);
      await chmod(join(folder, 'locked-big.bin'), 0o644);
    }
  });
});

describe('read errors in the middle of a transfer', () => {
  it('a file replaced by a folder between parts fails its job with a clear message (and does not crash the process)', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const path = join(rig.localDir, 'swapped.bin');
    await writeRandomFile(path, 3 * MiB);
    let answered = 0;
    rig.proxy.onAnswer = (q) => {
      if (q.route !== '/object/uploadPart' || ++answered !== 1) return;
      rmSync(path);
      mkdirSync(path);
    };
    await rig.service.uploadPaths(target(rig), [path]);
    const id = rig.jobs()[0]!.id;
    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('ReadFailed');
    expect(failed.error_message).toBe(`'${path}' cannot be read (EISDIR)`);
    expect(await objectAt(rig, 'swapped.bin')).toBeUndefined();
  });

  it('a download whose connection is cut in the middle of a range retries that range and completes', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const bytes = randomBytes(3 * MiB);
    const object = await putObject(rig, 'cut.bin', bytes);
    let ranges = 0;
    rig.proxy.fault = (q) => (q.route === '/object/download' && ++ranges === 2 ? { kind: 'cutAnswer', offset: 300_000 } : undefined);
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'object', path: object.path }], localFolder: rig.localDir, conflict: 'ask' });
    const id = rig.jobs()[0]!.id;
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    expect(rig.proxy.count('/object/download')).toBe(4); // three ranges, one of them twice
    expect((await readFile(join(rig.localDir, 'cut.bin'))).equals(bytes)).toBe(true);
  });
});

describe('the service going away', () => {
  it('an upload is retried, then fails with a clear message; `retry` after the service is back sends only the missing parts', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096, maxConcurrentParts: 2 } });
    const path = join(rig.localDir, 'far.bin');
    const bytes = await writeRandomFile(path, 6 * MiB);
    await rig.service.uploadPaths(target(rig, 'remote/'), [path]);
    const id = rig.jobs()[0]!.id;
    await waitFor('two parts acknowledged', () => rig!.store.units(id).length >= 2);

    rig.proxy.goDown();
    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('ConnectionFailed');
    expect(failed.error_message).toContain(`cannot reach ${rig.proxy.url}`);
    expect(rig.proxy.refused).toBeGreaterThanOrEqual(2); // it was tried again before giving up
    const recorded = rig.store.units(id).map((u) => u.idx);
    expect(recorded.length).toBeGreaterThanOrEqual(2);

    rig.proxy.comeBack();
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    const mark = rig.proxy.mark;
    rig.engine.retry([id]);
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    const resent = rig.proxy.seen('/object/uploadPart', mark).map((q) => q.partIndex!);
    expect(resent.length).toBe(6 - recorded.length);
    for (const idx of recorded) expect(resent).not.toContain(idx);
    expect((await objectAt(rig, 'remote/far.bin'))?.fileHash).toBe(fullHash(bytes));
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('a download whose node is stopped fails clearly; after the node is back, `retry` fetches only the missing ranges', async () => {
    rig = await openRig({ settings: { bandwidthLimitKiBps: 4096, maxConcurrentParts: 2 } });
    const bytes = randomBytes(6 * MiB);
    const object = await putObject(rig, 'far/film.bin', bytes);
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'object', path: object.path }], localFolder: rig.localDir, conflict: 'ask' });
    const id = rig.jobs()[0]!.id;
    await waitFor('two ranges on disk', () => rig!.store.units(id).length >= 2);

    await rig.stopNode();
    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('ConnectionFailed');
    expect(failed.error_message).toMatch(new RegExp(`^(cannot reach|request to) ${rig.proxy.url.replace(/[.]/g, '\\.')}`));
    const recorded = rig.store.units(id);
    await expect(stat(join(rig.localDir, 'film.bin'))).rejects.toMatchObject({ code: 'ENOENT' });

    await rig.startNode();
    rig.setSettings({ bandwidthLimitKiBps: 0 });
    const mark = rig.proxy.mark;
    rig.engine.retry([id]);
    expect((await rig.waitForState(id, ['failed', 'completed'])).state).toBe('completed');
    const fetched = rig.proxy.seen('/object/download', mark);
    expect(fetched.reduce((sum, q) => sum + q.bytesDown, 0)).toBe(bytes.length - recorded.reduce((sum, u) => sum + u.size, 0));
    expect((await readFile(join(rig.localDir, 'film.bin'))).equals(bytes)).toBe(true);
    expect(await readdir(rig.localDir)).toEqual(['film.bin']);
  });
});

describe('a 500 answer to completeMultipartUpload', () => {
  const COMPLETE = '/object/completeMultipartUpload';

  async function uploadOne(r: TransferRig, name: string): Promise<{ id: string; bytes: Buffer }> {
    const bytes = await writeRandomFile(join(r.localDir, name), 2 * MiB + 9);
    await r.service.uploadPaths(target(r), [join(r.localDir, name)]);
    return { id: r.jobs().at(-1)!.id, bytes };
  }

  it('once, before the node saw it: retried, and the upload completes', async () => {
    rig = await openRig();
    let calls = 0;
    rig.proxy.fault = (q) => (q.route === COMPLETE && ++calls === 1 ? { kind: 'status', status: 500 } : undefined);
    const { id, bytes } = await uploadOne(rig, 'once.bin');
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    expect(rig.proxy.count(COMPLETE)).toBe(2);
    expect((await objectAt(rig, 'once.bin'))?.fileHash).toBe(fullHash(bytes));
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('once, after the node completed it (the answer was lost): retried, and the upload completes', async () => {
    rig = await openRig();
    let calls = 0;
    rig.proxy.fault = (q) => (q.route === COMPLETE && ++calls === 1 ? { kind: 'status', status: 500, afterForwarding: true } : undefined);
    const { id, bytes } = await uploadOne(rig, 'lost.bin');
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    expect((await objectAt(rig, 'lost.bin'))?.fileHash).toBe(fullHash(bytes));
    expect((await readObject(rig, 'lost.bin')).equals(bytes)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('every time: the job fails with the service\'s message after the retries, nothing is placed, and `retry` later succeeds', async () => {
    rig = await openRig();
    rig.proxy.fault = (q) => (q.route === COMPLETE ? { kind: 'status', status: 500 } : undefined);
    const { id, bytes } = await uploadOne(rig, 'always.bin');
    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed).toMatchObject({ error_code: 'OperationFailed', error_message: 'injected by the test proxy' });
    expect(rig.proxy.count(COMPLETE)).toBe(3); // the retry policy's attempts
    expect(await objectAt(rig, 'always.bin')).toBeUndefined();

    rig.proxy.fault = undefined;
    const mark = rig.proxy.mark;
    rig.engine.retry([id]);
    expect((await rig.waitForState(id, ['failed', 'completed'])).state).toBe('completed');
    expect(rig.proxy.count('/object/uploadPart', mark)).toBe(0); // every part was already acknowledged
    expect((await objectAt(rig, 'always.bin'))?.fileHash).toBe(fullHash(bytes));
  });
});

describe('a full disk', () => {
  it('fails the download with a clear message and leaves no file at the final path (needs a 2 MiB tmpfs: skipped where mount is not permitted)', async (ctx) => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const small = join(rig.root, 'small-disk');
    await mkdir(small);
    if (!tryMountTmpfs(small, '2m')) {
      ctx.skip(true, 'mount -t tmpfs is not permitted here (not root, or the container forbids it)');
      return;
    }
    try {
      const fits = randomBytes(200_000);
      const tooBig = randomBytes(3 * MiB);
      const a = await putObject(rig, 'fits.bin', fits);
      const b = await putObject(rig, 'too-big.bin', tooBig);
      await rig.service.download({
        connectionId: rig.connectionId,
        root: rig.rootId,
        targets: [
          { type: 'object', path: b.path },
          { type: 'object', path: a.path },
        ],
        localFolder: small,
        conflict: 'ask',
      });
      const rows = await rig.waitIdle();
      const byName = new Map(rows.map((r) => [r.display_name, r]));
      const full = byName.get('too-big.bin')!;
      expect(full.state).toBe('failed');
      expect(full.error_code).toBe('DiskFull');
      expect(full.error_message).toContain('not enough space');
      expect(full.error_message).toContain(join(small, 'too-big.bin'));
      await expect(stat(join(small, 'too-big.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(rig.logs.filter((l) => l.startsWith('unexpected failure'))).toEqual([]);
      // The other job of the batch is not affected (it ran first or after the space was given back).
      if (byName.get('fits.bin')?.state === 'completed') expect((await readFile(join(small, 'fits.bin'))).equals(fits)).toBe(true);

      // With room made, a retry continues from the ranges already on disk and completes.
      const recorded = rig.store.units(full.id).reduce((sum, u) => sum + u.size, 0);
      execFileSync('mount', ['-o', 'remount,size=8m', small], { stdio: 'ignore' });
      const mark = rig.proxy.mark;
      rig.engine.retry(null);
      await rig.waitIdle();
      expect(rig.job(full.id).state).toBe('completed');
      expect(rig.proxy.seen('/object/download', mark).filter((q) => q.query.get('objectID') === String(b.objectID)).reduce((sum, q) => sum + q.bytesDown, 0)).toBe(tooBig.length - recorded);
      expect((await readFile(join(small, 'too-big.bin'))).equals(tooBig)).toBe(true);
      expect((await readdir(small)).sort()).toEqual(['fits.bin', 'too-big.bin']);
    } finally {
      execFileSync('umount', ['-l', small], { stdio: 'ignore' });
    }
  });
});
