/**
 * The full scan's sorted merge (scan-merge.ts): the three streams in one
 * order (UTF-8 byte order, which is code point order, not JavaScript's UTF-16
 * order), the local walk globally sorted ('a-b' < 'a.b' < 'a/…' < 'a0', case,
 * accents, CJK, characters beyond U+FFFF), and plans that are exactly the ones
 * the three full maps give: a first sync, a no-change rescan (which keeps
 * nothing per file) and a rescan after changes on both sides. Real folders,
 * a real storage node, the real JCS provider.
 */
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/core/app-database';
import type { Db } from '../../src-main/common/sqlite';
import { scanLocal } from '../../src-main/core/sync/local-scan';
import { PathFilter } from '../../src-main/core/sync/path-filter';
import { comparePaths } from '../../src-main/core/sync/path-order';
import { scanRemote } from '../../src-main/core/sync/remote-scan';
import type { RemoteSide } from '../../src-main/core/sync/remote-side';
import { scanAndPlan } from '../../src-main/core/sync/scan-and-plan';
import { mergeScan } from '../../src-main/core/sync/scan-merge';
import { SortedLocalWalk } from '../../src-main/core/sync/sorted-local-walk';
import { pathsNeedingLocalHash, planSync } from '../../src-main/core/sync/sync-planner';
import { SyncStore } from '../../src-main/core/sync/sync-store';
import { hashFile } from '../../src-main/core/transfers/hash-file';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import type { SyncTaskConfig } from '../../src-shared/contract/sync';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { putRemote } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

/** Names whose byte order differs from a naive per-folder sort, from JavaScript's order, or by case. */
const TREE = [
  'a',
  'a-b',
  'a.b',
  'a0',
  'ab/x',
  'ab-c',
  'ab.c',
  'ab0',
  'A',
  'B.txt',
  'x/a/b',
  'x/a-b',
  'x/a.b',
  'x/a0',
  'x/a b',
  'x/é',
  'x/e\u0301', // the same letter decomposed: another name, another byte sequence
  'x/中文.txt',
  'x/ｚ', // U+FF5A: after the emoji in JavaScript's order, before it in byte order
  'x/😀.txt',
  'x/😀/deeper.txt',
  'x/\uE000',
  'z/..a',
];

const byteSorted = (paths: readonly string[]) => [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('path order', () => {
  it('is UTF-8 byte order, which JavaScript string order is not', () => {
    const names = [...TREE, 'a/b', 'a/', 'Z', 'z', '\uFFFD', '\u{10FFFF}', '\u{1F600}\u0000', ''];
    expect([...names].sort(comparePaths)).toEqual(byteSorted(names));
    expect([...names].sort()).not.toEqual(byteSorted(names)); // what a plain sort would get wrong
    for (const a of names) for (const b of names) expect(Math.sign(comparePaths(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});

let temp: { path: string; remove: () => Promise<void> } | undefined;
let node: TestNode | undefined;
let provider: JcsProvider | undefined;
let db: Db | undefined;

afterEach(async () => {
  db?.close();
  provider?.close();
  await node?.dispose();
  await temp?.remove();
  db = provider = node = temp = undefined;
});

/** Each file its own modification time, so a renamed file is told from its look-alikes (sync-planner.ts, detectMoves). */
let nextMtime = 1_700_000_000;

function writeTree(root: string, paths: readonly string[]): void {
  for (const rel of paths) {
    const path = join(root, ...rel.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `content of ${rel}`);
    nextMtime += 10;
    utimesSync(path, nextMtime, nextMtime);
  }
}

describe('the local walk', () => {
  it('yields every file in byte order, folders where their contents sort', async () => {
    temp = await makeTempDir('jcs-merge-walk');
    writeTree(temp.path, TREE);
    const walked = [...SortedLocalWalk.all(temp.path, new PathFilter([], []), { stableMs: 0, now: Date.now() })];
    expect(walked.map((w) => w.path)).toEqual(byteSorted(TREE));
    expect(walked.every((w) => w.state === 'file')).toBe(true);
  });
});

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const TASK = 't1';

function config(localPath: string): SyncTaskConfig {
  return {
    name: 'merge',
    localPath,
    connectionId: 'local',
    root: 'unused',
    remotePath: 'sync/',
    direction: 'twoWay',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 1000, maxPercent: 100 }, dryRun: false, trashDays: 30 },
  };
}

/** The plan as it was made before the merge: three full maps, then the planner (scan-and-plan.ts at 2e23586). */
async function planFromFullMaps(root: string, side: RemoteSide, store: SyncStore) {
  const cfg = config(root);
  const filter = new PathFilter([], []);
  const skip = new Set<string>();
  const remoteFiltered = new Set<string>();
  const scan = await scanLocal(root, filter, { stableMs: 0, now: NOW });
  const remote = await scanRemote(side, filter, undefined, remoteFiltered);
  for (const p of [...scan.unstable, ...scan.filtered, ...remoteFiltered]) skip.add(p);
  const journal = store.journal(TASK);
  const base = { direction: cfg.direction, mode: cfg.mode, propagateDeletions: true, remoteCan: { move: true, delete: true }, local: scan.files, remote, journal, skip, scope: undefined };
  const hashes = new Map<string, string>();
  for (const path of pathsNeedingLocalHash(base)) hashes.set(path, await hashFile(join(root, ...path.split('/'))));
  const actions = planSync({ ...base, localHashes: hashes, now: new Date(NOW), revert: false });
  return { actions, localFiles: scan.files.size, remoteFiles: remote.size, hashes };
}

/** A temp folder with `local/`, a node with package `p` seen through the JCS provider at `sync/`, and a sync store on a fresh app database. */
async function startMergeSetup(prefix: string) {
  temp = await makeTempDir(prefix);
  const root = join(temp.path, 'local');
  mkdirSync(root);
  node = await startTestNode({ credentials: null });
  provider = new JcsProvider({ baseUrl: node.node.url });
  const bucket = await node.client.createBucket('b');
  const pkg = await node.client.createPackage(bucket.bucketID, 'p');
  const side: RemoteSide = { connectionId: 'local', provider, root: (await provider.listRoots((await provider.listRoots(null))[0]!.id))[0]!.id, remotePath: 'sync/' };
  mkdirSync(join(temp.path, 'app'));
  db = openAppDatabase(join(temp.path, 'app'));
  return { root, pkg, side, store: new SyncStore(db, () => NOW), client: node.client };
}

async function planNow(root: string, side: RemoteSide, store: SyncStore) {
  const planned = await scanAndPlan({ taskId: TASK, config: config(root), filter: new PathFilter([], []), remote: side, store, busy: [], now: NOW, stableMs: 0, scope: undefined, revert: false });
  return { actions: planned.actions, localFiles: planned.localFiles, remoteFiles: planned.remoteFiles, hashes: planned.hashes };
}

describe('a full scan as a sorted merge', () => {
  it('plans a first sync, a no-change rescan and a rescan after changes exactly as three full maps did, holding nothing for a rescan', async () => {
    const { root, pkg, side, store, client } = await startMergeSetup('jcs-merge-plan');

    // First sync: everything is new locally, and a few paths are new on the service too.
    writeTree(root, TREE);
    await putRemote(client, pkg.packageID, { 'a.b': 'content of a.b', 'x/😀.txt': 'another content', 'x/ｚ0': 'remote only' });
    const first = await planNow(root, side, store);
    expect(first).toEqual(await planFromFullMaps(root, side, store));
    expect(new Set(first.actions.map((a) => `${a.kind} ${a.path}`))).toEqual(
      new Set([...TREE.filter((p) => p !== 'a.b' && p !== 'x/😀.txt').map((p) => `upload ${p}`), 'record a.b', 'conflict x/😀.txt', 'download x/ｚ0']),
    );

    // What a sync would leave: both sides alike, each path in the journal.
    await putRemote(client, pkg.packageID, Object.fromEntries(TREE.map((p) => [p, `content of ${p}`])));
    writeFileSync(join(root, 'x', 'ｚ0'), 'remote only');
    utimesSync(join(root, 'x', 'ｚ0'), 1_700_000_000, 1_700_000_000);
    const listed = await scanRemote(side, new PathFilter([], []));
    const local = await scanLocal(root, new PathFilter([], []), { stableMs: 0, now: NOW });
    for (const [path, r] of listed) {
      const l = local.files.get(path)!;
      store.putJournal(TASK, { path, local_size: l.size, local_mtime: l.mtime, local_hash: null, remote_ref: r.ref, remote_version: r.version, remote_size: r.size });
    }
    expect(store.journalCount(TASK)).toBe(TREE.length + 1);

    // A no-change rescan: no action, and the merge keeps no file in memory.
    expect(await planNow(root, side, store)).toEqual({ actions: [], localFiles: TREE.length + 1, remoteFiles: TREE.length + 1, hashes: new Map() });
    expect(await planFromFullMaps(root, side, store)).toEqual({ actions: [], localFiles: TREE.length + 1, remoteFiles: TREE.length + 1, hashes: new Map() });
    const merged = await mergeScan({ root, filter: new PathFilter([], []), options: { stableMs: 0, now: NOW }, remote: side, store, taskId: TASK, mode: config(root).mode, skip: new Set(), rejected: () => {} });
    expect({ local: merged.local.size, remote: merged.remote.size, journal: merged.journal.size, files: [merged.localFiles, merged.remoteFiles] }).toEqual({ local: 0, remote: 0, journal: 0, files: [TREE.length + 1, TREE.length + 1] });

    // Changes on both sides: edits, a deletion on each side, a local rename, new files, an edit on both sides.
    writeFileSync(join(root, 'a-b'), 'edited locally, longer');
    rmSync(join(root, 'ab.c'));
    renameSync(join(root, 'x', 'a0'), join(root, 'x', 'a00'));
    writeTree(root, ['x/a/c', 'ab/x0']);
    writeFileSync(join(root, 'x', 'é'), 'both edited: local');
    await putRemote(client, pkg.packageID, { 'x/é': 'both edited: the remote one', 'x/中文.txt': 'edited remotely', 'x/😀/new.txt': 'new remotely' });
    await client.deleteObjects([(await client.listByPath({ packageID: pkg.packageID, path: 'sync/A', isPrefix: false })).objects[0]!.objectID]);
    const changed = await planNow(root, side, store);
    expect(changed).toEqual(await planFromFullMaps(root, side, store));
    expect(new Set(changed.actions.map((a) => `${a.kind} ${a.path}`))).toEqual(
      new Set([
        'upload a-b',
        'deleteRemote ab.c',
        'moveRemote x/a0',
        'upload x/a/c',
        'upload ab/x0',
        'conflict x/é',
        'download x/中文.txt',
        'download x/😀/new.txt',
        'deleteLocal A',
      ]),
    );
  });
});

describe('the merge over a tree big enough for the folder-reading worker', () => {
  it('plans a first sync exactly as three full maps did when folders are read on a worker', async () => {
    const { root, pkg, side, store, client } = await startMergeSetup('jcs-merge-worker');
    // Past the 5,000 entries the walk reads on its own thread (sorted-local-walk.ts): the rest of the tree comes from the worker.
    const paths = Array.from({ length: 5600 }, (_, i) => `${['a', 'a-b', 'a.b', 'é', '😀', 'ｚ', '中'][i % 7]}${Math.floor(i / 100)}/f${i}`);
    writeTree(root, paths);
    await putRemote(client, pkg.packageID, { [paths[5599]!]: 'remote version', 'a0/remote-only': 'remote only' });
    const planned = await planNow(root, side, store);
    expect(planned).toEqual(await planFromFullMaps(root, side, store));
    expect(planned.localFiles).toBe(5600);
    expect(planned.actions.filter((a) => a.kind === 'upload')).toHaveLength(5599);
  });
});

describe('the merge across page boundaries', () => {
  it('plans changes at the edges of journal and listing pages exactly as three full maps did', async () => {
    const { root, pkg, side, store, client } = await startMergeSetup('jcs-merge-pages');
    side.listPageKeys = 1000; // pages of 1,000, so that 1,300 files cross a page edge

    // More files than several journal pages (256) and a listing page (1,000) hold, in sorted order.
    const paths = byteSorted(Array.from({ length: 1300 }, (_, i) => `d${String(Math.floor(i / 100)).padStart(2, '0')}/f${String(i).padStart(4, '0')}`));
    writeTree(root, paths);
    for (let i = 0; i < paths.length; i += 500) await putRemote(client, pkg.packageID, Object.fromEntries(paths.slice(i, i + 500).map((p) => [p, `content of ${p}`])));
    const listed = await scanRemote(side, new PathFilter([], []));
    const local = await scanLocal(root, new PathFilter([], []), { stableMs: 0, now: NOW });
    for (const [path, r] of listed) {
      const l = local.files.get(path)!;
      store.putJournal(TASK, { path, local_size: l.size, local_mtime: l.mtime, local_hash: null, remote_ref: r.ref, remote_version: r.version, remote_size: r.size });
    }
    expect(await planNow(root, side, store)).toEqual({ actions: [], localFiles: 1300, remoteFiles: 1300, hashes: new Map() });

    // Edits on the last and first paths of pages on each side, a deletion on each side at an edge.
    const edited = [255, 256, 499, 500, 511, 512, 999, 1000, 1299].map((i) => paths[i]!);
    for (const p of edited) writeFileSync(join(root, ...p.split('/')), `edited locally: ${p}, longer`);
    rmSync(join(root, ...paths[767]!.split('/')));
    await client.deleteObjects([(await client.listByPath({ packageID: pkg.packageID, path: `sync/${paths[768]!}`, isPrefix: false })).objects[0]!.objectID]);
    const changed = await planNow(root, side, store);
    expect(changed).toEqual(await planFromFullMaps(root, side, store));
    expect(new Set(changed.actions.map((a) => `${a.kind} ${a.path}`))).toEqual(new Set([...edited.map((p) => `upload ${p}`), `deleteRemote ${paths[767]}`, `deleteLocal ${paths[768]}`]));
  });
});
