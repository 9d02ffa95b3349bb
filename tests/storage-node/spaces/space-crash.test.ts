/**
 * Killing the node (SIGKILL) in the middle of an import and of a sync pass:
 * after a restart no half-imported package is ever visible, the import
 * finishes with every file exactly once, and the sync pass finishes with the
 * destination equal to the source, no temporary file left in the user's
 * folder and no file copied twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JcsClient } from '../../../src-main/providers/jcs/jcs-client';
import { generateCredentials, spawnNodeProcess, type NodeProcess } from '../../helpers/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';
import { fullHashOf } from '../routes-support';
import { caller, localSpace, treeHashes, waitFor, writeTree } from './space-support';

const credentials = generateCredentials();
let proc: NodeProcess | undefined;
let temp: { path: string; remove: () => Promise<void> } | undefined;

afterEach(async () => {
  proc?.child.kill('SIGKILL');
  await proc?.exited;
  proc = undefined;
  await temp?.remove();
});

async function start(dataDir: string): Promise<NodeProcess> {
  proc = await spawnNodeProcess(['--data', dataDir, '--port', '0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
  return proc;
}

async function kill(): Promise<void> {
  proc!.child.kill('SIGKILL');
  await proc!.exited;
  proc = undefined;
}

/** `count` files of `size` random bytes under `root`. */
async function randomTree(root: string, count: number, size: number): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) files[`d${i % 7}/f${String(i).padStart(4, '0')}.bin`] = randomBytes(size);
  await writeTree(root, files);
  return files;
}

describe('a node killed mid-import or mid-sync', () => {
  it('shows no half-imported package, and finishes the import after a restart with every file once', async () => {
    temp = await makeTempDir('jcs-space-crash');
    const dataDir = join(temp.path, 'node');
    const spaceRoot = join(temp.path, 'space');
    await mkdir(spaceRoot, { recursive: true });
    const files = await randomTree(spaceRoot, 600, 64 * 1024);
    let node = await start(dataDir);
    let api = caller(node.url, credentials);
    const client = () => new JcsClient({ baseUrl: node.url, credentials });
    const bucketID = (await client().createBucket('crash')).bucketID;
    const spaceId = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace('crash', spaceRoot))).userSpace.userSpaceID;
    const jobID = api.ok<{ job: { jobID: number } }>(await api.post('/userSpace/createPackage', { userSpaceID: spaceId, path: '', bucketID, name: 'big', async: true })).job.jobID;
    const midway = await waitFor(
      async () => api.ok<{ job: { filesDone: number; state: string } }>(await api.get('/userSpace/getJob', { jobID })).job,
      (job) => job.filesDone > 0 || job.state !== 'running',
      30_000,
      'the import to be under way',
    );
    await kill();
    expect(midway.state, 'the import finished before it could be killed: make the tree larger').toBe('running');

    node = await start(dataDir);
    api = caller(node.url, credentials);
    // While it resumes, the package either does not exist or is complete: never half there.
    let sawPartial = false;
    const done = await waitFor(
      async () => {
        const packages = await client().listBucketPackages(bucketID);
        if (packages.length) {
          const objects = await client().getPackageObjects(packages[0]!.packageID);
          if (objects.length !== 600) sawPartial = true;
        }
        return api.ok<{ job: { state: string; packageID: number | null; filesDone: number } }>(await api.get('/userSpace/getJob', { jobID })).job;
      },
      (job) => job.state !== 'running',
      60_000,
      'the resumed import',
    );
    expect(sawPartial).toBe(false);
    expect(done).toMatchObject({ state: 'done', filesDone: 600 });
    const objects = await client().getPackageObjects(done.packageID!);
    expect(objects.length).toBe(600);
    expect(Object.fromEntries(objects.map((o) => [o.path, o.fileHash]))).toEqual(Object.fromEntries(Object.entries(files).map(([p, c]) => [p, fullHashOf(c)])));
    expect((await client().listBucketPackages(bucketID)).length).toBe(1);
  });

  it('finishes an interrupted sync pass after a restart: the destination equals the source, no temporary file left', async () => {
    temp = await makeTempDir('jcs-space-crash-sync');
    const dataDir = join(temp.path, 'node');
    const srcRoot = join(temp.path, 'src');
    const destRoot = join(temp.path, 'dest');
    await mkdir(srcRoot, { recursive: true });
    await mkdir(destRoot, { recursive: true });
    await randomTree(srcRoot, 400, 256 * 1024);
    let node = await start(dataDir);
    let api = caller(node.url, credentials);
    const src = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace('src', srcRoot))).userSpace.userSpaceID;
    const dest = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace('dest', destRoot))).userSpace.userSpaceID;
    const taskID = api.ok<{ task: { taskID: number } }>(
      await api.post('/spaceSyncer/createTask', {
        trigger: { type: 'Interval', interval: 3600 },
        mode: { type: 'Diff', includeSize: true, includeModTime: false },
        filters: [],
        options: { noEmptyDirectories: false },
        srcUserSpaceID: src,
        srcPath: '',
        destUserSpaceIDs: [dest],
        destPathes: ['mirror'],
      }),
    ).task.taskID;
    type T = { status: string; current: { copied: number } | null; lastRunEnd: string | null; lastCounts: { copied: number; checked: number; failed: number } | null };
    const midway = await waitFor(
      async () => api.ok<{ task: T }>(await api.get('/spaceSyncer/getTask', { taskID })).task,
      (task) => (task.current?.copied ?? 0) > 0 || task.lastRunEnd !== null,
      30_000,
      'the pass to be under way',
    );
    await kill();
    expect(midway.lastRunEnd, 'the pass finished before it could be killed: make the tree larger').toBeNull();

    node = await start(dataDir);
    api = caller(node.url, credentials);
    const ended = await waitFor(
      async () => api.ok<{ task: T }>(await api.get('/spaceSyncer/getTask', { taskID })).task,
      (task) => task.lastRunEnd !== null,
      60_000,
      'the pass resumed after the restart',
    );
    expect(ended.lastCounts).toMatchObject({ checked: 400, failed: 0 });
    // Files copied before the kill are not copied again.
    expect(ended.lastCounts!.copied).toBeLessThan(400);
    expect(await treeHashes(join(destRoot, 'mirror'))).toEqual(await treeHashes(srcRoot));
  });
});
