import { describe, expect, it } from 'vitest';
import { collectDroppedFiles, joinRelative, relativePathOf, type DroppedEntry } from './dropped-files';

interface FakeFile {
  name: string;
}

type Tree = { [name: string]: Tree | 'file' };

/** Fake entries shaped like the File and Directory Entries API; directories answer readEntries in batches of `batch`. */
function entry(name: string, node: Tree | 'file', batch = 2): DroppedEntry<FakeFile> {
  if (node === 'file') return { isFile: true, isDirectory: false, name, file: (ok) => queueMicrotask(() => ok({ name })) };
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      const children = Object.entries(node).map(([n, c]) => entry(n, c, batch));
      let at = 0;
      return {
        readEntries(ok) {
          const slice = children.slice(at, at + batch);
          at += slice.length;
          queueMicrotask(() => ok(slice));
        },
      };
    },
  };
}

describe('dropped files', () => {
  it('keeps relative paths: a file is its name, a folder prefixes its files with its own name', async () => {
    const roots = [entry('photos', { 'b.jpg': 'file', 'a.jpg': 'file', trips: { 'x.png': 'file', deeper: { 'y.png': 'file' } }, empty: {} }), entry('notes.txt', 'file')];
    const files = await collectDroppedFiles(roots);
    expect(files.map((f) => f.relativePath)).toEqual(['photos/a.jpg', 'photos/b.jpg', 'photos/trips/deeper/y.png', 'photos/trips/x.png', 'notes.txt']);
    expect(files.map((f) => f.file.name)).toEqual(['a.jpg', 'b.jpg', 'y.png', 'x.png', 'notes.txt']);
  });

  it('reads every batch of a big directory (readEntries answers ~100 at a time)', async () => {
    const big: Tree = {};
    for (let i = 0; i < 1234; i++) big[`f${String(i).padStart(4, '0')}`] = 'file';
    const seen: number[] = [];
    const files = await collectDroppedFiles([entry('big', big, 100)], (n) => seen.push(n));
    expect(files).toHaveLength(1234);
    expect(files[0]!.relativePath).toBe('big/f0000');
    expect(files[1233]!.relativePath).toBe('big/f1233');
    expect(seen).toEqual([500, 1000]);
  });

  it('passes a failure to read a file on', async () => {
    const broken: DroppedEntry<FakeFile> = { isFile: true, isDirectory: false, name: 'gone', file: (_ok, fail) => fail?.(new Error('NotFoundError')) };
    await expect(collectDroppedFiles([broken])).rejects.toThrow('NotFoundError');
  });

  it('builds paths from picker files and joins segments', () => {
    expect(relativePathOf({ name: 'a.txt' })).toBe('a.txt');
    expect(relativePathOf({ name: 'a.txt', webkitRelativePath: '' })).toBe('a.txt');
    expect(relativePathOf({ name: 'a.txt', webkitRelativePath: 'folder/sub/a.txt' })).toBe('folder/sub/a.txt');
    expect(relativePathOf({ name: 'a.txt', webkitRelativePath: '/folder/a.txt' })).toBe('folder/a.txt');
    expect(joinRelative('', 'x')).toBe('x');
    expect(joinRelative('a/b', 'x')).toBe('a/b/x');
  });
});
