/**
 * Which paths a task syncs: the task's Include/Exclude globs and Size limits,
 * the `.jcsignore` file (gitignore-like: last matching line wins, `!` takes an
 * exclusion back, a pattern with '/' is anchored at the root, one without
 * matches a name at any depth, a matching folder excludes its subtree), and the
 * engine's own files, which are never synced. Also the local scan that applies
 * the filter to a real folder.
 */
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFilter } from '../../src-shared/contract/sync';
import { LocalFolderMissing, readIgnoreRules, scanLocal, statLocal } from '../../src-main/core/sync/local-scan';
import { IGNORE_FILE, parseIgnoreFile, PathFilter } from '../../src-main/core/sync/path-filter';
import { makeTempDir } from '../helpers/temp-dir';
import { writeLocal } from '../helpers/sync';

const filter = (filters: SyncFilter[] = [], ignore = '') => new PathFilter(filters, parseIgnoreFile(ignore));
const included = (f: PathFilter, paths: string[], size = 10) => paths.filter((p) => f.fileIncluded(p, size));

describe('PathFilter: task filters', () => {
  const paths = ['a.txt', 'notes.md', 'sub/b.txt', 'sub/deep/c.log', 'build/out.bin', 'src/build/x.txt', 'docs/guide.md'];

  it('with no filters, every file is synced', () => {
    expect(included(filter(), paths)).toEqual(paths);
  });

  it('Include keeps only matching files; a pattern without "/" matches the name at any depth', () => {
    expect(included(filter([{ type: 'Include', patterns: ['*.txt'] }]), paths)).toEqual(['a.txt', 'sub/b.txt', 'src/build/x.txt']);
    expect(included(filter([{ type: 'Include', patterns: ['sub/**'] }]), paths)).toEqual(['sub/b.txt', 'sub/deep/c.log']);
    expect(included(filter([{ type: 'Include', patterns: ['*.md', '*.log'] }]), paths)).toEqual(['notes.md', 'sub/deep/c.log', 'docs/guide.md']);
  });

  it('Exclude leaves out matching files, and matching folders with everything in them', () => {
    const f = filter([{ type: 'Exclude', patterns: ['*.log', 'build'] }]);
    expect(included(f, paths)).toEqual(['a.txt', 'notes.md', 'sub/b.txt', 'docs/guide.md']);
    expect(f.folderIncluded('build')).toBe(false);
    expect(f.folderIncluded('src/build')).toBe(false);
    expect(f.folderIncluded('sub')).toBe(true);
  });

  it('an Exclude pattern with "/" is anchored at the root', () => {
    const f = filter([{ type: 'Exclude', patterns: ['/build', 'sub/deep'] }]);
    expect(included(f, paths)).toEqual(['a.txt', 'notes.md', 'sub/b.txt', 'src/build/x.txt', 'docs/guide.md']);
  });

  it('Exclude wins over Include', () => {
    expect(included(filter([{ type: 'Include', patterns: ['*.txt'] }, { type: 'Exclude', patterns: ['sub'] }]), paths)).toEqual(['a.txt', 'src/build/x.txt']);
  });

  it('Size limits are inclusive and combine (the tightest wins)', () => {
    const f = filter([{ type: 'Size', minSize: 10, maxSize: 100 }, { type: 'Size', maxSize: 50 }]);
    expect([9, 10, 50, 51, 100].filter((size) => f.fileIncluded('a.txt', size))).toEqual([10, 50]);
    expect(filter([{ type: 'Size', maxSize: 0 }]).fileIncluded('empty', 0)).toBe(true);
  });

  it('dotfiles match like any other name', () => {
    expect(included(filter([{ type: 'Include', patterns: ['*'] }]), ['.env', 'sub/.hidden'])).toEqual(['.env', 'sub/.hidden']);
    expect(included(filter([{ type: 'Exclude', patterns: ['.*'] }]), ['.env', 'sub/.hidden', 'a.txt'])).toEqual(['a.txt']);
  });
});

describe('PathFilter: the engine files and the ignore file', () => {
  it('never syncs the trash, upload staging or unfinished downloads, whatever the filters say', () => {
    const f = filter([{ type: 'Include', patterns: ['**'] }]);
    for (const p of ['.jcs-trash/2024-01-01 000000/a.txt', '.jcs-uploads/job/a.bin', 'a.txt.jcs-download', 'sub/b.bin.jcs-download']) expect(f.fileIncluded(p, 1)).toBe(false);
    expect(f.folderIncluded('.jcs-trash')).toBe(false);
    expect(f.folderIncluded('.jcs-uploads')).toBe(false);
    expect(f.fileIncluded('a.txt', 1)).toBe(true);
  });

  it('syncs the ignore file itself, even when the filters or the file itself would leave it out', () => {
    expect(filter([{ type: 'Include', patterns: ['*.txt'] }]).fileIncluded(IGNORE_FILE, 10)).toBe(true);
    expect(filter([{ type: 'Exclude', patterns: ['.*'] }]).fileIncluded(IGNORE_FILE, 10)).toBe(true);
    expect(filter([{ type: 'Size', minSize: 1000 }]).fileIncluded(IGNORE_FILE, 10)).toBe(true);
    expect(filter([], '.jcsignore\n*').fileIncluded(IGNORE_FILE, 10)).toBe(true);
  });
});

describe('.jcsignore', () => {
  it('skips blank lines and comments; trims lines; handles CRLF', () => {
    const rules = parseIgnoreFile('# a comment\r\n\r\n   *.tmp   \r\n#*.txt\r\n');
    expect(rules).toHaveLength(1);
    expect(included(new PathFilter([], rules), ['a.tmp', 'a.txt', '#x'])).toEqual(['a.txt', '#x']);
  });

  it('a pattern without "/" matches at any depth; with "/" (or a leading "/") it is anchored at the root', () => {
    const f = filter([], '*.tmp\n/only-root.txt\nlogs/today.log');
    expect(included(f, ['x.tmp', 'a/b/y.tmp', 'only-root.txt', 'sub/only-root.txt', 'logs/today.log', 'sub/logs/today.log'])).toEqual(['sub/only-root.txt', 'sub/logs/today.log']);
  });

  it('"!" takes an exclusion back; the last matching line wins', () => {
    const f = filter([], '*.log\n!keep.log\n');
    expect(included(f, ['a.log', 'keep.log', 'sub/keep.log', 'a.txt'])).toEqual(['keep.log', 'sub/keep.log', 'a.txt']);
    const g = filter([], '!keep.log\n*.log\n'); // the later line wins
    expect(included(g, ['a.log', 'keep.log'])).toEqual([]);
  });

  it('an ignored folder (with or without a trailing "/") excludes its subtree; a file inside cannot be taken back (as with git)', () => {
    const f = filter([], 'node_modules/\ncache\n!cache/keep.txt\n');
    expect(included(f, ['node_modules/a/index.js', 'pkg/node_modules/b.js', 'cache/keep.txt', 'cache/x', 'src/cache/y', 'src/main.ts'])).toEqual(['src/main.ts']);
    expect(f.folderIncluded('node_modules')).toBe(false);
    expect(f.folderIncluded('pkg/node_modules')).toBe(false);
    expect(f.folderIncluded('src')).toBe(true);
  });

  it('globstars: "**" crosses folders', () => {
    const f = filter([], 'docs/**/*.pdf\n');
    expect(included(f, ['docs/a.pdf', 'docs/x/y/b.pdf', 'a.pdf', 'docs/a.txt'])).toEqual(['a.pdf', 'docs/a.txt']);
  });
});

describe('local scan', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const past = Math.floor((Date.now() - 60_000) / 1000) * 1000; // whole seconds: stored exactly

  beforeAll(async () => {
    temp = await makeTempDir('jcs-scan');
    const root = temp.path;
    writeLocal(root, 'a.txt', 'aaa', past);
    writeLocal(root, 'sub/b.txt', 'bb', past);
    writeLocal(root, 'sub/skip.tmp', 'x', past);
    writeLocal(root, 'ignored-dir/c.txt', 'c', past);
    writeLocal(root, '.jcs-trash/2024-01-01 000000/old.txt', 'old', past);
    writeLocal(root, 'partial.bin.jcs-download', 'p', past);
    writeLocal(root, IGNORE_FILE, '*.tmp\nignored-dir/\n', past);
    writeLocal(root, 'fresh.txt', 'being written'); // mtime set below
    utimesSync(join(root, 'fresh.txt'), new Date(), new Date());
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'target.txt'), 'via a link');
    utimesSync(join(root, 'target.txt'), past / 1000, past / 1000);
    symlinkSync(join(root, 'target.txt'), join(root, 'link.txt'));
  });

  afterAll(() => temp?.remove());

  it('lists included files with size and mtime, leaves out what the filter and .jcsignore exclude, and marks fresh files unstable', async () => {
    const filter = new PathFilter([], readIgnoreRules(temp.path));
    const scan = await scanLocal(temp.path, filter, { stableMs: 2000, now: Date.now() });
    expect([...scan.files.keys()].sort()).toEqual(['.jcsignore', 'a.txt', 'link.txt', 'sub/b.txt', 'target.txt']);
    expect(scan.files.get('a.txt')).toEqual({ size: 3, mtime: past });
    expect(scan.unstable).toEqual(['fresh.txt']);
    expect([...scan.folders].sort()).toEqual(['empty', 'sub']);
  });

  it('statLocal agrees with the scan for one path', () => {
    const filter = new PathFilter([], readIgnoreRules(temp.path));
    const options = { stableMs: 2000, now: Date.now() };
    expect(statLocal(temp.path, 'a.txt', filter, options)).toEqual({ size: 3, mtime: past });
    expect(statLocal(temp.path, 'fresh.txt', filter, options)).toBe('unstable');
    expect(statLocal(temp.path, 'sub/skip.tmp', filter, options)).toBe('filtered');
    expect(statLocal(temp.path, 'missing.txt', filter, options)).toBeUndefined();
    expect(statLocal(temp.path, 'sub', filter, options)).toBeUndefined();
  });

  it('a file dated in the future (a skewed clock, an unpacked archive) is not "being written" forever', async () => {
    const root = join(temp.path, 'future');
    const future = Math.floor((Date.now() + 24 * 3600_000) / 1000) * 1000;
    writeLocal(root, 'from-the-future.txt', 'x', future);
    const scan = await scanLocal(root, new PathFilter([]), { stableMs: 2000, now: Date.now() });
    expect([...scan.files.keys()]).toEqual(['from-the-future.txt']);
    expect(scan.unstable).toEqual([]);
    expect(statLocal(root, 'from-the-future.txt', new PathFilter([]), { stableMs: 2000, now: Date.now() })).toEqual({ size: 1, mtime: future });
  });

  it('a missing folder (or a file in its place) is an error, never an empty scan', async () => {
    await expect(scanLocal(join(temp.path, 'nope'), new PathFilter([]), { stableMs: 0, now: Date.now() })).rejects.toBeInstanceOf(LocalFolderMissing);
    await expect(scanLocal(join(temp.path, 'a.txt'), new PathFilter([]), { stableMs: 0, now: Date.now() })).rejects.toBeInstanceOf(LocalFolderMissing);
  });
});
