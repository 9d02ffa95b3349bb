import { describe, expect, it } from 'vitest';
import { folderAbove, resultPlace } from './reveal';

const entry = (path: string, ref?: string) => ({ path, size: 1, modified: '2026-01-01T00:00:00Z', verifiable: true, extras: {}, ...(ref !== undefined && { ref }) });

describe('resultPlace', () => {
  it('opens the folder holding an object, with the object selected by its key', () => {
    expect(resultPlace({ kind: 'object', entry: entry('a/b/c.txt', '42') })).toEqual({ folder: 'a/b/', key: 'o:42', name: 'c.txt' });
    expect(resultPlace({ kind: 'object', entry: entry('top.txt') })).toEqual({ folder: '', key: 'p:top.txt', name: 'top.txt' });
  });

  it("opens a folder's parent with the folder selected", () => {
    expect(resultPlace({ kind: 'folder', prefix: 'a/报告/' })).toEqual({ folder: 'a/', key: 'f:a/报告/', name: '报告' });
    expect(resultPlace({ kind: 'folder', prefix: 'a/' })).toEqual({ folder: '', key: 'f:a/', name: 'a' });
  });

  it('finds the folder above paths and prefixes', () => {
    expect(folderAbove('x')).toBe('');
    expect(folderAbove('x/')).toBe('');
    expect(folderAbove('x/y/')).toBe('x/');
    expect(folderAbove('x/y/z')).toBe('x/y/');
  });
});
