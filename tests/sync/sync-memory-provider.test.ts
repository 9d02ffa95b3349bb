/**
 * Sync against a service that is not JCS: the in-memory provider
 * (tests/helpers/memory-provider), given to a real core for one connection
 * (AppCoreOptions.providerOverride), in two shapes:
 * - a flat store with no move and a hash it does not vouch for: tasks sit at
 *   its root and sync the files directly in the folder (subfolders are left
 *   alone); it keeps no remote trash, so every remote version sync deletes or
 *   replaces is first copied into the local trash; a conflict renames this
 *   computer's version aside; identical files are never taken as equal on its
 *   word;
 * - a store with spaces, real folders, a server-side move and trusted hashes:
 *   a remote trash, conflict copies made by remote moves.
 * In both, each direction syncs, edits and deletions on either side meet,
 * nothing replaced or deleted is lost, a conflict keeps both versions, and a
 * core closed mid-run is finished by the next one.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import { createAppCore, type AppCore } from '../../src-main/core/app-core';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import type { UploadBody } from '../../src-main/providers/storage-provider';
import { callOk, jcsDraft, storageNodeScript, waitFor } from '../helpers/core';
import { MemoryProvider, type MemoryProviderOptions } from '../helpers/memory-provider/memory-provider';
import { createTask, localTree, readLocal, removeLocal, revertTask, runTask, runUntilSettled, taskConfig, taskView, TEST_TIMINGS, waitTransfersIdle, writeLocal } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

interface Shape {
  name: string;
  options: MemoryProviderOptions;
  /** The task's folder in the root ('' on a service without folders). */
  remotePath: string;
  /** The remote keeps a trash (move + folders); otherwise the local trash holds copies of remote versions. */
  remoteTrash: boolean;
}

const SHAPES: Shape[] = [
  { name: 'flat, no move, untrusted hash', options: { hash: { algorithm: 'sha256', trusted: false } }, remotePath: '', remoteTrash: false },
  {
    name: 'spaces, real folders, move, trusted hash',
    options: { spaces: true, folders: 'real', move: true, ranges: true, hash: { algorithm: 'sha256', trusted: true } },
    remotePath: 'sync/',
    remoteTrash: true,
  },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// ---- the remote side, through the provider itself ----

function body(content: string): UploadBody {
  const bytes = Buffer.from(content);
  return { size: bytes.length, open: () => Readable.from([bytes]) };
}

interface Rig {
  shape: Shape;
  provider: MemoryProvider;
  dataDir: string;
  localDir: string;
  core: AppCore;
  target: { connectionId: string; root: string };
  /** Closes the core and opens a new one on the same data folder and the same service (an app restart). */
  restart(): Promise<void>;
  /** Every object under the task's folder (relative paths → content), the trash left out unless asked for. */
  remote(options?: { trash?: boolean }): Promise<Record<string, string>>;
  putRemote(files: Record<string, string>): Promise<void>;
  deleteRemote(rel: string): Promise<void>;
}

async function openRig(shape: Shape): Promise<Rig> {
  const temp = await makeTempDir('jcs-sync-memory');
  cleanups.push(() => temp.remove());
  const dataDir = join(temp.path, 'app');
  const localDir = join(temp.path, 'local');
  mkdirSync(localDir);
  const provider = new MemoryProvider(shape.options);
  // Known once the connection is saved; the core asks for its provider only after that.
  const memory: { connectionId?: string } = {};
  const logs: string[] = [];
  const open = () =>
    createAppCore({
      dataDir,
      mode: 'headless',
      version: '0.0.0-test',
      storageNodeScript,
      secretBox: (dir) => new FileKeySecretBox(dir),
      // stableMs 0: files the previous run just downloaded count as settled (as in sync-directions.test.ts).
      syncTimings: { ...TEST_TIMINGS, stableMs: 0 },
      // The connection is saved as any connection is; only its provider is the test's.
      providerOverride: (id) => (id === memory.connectionId ? provider : undefined),
      log: (message, error) => logs.push(error === undefined ? message : `${message} ${inspect(error)}`),
    });
  let core = await open();
  cleanups.push(() => core.close());
  const memoryConnection = (await callOk(core, 'connections.add', jcsDraft('memory service', 'http://127.0.0.1:9'))).id;
  memory.connectionId = memoryConnection;
  const connection = (await callOk(core, 'connections.list', {})).find((c) => c.id === memoryConnection)!;
  expect(connection.capabilities).toMatchObject({ move: shape.options.move ?? false, folders: shape.options.folders ?? 'none' });
  const root = shape.options.spaces
    ? (await callOk(core, 'roots.create', { connectionId: memoryConnection, parentId: null, name: 'files' })).id
    : (await callOk(core, 'roots.list', { connectionId: memoryConnection, parentId: null }))[0]!.id;
  const target = { connectionId: memoryConnection, root };

  const rig: Rig = {
    shape,
    provider,
    dataDir,
    localDir,
    core,
    target,
    async restart() {
      await core.close();
      core = await open();
      rig.core = core;
    },
    async remote(options = {}) {
      const out: Record<string, string> = {};
      let token: string | null = null;
      do {
        const page = await provider.listFolder(root, shape.remotePath, { recursive: true, ...(token === null ? {} : { token }) });
        for (const entry of page.entries) {
          const rel = entry.path.slice(shape.remotePath.length);
          if (!options.trash && rel.startsWith('.jcs-trash/')) continue;
          const { stream } = await provider.read(root, entry);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          out[rel] = Buffer.concat(chunks).toString('utf8');
        }
        token = page.nextToken;
      } while (token !== null);
      return out;
    },
    async putRemote(files) {
      await provider.put(
        root,
        Object.entries(files).map(([rel, content]) => ({ path: shape.remotePath + rel, body: body(content) })),
      );
    },
    async deleteRemote(rel) {
      const result = await provider.delete!(root, [{ path: shape.remotePath + rel }]);
      expect(result.failed).toEqual([]);
    },
  };
  return rig;
}

async function task(rig: Rig, direction: SyncDirection, before: { local?: Record<string, string>; remote?: Record<string, string> } = {}) {
  for (const [rel, content] of Object.entries(before.local ?? {})) writeLocal(rig.localDir, rel, content);
  if (before.remote) await rig.putRemote(before.remote);
  const created = await createTask(rig.core, taskConfig(rig.target, rig.localDir, { direction, remotePath: rig.shape.remotePath }));
  return created.id;
}

/** The local trash's files (paths inside the trash, without the stamp folder) → content. */
function localTrash(rig: Rig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, content] of Object.entries(localTree(rig.localDir, { trash: true }))) {
    const m = /^\.jcs-trash\/[^/]+\/(.+)$/.exec(path);
    if (m) out[m[1]!] = content;
  }
  return out;
}

/** The remote trash's files (as localTrash). */
async function remoteTrash(rig: Rig): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [path, content] of Object.entries(await rig.remote({ trash: true }))) {
    const m = /^\.jcs-trash\/[^/]+\/(.+)$/.exec(path);
    if (m) out[m[1]!] = content;
  }
  return out;
}

describe.each(SHAPES)('sync with an in-memory service: $name', (shape) => {
  it('upload: the folder goes up, and the next run has nothing to do', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'upload', { local: { 'a.txt': 'alpha', 'b.txt': 'beta', 'sub/c.txt': 'in a folder' } });
    await runUntilSettled(rig.core, id);
    const expected = shape.remotePath ? { 'a.txt': 'alpha', 'b.txt': 'beta', 'sub/c.txt': 'in a folder' } : { 'a.txt': 'alpha', 'b.txt': 'beta' };
    expect(await rig.remote()).toEqual(expected);
    // On a service without folders, a subfolder's files stay where they are, unsent and undeleted.
    expect(localTree(rig.localDir)).toEqual({ 'a.txt': 'alpha', 'b.txt': 'beta', 'sub/c.txt': 'in a folder' });
    expect((await callOk(rig.core, 'sync.preview', { id })).actions).toEqual([]);
    expect(await taskView(rig.core, id)).toMatchObject({ status: 'idle', files: Object.keys(expected).length });
  });

  it('download: the remote comes down; a remote edit and deletion follow, the local versions kept in the local trash', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'download', { remote: { 'a.txt': 'alpha', 'b.txt': 'beta' } });
    await runUntilSettled(rig.core, id);
    expect(localTree(rig.localDir)).toEqual({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    await rig.putRemote({ 'a.txt': 'alpha, edited remotely' });
    await rig.deleteRemote('b.txt');
    await runUntilSettled(rig.core, id);
    expect(localTree(rig.localDir)).toEqual({ 'a.txt': 'alpha, edited remotely' });
    expect(localTrash(rig)).toEqual({ 'a.txt': 'alpha', 'b.txt': 'beta' });
  });

  it('two-way: edits, additions and deletions on both sides meet; every version replaced or deleted is kept, restorable', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'twoWay', { local: { 'a.txt': 'a1', 'b.txt': 'b1' }, remote: { 'c.txt': 'c1', 'd.txt': 'd1' } });
    await runUntilSettled(rig.core, id);
    const synced = { 'a.txt': 'a1', 'b.txt': 'b1', 'c.txt': 'c1', 'd.txt': 'd1' };
    expect(localTree(rig.localDir)).toEqual(synced);
    expect(await rig.remote()).toEqual(synced);

    writeLocal(rig.localDir, 'a.txt', 'a2, edited here');
    removeLocal(rig.localDir, 'b.txt');
    await rig.putRemote({ 'c.txt': 'c2, edited there', 'e.txt': 'e1, new there' });
    await rig.deleteRemote('d.txt');
    await runUntilSettled(rig.core, id);
    const now = { 'a.txt': 'a2, edited here', 'c.txt': 'c2, edited there', 'e.txt': 'e1, new there' };
    expect(localTree(rig.localDir)).toEqual(now);
    expect(await rig.remote()).toEqual(now);

    // This computer's replaced and deleted versions are in the local trash; the service's in its own trash, or
    // (a service that keeps none) copied into the local one before they were replaced or deleted there.
    if (shape.remoteTrash) {
      expect(localTrash(rig)).toEqual({ 'c.txt': 'c1', 'd.txt': 'd1' });
      expect(await remoteTrash(rig)).toEqual({ 'a.txt': 'a1', 'b.txt': 'b1' });
    } else expect(localTrash(rig)).toEqual({ 'a.txt': 'a1', 'b.txt': 'b1', 'c.txt': 'c1', 'd.txt': 'd1' });
    const trash = await callOk(rig.core, 'sync.trash', { id });
    expect(trash.map((e) => `${e.side}:${e.path}`).sort()).toEqual(shape.remoteTrash ? ['local:c.txt', 'local:d.txt', 'remote:a.txt', 'remote:b.txt'] : ['local:a.txt', 'local:b.txt', 'local:c.txt', 'local:d.txt']);

    // The deleted b comes back from whichever trash holds it, and the next run puts it on both sides again.
    const b = trash.find((e) => e.path === 'b.txt')!;
    expect(await callOk(rig.core, 'sync.restore', { id, entries: [{ side: b.side, trashPath: b.trashPath }] })).toEqual({ restored: 1, failed: [] });
    await runUntilSettled(rig.core, id);
    expect(localTree(rig.localDir)).toEqual({ ...now, 'b.txt': 'b1' });
    expect(await rig.remote()).toEqual({ ...now, 'b.txt': 'b1' });
  });

  it('a conflict keeps both versions on both sides', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'twoWay', { local: { 'doc.txt': 'first' } });
    await runUntilSettled(rig.core, id);
    writeLocal(rig.localDir, 'doc.txt', 'edited here');
    await rig.putRemote({ 'doc.txt': 'edited there' });
    await runUntilSettled(rig.core, id);
    const [conflict] = await callOk(rig.core, 'sync.conflicts', { id });
    // The service's version steps aside by a remote move; without move, this computer's does (and is sent across).
    expect(conflict).toMatchObject({ path: 'doc.txt', renamed: shape.options.move ? 'remote' : 'local' });
    const keptAs = conflict!.keptAs;
    const both = shape.options.move ? { 'doc.txt': 'edited here', [keptAs]: 'edited there' } : { 'doc.txt': 'edited there', [keptAs]: 'edited here' };
    expect(localTree(rig.localDir)).toEqual(both);
    expect(await rig.remote()).toEqual(both);
  });

  it('a conflict settled as "keep mine": this computer’s version on both sides, the service’s kept in a trash', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'twoWay', { local: { 'doc.txt': 'first' } });
    await runUntilSettled(rig.core, id);
    writeLocal(rig.localDir, 'doc.txt', 'edited here');
    await rig.putRemote({ 'doc.txt': 'edited there' });
    await runUntilSettled(rig.core, id);
    const [conflict] = await callOk(rig.core, 'sync.conflicts', { id });
    expect(await callOk(rig.core, 'sync.resolveConflicts', { id, choice: 'mine', conflicts: [{ id: conflict!.id, version: conflict!.version }] })).toEqual({ resolved: 1, failed: [] });
    await runUntilSettled(rig.core, id);
    expect(localTree(rig.localDir)).toEqual({ 'doc.txt': 'edited here' });
    expect(await rig.remote()).toEqual({ 'doc.txt': 'edited here' });
    const kept = { ...localTrash(rig), ...(shape.remoteTrash ? await remoteTrash(rig) : {}) };
    expect(Object.values(kept)).toContain('edited there');
  });

  it('upload-only: a remote change is never overwritten without a trace; Revert sends the local version and keeps the remote one', async () => {
    const rig = await openRig(shape);
    const id = await task(rig, 'upload', { local: { 'doc.txt': 'first' } });
    await runUntilSettled(rig.core, id);
    writeLocal(rig.localDir, 'doc.txt', 'edited here');
    await rig.putRemote({ 'doc.txt': 'edited there' });
    await runTask(rig.core, id);
    await waitTransfersIdle(rig.core);
    if (shape.options.move) {
      // The service's version keeps the conflict name, there only.
      const [conflict] = await callOk(rig.core, 'sync.conflicts', { id });
      expect(await rig.remote()).toEqual({ 'doc.txt': 'edited here', [conflict!.keptAs]: 'edited there' });
      expect(localTree(rig.localDir)).toEqual({ 'doc.txt': 'edited here' });
      return;
    }
    // Without move the service's version cannot step aside: it is kept as it is, a kept change.
    expect(await taskView(rig.core, id)).toMatchObject({ keptChanges: 1, conflicts: 0 });
    expect(await rig.remote()).toEqual({ 'doc.txt': 'edited there' });
    expect(localTree(rig.localDir)).toEqual({ 'doc.txt': 'edited here' });
    await revertTask(rig.core, id);
    await runUntilSettled(rig.core, id);
    expect(await rig.remote()).toEqual({ 'doc.txt': 'edited here' });
    expect(localTrash(rig)).toEqual({ 'doc.txt': 'edited there' }); // copied here before it was replaced there
    expect(await taskView(rig.core, id)).toMatchObject({ keptChanges: 0 });
  });

  it('a core closed in the middle of a run: the next one finishes it, every file once on each side, whole', async () => {
    const rig = await openRig(shape);
    await callOk(rig.core, 'settings.update', { transfers: { maxConcurrentFiles: 1, maxConcurrentParts: 2, bandwidthLimitKiBps: 128, multipartThresholdMiB: 8 } });
    const spread = (prefix: string) => Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`${prefix}-${i}.bin`, `${prefix} ${i} `.padEnd(32 * 1024, prefix[0])]));
    const local = spread('local');
    const remote = spread('remote');
    const id = await task(rig, 'twoWay', { local, remote });
    await callOk(rig.core, 'sync.runNow', { id });
    await waitFor('a first transfer of the run to finish', async () => (await taskView(rig.core, id)).files > 0, 20_000);
    expect((await taskView(rig.core, id)).files).toBeLessThan(16); // still under way
    await rig.restart();
    await callOk(rig.core, 'settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
    const done = await runUntilSettled(rig.core, id);
    expect(done).toMatchObject({ status: 'idle', files: 16, conflicts: 0 });
    expect(localTree(rig.localDir)).toEqual({ ...local, ...remote });
    expect(await rig.remote()).toEqual({ ...local, ...remote });
    expect(readdirSync(rig.localDir).filter((name) => name.endsWith('.jcs-download'))).toEqual([]);
    expect(existsSync(join(rig.localDir, '.jcs-trash'))).toBe(false); // nothing was replaced: nothing in a trash
    expect(readLocal(rig.localDir, 'remote-0.bin')).toBe(remote['remote-0.bin']);
  });
});
