import { describe, expect, it } from 'vitest';
import { formatLocationHash, isFolderPrefix, readLocationHash } from './location-url';

const connections = [
  { id: 'node', levels: 2 },
  { id: 'flat', levels: 1 },
];

describe('location in the address', () => {
  it('writes a place and reads it back to the same place', () => {
    const location = { connectionId: 'node', trail: ['7', '42'], root: '42', prefix: 'photos/2026 trip/' };
    const hash = formatLocationHash('files', location, 'grid');
    expect(hash).toBe('#/files?conn=node&root=7&root=42&folder=photos%2F2026+trip%2F&view=grid');
    expect(readLocationHash(hash, connections)).toEqual({ page: 'files', location, view: 'grid', problems: [] });
  });

  it('keeps ids and folders with any characters intact (they are query values, not path pieces)', () => {
    const location = { connectionId: 'flat', trail: ['a&b=c#d/é'], root: 'a&b=c#d/é', prefix: '文件夹/?#%/' };
    expect(readLocationHash(formatLocationHash('files', location, 'list'), connections)?.location).toEqual(location);
  });

  it('names the page alone off the files', () => {
    expect(formatLocationHash('sync', { connectionId: 'node', trail: [], root: null, prefix: '' }, 'list')).toBe('#/sync');
    expect(readLocationHash('#/sync', connections)).toEqual({ page: 'sync', location: null, view: null, problems: [] });
  });

  it('reads no place from an empty address', () => {
    expect(readLocationHash('', connections)).toBeNull();
    expect(readLocationHash('#/', connections)).toBeNull();
  });

  it('drops what an address gets wrong for the nearest sane place, saying what', () => {
    expect(readLocationHash('#/admin', connections)).toMatchObject({ page: 'files', location: null, problems: [{ kind: 'page', value: 'admin' }] });
    expect(readLocationHash('#/files?conn=nowhere&root=1', connections)).toMatchObject({ location: null, problems: [{ kind: 'connection' }] });
    expect(readLocationHash('#/files?conn=node&root=1&root=2&root=3', connections)).toMatchObject({
      location: { connectionId: 'node', trail: [], root: null, prefix: '' },
      problems: [{ kind: 'levels', connectionId: 'node' }],
    });
    expect(readLocationHash(`#/files?conn=node&root=${'9'.repeat(201)}`, connections)).toMatchObject({ location: { trail: [] }, problems: [{ kind: 'root' }] });
    expect(readLocationHash('#/files?conn=node&root=1&root=%00', connections)).toMatchObject({ location: { trail: [] }, problems: [{ kind: 'root' }] });
    expect(readLocationHash('#/files?conn=node&root=1&root=2&folder=..%2F..%2Fetc%2F', connections)).toMatchObject({ location: { root: '2', prefix: '' }, problems: [{ kind: 'folder' }] });
    expect(readLocationHash('#/files?conn=node&root=1&folder=a%2F', connections)).toMatchObject({ location: { root: null, prefix: '' }, problems: [{ kind: 'folder' }] });
    expect(readLocationHash('#/files?conn=flat&root=1&view=%3Cscript%3E', connections)).toMatchObject({ location: { root: '1' }, view: null, problems: [{ kind: 'view', value: '<script>' }] });
    expect(readLocationHash(`#/files?conn=${'x'.repeat(9000)}`, connections)).toMatchObject({ location: null, problems: [{ kind: 'page' }] });
    expect(readLocationHash('#/%E0%A4%A', connections)).toMatchObject({ page: 'files', problems: [{ kind: 'page' }] });
  });

  it('takes only well-formed folder prefixes', () => {
    expect(['', 'a/', 'a/b c/', '文件/'].every(isFolderPrefix)).toBe(true);
    expect(['a', '/a/', 'a//b/', './', 'a/../', 'a\u0007/', `${'a'.repeat(1024)}/`].some(isFolderPrefix)).toBe(false);
  });
});
