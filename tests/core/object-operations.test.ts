/**
 * Folder-aware object operations through the core's `call`, against the
 * embedded storage node (a real child process): paged folder listings,
 * summaries, deleting thousands of objects with progress events, renaming
 * and moving/copying files and folders within and across packages, conflicts
 * reported (never overwritten), cancellation mid-delete, and one running
 * operation per operationId.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID, type ObjectTarget } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { allPaths, callErr, callOk, embeddedClient, openCore, putObjects, readText, recordEvents } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const connectionId = LOCAL_CONNECTION_ID;
const opId = () => `op-${randomUUID()}`;
const pad = (n: number) => String(n).padStart(5, '0');

describe('object operations', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let client: JcsClient;
  /** The JCS ids behind the two packages, for looking at the node directly. */
  let packageA: number;
  let packageB: number;
  /** The same packages as the contract names them. */
  let rootA: string;
  let rootB: string;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-objops');
    core = await openCore(temp.path);
    client = embeddedClient(core);
    const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name: 'ops' });
    const a = await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'a' });
    const b = await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'b' });
    [rootA, rootB] = [a.id, b.id];
    [packageA, packageB] = [Number(a.extras.packageID), Number(b.extras.packageID)];
  });

  afterAll(async () => {
    client?.close();
    await core?.close();
    await temp?.remove();
  });

  /** An object target for a path, as the UI builds it from a listing. */
  async function objectTarget(root: string, path: string): Promise<Extract<ObjectTarget, { type: 'object' }>> {
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    const page = await callOk(core, 'objects.list', { connectionId, root, prefix: folder, maxKeys: 10_000 });
    const entry = page.entries.find((e) => e.path === path);
    if (!entry) throw new Error(`no object at ${path}`);
    return { type: 'object', path: entry.path, ref: entry.ref, size: entry.size };
  }

  it('lists a folder page by page: objects directly in it and its sub-folders, each once', async () => {
    const files = Array.from({ length: 25 }, (_, i) => `browse/f${pad(i)}.txt`);
    await putObjects(client, packageA, [...files, 'browse/sub1/x.txt', 'browse/sub2/y/z.txt', 'browse/sub3/w.txt', 'browse-sibling.txt']);

    const objects: string[] = [];
    const folders: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await callOk(core, 'objects.list', { connectionId, root: rootA, prefix: 'browse/', maxKeys: 7, continuationToken: token });
      expect(page.entries.length + page.folders.length).toBeLessThanOrEqual(7);
      objects.push(...page.entries.map((o) => o.path));
      folders.push(...page.folders);
      token = page.nextToken ?? undefined;
      pages++;
    } while (token);
    expect(pages).toBe(4); // 28 entries, 7 per page
    expect(objects).toEqual(files);
    expect(folders).toEqual(['browse/sub1/', 'browse/sub2/', 'browse/sub3/']);

    const root = await callOk(core, 'objects.list', { connectionId, root: rootA, prefix: '' });
    expect(root.folders).toContain('browse/');
    expect(root.entries.map((o) => o.path)).toContain('browse-sibling.txt');
    expect(root.nextToken).toBeNull();

    const sub = await callOk(core, 'objects.list', { connectionId, root: rootA, prefix: 'browse/sub2/' });
    expect(sub).toMatchObject({ entries: [], folders: ['browse/sub2/y/'], nextToken: null });

    expect(await callErr(core, 'objects.list', { connectionId, root: rootA, prefix: 'browse' })).toMatchObject({ code: 'InvalidInput' });
    expect(await callErr(core, 'objects.list', { connectionId, root: rootA, prefix: 'browse/../' })).toMatchObject({ code: 'InvalidInput' });
  });

  it('summarizes the objects and bytes of folders and objects', async () => {
    await putObjects(client, packageA, ['sum/a.bin', 'sum/deep/b.bin', 'sum/deep/er/c.bin', 'sumx.bin'], (p) => Buffer.alloc(p.length * 10, 1));
    const single = await objectTarget(rootA, 'sumx.bin');
    const summary = await callOk(core, 'objects.summarize', { connectionId, root: rootA, targets: [{ type: 'folder', prefix: 'sum/' }, single] });
    expect(summary).toEqual({ objects: 4, bytes: ('sum/a.bin'.length + 'sum/deep/b.bin'.length + 'sum/deep/er/c.bin'.length + 'sumx.bin'.length) * 10 });
    expect(await callOk(core, 'objects.summarize', { connectionId, root: rootA, targets: [{ type: 'folder', prefix: 'nothing-here/' }] })).toEqual({ objects: 0, bytes: 0 });
  });

  it('deletes a folder of 2,500 objects with progress events, leaving its siblings', async () => {
    const paths = Array.from({ length: 2500 }, (_, i) => `bulk/d${i % 7}/f${pad(i)}`);
    await putObjects(client, packageA, [...paths, 'bulk-sibling.txt', 'bulk2/keep.txt']);
    expect(await callOk(core, 'objects.summarize', { connectionId, root: rootA, targets: [{ type: 'folder', prefix: 'bulk/' }] })).toEqual({
      objects: 2500,
      bytes: paths.reduce((sum, p) => sum + p.length, 0),
    });

    const operationId = opId();
    const recorder = recordEvents(core);
    let result;
    try {
      result = await callOk(core, 'objects.delete', { connectionId, operationId, root: rootA, targets: [{ type: 'folder', prefix: 'bulk/' }] });
    } finally {
      recorder.stop();
    }
    expect(result).toEqual({ succeeded: 2500, failed: [] });
    expect(await allPaths(client, packageA, 'bulk/')).toEqual([]);
    expect(await allPaths(client, packageA, 'bulk')).toEqual(['bulk-sibling.txt', 'bulk2/keep.txt']);

    const progress = recorder.of('operation.progress').filter((p) => p.operationId === operationId);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p.kind === 'delete')).toBe(true);
    expect(progress.at(-1)).toEqual({ operationId, kind: 'delete', done: 2500, total: 2500, finished: true });
    expect(progress.filter((p) => p.finished)).toHaveLength(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(recorder.of('storage.changed')).toContainEqual({ connectionId, scope: 'objects', parentId: null, rootId: rootA });
  });

  it('renames a file, and a folder with everything under it', async () => {
    await putObjects(client, packageA, ['docs/readme.txt', 'docs/a/b.txt', 'docs/a/c/d.txt', 'docs/e.txt', 'docs-old/keep.txt']);
    const readme = await objectTarget(rootA, 'docs/readme.txt');

    expect(await callOk(core, 'objects.rename', { connectionId, operationId: opId(), root: rootA, target: readme, newName: 'README.md' })).toEqual({ succeeded: 1, failed: [] });
    const renamed = await objectTarget(rootA, 'docs/README.md');
    expect(renamed.ref).toBe(readme.ref); // a rename keeps the object (JCS keeps its objectID)
    expect(await readText(client, packageA, 'docs/README.md')).toBe('docs/readme.txt');

    const result = await callOk(core, 'objects.rename', { connectionId, operationId: opId(), root: rootA, target: { type: 'folder', prefix: 'docs/' }, newName: 'manuals' });
    expect(result).toEqual({ succeeded: 4, failed: [] });
    expect(await allPaths(client, packageA, 'docs/')).toEqual([]);
    expect(await allPaths(client, packageA, 'manuals/')).toEqual(['manuals/README.md', 'manuals/a/b.txt', 'manuals/a/c/d.txt', 'manuals/e.txt']);
    expect(await readText(client, packageA, 'manuals/a/c/d.txt')).toBe('docs/a/c/d.txt');
    expect(await allPaths(client, packageA, 'docs-old/')).toEqual(['docs-old/keep.txt']);

    // A nested folder is renamed in place, under its parent.
    expect(await callOk(core, 'objects.rename', { connectionId, operationId: opId(), root: rootA, target: { type: 'folder', prefix: 'manuals/a/' }, newName: 'z' })).toEqual({
      succeeded: 2,
      failed: [],
    });
    expect(await allPaths(client, packageA, 'manuals/')).toEqual(['manuals/README.md', 'manuals/e.txt', 'manuals/z/b.txt', 'manuals/z/c/d.txt']);

    for (const newName of ['a/b', '..', '', 'bad\u0001']) {
      expect(await callErr(core, 'objects.rename', { connectionId, operationId: opId(), root: rootA, target: renamed, newName })).toMatchObject({ code: 'InvalidInput' });
    }
    expect(await allPaths(client, packageA, 'manuals/')).toHaveLength(4);
  });

  it('moves and copies files and folders into another folder and another package', async () => {
    await putObjects(client, packageA, ['src/one.txt', 'src/dir/two.txt', 'src/dir/deep/three.txt', 'src/stay.txt']);

    const one = await objectTarget(rootA, 'src/one.txt');
    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'move', root: rootA, targets: [one, { type: 'folder', prefix: 'src/dir/' }], targetRoot: rootA, targetFolder: 'dst/' })).toEqual({
      succeeded: 3,
      failed: [],
    });
    expect(await allPaths(client, packageA, 'src/')).toEqual(['src/stay.txt']);
    expect(await allPaths(client, packageA, 'dst/')).toEqual(['dst/dir/deep/three.txt', 'dst/dir/two.txt', 'dst/one.txt']);
    expect(await readText(client, packageA, 'dst/dir/deep/three.txt')).toBe('src/dir/deep/three.txt');

    // Copy a folder into a folder of another package: the source stays.
    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root: rootA, targets: [{ type: 'folder', prefix: 'dst/dir/' }], targetRoot: rootB, targetFolder: 'copied/' })).toEqual({
      succeeded: 2,
      failed: [],
    });
    expect(await allPaths(client, packageB, 'copied/')).toEqual(['copied/dir/deep/three.txt', 'copied/dir/two.txt']);
    expect(await allPaths(client, packageA, 'dst/dir/')).toEqual(['dst/dir/deep/three.txt', 'dst/dir/two.txt']);
    expect(await readText(client, packageB, 'copied/dir/two.txt')).toBe('src/dir/two.txt');

    // Copy a file within its package, to the package root.
    const moved = await objectTarget(rootA, 'dst/one.txt');
    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root: rootA, targets: [moved], targetRoot: rootA, targetFolder: '' })).toEqual({ succeeded: 1, failed: [] });
    expect(await readText(client, packageA, 'one.txt')).toBe('src/one.txt');
    expect(await readText(client, packageA, 'dst/one.txt')).toBe('src/one.txt');

    // Move a file and a folder to another package: gone from the source.
    const recorder = recordEvents(core);
    try {
      expect(
        await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'move', root: rootA, targets: [moved, { type: 'folder', prefix: 'dst/dir/' }], targetRoot: rootB, targetFolder: 'moved/' }),
      ).toEqual({ succeeded: 3, failed: [] });
    } finally {
      recorder.stop();
    }
    expect(await allPaths(client, packageA, 'dst/')).toEqual([]);
    expect(await allPaths(client, packageB, 'moved/')).toEqual(['moved/dir/deep/three.txt', 'moved/dir/two.txt', 'moved/one.txt']);
    const changed = recorder.of('storage.changed').map((c) => c.rootId);
    expect(changed).toContain(rootA);
    expect(changed).toContain(rootB);
  });

  it('reports a taken destination as a Conflict failure and leaves both objects as they were', async () => {
    await putObjects(client, packageA, ['c/a.txt', 'c/other.txt', 'c/b.txt', 'd/a.txt', 'd/c/a.txt'], (p) => Buffer.from(`content of ${p}`));
    const source = await objectTarget(rootA, 'c/a.txt');
    const conflict = { path: 'd/a.txt', code: 'Conflict', message: expect.any(String) as unknown };

    for (const mode of ['move', 'copy'] as const) {
      const result = await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode, root: rootA, targets: [source], targetRoot: rootA, targetFolder: 'd/' });
      expect(result).toEqual({ succeeded: 0, failed: [conflict] });
      expect(await readText(client, packageA, 'c/a.txt')).toBe('content of c/a.txt');
      expect(await readText(client, packageA, 'd/a.txt')).toBe('content of d/a.txt');
    }

    const rename = await callOk(core, 'objects.rename', { connectionId, operationId: opId(), root: rootA, target: source, newName: 'b.txt' });
    expect(rename).toEqual({ succeeded: 0, failed: [{ path: 'c/b.txt', code: 'Conflict', message: expect.any(String) as unknown }] });
    expect(await readText(client, packageA, 'c/b.txt')).toBe('content of c/b.txt');
    expect(await readText(client, packageA, 'c/a.txt')).toBe('content of c/a.txt');

    // A folder with one taken destination: the rest is copied, the clashing object stays.
    const folderTo = (mode: 'move' | 'copy') =>
      callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode, root: rootA, targets: [{ type: 'folder', prefix: 'c/' }], targetRoot: rootA, targetFolder: 'd/' });
    const conflictAt = (path: string) => ({ path, code: 'Conflict', message: expect.stringContaining(path) as unknown });
    expect(await folderTo('copy')).toEqual({ succeeded: 2, failed: [conflictAt('d/c/a.txt')] });
    // Now every destination is taken: a move moves nothing.
    expect(await folderTo('move')).toEqual({ succeeded: 0, failed: [conflictAt('d/c/a.txt'), conflictAt('d/c/b.txt'), conflictAt('d/c/other.txt')] });
    expect(await allPaths(client, packageA, 'c/')).toEqual(['c/a.txt', 'c/b.txt', 'c/other.txt']);
    expect(await readText(client, packageA, 'd/c/a.txt')).toBe('content of d/c/a.txt');
    expect(await readText(client, packageA, 'd/c/other.txt')).toBe('content of c/other.txt');
  });

  it('never lets two items of one operation land on the same path', async () => {
    await putObjects(client, packageA, ['same1/x.txt', 'same2/x.txt'], (p) => Buffer.from(`content of ${p}`));
    const targets = [await objectTarget(rootA, 'same1/x.txt'), await objectTarget(rootA, 'same2/x.txt')];
    const clash = [{ path: 'same-dst/x.txt', code: 'Conflict', message: expect.any(String) as unknown }];

    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root: rootA, targets, targetRoot: rootB, targetFolder: 'same-dst/' })).toEqual({ succeeded: 1, failed: clash });
    expect(await readText(client, packageB, 'same-dst/x.txt')).toBe('content of same1/x.txt');

    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'move', root: rootA, targets, targetRoot: rootA, targetFolder: 'same-dst/' })).toEqual({ succeeded: 1, failed: clash });
    expect(await readText(client, packageA, 'same-dst/x.txt')).toBe('content of same1/x.txt');
    expect(await readText(client, packageA, 'same2/x.txt')).toBe('content of same2/x.txt');
  });

  it('refuses to move or copy a folder into itself', async () => {
    await putObjects(client, packageA, ['self/x.txt', 'self/sub/y.txt']);
    for (const mode of ['move', 'copy'] as const) {
      for (const targetFolder of ['self/', 'self/sub/', 'self/new/']) {
        const error = await callErr(core, 'objects.transfer', { connectionId, operationId: opId(), mode, root: rootA, targets: [{ type: 'folder', prefix: 'self/' }], targetRoot: rootA, targetFolder });
        expect(error.code).toBe('InvalidInput');
        expect(error.message).toContain('into itself');
      }
    }
    expect(await callErr(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'move', root: rootA, targets: [{ type: 'folder', prefix: 'self/' }], targetRoot: rootA, targetFolder: 'no-slash' })).toMatchObject({
      code: 'InvalidInput',
    });
    expect(await allPaths(client, packageA, 'self/')).toEqual(['self/sub/y.txt', 'self/x.txt']);
    // The same folder name in another package is somewhere else.
    expect(await callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root: rootA, targets: [{ type: 'folder', prefix: 'self/' }], targetRoot: rootB, targetFolder: 'self/' })).toEqual({
      succeeded: 2,
      failed: [],
    });
    expect(await allPaths(client, packageB, 'self/')).toEqual(['self/self/sub/y.txt', 'self/self/x.txt']);
  });

  it('cancels a running delete: Cancelled, and the objects not yet deleted remain', async () => {
    const paths = Array.from({ length: 5000 }, (_, i) => `big/f${pad(i)}`);
    await putObjects(client, packageA, paths);
    const operationId = opId();

    // Cancel as soon as the first batch is visibly gone (or progress shows work done), while later batches are pending.
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      void core.call('operations.cancel', { operationId });
    };
    const stopListening = core.events.onAny((event) => {
      if (event.name === 'operation.progress' && event.payload.operationId === operationId && event.payload.done > 0 && !event.payload.finished) cancel();
    });
    const watcher = client; // a second view of the node, from outside the operation
    let watching = true;
    const watch = (async () => {
      while (watching && !cancelled) {
        const first = await watcher.listByPath({ packageID: packageA, path: paths[0]!, isPrefix: false });
        if (first.objects.length === 0) cancel();
        else await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const error = await callErr(core, 'objects.delete', { connectionId, operationId, root: rootA, targets: [{ type: 'folder', prefix: 'big/' }] });
    watching = false;
    stopListening();
    await watch;

    expect(cancelled).toBe(true);
    expect(error.code).toBe('Cancelled');
    const remaining = await allPaths(client, packageA, 'big/');
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.length).toBeLessThan(paths.length);
    // Deletion goes in listing order, so what remains is exactly the tail of the folder.
    expect(remaining).toEqual(paths.slice(paths.length - remaining.length));
    expect(await readText(client, packageA, remaining[0]!)).toBe(remaining[0]);

    // The operation is over: its id can be used again, and the rest deletes.
    expect(await callOk(core, 'objects.delete', { connectionId, operationId, root: rootA, targets: [{ type: 'folder', prefix: 'big/' }] })).toEqual({ succeeded: remaining.length, failed: [] });
    expect(await allPaths(client, packageA, 'big/')).toEqual([]);
  });

  it('refuses a second operation with the id of one still running', async () => {
    await putObjects(client, packageA, Array.from({ length: 300 }, (_, i) => `dup/f${pad(i)}`));
    const operationId = opId();
    const first = callOk(core, 'objects.delete', { connectionId, operationId, root: rootA, targets: [{ type: 'folder', prefix: 'dup/' }] });
    const second = await callErr(core, 'objects.rename', { connectionId, operationId, root: rootA, target: { type: 'folder', prefix: 'dup/' }, newName: 'dup2' });
    expect(second.code).toBe('Conflict');
    expect(second.message).toContain('already running');
    expect(second.message).not.toContain(operationId); // an internal id means nothing to the user
    expect(await first).toEqual({ succeeded: 300, failed: [] });
    expect(await allPaths(client, packageA, 'dup')).toEqual([]);
    // Cancelling an operation that is not running is a no-op.
    expect(await callOk(core, 'operations.cancel', { operationId })).toBeNull();
  });
});
