/**
 * A folder of a Workspace Files service downloaded as ONE job through the
 * core (`transfers.downloadFolderZip` on a connection added with kind
 * 'workspace-files'): saved as the zip, unpacked, hostile zips unpacked
 * safely (a canary outside the target untouched, nothing new outside, the
 * honest entries still extracted and the refused ones reported), the count
 * and size bounds, a cut-off download leaving nothing at the final path,
 * cancel, and the capability gate.
 */
import { existsSync, watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_ZIP_KINDS } from '../fixtures/workspace-files/hostile-zip';
import { callErr, callOk, waitFor } from '../helpers/core';
import { patternBytes } from '../providers/provider-test-kit';
import { zipEntries } from '../providers/workspace-files/zip-entries';
import { openZipRig, sha256, tree, type ZipRig } from './workspace-zip-rig';

let rig: ZipRig;
const files: Record<string, Buffer> = {
  'docs/readme.txt': Buffer.from('read me\n'),
  'docs/data/big.bin': Buffer.alloc(3 * 1024 * 1024, 7),
  'docs/data/中文 名.txt': Buffer.from('unicode name'),
  'docs/empty.txt': Buffer.alloc(0),
};

beforeAll(async () => {
  rig = await openZipRig();
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(join(rig.server.dir, path, '..'), { recursive: true });
    await writeFile(join(rig.server.dir, path), bytes);
  }
});
afterAll(async () => {
  expect(rig.server.violations).toEqual([]);
  await rig.close();
});

async function download(input: { prefix: string; unpack: boolean; localFolder?: string; conflict?: 'ask' | 'overwrite' | 'skip' | 'keepBoth' }) {
  const result = await callOk(rig.core, 'transfers.downloadFolderZip', {
    connectionId: rig.connectionId,
    root: 'root',
    prefix: input.prefix,
    localFolder: input.localFolder ?? rig.localDir,
    unpack: input.unpack,
    conflict: input.conflict ?? 'keepBoth',
  });
  expect(result.jobs).toBe(1);
  const jobs = await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 });
  return jobs.jobs.find((j) => j.batchId === result.batchId)!;
}

const expectedUnpacked = (base: string) => Object.fromEntries(Object.entries(files).map(([p, b]) => [p.replace(/^docs\//, base), sha256(b)]));

describe('a folder as one zip job', () => {
  it('saves the zip as <folder>.zip (via .part), listed as one job with its progress and size', async () => {
    const job = await download({ prefix: 'docs/', unpack: false });
    expect(job).toMatchObject({ kind: 'folderZip', direction: 'download', displayName: 'docs.zip', remotePath: 'docs/' });
    const done = await rig.waitForState(job.id, ['completed', 'failed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    const zipPath = join(rig.localDir, 'docs.zip');
    const zip = await readFile(zipPath);
    expect(done.size).toBe(zip.length);
    expect(done.sha256).toBe(sha256(zip));
    const entries = await zipEntries(zip);
    for (const [path, bytes] of Object.entries(files)) expect(sha256(entries.get(`user_upload/${path}`)!), path).toBe(sha256(bytes));
    expect(existsSync(`${zipPath}.part`)).toBe(false);
    expect((await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.find((j) => j.id === job.id)!.note).toBeNull();
  });

  it('unpacks into <folder>/ with the user_upload/<folder> part stripped, hashes equal, no staging left', async () => {
    const job = await download({ prefix: 'docs/', unpack: true, conflict: 'ask' });
    expect(job.kind).toBe('folderUnpack');
    const done = await rig.waitForState(job.id, ['completed', 'failed']);
    expect(done.error_message).toBeNull();
    const got = await tree(join(rig.localDir, 'docs'));
    expect(Object.fromEntries(Object.entries(got).filter(([, v]) => v !== 'dir'))).toEqual(expectedUnpacked(''));
    expect((await readdir(rig.localDir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(JSON.parse(done.report!)).toMatchObject({ files: 4, refusedCount: 0 });
  });

  it('unpacks the same from a server that zips without the user_upload/ prefix; an existing folder is never merged into', async () => {
    rig.server.set({ zipPrefix: 'none' });
    try {
      const job = await download({ prefix: 'docs/', unpack: true, conflict: 'overwrite' });
      const done = await rig.waitForState(job.id, ['completed', 'failed']);
      expect(done.state).toBe('completed');
      expect(done.local_path).toBe(join(rig.localDir, 'docs (1)'));
      const view = (await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.find((j) => j.id === job.id)!;
      expect(view.note).toBe('saved as docs (1)');
      const got = await tree(done.local_path);
      expect(Object.fromEntries(Object.entries(got).filter(([, v]) => v !== 'dir'))).toEqual(expectedUnpacked(''));
    } finally {
      rig.server.set({ zipPrefix: 'user_upload' });
    }
  });

  const escapeKinds = HOSTILE_ZIP_KINDS.filter((k) => !['tooManyEntries', 'hugeDeclaredSize'].includes(k));
  for (const kind of escapeKinds) {
    it(`a hostile zip (${kind}): honest entries unpacked, the hostile ones refused and reported, nothing outside the target`, async () => {
      const localFolder = join(rig.localDir, `hostile-${kind}`);
      await mkdir(localFolder);
      const outsideBefore = await tree(rig.outer);
      rig.server.set({ hostileZip: kind });
      try {
        const job = await download({ prefix: 'docs/', unpack: true, localFolder });
        const done = await rig.waitForState(job.id, ['completed', 'failed']);
        expect(done.error_message).toBeNull();
        const got = await tree(join(localFolder, 'docs'));
        expect(Object.fromEntries(Object.entries(got).filter(([, v]) => v !== 'dir'))).toEqual({ 'ok-before.txt': sha256('fine 1'), 'sub/ok-after.txt': sha256('fine 2') });
        const report = JSON.parse(done.report!) as { refusedCount: number; refused: Array<{ path: string; reason: string }> };
        expect(report.refusedCount).toBeGreaterThan(0);
        const view = (await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.find((j) => j.id === job.id)!;
        expect(view.refused?.count).toBe(report.refusedCount);
        // Nothing outside the target changed: the canary and everything else as before, only the new folder added.
        const outsideAfter = await tree(rig.outer);
        for (const [path, hash] of Object.entries(outsideBefore)) expect(outsideAfter[path], path).toBe(hash);
        const added = Object.keys(outsideAfter).filter((p) => !(p in outsideBefore));
        for (const path of added) expect(path.startsWith(`downloads/hostile-${kind}/docs/`) || path === `downloads/hostile-${kind}/docs/`, path).toBe(true);
        expect(existsSync('/tmp/jcs-absolute-escape.txt')).toBe(false);
        expect(await readFile(join(rig.outer, 'canary.txt'), 'utf8')).toBe('canary');
      } finally {
        rig.server.set({ hostileZip: null });
      }
    });
  }

  for (const [kind, words] of [
    ['tooManyEntries', /more than the 1000 entries allowed|entries, more than the 1000/],
    ['hugeDeclaredSize', /more than the 16777216 allowed/],
  ] as const) {
    it(`a zip past the bounds (${kind}) fails the job and leaves nothing at the final path`, async () => {
      const localFolder = join(rig.localDir, `bound-${kind}`);
      await mkdir(localFolder);
      rig.server.set({ hostileZip: kind });
      try {
        const job = await download({ prefix: 'docs/', unpack: true, localFolder });
        const done = await rig.waitForState(job.id, ['completed', 'failed']);
        expect(done.state).toBe('failed');
        expect(done.error_message).toMatch(words);
        expect(await readdir(localFolder)).toEqual([]);
      } finally {
        rig.server.set({ hostileZip: null });
      }
    });
  }

  it('a download cut off mid-way (every attempt) fails and leaves no file at the final path, not even the .part', async () => {
    const localFolder = join(rig.localDir, 'cut');
    await mkdir(localFolder);
    rig.server.set({ cutDownloadAfter: 200_000 });
    try {
      for (const unpack of [false, true]) {
        const job = await download({ prefix: 'docs/', unpack, localFolder });
        const done = await rig.waitForState(job.id, ['completed', 'failed']);
        expect(done.state).toBe('failed');
        expect(done.attempts).toBe(1);
        expect(await readdir(localFolder)).toEqual([]);
      }
      expect(rig.server.requests.filter((r) => r.url.startsWith('/api/v1/files/download')).length).toBeGreaterThanOrEqual(6); // retried from zero
    } finally {
      rig.server.set({ cutDownloadAfter: null });
    }
    // Retry restarts from zero and now succeeds.
    const failed = (await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.state === 'failed' && j.localPath.startsWith(localFolder));
    await callOk(rig.core, 'transfers.control', { action: 'retry', ids: failed.map((j) => j.id) });
    for (const job of failed) expect((await rig.waitForState(job.id, ['completed', 'failed'])).state).toBe('completed');
    expect((await readdir(localFolder)).sort()).toEqual(['docs', 'docs.zip']);
  });

  it('cancel stops the job and removes what it wrote', async () => {
    const localFolder = join(rig.localDir, 'cancel');
    await mkdir(localFolder);
    // A download that stalls after some bytes (the fixture cuts only after a delay): cancel while it runs.
    rig.server.set({ cutDownloadAfter: 100_000 });
    try {
      const job = await download({ prefix: 'docs/', unpack: false, localFolder });
      await rig.waitForState(job.id, ['running']);
      await callOk(rig.core, 'transfers.control', { action: 'cancel', ids: [job.id] });
      expect((await rig.waitForState(job.id, ['cancelled'])).state).toBe('cancelled');
      expect(await readdir(localFolder)).toEqual([]);
    } finally {
      rig.server.set({ cutDownloadAfter: null });
    }
  });

  it('pause stops the download and removes the .part; resume starts again from zero and completes', async () => {
    const localFolder = join(rig.localDir, 'pause');
    await mkdir(localFolder);
    const bytes = patternBytes(1_200_000, 11); // incompressible: the zip is as big
    await mkdir(join(rig.server.dir, 'slow'), { recursive: true });
    await writeFile(join(rig.server.dir, 'slow', 'rand.bin'), bytes);
    const settings = await callOk(rig.core, 'settings.get', {});
    await callOk(rig.core, 'settings.update', { transfers: { ...settings.transfers, bandwidthLimitKiBps: 256 } });
    try {
      const job = await download({ prefix: 'slow/', unpack: false, localFolder });
      await waitFor('some bytes to arrive', () => rig.job(job.id).state === 'running' && existsSync(join(localFolder, 'slow.zip.part')), 20_000, 5);
      await callOk(rig.core, 'transfers.control', { action: 'pause', ids: [job.id] });
      await rig.waitForState(job.id, ['paused']);
      await waitFor('the .part to be removed', () => !existsSync(join(localFolder, 'slow.zip.part')), 10_000, 10);
      expect(await readdir(localFolder)).toEqual([]);
      await callOk(rig.core, 'settings.update', { transfers: { ...settings.transfers, bandwidthLimitKiBps: 0 } });
      await callOk(rig.core, 'transfers.control', { action: 'resume', ids: [job.id] });
      const done = await rig.waitForState(job.id, ['completed', 'failed']);
      expect(done.state).toBe('completed');
      const entries = await zipEntries(await readFile(join(localFolder, 'slow.zip')));
      expect(sha256(entries.get('user_upload/slow/rand.bin')!)).toBe(sha256(bytes));
    } finally {
      await callOk(rig.core, 'settings.update', { transfers: { ...settings.transfers, bandwidthLimitKiBps: 0 } });
    }
  });

  it('paused while unpacking: nothing half-extracted at the final path, the staging folder and the zip removed; resumed, it completes', async () => {
    const localFolder = join(rig.localDir, 'mid-unpack');
    await mkdir(localFolder);
    await mkdir(join(rig.server.dir, 'many-files'), { recursive: true });
    for (let i = 0; i < 900; i++) await writeFile(join(rig.server.dir, 'many-files', `f${i}.txt`), `file ${i}\n`.repeat(50));
    // The moment the staging folder appears, unpacking has begun: pause then.
    const staging = new Promise<void>((resolve) => {
      const watcher = watch(localFolder, (_event, name) => {
        if (name && String(name).endsWith('.unpacking')) {
          watcher.close();
          resolve();
        }
      });
    });
    const job = await download({ prefix: 'many-files/', unpack: true, localFolder });
    await staging;
    await callOk(rig.core, 'transfers.control', { action: 'pause', ids: [job.id] });
    expect((await rig.waitForState(job.id, ['paused', 'completed'])).state, 'the pause came after the unpacking ended').toBe('paused');
    await waitFor('the staging folder and the zip to be removed', async () => (await readdir(localFolder)).length === 0, 10_000, 10);
    await callOk(rig.core, 'transfers.control', { action: 'resume', ids: [job.id] });
    expect((await rig.waitForState(job.id, ['completed', 'failed'])).state).toBe('completed');
    expect((await readdir(join(localFolder, 'many-files'))).length).toBe(900);
    expect(await readdir(localFolder)).toEqual(['many-files']);
  });

  it('cancelling a folder job that a crash interrupted removes what its run left (the zip being downloaded, the staging folder)', async () => {
    const localFolder = join(rig.localDir, 'after-crash');
    await mkdir(localFolder);
    const settings = await callOk(rig.core, 'settings.get', {});
    await callOk(rig.core, 'settings.update', { transfers: { ...settings.transfers, maxConcurrentFiles: 1, bandwidthLimitKiBps: 1 } });
    try {
      // A slow job holds the only slot, so the next one stays queued while its "leftovers" are put in place.
      await mkdir(join(rig.server.dir, 'slow'), { recursive: true });
      await writeFile(join(rig.server.dir, 'slow', 'rand.bin'), patternBytes(1_200_000, 11));
      const blocker = await download({ prefix: 'slow/', unpack: false, localFolder: rig.localDir, conflict: 'keepBoth' });
      const job = await download({ prefix: 'docs/', unpack: true, localFolder });
      expect(rig.job(job.id).state).toBe('queued');
      const tag = job.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
      await writeFile(join(localFolder, `.docs.${tag}.zip.part`), 'half a zip');
      await mkdir(join(localFolder, `.docs.${tag}.unpacking`, 'sub'), { recursive: true });
      await writeFile(join(localFolder, `.docs.${tag}.unpacking`, 'sub', 'half.txt'), 'half');
      await callOk(rig.core, 'transfers.control', { action: 'cancel', ids: [job.id, blocker.id] });
      await rig.waitForState(job.id, ['cancelled']);
      await waitFor('the leftovers to be removed', async () => (await readdir(localFolder)).length === 0, 10_000, 10);
    } finally {
      await callOk(rig.core, 'settings.update', { transfers: settings.transfers });
    }
  });

  it('is refused before anything is queued for a malformed prefix, a file as the local folder, or a kind that cannot zip', async () => {
    const base = { connectionId: rig.connectionId, root: 'root', localFolder: rig.localDir, unpack: false, conflict: 'ask' as const };
    expect((await callErr(rig.core, 'transfers.downloadFolderZip', { ...base, prefix: '../' })).code).toBe('InvalidInput');
    expect((await callErr(rig.core, 'transfers.downloadFolderZip', { ...base, prefix: 'docs' })).code).toBe('InvalidInput');
    expect((await callErr(rig.core, 'transfers.downloadFolderZip', { ...base, prefix: 'docs/', localFolder: join(rig.outer, 'canary.txt') })).code).toBe('InvalidInput');
    const jcs = (await callOk(rig.core, 'connections.list', {})).find((c) => c.kind === 'jcs');
    if (jcs) expect((await callErr(rig.core, 'transfers.downloadFolderZip', { ...base, connectionId: jcs.id, root: 'p1', prefix: '' })).code).toBe('Unsupported');
  });
});
