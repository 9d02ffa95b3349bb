/**
 * Object operations on services that are not JCS: the core's ObjectOperations
 * over the in-memory provider with fewer capabilities (no move or copy, a
 * rename but no move, moves only within a space, no delete). What the service
 * can do is done through the interface with the same results as on JCS
 * (per-item Conflict, never an overwrite); what it cannot do is refused with
 * Unsupported before anything changes. Every operation tells sync where it
 * changed things, in the shape SyncEngine.remoteChanged takes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventBus, type AnyEvent } from '../../src-main/core/events/event-bus';
import { ObjectOperations, type RemoteChange } from '../../src-main/core/storage/object-operations';
import { SINGLE_ROOT } from '../../src-main/providers/storage-provider';
import { MemoryProvider, type MemoryProviderOptions } from '../helpers/memory-provider/memory-provider';
import { readAll, textBody } from '../providers/provider-test-kit';

const connectionId = 'memory';
const opId = () => `op-${randomUUID()}`;

function scene(options: MemoryProviderOptions) {
  const provider = new MemoryProvider(options);
  const bus = new EventBus();
  const events: AnyEvent[] = [];
  bus.onAny((event) => events.push(event));
  const changes: RemoteChange[] = [];
  const ops = new ObjectOperations({ provider: () => provider }, bus, (change) => changes.push(change));
  const put = (root: string, paths: string[]) => provider.put(root, paths.map((path) => ({ path, body: textBody(`content of ${path}`) })));
  const paths = async (root: string) => {
    const page = await provider.listFolder(root, '', { recursive: true });
    return page.entries.map((e) => e.path);
  };
  const text = async (root: string, path: string) => (await readAll(await provider.read(root, { path }))).toString('utf8');
  return { provider, ops, events, changes, put, paths, text };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  if (!error) throw new Error('expected the operation to be refused');
  return error;
}

describe('object operations on a flat service without move, copy or rename', () => {
  it('deletes and summarizes, and refuses to move, copy or rename with Unsupported, changing nothing', async () => {
    const s = scene({});
    await s.put(SINGLE_ROOT, ['a.txt', 'b.txt', 'c.txt']);
    const ctx = { connectionId, operationId: opId(), root: SINGLE_ROOT };
    const a = { type: 'object' as const, path: 'a.txt', size: 14 };

    expect(await s.ops.summarize(connectionId, SINGLE_ROOT, [a, { type: 'object', path: 'b.txt', size: 14 }])).toEqual({ objects: 2, bytes: 28 });
    for (const mode of ['move', 'copy'] as const) {
      const error = await refusal(s.ops.transfer({ ...ctx, operationId: opId() }, mode, [a], SINGLE_ROOT, ''));
      expect(error).toMatchObject({ code: 'Unsupported', message: `this service cannot ${mode} objects` });
    }
    expect(await refusal(s.ops.rename({ ...ctx, operationId: opId() }, a, 'z.txt'))).toMatchObject({ code: 'Unsupported', message: 'this service cannot rename objects' });
    expect(await s.paths(SINGLE_ROOT)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(s.changes).toEqual([]); // refused before anything ran

    expect(await s.ops.delete(ctx, [a, { type: 'object', path: 'c.txt' }])).toEqual({ succeeded: 2, failed: [] });
    expect(await s.paths(SINGLE_ROOT)).toEqual(['b.txt']);
    expect(s.changes).toEqual([{ connectionId, root: SINGLE_ROOT, paths: ['a.txt', 'c.txt'] }]);
    expect(s.events.filter((e) => e.name === 'storage.changed').map((e) => e.payload)).toEqual([{ connectionId, scope: 'objects', parentId: null, rootId: SINGLE_ROOT }]);
    expect(s.events.filter((e) => e.name === 'operation.progress').at(-1)?.payload).toEqual({ operationId: ctx.operationId, kind: 'delete', done: 2, total: 2, finished: true });
  });

  it('refuses a folder target on a service without folders', async () => {
    const s = scene({});
    await s.put(SINGLE_ROOT, ['x.txt']);
    const error = await refusal(s.ops.delete({ connectionId, operationId: opId(), root: SINGLE_ROOT }, [{ type: 'folder', prefix: 'docs/' }]));
    expect(error.code).toBe('InvalidInput');
    expect(await s.paths(SINGLE_ROOT)).toEqual(['x.txt']);
  });

  it('refuses to delete on a service that cannot', async () => {
    const s = scene({ delete: false });
    await s.put(SINGLE_ROOT, ['keep.txt']);
    expect(await refusal(s.ops.delete({ connectionId, operationId: opId(), root: SINGLE_ROOT }, [{ type: 'object', path: 'keep.txt' }]))).toMatchObject({
      code: 'Unsupported',
      message: 'this service cannot delete objects',
    });
    expect(await s.paths(SINGLE_ROOT)).toEqual(['keep.txt']);
  });
});

describe('object operations on a service that renames but cannot move', () => {
  it("renames an object through the provider's rename; a taken name is a Conflict and nothing is overwritten", async () => {
    const s = scene({ folders: 'real', rename: true });
    await s.put(SINGLE_ROOT, ['docs/a.txt', 'docs/b.txt']);
    const ctx = () => ({ connectionId, operationId: opId(), root: SINGLE_ROOT });

    expect(await s.ops.rename(ctx(), { type: 'object', path: 'docs/a.txt' }, 'c.txt')).toEqual({ succeeded: 1, failed: [] });
    expect(await s.paths(SINGLE_ROOT)).toEqual(['docs/b.txt', 'docs/c.txt']);
    expect(await s.text(SINGLE_ROOT, 'docs/c.txt')).toBe('content of docs/a.txt');

    const clash = await s.ops.rename(ctx(), { type: 'object', path: 'docs/c.txt' }, 'b.txt');
    expect(clash).toEqual({ succeeded: 0, failed: [{ path: 'docs/b.txt', code: 'Conflict', message: expect.any(String) as unknown }] });
    expect(await s.text(SINGLE_ROOT, 'docs/b.txt')).toBe('content of docs/b.txt');
    expect(await s.text(SINGLE_ROOT, 'docs/c.txt')).toBe('content of docs/a.txt');

    const gone = await s.ops.rename(ctx(), { type: 'object', path: 'docs/nothing.txt' }, 'x.txt');
    expect(gone).toEqual({ succeeded: 0, failed: [{ path: 'docs/x.txt', code: 'DataNotFound', message: expect.any(String) as unknown }] });

    // A folder's objects would have to change folders: only a move can do that.
    expect(await refusal(s.ops.rename(ctx(), { type: 'folder', prefix: 'docs/' }, 'papers'))).toMatchObject({ code: 'Unsupported', message: expect.stringContaining('cannot rename folders') as unknown });
    expect(await s.paths(SINGLE_ROOT)).toEqual(['docs/b.txt', 'docs/c.txt']);
    expect(s.changes.map((c) => c.paths)).toEqual([['docs/a.txt', 'docs/c.txt'], ['docs/c.txt', 'docs/b.txt'], ['docs/nothing.txt', 'docs/x.txt']]);
  });
});

describe('object operations on a service that moves and copies only within a space', () => {
  async function twoSpaces() {
    const s = scene({ spaces: true, folders: 'prefix', move: true, copy: true });
    const one = await s.provider.createRoot!(null, 'one');
    const two = await s.provider.createRoot!(null, 'two');
    return { ...s, one: one.id, two: two.id };
  }

  it('moves and copies folders within a space, reporting taken destinations per item', async () => {
    const s = await twoSpaces();
    await s.put(s.one, ['src/a.txt', 'src/deep/b.txt', 'dst/src/a.txt']);
    const ctx = () => ({ connectionId, operationId: opId(), root: s.one });

    const copied = await s.ops.transfer(ctx(), 'copy', [{ type: 'folder', prefix: 'src/' }], s.one, 'dst/');
    expect(copied).toEqual({ succeeded: 1, failed: [{ path: 'dst/src/a.txt', code: 'Conflict', message: expect.any(String) as unknown }] });
    expect(await s.text(s.one, 'dst/src/a.txt')).toBe('content of dst/src/a.txt');
    expect(await s.text(s.one, 'dst/src/deep/b.txt')).toBe('content of src/deep/b.txt');

    expect(await s.ops.rename(ctx(), { type: 'folder', prefix: 'src/' }, 'moved')).toEqual({ succeeded: 2, failed: [] });
    expect(await s.paths(s.one)).toEqual(['dst/src/a.txt', 'dst/src/deep/b.txt', 'moved/a.txt', 'moved/deep/b.txt']);
    expect(s.changes.at(-1)).toEqual({ connectionId, root: s.one, paths: ['src/', 'moved/'] });
  });

  it('refuses to move or copy to another space with Unsupported, naming the level', async () => {
    const s = await twoSpaces();
    await s.put(s.one, ['f.txt']);
    for (const mode of ['move', 'copy'] as const) {
      const error = await refusal(s.ops.transfer({ connectionId, operationId: opId(), root: s.one }, mode, [{ type: 'object', path: 'f.txt' }], s.two, ''));
      expect(error).toMatchObject({ code: 'Unsupported', message: `this service cannot ${mode} objects to another space` });
    }
    expect(await s.paths(s.one)).toEqual(['f.txt']);
    expect(await s.paths(s.two)).toEqual([]);
  });
});
