import { describe, expect, it } from 'vitest';
import { browserDownloads } from './browser-downloads';

describe('browser downloads', () => {
  it('downloads loose files one by one and each folder as its own zip', () => {
    expect(
      browserDownloads('c1', 7, [
        { type: 'object', objectId: 11, path: 'docs/a.txt' },
        { type: 'object', objectId: 12, path: 'docs/b.txt' },
        { type: 'folder', prefix: 'docs/photos/' },
      ]),
    ).toEqual([
      { kind: 'object', connectionId: 'c1', packageId: 7, objectId: 11, path: 'docs/a.txt' },
      { kind: 'object', connectionId: 'c1', packageId: 7, objectId: 12, path: 'docs/b.txt' },
      { kind: 'folder', connectionId: 'c1', packageId: 7, prefix: 'docs/photos/' },
    ]);
  });

  it('downloads a whole package as the zip of its root', () => {
    expect(browserDownloads('c1', 7, undefined)).toEqual([{ kind: 'folder', connectionId: 'c1', packageId: 7, prefix: '' }]);
  });
});
