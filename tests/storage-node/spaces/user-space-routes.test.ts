/**
 * §4 user spaces on a real node with Local spaces (temp folders): the wire
 * format of every route, the list extension, redaction of secrets (in answers
 * and at rest), and bad input refused with nothing changed.
 */
import { readFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../helpers/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';
import { TIME_RE } from '../routes-support';
import { caller, localSpace, writeTree, type Caller } from './space-support';

let t: TestNode;
let api: Caller;
let temp: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  t = await startTestNode();
  api = caller(t.node.url, t.credentials);
  temp = await makeTempDir('jcs-spaces');
});
afterAll(async () => {
  await t.dispose();
  await temp.remove();
});

async function folder(name: string, files: Record<string, string> = {}): Promise<string> {
  const path = join(temp.path, name);
  await mkdir(path, { recursive: true });
  await writeTree(path, files);
  return path;
}

async function spaceCount(): Promise<number> {
  return api.ok<{ userSpaces: unknown[] }>(await api.get('/userSpace/list')).userSpaces.length;
}

describe('user spaces (§4)', () => {
  it('create, get, list and update answer the seed shape, with revision counting updates', async () => {
    const root = await folder('shape');
    const created = api.ok<{ userSpace: Record<string, unknown> }>(await api.post('/userSpace/create', localSpace('shape', root, 'jcs-work'))).userSpace;
    expect(Object.keys(created).sort()).toEqual(['credential', 'features', 'name', 'revision', 'shardStore', 'storage', 'userSpaceID', 'workingDir']);
    expect(created).toMatchObject({ name: 'shape', storage: { type: 'Local', localPath: root }, credential: { type: 'Local' }, shardStore: null, features: [], workingDir: 'jcs-work', revision: 1 });
    const id = created.userSpaceID as number;

    expect(api.ok(await api.get('/userSpace/get', { userSpaceID: id }))).toEqual({ userSpace: created });
    const listed = api.ok<{ userSpaces: { userSpaceID: number }[] }>(await api.get('/userSpace/list')).userSpaces;
    expect(listed.find((s) => s.userSpaceID === id)).toEqual(created);

    const updated = api.ok<{ userSpace: Record<string, unknown> }>(await api.post('/userSpace/update', { userSpaceID: id, name: 'shape-2', credential: null })).userSpace;
    expect(updated).toMatchObject({ userSpaceID: id, name: 'shape-2', storage: created.storage, workingDir: 'jcs-work', revision: 2, credential: null });
    const again = api.ok<{ userSpace: Record<string, unknown> }>(await api.post('/userSpace/update', { userSpaceID: id, name: 'shape-3', credential: { type: 'Local' } })).userSpace;
    expect(again.revision).toBe(3);
  });

  it('never answers or stores an S3 secret in clear, and keeps it when an update sends the redacted ""', async () => {
    const secret = 'S3cr3t-' + Math.random().toString(36).slice(2) + '-never-shown';
    const input = {
      name: 'obs',
      storage: { type: 'OBS', region: 'cn-north-4', endpoint: 'https://obs.cn-north-4.example.com', bucket: 'my-bucket', projectID: 'p1' },
      credential: { type: 'OBS', accessKeyId: 'AKOBS', secretAccessKey: secret },
      shardStore: { maxSize: 1024 },
      features: [],
      workingDir: '',
    };
    const res = await api.post('/userSpace/create', input);
    const created = api.ok<{ userSpace: { userSpaceID: number; credential: Record<string, string> } }>(res).userSpace;
    expect(res.bytes.toString()).not.toContain(secret);
    expect(created.credential).toEqual({ type: 'OBS', accessKeyId: 'AKOBS', secretAccessKey: '' });
    for (const answer of [await api.get('/userSpace/get', { userSpaceID: created.userSpaceID }), await api.get('/userSpace/list')]) {
      expect(answer.bytes.toString()).not.toContain(secret);
    }
    // At rest: neither the database nor its WAL holds the secret.
    for (const file of ['metadata.db', 'metadata.db-wal']) {
      const bytes = await readFile(join(t.dataDir, file)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
    }
    // Renaming with what was read back (the secret redacted) keeps the stored secret...
    api.ok(await api.post('/userSpace/update', { userSpaceID: created.userSpaceID, name: 'obs-renamed', credential: created.credential }));
    // ...and a new access key with an empty secret is refused, nothing changed.
    api.fails(await api.post('/userSpace/update', { userSpaceID: created.userSpaceID, name: 'x', credential: { type: 'OBS', accessKeyId: 'OTHER', secretAccessKey: '' } }), 400, 'BadArgument', 'secretAccessKey');
    const after = api.ok<{ userSpace: { name: string; revision: number } }>(await api.get('/userSpace/get', { userSpaceID: created.userSpaceID })).userSpace;
    expect(after).toMatchObject({ name: 'obs-renamed', revision: 2 });
  });

  it('refuses malformed spaces with specific errors and creates nothing', async () => {
    const root = await folder('bad');
    const file = join(root, 'a-file.txt');
    await writeFile(file, 'x');
    const before = await spaceCount();
    const cases: [unknown, string][] = [
      [localSpace('rel', 'relative/folder'), 'relative'],
      [localSpace('missing', join(temp.path, 'no-such-folder')), 'does not exist'],
      [localSpace('file', file), 'is not a folder'],
      [localSpace('inside', join(t.dataDir, 'blobs')), "node's own data folder"],
      [localSpace('around', temp.path.split('/').slice(0, 2).join('/') || '/'), 'data folder'],
      [localSpace('dots', `${root}/../bad`), 'plain path'],
      [localSpace('wd', root, '../escape'), "'..'"],
      [{ ...localSpace('cred', root), credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 'b' } }, 'credential.type'],
      [{ name: 's3', storage: { type: 'S3', region: '', endpoint: 'ftp://x', bucket: 'bkt' }, credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 'b' } }, 'http or https'],
      [{ name: 's3', storage: { type: 'S3', region: '', endpoint: 'http://127.0.0.1:9', bucket: 'Bad_Bucket' }, credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 'b' } }, 'bucket'],
      [{ name: 's3', storage: { type: 'COS', region: '', endpoint: 'http://127.0.0.1:9', bucket: 'bkt' }, credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 'b' } }, 'does not match'],
      [{ name: 's3', storage: { type: 'OSS', region: '', endpoint: 'http://127.0.0.1:9', bucket: 'bkt' }, credential: null }, 'credential'],
      [{ name: 'type', storage: { type: 'EFile' }, credential: null }, 'storage'],
      [{ ...localSpace('', root) }, 'name'],
    ];
    for (const [input, mention] of cases) api.fails(await api.post('/userSpace/create', input), 400, 'BadArgument', mention);
    expect(await spaceCount()).toBe(before);
  });

  it('get of a missing space is DataNotFound; delete of one is OK (the seed)', async () => {
    api.fails(await api.get('/userSpace/get', { userSpaceID: 999_999 }), 200, 'DataNotFound', '999999');
    expect(api.ok(await api.post('/userSpace/delete', { userSpaceID: 999_999 }))).toBeNull();
    api.fails(await api.get('/userSpace/get', { userSpaceID: 'x' }), 400, 'BadArgument', 'userSpaceID');
  });

  it('test uses the space: a Local folder must exist and take a probe file, which it leaves behind nowhere', async () => {
    const root = await folder('probe', { 'keep.txt': 'k' });
    expect(api.ok(await api.post('/userSpace/test', { storage: { type: 'Local', localPath: root }, credential: null, workingDir: 'work' }))).toBeNull();
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(root)).sort()).toEqual(['keep.txt', 'work']);
    expect(await readdir(join(root, 'work'))).toEqual([]);
    api.fails(await api.post('/userSpace/test', { storage: { type: 'Local', localPath: join(root, 'nope') }, credential: null, workingDir: '' }), 400, 'BadArgument', 'does not exist');
    api.fails(
      await api.post('/userSpace/test', { storage: { type: 'S3', region: '', endpoint: 'http://127.0.0.1:9', bucket: 'bkt' }, credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 'b' }, workingDir: '' }),
      200,
      'OperationFailed',
    );
  });

  it('listPath lists one level, folders first; refuses .. and symbolic links out of the space', async () => {
    const outside = await folder('outside', { 'secret.txt': 'outside' });
    const root = await folder('level', { 'b.txt': 'bb', 'a/inner.txt': 'i', 'z/deep/x.txt': 'x' });
    await symlink(outside, join(root, 'link-out'));
    const id = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace('level', root))).userSpace.userSpaceID;
    const level = api.ok<{ entries: { path: string; isFolder: boolean; size: string; modTime: string }[]; truncated: boolean }>(await api.get('/userSpace/listPath', { userSpaceID: id, path: '' }));
    expect(level.entries.map((e) => [e.path, e.isFolder, e.size])).toEqual([
      ['a', true, '0'],
      ['z', true, '0'],
      ['b.txt', false, '2'],
    ]);
    expect(level.entries[2]!.modTime).toMatch(TIME_RE);
    expect(level.truncated).toBe(false);
    expect(api.ok<{ entries: { path: string }[] }>(await api.get('/userSpace/listPath', { userSpaceID: id, path: 'z' })).entries.map((e) => e.path)).toEqual(['z/deep']);
    api.fails(await api.get('/userSpace/listPath', { userSpaceID: id, path: 'a/../..' }), 400, 'BadArgument', "'..'");
    api.fails(await api.get('/userSpace/listPath', { userSpaceID: id, path: 'link-out' }), 400, 'BadArgument', 'symbolic link');
  });
});
