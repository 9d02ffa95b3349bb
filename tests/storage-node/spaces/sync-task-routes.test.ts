/**
 * §5 space sync tasks on a real node between Local spaces: the seed's wire
 * format, a first pass copying the tree, later intervals copying only the
 * differences, nothing ever deleted at a destination, size filters, empty
 * folders, cancel being final, and bad input refused with nothing created.
 */
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../helpers/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';
import { TIME_RE } from '../routes-support';
import { caller, exists, localSpace, treeHashes, waitFor, writeTree, type Caller } from './space-support';

let t: TestNode;
let api: Caller;
let temp: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  t = await startTestNode();
  api = caller(t.node.url, t.credentials);
  temp = await makeTempDir('jcs-space-sync');
});
afterAll(async () => {
  await t.dispose();
  await temp.remove();
});

async function space(name: string, files: Record<string, string> = {}): Promise<{ id: number; root: string }> {
  const root = join(temp.path, name);
  await mkdir(root, { recursive: true });
  await writeTree(root, files);
  const id = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace(name, root))).userSpace.userSpaceID;
  return { id, root };
}

interface Task {
  taskID: number;
  status: string;
  lastRunEnd: string | null;
  lastCounts: { checked: number; copied: number; skipped: number; failed: number; bytes: string } | null;
  lastError: string | null;
}

const getTask = async (taskID: number) => api.ok<{ task: Task }>(await api.get('/spaceSyncer/getTask', { taskID })).task;

/**
 * Follows passes from the one after `after` until one copies nothing, adding
 * up what they copied: a change the test makes may land in the pass already
 * running or in the next one, but never twice, and the sum says that.
 */
async function settle(taskID: number, after: string | null): Promise<{ copied: number; bytes: number; failed: number; last: Task }> {
  let copied = 0;
  let bytes = 0;
  let failed = 0;
  let end = after;
  for (let passes = 0; passes < 10; passes++) {
    const task = await nextPass(taskID, end);
    end = task.lastRunEnd;
    copied += task.lastCounts!.copied;
    bytes += Number(task.lastCounts!.bytes);
    failed += task.lastCounts!.failed;
    if (task.lastCounts!.copied === 0) return { copied, bytes, failed, last: task };
  }
  throw new Error('the task kept copying for 10 passes');
}

/** Waits for a pass that ended after `after` (an ISO time, or null for the first). */
async function nextPass(taskID: number, after: string | null): Promise<Task> {
  return waitFor(
    () => getTask(taskID),
    (task) => task.status === 'idle' && task.lastRunEnd !== null && task.lastRunEnd !== after,
    20_000,
    `a pass of task ${taskID}`,
  );
}

describe('space sync tasks (§5)', () => {
  it('echoes the seed fields, copies the tree to every destination, then only what changed; never deletes', async () => {
    const src = await space('src', { 'cli/a.txt': 'aaaa', 'cli/sub/b.txt': 'bbbbbbbb', 'cli/big.bin': 'x'.repeat(30_000), 'other/not-synced.txt': 'o' });
    await mkdir(join(src.root, 'cli/empty-folder'));
    const d1 = await space('dest1', { 'svr/keep-mine.txt': 'the user had this' });
    const d2 = await space('dest2');
    const input = {
      trigger: { type: 'Interval', interval: 1 },
      mode: { type: 'Diff', includeSize: true, includeModTime: true },
      filters: [{ type: 'Size', minSize: 1, maxSize: 20_000 }],
      options: { noEmptyDirectories: false },
      srcUserSpaceID: src.id,
      srcPath: 'cli',
      destUserSpaceIDs: [d1.id, d2.id],
      destPathes: ['svr', 'copy/here'],
    };
    const created = api.ok<{ task: Record<string, unknown> }>(await api.post('/spaceSyncer/createTask', input)).task;
    expect(created).toMatchObject(input);
    expect(created.taskID).toBeTypeOf('number');
    const taskID = created.taskID as number;

    const first = await nextPass(taskID, null);
    expect(first.lastRunEnd).toMatch(TIME_RE);
    expect(first.lastError).toBeNull();
    // Each destination checks all 3 files; big.bin is beyond maxSize: skipped.
    expect(first.lastCounts).toEqual({ checked: 6, copied: 4, skipped: 2, failed: 0, bytes: String(2 * (4 + 8)) });
    const { 'keep-mine.txt': kept, ...copiedToD1 } = await treeHashes(join(d1.root, 'svr'));
    expect(kept).toBeDefined();
    expect(copiedToD1).toEqual(await pick(src.root, 'cli', ['a.txt', 'sub/b.txt']));
    expect(await treeHashes(join(d2.root, 'copy/here'))).toEqual(await pick(src.root, 'cli', ['a.txt', 'sub/b.txt']));
    expect((await stat(join(d2.root, 'copy/here/empty-folder'))).isDirectory()).toBe(true);

    // Only the differences from then on: a changed size, a new file; a file removed at the source stays at the destinations.
    // (Changes land whole, by rename, as an editor saves: a pass never sees a half-written file.)
    await replace(src.root, 'cli/a.txt', 'changed a');
    await replace(src.root, 'cli/new.txt', 'new');
    await rm(join(src.root, 'cli/sub/b.txt'));
    const changes = await settle(taskID, first.lastRunEnd);
    expect(changes).toMatchObject({ copied: 4, bytes: 2 * (9 + 3), failed: 0 });
    expect(changes.last.lastCounts).toMatchObject({ checked: 6, copied: 0, skipped: 6 });
    for (const root of [join(d1.root, 'svr'), join(d2.root, 'copy/here')]) {
      expect(await exists(join(root, 'sub/b.txt'))).toBe(true);
      expect(await exists(join(root, 'new.txt'))).toBe(true);
    }
    expect(await exists(join(d1.root, 'svr/keep-mine.txt'))).toBe(true);

    // A newer source file of the same size is copied with includeModTime.
    await replace(src.root, 'cli/new.txt', 'NEW', new Date(Date.now() + 60_000));
    const newer = await settle(taskID, changes.last.lastRunEnd);
    expect(newer).toMatchObject({ copied: 2, bytes: 6, failed: 0 });

    const listed = api.ok<{ tasks: Task[] }>(await api.get('/spaceSyncer/listTasks')).tasks;
    expect(listed.map((x) => x.taskID)).toContain(taskID);

    // Cancel is final: no pass after it, and the task says so.
    expect(api.ok(await api.post('/spaceSyncer/cancelTask', { taskID }))).toBeNull();
    const cancelled = await waitFor(() => getTask(taskID), (task) => task.status === 'cancelled');
    await writeFile(join(src.root, 'cli/after-cancel.txt'), 'late');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await exists(join(d2.root, 'copy/here/after-cancel.txt'))).toBe(false);
    expect((await getTask(taskID)).lastRunEnd).toBe(cancelled.lastRunEnd);

    // A space a live task used can be deleted once the task is cancelled.
    expect(api.ok(await api.post('/userSpace/delete', { userSpaceID: d2.id }))).toBeNull();
  });

  it('with noEmptyDirectories leaves empty folders out; without includeSize a changed size is left alone', async () => {
    const src = await space('src-2', { 'a.txt': 'one', 'back\\slash.txt': 'a name no destination may get' });
    await mkdir(join(src.root, 'empty'));
    const dest = await space('dest-2');
    const taskID = api.ok<{ task: { taskID: number } }>(
      await api.post('/spaceSyncer/createTask', {
        trigger: { type: 'Interval', interval: 1 },
        mode: { type: 'Diff', includeSize: false, includeModTime: false },
        filters: [],
        options: { noEmptyDirectories: true },
        srcUserSpaceID: src.id,
        srcPath: '',
        destUserSpaceIDs: [dest.id],
        destPathes: [''],
      }),
    ).task.taskID;
    const first = await nextPass(taskID, null);
    // The name with a backslash is refused (counted and named), the rest is copied.
    expect(first.lastCounts).toMatchObject({ checked: 2, copied: 1, failed: 1 });
    expect(first.lastError).toContain('back\\slash.txt: skipped, the name contains a backslash');
    expect(await readdir(dest.root)).toEqual(['a.txt']);
    await writeFile(join(src.root, 'a.txt'), 'one but longer');
    const second = await nextPass(taskID, first.lastRunEnd);
    expect(second.lastCounts).toMatchObject({ checked: 2, copied: 0, skipped: 1, failed: 1 });
    api.fails(await api.post('/userSpace/delete', { userSpaceID: src.id }), 200, 'OperationFailed', `space sync task ${taskID}`);
    api.ok(await api.post('/spaceSyncer/cancelTask', { taskID }));
  });

  it('refuses bad tasks with specific errors and creates none', async () => {
    const src = await space('src-bad', { 'x.txt': 'x' });
    const dest = await space('dest-bad');
    const before = api.ok<{ tasks: unknown[] }>(await api.get('/spaceSyncer/listTasks')).tasks.length;
    const base = {
      trigger: { type: 'Interval', interval: 30 },
      mode: { type: 'Diff', includeSize: false, includeModTime: true },
      filters: [],
      options: { noEmptyDirectories: false },
      srcUserSpaceID: src.id,
      srcPath: 'a',
      destUserSpaceIDs: [dest.id],
      destPathes: ['b'],
    };
    const cases: [unknown, number, string, string][] = [
      [{ ...base, destPathes: ['b', 'c'] }, 400, 'BadArgument', 'same length'],
      [{ ...base, destUserSpaceIDs: [], destPathes: [] }, 400, 'BadArgument', 'destUserSpaceIDs'],
      [{ ...base, trigger: { type: 'Cron', interval: 1 } }, 400, 'BadArgument', 'trigger'],
      [{ ...base, trigger: { type: 'Interval', interval: 0 } }, 400, 'BadArgument', 'interval'],
      [{ ...base, mode: { type: 'Full' } }, 400, 'BadArgument', 'mode'],
      [{ ...base, srcPath: '../etc' }, 400, 'BadArgument', "'..'"],
      [{ ...base, destPathes: ['/abs'] }, 400, 'BadArgument', 'destPathes[0]'],
      [{ ...base, filters: [{ type: 'Size', minSize: 100, maxSize: 10 }] }, 400, 'BadArgument', 'maxSize'],
      [{ ...base, destUserSpaceIDs: [src.id], destPathes: ['a/inside'] }, 400, 'BadArgument', 'overlaps'],
      [{ ...base, destUserSpaceIDs: [777_777] }, 200, 'DataNotFound', '777777'],
      [{ ...base, srcUserSpaceID: 777_778 }, 200, 'DataNotFound', '777778'],
    ];
    for (const [input, status, code, mention] of cases) api.fails(await api.post('/spaceSyncer/createTask', input), status, code, mention);
    expect(api.ok<{ tasks: unknown[] }>(await api.get('/spaceSyncer/listTasks')).tasks.length).toBe(before);
    api.fails(await api.get('/spaceSyncer/getTask', { taskID: 555_555 }), 200, 'DataNotFound', '555555');
    api.fails(await api.post('/spaceSyncer/cancelTask', { taskID: 555_555 }), 200, 'DataNotFound', '555555');
  });
});

/** Writes `content` beside the source tree, then renames it into place (with `mtime` set first). */
async function replace(root: string, rel: string, content: string, mtime?: Date): Promise<void> {
  const staged = join(root, `staged-${Math.random().toString(36).slice(2)}`);
  await writeFile(staged, content);
  if (mtime) await utimes(staged, mtime, mtime);
  await rename(staged, join(root, rel));
}

async function pick(root: string, folder: string, files: string[]): Promise<Record<string, string>> {
  const all = await treeHashes(join(root, folder));
  return Object.fromEntries(files.map((f) => [f, all[f]!]));
}
