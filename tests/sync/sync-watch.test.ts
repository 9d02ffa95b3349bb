/**
 * Watch-triggered sync on a real core (short timings: the watcher settles
 * writes for 150 ms, a run trusts files untouched for 400 ms): the folder
 * watcher reports settled writes, a partial run handles just those paths
 * (looking again once they are old enough), and a new file is on the server
 * within 2 s (measured). Edits, deletions, renames (as server-side moves) and
 * new folders follow; a file written in several steps is uploaded once, whole;
 * sync's own downloads do not bounce back as uploads. A folder that goes away
 * stops the watch (and the task says so: it never claims to watch when it
 * does not); when it comes back, or another folder takes its place, the
 * watch is re-armed and changes sync within moments again, not at the next
 * full rescan (a minute in these tests).
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, embeddedClient, waitFor } from '../helpers/core';
import { createTask, localTree, makePackage, openSyncCore, pollTask, putRemote, readRemote, remoteObject, remoteTree, taskConfig, TEST_TIMINGS, type Target } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
let client: JcsClient;
let target: Target;
let root: string;
let taskId: string;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-watch');
  core = await openSyncCore(join(temp.path, 'app'));
  client = embeddedClient(core);
  target = await makePackage(core, 'watch');
  root = join(temp.path, 'watched');
  mkdirSync(root);
  const task = await createTask(core, taskConfig(target, root, { direction: 'twoWay', trigger: { type: 'Watch' } }));
  taskId = task.id;
  await pollTask(core, taskId, 'to watch natively after its first run', (t) => t.watching === 'native' && t.status === 'idle' && t.lastRunAt !== null);
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

const remotePath = (rel: string) => `sync/${rel}`;
const remoteContent = async (rel: string) => ((await remoteObject(client, target.packageId, remotePath(rel))) ? readRemote(client, target.packageId, remotePath(rel)) : undefined);
const waitRemote = (what: string, check: () => Promise<boolean>, timeoutMs = 5000) => waitFor(what, async () => (await check()) || undefined, timeoutMs, 20);

describe('Watch trigger', () => {
  it('uploads a new file within 2 s of its writing', async () => {
    const started = performance.now();
    writeFileSync(join(root, 'hello.txt'), 'hello, watcher');
    await waitRemote('hello.txt on the server', async () => (await remoteContent('hello.txt')) === 'hello, watcher');
    const elapsed = performance.now() - started;
    console.log(`watch: new file on the server after ${Math.round(elapsed)} ms`);
    expect(elapsed).toBeLessThan(2000);
  });

  it('follows edits, deletions (into the remote trash) and renames', async () => {
    writeFileSync(join(root, 'edit.txt'), 'v1');
    writeFileSync(join(root, 'gone.txt'), 'bye');
    writeFileSync(join(root, 'old-name.txt'), 'same content');
    await waitRemote('the three files on the server', async () => {
      const tree = await remoteTree(client, target.packageId);
      return tree['edit.txt'] === 'v1' && tree['gone.txt'] === 'bye' && tree['old-name.txt'] === 'same content';
    });
    const renamedId = (await remoteObject(client, target.packageId, remotePath('old-name.txt')))!.objectID;

    writeFileSync(join(root, 'edit.txt'), 'v2, longer');
    rmSync(join(root, 'gone.txt'));
    renameSync(join(root, 'old-name.txt'), join(root, 'new-name.txt'));
    await waitRemote('the changes on the server', async () => {
      const tree = await remoteTree(client, target.packageId);
      return tree['edit.txt'] === 'v2, longer' && !('gone.txt' in tree) && !('old-name.txt' in tree) && tree['new-name.txt'] === 'same content';
    });
    expect((await remoteObject(client, target.packageId, remotePath('new-name.txt')))?.objectID).toBe(renamedId);
    const trash = await callOk(core, 'sync.trash', { id: taskId });
    expect(trash.filter((e) => e.side === 'remote').map((e) => e.path).sort()).toEqual(['edit.txt', 'gone.txt']);
  });

  it('a new folder with files (a structural change) is synced', async () => {
    mkdirSync(join(root, 'album/2024'), { recursive: true });
    writeFileSync(join(root, 'album/2024/a.jpg'), 'jpeg a');
    writeFileSync(join(root, 'album/b.jpg'), 'jpeg b');
    await waitRemote('the new folder on the server', async () => (await remoteContent('album/2024/a.jpg')) === 'jpeg a' && (await remoteContent('album/b.jpg')) === 'jpeg b', 8000);
  });

  it('a file written in several steps is uploaded once its writing settles, whole', async () => {
    const path = join(root, 'slow.log');
    const seen = new Set<string>();
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        const content = await remoteContent('slow.log').catch(() => undefined);
        if (content !== undefined) seen.add(content);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    writeFileSync(path, 'part 1\n');
    for (let i = 2; i <= 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60)); // shorter than the watcher's settle time
      appendFileSync(path, `part ${i}\n`);
    }
    const whole = 'part 1\npart 2\npart 3\npart 4\n';
    await waitRemote('slow.log on the server', async () => (await remoteContent('slow.log')) === whole);
    stop = true;
    await watcher;
    expect([...seen].filter((content) => content !== whole)).toEqual([]); // never a part of it
  });

  it('files sync downloads are not uploaded back', async () => {
    await putRemote(client, target.packageId, { 'from-server.txt': 'downloaded' });
    const before = await remoteObject(client, target.packageId, remotePath('from-server.txt'));
    await callOk(core, 'sync.runNow', { id: taskId });
    await waitFor('the download', () => localTree(root)['from-server.txt'] === 'downloaded', 5000, 20);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the watcher sees the new file, a partial run looks at it
    expect(await remoteObject(client, target.packageId, remotePath('from-server.txt'))).toEqual(before);
    const jobs = (await callOk(core, 'transfers.list', { offset: 0, limit: 1000 })).jobs.filter((j) => j.remotePath === remotePath('from-server.txt'));
    expect(jobs.map((j) => j.direction)).toEqual(['download']);
  });

  it('the trash and unfinished downloads are not watched', async () => {
    mkdirSync(join(root, '.jcs-trash/2020-01-01 000000'), { recursive: true });
    writeFileSync(join(root, '.jcs-trash/2020-01-01 000000/x.txt'), 'old');
    writeFileSync(join(root, 'partial.bin.jcs-download'), 'half');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const paths = Object.keys(await remoteTree(client, target.packageId, 'sync/', { trash: true }));
    expect(paths.filter((p) => p.includes('partial') || p.includes('2020-01-01'))).toEqual([]);
  });
});

describe('a watched folder that goes away and comes back', () => {
  /** A Watch task of its own, watching, after its first run. */
  async function watchedTask(name: string, files: Record<string, string> = {}) {
    const own = await makePackage(core, name);
    const folder = join(temp.path, name);
    mkdirSync(folder);
    for (const [rel, content] of Object.entries(files)) writeFileSync(join(folder, rel), content);
    const task = await createTask(core, taskConfig(own, folder, { direction: 'twoWay', trigger: { type: 'Watch' } }));
    await pollTask(core, task.id, 'to watch after its first run', (t) => t.watching === 'native' && t.status === 'idle' && t.lastRunAt !== null && t.files === Object.keys(files).length);
    const content = async (rel: string) => ((await remoteObject(client, own.packageId, `sync/${rel}`)) ? readRemote(client, own.packageId, `sync/${rel}`) : undefined);
    return { id: task.id, folder, content };
  }

  it('moved away (an unmounted drive): the task stops watching and says the folder is missing; moved back: watched again at once', async () => {
    const t = await watchedTask('comes-back', { 'before.txt': 'synced before' });
    renameSync(t.folder, `${t.folder}-unmounted`);
    const gone = await pollTask(core, t.id, 'to notice the folder is gone', (x) => x.watching === null && x.status === 'error', 5000);
    expect(gone.statusCode).toBe('folderMissing');
    // Nothing written in the moved folder is taken for the task's.
    writeFileSync(join(`${t.folder}-unmounted`, 'elsewhere.txt'), 'not in the synced folder');

    renameSync(`${t.folder}-unmounted`, t.folder); // the same folder, back
    await pollTask(core, t.id, 'to watch again and be in sync', (x) => x.watching === 'native' && x.status === 'idle', 5000);
    const started = performance.now();
    writeFileSync(join(t.folder, 'after.txt'), 'written after the folder came back');
    await waitRemote('after.txt on the server', async () => (await t.content('after.txt')) === 'written after the folder came back');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(TEST_TIMINGS.fullRescanMs / 10); // the watcher, not the rescan
    expect(await t.content('before.txt')).toBe('synced before');
  });

  it('deleted and made again (empty): watched again, and a new file in it syncs within moments', async () => {
    const t = await watchedTask('made-again');
    rmSync(t.folder, { recursive: true });
    await pollTask(core, t.id, 'to notice the folder is gone', (x) => x.watching === null && x.statusCode === 'folderMissing', 5000);
    mkdirSync(t.folder);
    await pollTask(core, t.id, 'to watch the new folder', (x) => x.watching === 'native' && x.status === 'idle', 5000);
    writeFileSync(join(t.folder, 'fresh.txt'), 'in the new folder');
    await waitRemote('fresh.txt on the server', async () => (await t.content('fresh.txt')) === 'in the new folder');
  });
});
