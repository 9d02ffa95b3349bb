/**
 * A File Storage connection through the core, as a user makes and uses one:
 * added with `connections.add` (its token stored as a secret), tested,
 * browsed with the service's sort, files uploaded and downloaded back by the
 * transfer engine with their SHA-256 compared, a second download answered by
 * 304s from the connection's own cache folder under the data dir, an upload
 * onto a taken name waiting for the user, and the cache folder removed with
 * the connection.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src-main/core/app-core';
import { makeTestImage, startFileStorageServer, type FileStorageServer } from '../../fixtures/file-storage';
import { callErr, callOk, openCore, waitFor } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';
import { patternBytes } from '../provider-test-kit';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const TOKEN = 'engine-test-token';

describe('a File Storage connection through the core', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let server: FileStorageServer;
  let connectionId: string;
  const contents = new Map<string, Buffer>();

  beforeAll(async () => {
    temp = await makeTempDir('fs-engines');
    core = await openCore(join(temp.path, 'app'));
    server = await startFileStorageServer({ token: TOKEN });
  });
  afterAll(async () => {
    await core?.close();
    await server?.close();
    await temp?.remove();
  });

  async function jobsOf(batchId: string) {
    return (await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.batchId === batchId);
  }
  async function finished(batch: { batchId: string; jobs: number }) {
    return waitFor(
      'the transfers to finish',
      async () => {
        const mine = await jobsOf(batch.batchId);
        return mine.length === batch.jobs && mine.every((j) => ['completed', 'failed', 'cancelled'].includes(j.state)) && mine;
      },
      20_000,
    );
  }

  it('is added like any connection, its token a secret that is never shown, and passes Test', async () => {
    const refused = await callOk(core, 'connections.test', { draft: { kind: 'file-storage', config: { baseUrl: server.url }, secrets: { token: 'wrong' } } }).then(
      () => null,
      (e: unknown) => String(e),
    );
    expect(refused).toMatch(/Unauthorized: the service refused the token/);
    const view = await callOk(core, 'connections.add', { name: 'Files', kind: 'file-storage', config: { baseUrl: `${server.url}/` }, secrets: { token: TOKEN } });
    connectionId = view.id;
    expect(view).toMatchObject({ kind: 'file-storage', config: { baseUrl: server.url }, secretsSet: ['token'] });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(view.capabilities).toMatchObject({ folders: 'none', hash: null, ranges: false, thumbnails: true, usage: true, rootLevels: [{ key: 'space', create: false, delete: false }] });
    expect(await callOk(core, 'connections.test', { id: connectionId })).toMatchObject({ roots: 1 });
    const bad = await callErr(core, 'connections.add', { name: 'Bad', kind: 'file-storage', config: { baseUrl: server.url }, secrets: { token: 'two words' } });
    expect(bad.code).toBe('InvalidInput');
  });

  it('uploads files from disk and downloads them back with the same SHA-256; the second download comes from the cache', async () => {
    const source = join(temp.path, 'source');
    mkdirSync(source);
    contents.set('photo.jpg', await makeTestImage(320, 200));
    contents.set('data.bin', patternBytes(700_000, 1));
    contents.set('notes.txt', Buffer.from('some notes\n'));
    for (const [name, bytes] of contents) writeFileSync(join(source, name), bytes);
    const uploads = await finished(await callOk(core, 'transfers.uploadPaths', { connectionId, root: 'root', targetFolder: '', paths: [...contents.keys()].map((n) => join(source, n)), conflict: 'ask' }));
    expect(uploads.map((j) => [j.displayName, j.state, j.errorMessage])).toEqual(expect.arrayContaining([...contents.keys()].map((n) => [n, 'completed', null])));
    expect([...server.store.files.values()].map((f) => f.name).sort()).toEqual([...contents.keys()].sort());

    const page = await callOk(core, 'objects.list', { connectionId, root: 'root', prefix: '', sort: { field: 'size', order: 'desc' }, maxKeys: 50 });
    expect(page.entries.map((e) => e.path)).toEqual(['data.bin', 'photo.jpg', 'notes.txt']);
    expect(page.total).toBe(3);
    const targets = page.entries.map((e) => ({ type: 'object' as const, path: e.path, ref: e.ref, size: e.size }));

    const first = join(temp.path, 'first');
    mkdirSync(first);
    const down = await finished(await callOk(core, 'transfers.download', { connectionId, root: 'root', targets, localFolder: first, conflict: 'ask' }));
    expect(down.every((j) => j.state === 'completed' && j.verified === false)).toBe(true);
    for (const [name, bytes] of contents) expect(sha256(readFileSync(join(first, name))), name).toBe(sha256(bytes));

    const cacheDir = join(temp.path, 'app', 'cache', 'connections', connectionId);
    expect(existsSync(cacheDir)).toBe(true);
    await server.requests.settled();
    server.requests.clear();
    const second = join(temp.path, 'second');
    mkdirSync(second);
    await finished(await callOk(core, 'transfers.download', { connectionId, root: 'root', targets, localFolder: second, conflict: 'ask' }));
    for (const [name, bytes] of contents) expect(sha256(readFileSync(join(second, name))), name).toBe(sha256(bytes));
    await server.requests.settled();
    const downloads = server.requests.entries.filter((r) => r.route === 'GET /file/:id');
    expect(downloads.map((r) => [r.status, r.bodyBytes])).toEqual([
      [304, 0],
      [304, 0],
      [304, 0],
    ]);
  });

  it('reports usage; an upload onto a taken name waits for the user, and overwriting replaces the file', async () => {
    const usage = await callOk(core, 'objects.usage', { connectionId });
    expect(usage.scopes.find((s) => s.scope === 'self')!.byType.find((t) => t.type === 'image')).toEqual({ type: 'image', count: 1, bytes: contents.get('photo.jpg')!.length });
    const again = join(temp.path, 'again');
    mkdirSync(again);
    writeFileSync(join(again, 'notes.txt'), 'other notes');
    const batch = await callOk(core, 'transfers.uploadPaths', { connectionId, root: 'root', targetFolder: '', paths: [join(again, 'notes.txt')], conflict: 'ask' });
    const waiting = await waitFor('the upload to wait for a decision', async () => (await jobsOf(batch.batchId)).find((j) => j.waiting === 'conflict'));
    expect(waiting.state).not.toBe('completed');
    expect([...server.store.files.values()].filter((f) => f.name === 'notes.txt').map((f) => f.size)).toEqual([11]);
    await callOk(core, 'transfers.resolveConflict', { jobId: waiting.id, resolution: 'overwrite', applyToAll: false });
    expect((await finished(batch)).map((j) => j.state)).toEqual(['completed']);
    expect([...server.store.files.values()].filter((f) => f.name === 'notes.txt').map((f) => f.size)).toEqual(['other notes'.length]);
  });

  it('removing the connection removes its cache folder', async () => {
    const cacheDir = join(temp.path, 'app', 'cache', 'connections', connectionId);
    expect(existsSync(cacheDir)).toBe(true);
    await callOk(core, 'connections.remove', { id: connectionId });
    expect(existsSync(cacheDir)).toBe(false);
  });
});
