/**
 * createPackage and downloadPackage between a real node and Local spaces:
 * bytes and hashes round-trip, a taken name or target is refused with
 * nothing changed, async answers a job whose progress ends done, and a space
 * a package prefers cannot be deleted.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../helpers/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';
import { fullHashOf } from '../routes-support';
import { caller, localSpace, sha256, treeHashes, waitFor, writeTree, type Caller } from './space-support';

let t: TestNode;
let api: Caller;
let temp: { path: string; remove: () => Promise<void> };
let bucketID: number;

beforeAll(async () => {
  t = await startTestNode();
  api = caller(t.node.url, t.credentials);
  temp = await makeTempDir('jcs-space-pkg');
  bucketID = (await t.client.createBucket('imports')).bucketID;
});
afterAll(async () => {
  await t.dispose();
  await temp.remove();
});

async function space(name: string, files: Record<string, string | Buffer> = {}, workingDir = ''): Promise<{ id: number; root: string }> {
  const root = join(temp.path, name);
  await mkdir(root, { recursive: true });
  await writeTree(root, files);
  const id = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace(name, root, workingDir))).userSpace.userSpaceID;
  return { id, root };
}

const tree = {
  'readme.md': '# hello\n',
  'docs/a.txt': 'alpha',
  'docs/deep/b.bin': Buffer.alloc(300_000, 7),
  'docs/empty.txt': '',
  '中文/名字.txt': '你好',
};

describe('createPackage', () => {
  it('imports a folder: every file with its bytes and Full hash, the workingDir left out; a taken name is DataExists', async () => {
    const s = await space('import-folder', { ...tree, 'work/.jcs-probe-x': 'node-owned' }, 'work');
    const res = await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: '', bucketID, name: 'whole', spaceAffinity: 0 });
    const pkg = api.ok<{ package: { packageID: number; name: string; bucketID: number; createTime: string } }>(res).package;
    expect(Object.keys(pkg).sort()).toEqual(['bucketID', 'createTime', 'name', 'packageID']);
    expect(pkg).toMatchObject({ name: 'whole', bucketID });
    const objects = await t.client.getPackageObjects(pkg.packageID);
    expect(Object.fromEntries(objects.map((o) => [o.path, o.fileHash]))).toEqual(Object.fromEntries(Object.entries(tree).map(([p, c]) => [p, fullHashOf(c)])));

    const sub = api.ok<{ package: { packageID: number } }>(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: 'docs', bucketID, name: 'docs' })).package;
    expect((await t.client.getPackageObjects(sub.packageID)).map((o) => o.path).sort()).toEqual(['a.txt', 'deep/b.bin', 'empty.txt']);

    const one = api.ok<{ package: { packageID: number } }>(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: 'docs/a.txt', bucketID, name: 'one' })).package;
    expect((await t.client.getPackageObjects(one.packageID)).map((o) => [o.path, o.size])).toEqual([['a.txt', 5]]);

    const packagesBefore = (await t.client.listBucketPackages(bucketID)).length;
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: '', bucketID, name: 'whole' }), 200, 'DataExists', 'whole');
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: 'docs/../..', bucketID, name: 'esc' }), 400, 'BadArgument', "'..'");
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: 'no/such', bucketID, name: 'gone' }), 200, 'DataNotFound', 'no/such');
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: '', bucketID: 987_654, name: 'nb' }), 200, 'DataNotFound', '987654');
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: 987_654, path: '', bucketID, name: 'ns' }), 200, 'DataNotFound', '987654');
    expect((await t.client.listBucketPackages(bucketID)).length).toBe(packagesBefore);
  });

  it('with async answers a job at once; the job reports files and bytes and ends done with the package', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f/${String(i).padStart(3, '0')}.txt`] = `file ${i}`;
    const s = await space('import-async', files);
    const answer = api.ok<{ job: { jobID: number; state: string; kind: string } }>(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: 'f', bucketID, name: 'async', async: true }));
    expect(answer.job).toMatchObject({ kind: 'createPackage', state: 'running' });
    const done = await waitFor(
      async () => api.ok<{ job: Record<string, unknown> }>(await api.get('/userSpace/getJob', { jobID: answer.job.jobID })).job,
      (job) => job.state !== 'running',
    );
    const bytes = Object.values(files).reduce((n, c) => n + Buffer.byteLength(c), 0);
    expect(done).toMatchObject({ state: 'done', filesDone: 300, filesTotal: 300, bytesDone: String(bytes), bytesTotal: String(bytes), error: null, name: 'async', bucketID });
    expect((await t.client.getPackageObjects(done.packageID as number)).length).toBe(300);
    const jobs = api.ok<{ jobs: { jobID: number }[] }>(await api.get('/userSpace/listJobs')).jobs;
    expect(jobs[0]!.jobID).toBe(answer.job.jobID);
  });

  it('refuses a file whose name cannot be an object path, importing nothing', async () => {
    const s = await space('import-bad-name', { 'ok.txt': 'fine', 'back\\slash.txt': 'bad' });
    const before = (await t.client.listBucketPackages(bucketID)).length;
    api.fails(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: '', bucketID, name: 'bad-names' }), 400, 'BadArgument', 'backslash');
    expect((await t.client.listBucketPackages(bucketID)).length).toBe(before);
  });
});

describe('downloadPackage', () => {
  it('writes every object under rootPath with its bytes; never overwrites: a taken target fails naming it, nothing written', async () => {
    const src = await space('export-src', tree);
    const pkg = api.ok<{ package: { packageID: number } }>(await api.post('/userSpace/createPackage', { userSpaceID: src.id, path: '', bucketID, name: 'to-export' })).package;
    const dest = await space('export-dest', { 'out/docs/a.txt': 'user file, not ours' });

    expect(api.ok(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: pkg.packageID, rootPath: 'fresh' }))).toBeNull();
    const written = await treeHashes(join(dest.root, 'fresh'));
    expect(written).toEqual(Object.fromEntries(Object.entries(tree).map(([p, c]) => [p, sha256(c)])));

    const before = await treeHashes(dest.root);
    api.fails(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: pkg.packageID, rootPath: 'out' }), 200, 'DataExists', 'out/docs/a.txt');
    api.fails(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: pkg.packageID, rootPath: 'fresh' }), 200, 'DataExists', 'fresh/');
    api.fails(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: pkg.packageID, rootPath: 'fresh/readme.md' }), 200, 'DataExists', 'is a file');
    api.fails(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: pkg.packageID, rootPath: '../x' }), 400, 'BadArgument', "'..'");
    api.fails(await api.post('/userSpace/downloadPackage', { userSpaceID: dest.id, packageID: 876_543, rootPath: 'y' }), 200, 'DataNotFound', '876543');
    expect(await treeHashes(dest.root)).toEqual(before);
  });
});

describe('deleting a space', () => {
  it('is refused while a package prefers it, and works once nothing uses it', async () => {
    const s = await space('affinity', { 'x.txt': 'x' });
    const pkg = api.ok<{ package: { packageID: number } }>(await api.post('/userSpace/createPackage', { userSpaceID: s.id, path: '', bucketID, name: 'pref', spaceAffinity: s.id })).package;
    api.fails(await api.post('/userSpace/delete', { userSpaceID: s.id }), 200, 'OperationFailed', ['in use', "'imports/pref'"]);
    api.ok(await api.get('/userSpace/get', { userSpaceID: s.id }));
    await t.client.deletePackage(pkg.packageID);
    expect(api.ok(await api.post('/userSpace/delete', { userSpaceID: s.id }))).toBeNull();
    api.fails(await api.get('/userSpace/get', { userSpaceID: s.id }), 200, 'DataNotFound');
    // The folder and its files are the user's: deleting the space leaves them.
    expect(await readdir(s.root)).toEqual(['x.txt']);
  });

  it('a space with an unreadable name file is still listed (the node keeps serving)', async () => {
    const s = await space('keeps-serving', { 'a.txt': 'a' });
    await writeFile(join(s.root, 'b.txt'), 'b');
    api.ok(await api.get('/userSpace/list'));
    api.ok(await api.get('/userSpace/listPath', { userSpaceID: s.id, path: '' }));
  });
});
