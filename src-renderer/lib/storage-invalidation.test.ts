import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { applyStorageChange } from './storage-invalidation';

const folder = { connectionId: 'c1', root: 'root', prefix: '' };
const page = (offset: number) => ['objects.list', folder, 'offset', { sort: { field: 'name', order: 'asc' }, filter: {} }, offset];

describe('applyStorageChange', () => {
  let client: QueryClient;
  afterEach(() => client.clear());

  it('drops the offset pages out of view, refetches the ones in view, and leaves other connections alone', async () => {
    client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    let fetches = 0;
    const queryFn = () => Promise.resolve({ fetched: ++fetches });
    for (const offset of [0, 200, 400]) await client.fetchQuery({ queryKey: page(offset), queryFn });
    const other = ['objects.list', { ...folder, connectionId: 'c2' }, 'offset', {}, 0];
    await client.fetchQuery({ queryKey: other, queryFn });
    const usage = ['objects.usage', { connectionId: 'c1' }];
    await client.fetchQuery({ queryKey: usage, queryFn });
    // Page 200 is on screen (observed); 0 and 400 are not.
    const observer = new QueryObserver(client, { queryKey: page(200), queryFn });
    const stop = observer.subscribe(() => {});
    try {
      const before = fetches;
      await applyStorageChange(client, { connectionId: 'c1', scope: 'objects', parentId: null, rootId: 'root' });
      expect(client.getQueryData(page(0))).toBeUndefined();
      expect(client.getQueryData(page(400))).toBeUndefined();
      expect(client.getQueryData(page(200))).toEqual({ fetched: before + 1 });
      expect(client.getQueryState(other)?.isInvalidated).toBe(false);
      expect(client.getQueryState(usage)?.isInvalidated).toBe(true);
    } finally {
      stop();
    }
  });

  it('leaves listings of another root and, for a change of roots, object listings alone', async () => {
    client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const queryFn = () => Promise.resolve({});
    await client.fetchQuery({ queryKey: page(0), queryFn });
    await client.fetchQuery({ queryKey: ['roots.list', { connectionId: 'c1', parentId: null }], queryFn });
    await applyStorageChange(client, { connectionId: 'c1', scope: 'objects', parentId: null, rootId: 'another' });
    expect(client.getQueryData(page(0))).toEqual({});
    await applyStorageChange(client, { connectionId: 'c1', scope: 'roots', parentId: null, rootId: 'another' });
    expect(client.getQueryState(['roots.list', { connectionId: 'c1', parentId: null }])?.isInvalidated).toBe(true);
    expect(client.getQueryData(page(0))).toEqual({});
  });
});
