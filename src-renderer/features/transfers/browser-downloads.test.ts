import { describe, expect, it } from 'vitest';
import { browserDownloads } from './browser-downloads';

describe('browser downloads', () => {
  it('downloads loose files one by one and each folder as its own zip', () => {
    expect(
      browserDownloads('c1', 'r7', [
        { type: 'object', path: 'docs/a.txt', ref: '11' },
        { type: 'object', path: 'docs/b.txt' },
        { type: 'folder', prefix: 'docs/photos/' },
      ]),
    ).toEqual([
      { kind: 'object', connectionId: 'c1', root: 'r7', path: 'docs/a.txt', ref: '11' },
      { kind: 'object', connectionId: 'c1', root: 'r7', path: 'docs/b.txt' },
      { kind: 'folder', connectionId: 'c1', root: 'r7', prefix: 'docs/photos/' },
    ]);
  });

  it('downloads a whole root as one zip', () => {
    expect(browserDownloads('c1', 'r7', undefined)).toEqual([{ kind: 'folder', connectionId: 'c1', root: 'r7', prefix: '' }]);
  });
});
