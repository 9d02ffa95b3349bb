/**
 * The sync safety rules, through the contract on a real core: both versions
 * survive a conflict; the deletion guard stops a mass deletion until the user
 * confirms; a missing local folder or an unreachable service stops the task
 * with a clear status and deletes nothing; dry runs and previews change
 * nothing; filters and `.jcsignore` hold on both sides; pausing, racing local
 * writes and a connection removed under a run lose nothing and hang nothing.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDirection, SyncTaskConfig } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { startStorageNode } from '../../src-main/storage-node/storage-node';
import { callOk, embeddedClient, waitFor, jcsDraft } from '../helpers/core';
import {
  createTask,
  deleteRemote,
  localTree,
  makePackage,
  moveRemote,
  openSyncCore,
  pollTask,
  putRemote,
  readLocal,
  remoteTree,
  removeLocal,
  runTask,
  taskConfig,
  taskView,
  waitQuiet,
  waitRunAfter,
  writeLocal,
  type Target,
} from '../helpers/sync';
import { generateCredentials, startTestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const CONFLICT = /^(.*) \(conflict \d{4}-\d{2}-\d{2} \d{6}\)(\.[^.]*)?$/;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let count = 0;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-safety');
  core = await openSyncCore(join(temp.path, 'app'), { timings: { stableMs: 0 } });
  client = embeddedClient(core);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

afterEach(async () => {
  await callOk(core, 'settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
});

async function setup(direction: SyncDirection, files: { local?: Record<string, string>; remote?: Record<string, string> }, change: Parameters<typeof taskConfig>[2] = {}, target?: Target, remoteClient: JcsClient = client) {
  const n = ++count;
  const t = target ?? (await makePackage(core, `safety-${n}`));
  const root = join(temp.path, `folder-${n}`);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files.local ?? {})) writeLocal(root, rel, content);
  if (files.remote) await putRemote(remoteClient, t.packageId, files.remote);
  const config: SyncTaskConfig = taskConfig(t, root, { direction, ...change });
  const task = await createTask(core, config);
  return { id: task.id, root, packageId: t.packageId, remote: () => remoteTree(remoteClient, t.packageId), run: (confirmDeletions = false) => runTask(core, task.id, { confirmDeletions }) };
}

const setTransfers = (change: Partial<{ maxConcurrentFiles: number; bandwidthLimitKiBps: number }>) =>
  callOk(core, 'settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8, ...change } });

describe('conflicts', () => {
  it('a file changed on both sides keeps both versions on both sides; sync.conflicts lists it', async () => {
    const t = await setup('twoWay', { local: { 'doc.txt': 'base', 'other.txt': 'o' } });
    await t.run();
    writeLocal(t.root, 'doc.txt', 'local edit');
    await putRemote(client, t.packageId, { 'doc.txt': 'remote edit' });
    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', conflicts: 1 });

    const local = localTree(t.root);
    const keptAs = Object.keys(local).find((p) => CONFLICT.test(p))!;
    expect(CONFLICT.exec(keptAs)?.slice(1, 3)).toEqual(['doc', '.txt']);
    expect(local).toEqual({ 'doc.txt': 'local edit', [keptAs]: 'remote edit', 'other.txt': 'o' });
    expect(await t.remote()).toEqual(local);
    expect(await callOk(core, 'sync.conflicts', { id: t.id })).toEqual([{ id: expect.any(Number) as number, at: expect.any(Number) as number, path: 'doc.txt', keptAs, renamed: 'remote', version: expect.stringMatching(/^[0-9a-f]{32}$/) as string }]);

    // The next run finds both sides in sync: the conflict copy stays on both sides.
    await t.run();
    expect(localTree(t.root)).toEqual(local);
    expect(await t.remote()).toEqual(local);
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
  });

  it('a file created on both sides: different content keeps both, the same content is simply recorded', async () => {
    const t = await setup('twoWay', { local: { 'new.txt': 'mine', 'same.txt': 'equal' }, remote: { 'new.txt': 'theirs', 'same.txt': 'equal' } });
    const task = await t.run();
    expect(task.conflicts).toBe(1);
    const local = localTree(t.root);
    const keptAs = Object.keys(local).find((p) => CONFLICT.test(p))!;
    expect(local).toEqual({ 'new.txt': 'mine', [keptAs]: 'theirs', 'same.txt': 'equal' });
    expect(await t.remote()).toEqual(local);
    expect(await callOk(core, 'sync.trash', { id: t.id })).toEqual([]);
  });

  it('a file changed on both sides to the same content is not a conflict', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'one' } });
    await t.run();
    writeLocal(t.root, 'a.txt', 'two');
    await putRemote(client, t.packageId, { 'a.txt': 'two' });
    expect((await t.run()).conflicts).toBe(0);
    expect(localTree(t.root)).toEqual({ 'a.txt': 'two' });
    expect(await t.remote()).toEqual({ 'a.txt': 'two' });
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
  });
});

describe('the deletion guard', () => {
  const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}.txt`, `file ${i}`]));
  const guard = { options: { deletionGuard: { maxFiles: 100, maxPercent: 25 } } };

  it('stops a mass local deletion before deleting anything remotely; confirmDeletions carries it out, into the remote trash', async () => {
    const t = await setup('twoWay', { local: eight }, guard);
    await t.run();
    for (let i = 0; i < 4; i++) removeLocal(t.root, `f${i}.txt`);
    writeLocal(t.root, 'added.txt', 'still uploaded later');

    const blocked = await t.run();
    expect(blocked).toMatchObject({ status: 'waitingForConfirmation', lastRunResult: 'blocked' });
    expect(blocked.statusMessage).toMatch(/delete 4 files/);
    expect(await t.remote()).toEqual(eight);
    expect(await callOk(core, 'sync.trash', { id: t.id })).toEqual([]);
    const preview = await callOk(core, 'sync.preview', { id: t.id });
    expect(preview.blockedBy).toMatch(/deletes 4 files/);
    expect(preview.actions.filter((a) => a.kind === 'deleteRemote')).toHaveLength(4);

    // A plain run asks again.
    expect((await t.run()).status).toBe('waitingForConfirmation');
    expect(await t.remote()).toEqual(eight);

    const confirmed = await t.run(true);
    expect(confirmed.status).toBe('idle');
    expect(await t.remote()).toEqual({ 'added.txt': 'still uploaded later', 'f4.txt': 'file 4', 'f5.txt': 'file 5', 'f6.txt': 'file 6', 'f7.txt': 'file 7' });
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.map((e) => `${e.side}:${e.path}`).sort()).toEqual(['remote:f0.txt', 'remote:f1.txt', 'remote:f2.txt', 'remote:f3.txt']);
  });

  it('stops a remote side emptied out from emptying the local folder', async () => {
    const t = await setup('twoWay', { local: eight }, guard);
    await t.run();
    await deleteRemote(client, t.packageId, Object.keys(eight));
    const blocked = await t.run();
    expect(blocked.status).toBe('waitingForConfirmation');
    expect(localTree(t.root)).toEqual(eight);

    await t.run(true);
    expect(localTree(t.root)).toEqual({});
    expect((await callOk(core, 'sync.trash', { id: t.id })).filter((e) => e.side === 'local')).toHaveLength(8);
  });

  it('also counts by number of files', async () => {
    const t = await setup('upload', { local: eight }, { options: { deletionGuard: { maxFiles: 2, maxPercent: 100 } } });
    await t.run();
    for (let i = 0; i < 3; i++) removeLocal(t.root, `f${i}.txt`);
    expect((await t.run()).status).toBe('waitingForConfirmation');
    writeLocal(t.root, 'f1.txt', 'back'); // one deletion left: under the limit
    writeLocal(t.root, 'f2.txt', 'back');
    expect((await t.run()).status).toBe('idle');
    expect(Object.keys(await t.remote())).toEqual(['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt', 'f6.txt', 'f7.txt']);
  });
});

describe('a missing local folder', () => {
  it('stops the task with a clear status and deletes nothing remotely; the task goes on once the folder is back', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a', 'b/c.txt': 'c' } });
    await t.run();
    const remoteBefore = await t.remote();
    renameSync(t.root, `${t.root}-unmounted`);

    const stopped = await t.run();
    expect(stopped.status).toBe('error');
    expect(stopped).toMatchObject({ statusCode: 'folderMissing', statusParams: { path: t.root } });
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual(remoteBefore);
    expect(existsSync(t.root)).toBe(false); // nothing recreated it either

    renameSync(`${t.root}-unmounted`, t.root);
    const back = await t.run();
    expect(back.status).toBe('idle');
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual(remoteBefore);
    expect(localTree(t.root)).toEqual(remoteBefore);
  });

  it('an empty folder in its place (an unmounted drive\'s mount point) is held by the deletion guard', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a', 'b.txt': 'b' } }, { options: { deletionGuard: { maxFiles: 100, maxPercent: 25 } } });
    await t.run();
    renameSync(t.root, `${t.root}-away`);
    mkdirSync(t.root);
    expect(await t.run()).toMatchObject({ status: 'waitingForConfirmation', statusCode: 'folderReplaced' });
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'b.txt': 'b' });
  });
});

describe('an unreachable service', () => {
  it('puts the task offline, deletes nothing locally, and carries on by itself once the service is back', async () => {
    const nodeDir = await makeTempDir('jcs-sync-offline-node');
    const credentials = generateCredentials();
    let node = await startStorageNode({ dataDir: nodeDir.path, credentials, log: () => {} });
    const port = node.port;
    try {
      const connection = await callOk(core, 'connections.add', jcsDraft('offline test', node.url, credentials));
      const target = await makePackage(core, 'offline', connection.id);
      // A scheduled task (a Manual one waits to be asked, even after a failure): the hour-long interval leaves only the retry.
      const t = await setup('twoWay', { local: { 'a.txt': 'a', 'b.txt': 'b' } }, { trigger: { type: 'Interval', interval: 3600 } }, target, new JcsClient({ baseUrl: node.url, credentials }));
      await t.run();

      await node.close(0);
      writeLocal(t.root, 'while-offline.txt', 'queued for later');
      const offline = await t.run();
      expect(offline.status).toBe('offline');
      expect(offline.statusMessage).toMatch(/cannot be reached/);
      expect(localTree(t.root)).toEqual({ 'a.txt': 'a', 'b.txt': 'b', 'while-offline.txt': 'queued for later' });
      expect(await callOk(core, 'sync.trash', { id: t.id })).toEqual([]); // the remote trash cannot be listed; the local one is empty

      node = await startStorageNode({ dataDir: nodeDir.path, credentials, port, log: () => {} });
      // Retried after offlineRetryMs, without anyone asking.
      await pollTask(core, t.id, 'to be back online and in sync', (task) => task.status === 'idle' && task.files === 3);
      expect(await t.remote()).toEqual(localTree(t.root));
    } finally {
      await node.close(0);
      await nodeDir.remove();
    }
  });
});

describe('dry run and preview', () => {
  it('a dry run plans and logs, and changes nothing on either side', async () => {
    const t = await setup('twoWay', { local: { 'l.txt': 'local', 'both.txt': 'mine' }, remote: { 'r.txt': 'remote', 'both.txt': 'theirs' } }, { options: { dryRun: true } });
    const task = await t.run();
    expect(task).toMatchObject({ status: 'idle', files: 0, conflicts: 0 });
    expect(localTree(t.root, { trash: true })).toEqual({ 'both.txt': 'mine', 'l.txt': 'local' });
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual({ 'both.txt': 'theirs', 'r.txt': 'remote' });
    const log = (await callOk(core, 'sync.log', { id: t.id, limit: 50 })).map((e) => `${e.message} [${e.path}]`);
    expect(log).toContain('dry run: 3 changes planned, nothing done [null]');
    // The run logs its plan.
    expect([...new Set(log.filter((m) => m.startsWith('would ')).map((m) => `${m.split(':')[0]} ${m.split('[')[1]}`))].sort()).toEqual(['would conflict both.txt]', 'would download r.txt]', 'would upload l.txt]']);
    expect((await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.localPath.startsWith(t.root))).toEqual([]);

    const { options } = await taskView(core, t.id);
    await callOk(core, 'sync.update', { id: t.id, options: { ...options, dryRun: false } });
    await t.run();
    expect(Object.keys(localTree(t.root))).toHaveLength(4);
  });

  it('sync.preview returns the plan (kinds, targets, sizes, reasons) and does nothing', async () => {
    const t = await setup('twoWay', { local: { 'up.txt': 'up', 'same.txt': 's', 'gone-remotely.txt': 'g', 'renamed.txt': 'rr', 'conflict.txt': 'x' } });
    await t.run();
    writeLocal(t.root, 'new-local.txt', '12345');
    await putRemote(client, t.packageId, { 'new-remote.txt': 'abc', 'conflict.txt': 'remote version' });
    writeLocal(t.root, 'conflict.txt', 'local version');
    await deleteRemote(client, t.packageId, ['gone-remotely.txt']);
    await moveRemote(client, t.packageId, 'renamed.txt', 'dir/renamed.txt');
    const before = { local: localTree(t.root, { trash: true }), remote: await remoteTree(client, t.packageId, 'sync/', { trash: true }) };

    const plan = await callOk(core, 'sync.preview', { id: t.id });
    const byPath = Object.fromEntries(plan.actions.map((a) => [a.path, a]));
    expect(plan).toMatchObject({ blockedBy: null, localFiles: 6, remoteFiles: 5 });
    expect(byPath['new-local.txt']).toMatchObject({ kind: 'upload', toPath: null, size: 5 });
    expect(byPath['new-remote.txt']).toMatchObject({ kind: 'download', toPath: null, size: 3 });
    expect(byPath['gone-remotely.txt']).toMatchObject({ kind: 'deleteLocal', reason: 'deleted remotely' });
    expect(byPath['renamed.txt']).toMatchObject({ kind: 'moveLocal', toPath: 'dir/renamed.txt' });
    expect(byPath['conflict.txt']?.kind).toBe('conflict');
    expect(byPath['conflict.txt']?.toPath).toMatch(CONFLICT);
    expect(plan.actions).toHaveLength(5);

    expect(localTree(t.root, { trash: true })).toEqual(before.local);
    expect(await remoteTree(client, t.packageId, 'sync/', { trash: true })).toEqual(before.remote);
  });
});

describe('filters and the ignore file', () => {
  it('hold on both sides: left-out files are neither sent, fetched nor deleted; the ignore file itself syncs', async () => {
    const big = 'x'.repeat(200);
    const t = await setup(
      'twoWay',
      {
        local: { 'a.txt': 'a', 'b.log': 'log', 'big.bin': big, 'private/p.txt': 'p', 'x.tmp': 't', 'keep.tmp': 'k', '.jcsignore': 'private/\n*.tmp\n!keep.tmp\n' },
        remote: { 'r.txt': 'r', 'r.log': 'rlog', 'rbig.bin': big, 'private/rp.txt': 'rp', 'y.tmp': 'y' },
      },
      { filters: [{ type: 'Exclude', patterns: ['*.log'] }, { type: 'Size', maxSize: 100 }] },
    );
    await t.run();
    expect(await t.remote()).toEqual({ '.jcsignore': 'private/\n*.tmp\n!keep.tmp\n', 'a.txt': 'a', 'keep.tmp': 'k', 'private/rp.txt': 'rp', 'r.log': 'rlog', 'r.txt': 'r', 'rbig.bin': big, 'y.tmp': 'y' });
    expect(localTree(t.root)).toEqual({ '.jcsignore': 'private/\n*.tmp\n!keep.tmp\n', 'a.txt': 'a', 'b.log': 'log', 'big.bin': big, 'keep.tmp': 'k', 'private/p.txt': 'p', 'r.txt': 'r', 'x.tmp': 't' });

    // Left-out files may come and go on either side: nothing happens to the other side.
    removeLocal(t.root, 'b.log');
    removeLocal(t.root, 'x.tmp');
    await deleteRemote(client, t.packageId, ['r.log', 'y.tmp']);
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);

    // Taking a line out of the ignore file brings that folder into the sync, both ways.
    writeLocal(t.root, '.jcsignore', '*.tmp\n!keep.tmp\n');
    await t.run();
    expect(Object.keys(await t.remote())).toEqual(['.jcsignore', 'a.txt', 'keep.tmp', 'private/p.txt', 'private/rp.txt', 'r.txt', 'rbig.bin']);
    expect(readLocal(t.root, 'private/rp.txt')).toBe('rp');
  });

  it('a synced file that grows past the size limit, or a synced folder excluded later, is left alone on the other side', async () => {
    const t = await setup('twoWay', { local: { 'a.txt': 'a', 'grows.txt': 'small', 'logs/l.txt': 'l' } }, { filters: [{ type: 'Size', maxSize: 100 }] });
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'grows.txt': 'small', 'logs/l.txt': 'l' });

    // The local copy grows past the limit: the filter now hides it, which must not read as "deleted locally".
    writeLocal(t.root, 'grows.txt', 'x'.repeat(500));
    expect((await callOk(core, 'sync.preview', { id: t.id })).actions).toEqual([]);
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'grows.txt': 'small', 'logs/l.txt': 'l' });
    expect(Object.keys(await remoteTree(client, t.packageId, 'sync/', { trash: true })).filter((k) => k.startsWith('.jcs-trash/'))).toEqual([]);

    // A folder synced before is excluded afterwards: its remote copies stay.
    await callOk(core, 'sync.update', { id: t.id, filters: [{ type: 'Size', maxSize: 100 }, { type: 'Exclude', patterns: ['logs/'] }] });
    removeLocal(t.root, 'logs/l.txt');
    await t.run();
    expect(await t.remote()).toEqual({ 'a.txt': 'a', 'grows.txt': 'small', 'logs/l.txt': 'l' });
  });

  it('in a download task, the ignore file that comes down applies from the next run on', async () => {
    const t = await setup('download', { remote: { '.jcsignore': 'skip/\n', 'a.txt': 'a', 'skip/s.txt': 's' } });
    await t.run();
    expect(Object.keys(localTree(t.root))).toEqual(['.jcsignore', 'a.txt', 'skip/s.txt']);
    await putRemote(client, t.packageId, { 'skip/s.txt': 'changed', 'skip/new.txt': 'new' });
    await t.run();
    expect(localTree(t.root)['skip/s.txt']).toBe('s');
    expect(localTree(t.root)['skip/new.txt']).toBeUndefined();
  });
});

describe('runs under way', () => {
  const files = (n: number, size: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${String(i).padStart(2, '0')}.bin`, String(i).padEnd(size, '.')]));

  it('pausing a task with transfers under way returns at once, pauses them, and resuming finishes the work', async () => {
    await setTransfers({ bandwidthLimitKiBps: 32 });
    const local = files(12, 16 * 1024); // 192 KiB at 32 KiB/s: about 4 s
    const t = await setup('twoWay', { local });
    await callOk(core, 'sync.runNow', { id: t.id });
    await pollTask(core, t.id, 'to be syncing', (task) => task.status === 'syncing');
    const started = performance.now();
    await callOk(core, 'sync.pause', { id: t.id });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await taskView(core, t.id)).status).toBe('paused');
    const jobs = (await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.localPath.startsWith(t.root));
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.state === 'paused' || j.state === 'completed')).toBe(true);

    await setTransfers({ bandwidthLimitKiBps: 0 });
    await callOk(core, 'sync.resume', { id: t.id });
    await pollTask(core, t.id, 'to have every file in sync', (task) => task.status === 'idle' && task.files === 12);
    expect(await t.remote()).toEqual(local);
  });

  it('a local file saved while a download to its path is under way is kept in the trash, not overwritten', async () => {
    await setTransfers({ bandwidthLimitKiBps: 32 });
    const t = await setup('twoWay', {}, { trigger: { type: 'Manual' } });
    await t.run();
    const content = 'remote '.padEnd(96 * 1024, 'r'); // 64 KiB burst, then 1 s
    await putRemote(client, t.packageId, { 'race.txt': content });
    const { lastRunAt } = await waitQuiet(core, t.id);
    const since = Date.now();
    await callOk(core, 'sync.runNow', { id: t.id });
    await waitFor('the download to be under way', () => existsSync(join(t.root, 'race.txt.jcs-download')), 10_000, 5);
    writeLocal(t.root, 'race.txt', 'saved by the user meanwhile');
    expect((await waitRunAfter(core, t.id, since, 15_000, lastRunAt)).status).toBe('idle');
    expect(readLocal(t.root, 'race.txt')).toBe(content);
    const trash = await callOk(core, 'sync.trash', { id: t.id });
    expect(trash.map((e) => [e.side, e.path])).toEqual([['local', 'race.txt']]);
    expect(readLocal(t.root, trash[0]!.trashPath)).toBe('saved by the user meanwhile');
  });

  it('a connection removed under a running task ends the run with an error instead of hanging it', async () => {
    const node = await startTestNode();
    try {
      await setTransfers({ bandwidthLimitKiBps: 64, maxConcurrentFiles: 1 });
      const connection = await callOk(core, 'connections.add', jcsDraft('removed', node.node.url, node.credentials));
      const target = await makePackage(core, 'removed', connection.id);
      await putRemote(node.client, target.packageId, files(6, 32 * 1024));
      const t = await setup('download', {}, {}, target, node.client);
      await callOk(core, 'sync.runNow', { id: t.id });
      await waitFor('a first file to arrive', () => existsSync(join(t.root, 'f00.bin')), 10_000, 5);
      await callOk(core, 'connections.remove', { id: connection.id });
      const task = await pollTask(core, t.id, 'to end its run', (x) => x.status !== 'syncing' && x.status !== 'scanning');
      expect(task.status).toBe('error');
      await callOk(core, 'sync.delete', { id: t.id });
    } finally {
      await node.dispose();
    }
  });
});
