import { describe, expect, it } from 'vitest';
import type { CapabilitiesView } from '@shared/contract/locations';
import { pagesByOffset, serverFilter, serverSort, type ListQueryCapability } from './list-query';

const fileStorage: ListQueryCapability = { sortFields: ['name', 'size', 'modified', 'created', 'type'], filters: ['name', 'type'], offsets: true, total: true };

describe('what a listing the service sorts asks for', () => {
  it('sorts by the column when the service can, else by name ascending', () => {
    expect(serverSort({ key: 'size', direction: 'desc' }, fileStorage)).toEqual({ field: 'size', order: 'desc' });
    expect(serverSort({ key: 'modified', direction: 'asc' }, { ...fileStorage, sortFields: ['name'] })).toEqual({ field: 'name', order: 'asc' });
    expect(serverSort({ key: 'size', direction: 'desc' }, { ...fileStorage, sortFields: ['created'] })).toEqual({ field: 'created', order: 'asc' });
  });

  it('sends only the filters the service applies, and none that are empty or unknown', () => {
    expect(serverFilter('  cat ', 'image', fileStorage)).toEqual({ name: 'cat', type: 'image' });
    expect(serverFilter('', '', fileStorage)).toEqual({});
    expect(serverFilter('cat', 'image', { ...fileStorage, filters: ['type'] })).toEqual({ type: 'image' });
    expect(serverFilter('cat', 'font', fileStorage)).toEqual({ name: 'cat' });
    expect(serverFilter('x'.repeat(300), '', fileStorage).name).toHaveLength(255);
  });

  it('pages by offset only with offsets and a total', () => {
    const caps = { listQuery: fileStorage } as unknown as CapabilitiesView;
    expect(pagesByOffset(caps)).toBe(true);
    expect(pagesByOffset({ listQuery: { ...fileStorage, total: false } } as unknown as CapabilitiesView)).toBe(false);
    expect(pagesByOffset({ listQuery: null } as unknown as CapabilitiesView)).toBe(false);
    expect(pagesByOffset(undefined)).toBe(false);
  });
});
