/**
 * Files through the core to a Workspace Files service and back: a
 * connection added with kind 'workspace-files', a folder uploaded from disk
 * (`transfers.uploadPaths`: one streamed `put` per file, the service's
 * sha256 checked), the stored bytes on the service's disk compared, then the
 * folder downloaded back file by file (`transfers.download`) and as one
 * zip job, all hashes equal. An upload over an existing name asks first (the
 * engines stat before writing).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callOk } from '../helpers/core';
import { patternBytes } from '../providers/provider-test-kit';
import { openZipRig, sha256, tree, type ZipRig } from './workspace-zip-rig';

let rig: ZipRig;
beforeAll(async () => {
  rig = await openZipRig();
});
afterAll(async () => {
  expect(rig.server.violations).toEqual([]);
  await rig.close();
});

const files: Record<string, Buffer> = {
  'trip/a.txt': Buffer.from('alpha\n'),
  'trip/nested/b.bin': patternBytes(2_500_000, 5), // over the 1 MiB multipart threshold: the streamed-put runner
  'trip/nested/ünï cödé.txt': Buffer.from('names survive'),
};

async function settle(batchId: string) {
  for (;;) {
    const jobs = (await callOk(rig.core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.batchId === batchId);
    if (jobs.every((j) => ['completed', 'failed', 'cancelled'].includes(j.state) || j.waiting === 'conflict')) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('uploads a folder through the core and downloads it back file by file and as a zip, hashes equal', async () => {
  const source = join(rig.outer, 'source');
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(join(source, path, '..'), { recursive: true });
    await writeFile(join(source, path), bytes);
  }
  const up = await callOk(rig.core, 'transfers.uploadPaths', { connectionId: rig.connectionId, root: 'root', targetFolder: 'in/', paths: [join(source, 'trip')], conflict: 'ask' });
  expect(up.jobs).toBe(3);
  const uploaded = await settle(up.batchId);
  expect(uploaded.map((j) => [j.remotePath, j.state, j.errorMessage]).sort()).toEqual(Object.keys(files).map((p) => [`in/${p}`, 'completed', null]).sort());
  for (const [path, bytes] of Object.entries(files)) expect(sha256(await readFile(join(rig.server.dir, 'in', path))), path).toBe(sha256(bytes));

  const back = join(rig.localDir, 'back');
  const down = await callOk(rig.core, 'transfers.download', { connectionId: rig.connectionId, root: 'root', targets: [{ type: 'folder', prefix: 'in/trip/' }], localFolder: back, conflict: 'ask' });
  const downloaded = await settle(down.batchId);
  expect(downloaded.every((j) => j.state === 'completed')).toBe(true);
  const expected = Object.fromEntries(Object.entries(files).map(([p, b]) => [p, sha256(b)]));
  expect(Object.fromEntries(Object.entries(await tree(back)).filter(([, v]) => v !== 'dir'))).toEqual(expected);

  const zipBack = join(rig.localDir, 'zip-back');
  await mkdir(zipBack);
  const zipJob = await callOk(rig.core, 'transfers.downloadFolderZip', { connectionId: rig.connectionId, root: 'root', prefix: 'in/trip/', localFolder: zipBack, unpack: true, conflict: 'ask' });
  expect((await settle(zipJob.batchId))[0]!.state).toBe('completed');
  const unpacked = await tree(join(zipBack, 'trip'));
  expect(Object.fromEntries(Object.entries(unpacked).filter(([, v]) => v !== 'dir').map(([p, h]) => [`trip/${p}`, h]))).toEqual(expected);

  // The same upload again: the engine stats first and asks, nothing is sent over the existing files.
  const before = rig.server.requests.filter((r) => r.url.startsWith('/api/v1/files/upload')).length;
  const again = await callOk(rig.core, 'transfers.uploadPaths', { connectionId: rig.connectionId, root: 'root', targetFolder: 'in/', paths: [join(source, 'trip')], conflict: 'ask' });
  expect(again.conflicts).toBe(3);
  const waiting = await settle(again.batchId);
  expect(waiting.every((j) => j.waiting === 'conflict')).toBe(true);
  expect(rig.server.requests.filter((r) => r.url.startsWith('/api/v1/files/upload')).length).toBe(before);
});
