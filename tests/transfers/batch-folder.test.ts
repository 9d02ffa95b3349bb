/** A batch's title names the folder all its files are in: the common folder of its first and last paths in sorted order. */
import { describe, expect, it } from 'vitest';
import { commonFolder } from '../../src-main/core/transfers/batch-views';

describe('commonFolder', () => {
  it('is the folder of a one-file batch', () => {
    expect(commonFolder('up/a.txt', 'up/a.txt')).toBe('up');
    expect(commonFolder('a.txt', 'a.txt')).toBe('');
  });

  it('is the deepest folder both paths are in, never a shared start of two names', () => {
    expect(commonFolder('up/a.txt', 'up/c.txt')).toBe('up');
    expect(commonFolder('a/bc/x', 'a/bd/y')).toBe('a');
    expect(commonFolder('a/b/x', 'a/b/y/z')).toBe('a/b');
    expect(commonFolder('a/b.txt', 'a/b/c')).toBe('a');
  });

  it('is the top when the files are in several top-level folders (a drop of two folders)', () => {
    expect(commonFolder('docs/minutes.md', 'photos/harbour-7.png')).toBe('');
  });

  it('reads local paths with either separator', () => {
    expect(commonFolder('/home/u/dl/x', '/home/u/dl/y')).toBe('/home/u/dl');
    expect(commonFolder('/x', '/y')).toBe('/');
    expect(commonFolder('C:\\dl\\photos\\a.png', 'C:\\dl\\photos\\b.png')).toBe('C:/dl/photos');
  });
});
