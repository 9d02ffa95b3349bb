/**
 * User spaces and space sync tasks through the contract, end to end below the
 * UI: the core (createAppCore) and its embedded storage node as a real child
 * process, Local spaces over temporary folders with real files. Create, list,
 * test, rename, browse one level at a time, import a folder as a package
 * (followed as the node's job), export it to another space, sync between two
 * spaces on an interval and cancel, and the node's refusals arriving with its
 * words. No view carries a secret field.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID } from '@shared/contract/domain';
import type { SpaceJobView, SpaceTaskView, SpaceView } from '@shared/contract/spaces';
import type { AppCore } from '../../src-main/core/app-core';
import { callErr, callOk, openCore, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const connectionId = LOCAL_CONNECTION_ID;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;

beforeAll(async () => {
  temp = await makeTempDir('jcs-core-spaces');
  core = await openCore(join(temp.path, 'data'));
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

async function folder(name: string, files: Record<string, string> = {}): Promise<string> {
  const root = join(temp.path, name);
  await mkdir(root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  return root;
}

async function localSpace(name: string, root: string): Promise<SpaceView> {
  return callOk(core, 'spaces.create', { connectionId, name, config: { type: 'Local', localPath: root }, workingDir: '' });
}

async function settled(job: SpaceJobView): Promise<SpaceJobView> {
  return waitFor(`job ${job.id}`, async () => (await callOk(core, 'spaces.jobs', { connectionId })).find((j) => j.id === job.id && j.state !== 'running'), 20_000, 100);
}

describe('user spaces through the core', () => {
  it('the embedded node has user spaces; other kinds do not', async () => {
    const [embedded] = await callOk(core, 'connections.list', {});
    expect(embedded!.capabilities.userSpaces).toBe(true);
  });

  it('creates, lists, tests and renames a Local space; the revision counts updates', async () => {
    const root = await folder('photos', { 'a.jpg': 'A' });
    const created = await localSpace('Photos', root);
    expect(created).toMatchObject({ type: 'Local', localPath: root, hasSecret: false, revision: 1, name: 'Photos' });
    expect(created).not.toHaveProperty('secretAccessKey');
    expect((await callOk(core, 'spaces.list', { connectionId })).map((s) => s.id)).toContain(created.id);

    expect(await callOk(core, 'spaces.test', { connectionId, config: { type: 'Local', localPath: root }, workingDir: '' })).toEqual({ latencyMs: expect.any(Number) as unknown });
    const missing = await callErr(core, 'spaces.test', { connectionId, config: { type: 'Local', localPath: join(root, 'nope') }, workingDir: '' });
    expect(missing).toMatchObject({ code: 'BadArgument' });
    expect(missing.message).toContain('does not exist');

    const renamed = await callOk(core, 'spaces.update', { connectionId, id: created.id, name: 'Holiday photos' });
    expect(renamed).toMatchObject({ id: created.id, name: 'Holiday photos', revision: 2, localPath: root });
    const keys = await callErr(core, 'spaces.update', { connectionId, id: created.id, name: 'x', secretAccessKey: 'nope' });
    expect(keys).toMatchObject({ code: 'InvalidInput' });
    expect((await callOk(core, 'spaces.list', { connectionId })).find((s) => s.id === created.id)).toMatchObject({ name: 'Holiday photos', revision: 2 });
  });

  it('refuses a relative folder with the node’s reason and creates nothing', async () => {
    const before = await callOk(core, 'spaces.list', { connectionId });
    const error = await callErr(core, 'spaces.create', { connectionId, name: 'rel', config: { type: 'Local', localPath: 'relative/dir' }, workingDir: '' });
    expect(error.code).toBe('BadArgument');
    expect(error.message).toContain('relative');
    expect(await callOk(core, 'spaces.list', { connectionId })).toEqual(before);
  });

  it('browses one level at a time, folders first', async () => {
    const root = await folder('browse', { 'top.txt': 'top', 'docs/a.txt': 'aa', 'docs/sub/b.txt': 'bbb' });
    const space = await localSpace('Browse', root);
    const top = await callOk(core, 'spaces.browse', { connectionId, id: space.id, path: '' });
    expect(top.entries.map((e) => [e.name, e.path, e.isFolder])).toEqual([
      ['docs', 'docs', true],
      ['top.txt', 'top.txt', false],
    ]);
    expect(top).toMatchObject({ truncated: false, rejected: 0 });
    const docs = await callOk(core, 'spaces.browse', { connectionId, id: space.id, path: 'docs' });
    expect(docs.entries.map((e) => [e.name, e.isFolder, e.size])).toEqual([
      ['sub', true, 0],
      ['a.txt', false, 2],
    ]);
    expect((await callErr(core, 'spaces.browse', { connectionId, id: space.id, path: '../..' })).code).toBe('InvalidInput');
  });

  it('imports a folder as a package, exports it to another space, and refuses a taken package name', async () => {
    const sourceRoot = await folder('import-src', { 'docs/a.txt': 'alpha', 'docs/sub/b.txt': 'beta', 'other.txt': 'not imported' });
    const targetRoot = await folder('export-dst');
    const source = await localSpace('Import source', sourceRoot);
    const target = await localSpace('Export target', targetRoot);
    const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name: `spaces-${Date.now()}` });

    const started = await callOk(core, 'spaces.import', { connectionId, spaceId: source.id, path: 'docs', bucketRoot: bucket.id, name: 'docs' });
    expect(started).toMatchObject({ kind: 'import', tracking: 'service', spaceId: source.id, path: 'docs', bucketRoot: bucket.id, name: 'docs' });
    const imported = await settled(started);
    expect(imported).toMatchObject({ state: 'done', filesDone: 2, filesTotal: 2, bytesDone: 9, error: null });
    const packageRoot = imported.packageRoot!;
    expect(packageRoot).toMatch(/^p\d+$/);
    const listing = await callOk(core, 'objects.list', { connectionId, root: packageRoot, prefix: '' });
    expect(listing.folders).toEqual(['sub/']);
    expect(listing.entries.map((e) => e.path)).toEqual(['a.txt']);
    expect((await callOk(core, 'roots.list', { connectionId, parentId: bucket.id })).map((r) => r.id)).toContain(packageRoot);

    const again = await callErr(core, 'spaces.import', { connectionId, spaceId: source.id, path: 'docs', bucketRoot: bucket.id, name: 'docs' });
    expect(again.code).toBe('DataExists');

    const exported = await settled(await callOk(core, 'spaces.export', { connectionId, spaceId: target.id, packageRoot, rootPath: 'restored' }));
    expect(exported).toMatchObject({ kind: 'export', state: 'done', packageRoot, path: 'restored', error: null });
    expect(await readFile(join(targetRoot, 'restored/a.txt'), 'utf8')).toBe('alpha');
    expect(await readFile(join(targetRoot, 'restored/sub/b.txt'), 'utf8')).toBe('beta');
  });

  it('syncs a space path to two destinations on an interval, reports the pass, and cancels for good', async () => {
    const srcRoot = await folder('sync-src', { 'cli/a.txt': 'aaaa', 'cli/sub/b.txt': 'bbbbbbbb' });
    const d1Root = await folder('sync-d1');
    const d2Root = await folder('sync-d2');
    const [src, d1, d2] = [await localSpace('Sync source', srcRoot), await localSpace('Sync d1', d1Root), await localSpace('Sync d2', d2Root)];
    const created = await callOk(core, 'spaces.tasks.create', {
      connectionId,
      srcSpaceId: src.id,
      srcPath: 'cli',
      destinations: [
        { spaceId: d1.id, path: 'svr' },
        { spaceId: d2.id, path: '' },
      ],
      // The first pass starts at once; an hour keeps a second one from replacing its counts during the test.
      intervalSeconds: 3600,
      includeSize: true,
      includeModTime: true,
      minSize: 5,
      noEmptyDirectories: false,
    });
    expect(created).toMatchObject({ srcSpaceId: src.id, srcPath: 'cli', destinations: [{ spaceId: d1.id, path: 'svr' }, { spaceId: d2.id, path: '' }], intervalSeconds: 3600, minSize: 5, maxSize: null });
    const passed = await waitFor<SpaceTaskView>(
      'a finished pass',
      async () => (await callOk(core, 'spaces.tasks.list', { connectionId })).find((t) => t.id === created.id && t.lastRunEnd !== null && t.lastCounts !== null),
      20_000,
      100,
    );
    expect(passed.lastError).toBeNull();
    // a.txt (4 bytes) is below minSize: only sub/b.txt is copied, to each destination.
    expect(passed.lastCounts).toMatchObject({ copied: 2, failed: 0 });
    expect(await readFile(join(d1Root, 'svr/sub/b.txt'), 'utf8')).toBe('bbbbbbbb');
    expect(await readFile(join(d2Root, 'sub/b.txt'), 'utf8')).toBe('bbbbbbbb');

    const inUse = await callErr(core, 'spaces.delete', { connectionId, id: src.id });
    expect(inUse.code).toBe('OperationFailed');
    expect(inUse.message).toContain('in use');

    await callOk(core, 'spaces.tasks.cancel', { connectionId, taskId: created.id });
    const cancelled = (await callOk(core, 'spaces.tasks.list', { connectionId })).find((t) => t.id === created.id);
    expect(cancelled?.status).toBe('cancelled');
  });

  it('deletes an unused space; deleting it again is fine', async () => {
    const space = await localSpace('Short-lived', await folder('short'));
    expect(await callOk(core, 'spaces.delete', { connectionId, id: space.id })).toBeNull();
    expect((await callOk(core, 'spaces.list', { connectionId })).map((s) => s.id)).not.toContain(space.id);
    expect(await callOk(core, 'spaces.delete', { connectionId, id: space.id })).toBeNull();
  });
});
