/**
 * A space's folder listing comes from a service that is not trusted: the core
 * passes on only the direct children of the folder asked for, named by their
 * last segment, and counts what it skipped (src-main/core/spaces/spaces-service.ts).
 */
import { describe, expect, it } from 'vitest';
import { childrenOf } from '../../src-main/core/spaces/spaces-service';

const entry = (path: string, isFolder = false) => ({ path, isFolder, size: isFolder ? 0 : 5, modified: isFolder ? null : '2026-12-04T10:00:00Z' });

describe('childrenOf', () => {
  it('keeps direct children (a folder given with or without its trailing slash)', () => {
    expect(childrenOf('docs', [entry('docs/a.txt'), entry('docs/sub/', true), entry('docs/sub2', true)])).toEqual({
      entries: [
        { name: 'a.txt', path: 'docs/a.txt', isFolder: false, size: 5, modified: '2026-12-04T10:00:00Z' },
        { name: 'sub', path: 'docs/sub', isFolder: true, size: 0, modified: null },
        { name: 'sub2', path: 'docs/sub2', isFolder: true, size: 0, modified: null },
      ],
      rejected: 0,
    });
    expect(childrenOf('', [entry('top.txt')]).entries.map((e) => e.name)).toEqual(['top.txt']);
  });

  it('skips entries outside the folder, deeper down, or with unsafe paths, and counts them', () => {
    const { entries, rejected } = childrenOf('docs', [
      entry('other/a.txt'),
      entry('docs/deep/b.txt'),
      entry('docs/../etc/passwd'),
      entry('docs/..'),
      entry('/docs/abs'),
      entry('docs'),
      entry('docsx/y'),
      entry('docs/ok'),
    ]);
    expect(entries.map((e) => e.path)).toEqual(['docs/ok']);
    expect(rejected).toBe(7);
  });
});
