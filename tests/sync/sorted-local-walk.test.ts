/**
 * The full scan's local walk with its folders read ahead on a worker thread
 * (sorted-local-walk.ts, folder-reads.ts): the same files, states and order
 * as the walk that reads every folder on its own thread, whatever the tree
 * (deep, wide, names whose byte order differs from JavaScript's, links,
 * excluded folders, a folder removed while the walk is under way), and a
 * worker read that is entry for entry what the thread's read is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderReadWorker, readFolderSync, type FolderRead } from '../../src-main/core/sync/folder-reads';
import { PathFilter } from '../../src-main/core/sync/path-filter';
import { SortedLocalWalk, WAIT, type WalkedFile, type WalkTuning } from '../../src-main/core/sync/sorted-local-walk';
import { makeTempDir } from '../helpers/temp-dir';

let temp: { path: string; remove: () => Promise<void> } | undefined;
afterEach(async () => {
  await temp?.remove();
  temp = undefined;
});

/** Taken once the tree is written: a `now` taken earlier (at import, on a loaded machine) could precede a fresh file's time. */
const optionsNow = () => ({ stableMs: 60_000, now: Date.now() });

function write(root: string, rel: string, content = rel, mtimeSeconds = 1_700_000_000): void {
  const path = join(root, ...rel.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

/** A tree with depth, width and names that sort differently by bytes than by JavaScript's order. */
function buildTree(root: string): void {
  const names = ['a', 'a-b', 'a.b', 'a0', 'B', 'é', 'e\u0301', '中文', 'ｚ', '😀', '\uE000'];
  for (const top of names) {
    for (const mid of names.slice(0, 4)) {
      write(root, `${top}/${mid}/file.txt`);
      write(root, `${top}/${mid}.txt`);
    }
    write(root, `${top}/deep/er/and/deeper/leaf`);
  }
  for (let i = 0; i < 40; i++) write(root, `wide/${String(i).padStart(3, '0')}/x`);
  write(root, 'skip/me/inside.txt');
  write(root, 'big.bin', 'x'.repeat(5000));
  write(root, 'fresh.txt', 'new', Math.floor(Date.now() / 1000) - 1); // still being written: unstable
}

/** Every file of a walk, waiting where it says WAIT; `seen` is told of each file as it comes. */
async function walkAll(root: string, filter: PathFilter, tuning: WalkTuning, options: { stableMs: number; now: number }, seen?: (file: WalkedFile) => void): Promise<WalkedFile[]> {
  const walk = new SortedLocalWalk(root, filter, options, tuning);
  const out: WalkedFile[] = [];
  try {
    for (;;) {
      const step = walk.next();
      if (step === undefined) return out;
      if (step === WAIT) await walk.ready();
      else {
        out.push(step);
        seen?.(step);
      }
    }
  } finally {
    walk.close();
  }
}

const filter = () => new PathFilter([{ type: 'Exclude', patterns: ['skip'] }, { type: 'Size', maxSize: 4096 }]);

/** The test tree in a new temp folder, and what the walk on its own thread yields for it. */
async function treeWalkedHere(prefix: string) {
  temp = await makeTempDir(prefix);
  buildTree(temp.path);
  const options = optionsNow();
  return { root: temp.path, options, here: [...SortedLocalWalk.all(temp.path, filter(), options)] };
}

describe('the local walk with folders read on a worker', () => {
  it('yields what the walk on its own thread yields, in the same order, whatever the read-ahead', async () => {
    const { root, options, here } = await treeWalkedHere('jcs-walk-worker');
    expect(here.length).toBeGreaterThan(100);
    expect(here.some((f) => f.state === 'filtered' && f.path === 'big.bin')).toBe(true);
    expect(here.some((f) => f.state === 'unstable' && f.path === 'fresh.txt')).toBe(true);
    expect(here.some((f) => f.path.startsWith('skip/'))).toBe(false);
    for (const tuning of [
      { readsBeforeWorker: 0, readAhead: 1 },
      { readsBeforeWorker: 0, readAhead: 8 },
      { readsBeforeWorker: 30, readAhead: 3 }, // starts on this thread, goes on with the worker
      { readsBeforeWorker: 0, readAhead: 1000 },
    ]) {
      expect(await walkAll(root, filter(), tuning, options)).toEqual(here);
    }
  });

  it('reads a folder removed while the walk is under way as empty, and goes on', async () => {
    temp = await makeTempDir('jcs-walk-worker-gone');
    for (const top of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) write(temp.path, `${top}/${i}/f`);
    const root = temp.path;
    const walked = await walkAll(root, new PathFilter([]), { readsBeforeWorker: 0, readAhead: 2 }, optionsNow(), (file) => {
      if (file.path === 'a/0/f') rmSync(join(root, 'c'), { recursive: true }); // not read yet: too far ahead
    });
    expect(walked.map((f) => f.path)).toEqual([...['a', 'b'].flatMap((top) => [0, 1, 2, 3, 4].map((i) => `${top}/${i}/f`))]);
  });
});

describe('workers for walks at once', () => {
  it('are two at most; three walks at once still yield the same, and each worker ends with its walk', async () => {
    const { root, options, here } = await treeWalkedHere('jcs-walk-workers');
    const tuning = { readsBeforeWorker: 0, readAhead: 4 };
    const walks = await Promise.all([0, 1, 2].map(() => walkAll(root, filter(), tuning, options)));
    for (const walked of walks) expect(walked).toEqual(here);
    expect(FolderReadWorker.alive).toBe(0);
    const a = FolderReadWorker.start();
    const b = FolderReadWorker.start();
    expect(a && b && FolderReadWorker.start()).toBeUndefined();
    a!.close();
    const c = FolderReadWorker.start();
    expect(c).toBeDefined();
    b!.close();
    c!.close();
    expect(FolderReadWorker.alive).toBe(0);
  });
});

describe('a folder read on the worker', () => {
  it('is entry for entry the read on this thread: folders, files, links followed, the rest left out', async () => {
    temp = await makeTempDir('jcs-folder-read');
    const root = temp.path;
    write(root, 'plain.txt', 'abc');
    write(root, 'sub/inner');
    symlinkSync(join(root, 'plain.txt'), join(root, 'link-to-file'));
    symlinkSync(join(root, 'sub'), join(root, 'link-to-folder'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken-link'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const worker = FolderReadWorker.start()!;
    try {
      const there = await new Promise<FolderRead | Error>((resolve) => worker.read([root + sep], (_k, read) => resolve(read)));
      if (there instanceof Error) throw there;
      const here = readFolderSync(root + sep);
      const byName = (read: FolderRead) => Object.fromEntries(read.names.map((name, i) => [name, [read.kinds[i], read.sizes[i], read.mtimes[i]]]));
      expect(byName(there)).toEqual(byName(here));
      const kinds = byName(here);
      expect(kinds['plain.txt']![0]).toBe(2);
      expect(kinds['plain.txt']![1]).toBe(3);
      expect(kinds['link-to-file']![0]).toBe(2);
      expect(kinds.sub![0]).toBe(1);
      expect(kinds['link-to-folder']![0]).toBe(0); // a link is followed only to a file: a linked folder is not walked into
      expect(kinds['broken-link']![0]).toBe(0);
      expect(kinds.pipe![0]).toBe(0);
      const missing = await new Promise<FolderRead | Error>((resolve) => worker.read([join(root, 'gone') + sep], (_k, read) => resolve(read)));
      expect(missing instanceof Error ? missing : missing.names).toEqual([]);
    } finally {
      worker.close();
    }
  });

  it('answers with an error once the worker is gone, so the walk reads on its own thread', async () => {
    const worker = FolderReadWorker.start()!;
    worker.close();
    const answer = await new Promise<FolderRead | Error>((resolve) => worker.read([process.cwd() + sep], (_k, read) => resolve(read)));
    expect(answer).toBeInstanceOf(Error);
  });
});
