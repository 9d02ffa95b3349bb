/**
 * Moving and copying onto destinations that exist, with each conflict
 * policy, through the core's `call` against the embedded storage node:
 * 'ask' reports the taken destinations and changes nothing, 'skip' leaves
 * both, 'keepBoth' makes "x (1).txt", 'overwrite' replaces with the source's
 * bytes and leaves nothing set aside; an object never replaces itself.
 * A replace whose send fails is undone (the original put back), checked over
 * the in-memory provider with a copy that fails for one item.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID, type ObjectTarget } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import { EventBus } from '../../src-main/core/events/event-bus';
import { ObjectOperations } from '../../src-main/core/storage/object-operations';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { ProviderErrorCode, ProviderTransportError } from '../../src-main/providers/provider-errors';
import { SINGLE_ROOT, type BulkResult, type MoveItem } from '../../src-main/providers/storage-provider';
import { allPaths, callOk, embeddedClient, openCore, putObjects, readText } from '../helpers/core';
import { MemoryProvider } from '../helpers/memory-provider/memory-provider';
import { makeTempDir } from '../helpers/temp-dir';
import { readAll, textBody } from '../providers/provider-test-kit';

const connectionId = LOCAL_CONNECTION_ID;
const opId = () => `op-${randomUUID()}`;
const NAMES = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];

describe('move and copy onto existing objects (storage node)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let client: JcsClient;
  let packageId: number;
  let root: string;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-conflicts');
    core = await openCore(temp.path);
    client = embeddedClient(core);
    const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name: 'conflicts' });
    const pkg = await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'p' });
    root = pkg.id;
    packageId = Number(pkg.extras.packageID);
  });

  afterAll(async () => {
    client?.close();
    await core?.close();
    await temp?.remove();
  });

  /** `src/` with five files, `dst/` holding old versions of the first three; the targets as the UI builds them. */
  async function scene(name: string): Promise<{ src: string; dst: string; targets: ObjectTarget[] }> {
    const src = `${name}/src/`;
    const dst = `${name}/dst/`;
    await putObjects(client, packageId, NAMES.map((n) => src + n), (p) => Buffer.from(`new ${p}`));
    await putObjects(client, packageId, NAMES.slice(0, 3).map((n) => dst + n), (p) => Buffer.from(`old ${p}`));
    const page = await callOk(core, 'objects.list', { connectionId, root, prefix: src });
    return { src, dst, targets: page.entries.map((e) => ({ type: 'object', path: e.path, ref: e.ref, size: e.size })) };
  }

  const transfer = (mode: 'move' | 'copy', targets: ObjectTarget[], targetFolder: string, conflict: 'ask' | 'overwrite' | 'skip' | 'keepBoth') =>
    callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode, root, targets, targetRoot: root, targetFolder, conflict });

  it("'ask' returns the taken destinations and moves or copies nothing, not even the free ones", async () => {
    const { src, dst, targets } = await scene('ask');
    for (const mode of ['copy', 'move'] as const) {
      expect(await transfer(mode, targets, dst, 'ask')).toEqual({
        succeeded: 0,
        failed: [],
        conflicts: { count: 3, items: NAMES.slice(0, 3).map((n) => ({ path: src + n, to: dst + n })) },
      });
      expect(await allPaths(client, packageId, dst)).toEqual(NAMES.slice(0, 3).map((n) => dst + n));
      expect(await allPaths(client, packageId, src)).toEqual(NAMES.map((n) => src + n));
      expect(await readText(client, packageId, `${dst}a.txt`)).toBe(`old ${dst}a.txt`);
    }
    // Nothing taken: 'ask' just does it.
    expect(await transfer('copy', targets.slice(3), `ask/free/`, 'ask')).toEqual({ succeeded: 2, failed: [] });
  });

  it("'skip' sends the free ones and leaves both sides of every conflict as they were", async () => {
    const { src, dst, targets } = await scene('skip');
    expect(await transfer('move', targets, dst, 'skip')).toEqual({ succeeded: 2, failed: [], skipped: 3 });
    expect(await allPaths(client, packageId, dst)).toEqual(NAMES.map((n) => dst + n));
    expect(await allPaths(client, packageId, src)).toEqual(NAMES.slice(0, 3).map((n) => src + n));
    expect(await readText(client, packageId, `${dst}a.txt`)).toBe(`old ${dst}a.txt`);
    expect(await readText(client, packageId, `${dst}d.txt`)).toBe(`new ${src}d.txt`);
  });

  it("'keepBoth' puts each conflicting one at the first free \"name (n).ext\", objects in folders too", async () => {
    const { src, dst, targets } = await scene('keep');
    await putObjects(client, packageId, [`${dst}a (1).txt`], () => Buffer.from('an earlier copy'));
    expect(await transfer('copy', targets, dst, 'keepBoth')).toEqual({ succeeded: 5, failed: [] });
    expect(await allPaths(client, packageId, dst)).toEqual(
      [...NAMES.map((n) => dst + n), `${dst}a (1).txt`, `${dst}a (2).txt`, `${dst}b (1).txt`, `${dst}c (1).txt`].sort(),
    );
    expect(await readText(client, packageId, `${dst}a (2).txt`)).toBe(`new ${src}a.txt`);
    expect(await readText(client, packageId, `${dst}a (1).txt`)).toBe('an earlier copy');
    expect(await readText(client, packageId, `${dst}a.txt`)).toBe(`old ${dst}a.txt`);

    // A folder merges object by object; copying a file into its own folder keeps both as well.
    expect(await transfer('copy', [{ type: 'folder', prefix: src }], 'keep/dst/', 'keepBoth')).toEqual({ succeeded: 5, failed: [] });
    expect(await transfer('copy', [{ type: 'folder', prefix: src }], 'keep/dst/', 'keepBoth')).toEqual({ succeeded: 5, failed: [] });
    expect(await allPaths(client, packageId, 'keep/dst/src/')).toEqual(NAMES.flatMap((n) => [`keep/dst/src/${n.replace('.txt', ' (1).txt')}`, `keep/dst/src/${n}`]).sort());
    const self = targets[4]!;
    expect(await transfer('copy', [self], src, 'keepBoth')).toEqual({ succeeded: 1, failed: [] });
    expect(await readText(client, packageId, `${src}e (1).txt`)).toBe(`new ${src}e.txt`);
  });

  it("'overwrite' replaces with the source's bytes, leaves nothing set aside, and never replaces an object by itself", async () => {
    const { src, dst, targets } = await scene('over');
    expect(await transfer('move', targets, dst, 'overwrite')).toEqual({ succeeded: 5, failed: [] });
    expect(await allPaths(client, packageId, dst)).toEqual(NAMES.map((n) => dst + n));
    expect(await allPaths(client, packageId, src)).toEqual([]);
    for (const n of NAMES) expect(await readText(client, packageId, dst + n)).toBe(`new ${src}${n}`);

    await putObjects(client, packageId, [`${src}a.txt`], () => Buffer.from('newer'));
    const page = await callOk(core, 'objects.list', { connectionId, root, prefix: src });
    const again: ObjectTarget[] = page.entries.map((e) => ({ type: 'object', path: e.path, ref: e.ref, size: e.size }));
    expect(await transfer('copy', again, dst, 'overwrite')).toEqual({ succeeded: 1, failed: [] });
    expect(await readText(client, packageId, `${dst}a.txt`)).toBe('newer');
    expect(await readText(client, packageId, `${src}a.txt`)).toBe('newer');

    expect(await transfer('copy', again, src, 'overwrite')).toEqual({ succeeded: 0, failed: [{ path: `${src}a.txt`, code: 'InvalidInput', message: expect.stringContaining('itself') as unknown }] });
    expect(await allPaths(client, packageId, src)).toEqual([`${src}a.txt`]);
    expect(await readText(client, packageId, `${src}a.txt`)).toBe('newer');
  });

  it('answers for single destinations first: until every conflict is answered nothing is sent', async () => {
    const { src, dst, targets } = await scene('each');
    const decisions = [
      { to: `${dst}a.txt`, resolution: 'overwrite' as const },
      { to: `${dst}b.txt`, resolution: 'skip' as const },
    ];
    const call = (conflict: 'ask' | 'keepBoth') => callOk(core, 'objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root, targets, targetRoot: root, targetFolder: dst, conflict, decisions });
    expect(await call('ask')).toEqual({ succeeded: 0, failed: [], conflicts: { count: 1, items: [{ path: `${src}c.txt`, to: `${dst}c.txt` }] } });
    expect(await allPaths(client, packageId, dst)).toEqual(NAMES.slice(0, 3).map((n) => dst + n));
    expect(await call('keepBoth')).toEqual({ succeeded: 4, failed: [], skipped: 1 });
    expect(await allPaths(client, packageId, dst)).toEqual([...NAMES.map((n) => dst + n), `${dst}c (1).txt`].sort());
    expect(await readText(client, packageId, `${dst}a.txt`)).toBe(`new ${src}a.txt`);
    expect(await readText(client, packageId, `${dst}b.txt`)).toBe(`old ${dst}b.txt`);
    expect(await readText(client, packageId, `${dst}c.txt`)).toBe(`old ${dst}c.txt`);
    const refused = await core.call('objects.transfer', { connectionId, operationId: opId(), mode: 'copy', root, targets, targetRoot: root, targetFolder: dst, decisions });
    expect(refused).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});

describe('a replace that fails half way (in-memory service)', () => {
  function scene() {
    const provider = new MemoryProvider({ folders: 'prefix', move: true, copy: true, delete: true });
    const ops = new ObjectOperations({ provider: () => provider }, new EventBus());
    const text = async (path: string) => (await readAll(await provider.read(SINGLE_ROOT, { path }))).toString('utf8');
    const paths = async () => (await provider.listFolder(SINGLE_ROOT, '', { recursive: true })).entries.map((e) => e.path);
    const realCopy = provider.copy!;
    /** What the destination folder held while the new objects were being sent. */
    const duringSend: string[] = [];
    /** The service's copy, except that it refuses `refused` (as a service error) or answers nothing at all (`dropped`). */
    const fault = (how: 'refused' | 'dropped') => {
      (provider as { copy: typeof realCopy }).copy = async (root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult> => {
        duringSend.push(...(await paths()).filter((p) => p.startsWith('dst/')));
        if (how === 'dropped') throw new ProviderTransportError('connection reset', true);
        const bad = items.filter((i) => i.to === 'dst/b.txt');
        const result = await realCopy(root, items.filter((i) => !bad.includes(i)), targetRoot, signal);
        return { done: result.done, failed: [...result.failed, ...bad.map((i) => ({ path: i.to, code: ProviderErrorCode.OperationFailed, message: 'disk full' }))] };
      };
    };
    const realMove = provider.move!;
    let lostAnswers = 0;
    /** The service's move, whose first answer is lost after the service did it. */
    const loseFirstMoveAnswer = () => {
      (provider as { move: typeof realMove }).move = async (root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult> => {
        const result = await realMove(root, items, targetRoot, signal);
        if (lostAnswers++ === 0) throw new ProviderTransportError('connection reset', true);
        return result;
      };
    };
    const run = (conflict: 'overwrite') =>
      ops.transfer({ connectionId: 'memory', operationId: opId(), root: SINGLE_ROOT }, 'copy', [{ type: 'object', path: 'src/a.txt' }, { type: 'object', path: 'src/b.txt' }], SINGLE_ROOT, 'dst/', conflict);
    return { provider, text, paths, fault, run, duringSend, loseFirstMoveAnswer, lostAnswers: () => lostAnswers };
  }

  async function fill(s: ReturnType<typeof scene>) {
    await s.provider.put(SINGLE_ROOT, ['src/a.txt', 'src/b.txt', 'dst/a.txt', 'dst/b.txt'].map((path) => ({ path, body: textBody(`${path.startsWith('src') ? 'new' : 'old'} ${path}`) })));
  }

  it('puts the original back where the new one could not be sent, and replaces the others', async () => {
    const s = scene();
    await fill(s);
    s.fault('refused');
    expect(await s.run('overwrite')).toEqual({ succeeded: 1, failed: [{ path: 'dst/b.txt', code: ProviderErrorCode.OperationFailed, message: 'disk full' }] });
    // The old ones were set aside (not deleted) while the new ones were sent.
    expect(s.duringSend).toEqual([expect.stringMatching(/^dst\/a\.txt\.~replacing-/), expect.stringMatching(/^dst\/b\.txt\.~replacing-/)]);
    expect(await s.paths()).toEqual(['dst/a.txt', 'dst/b.txt', 'src/a.txt', 'src/b.txt']);
    expect(await s.text('dst/a.txt')).toBe('new src/a.txt');
    expect(await s.text('dst/b.txt')).toBe('old dst/b.txt');
  });

  it('puts the originals back when the answer to setting them aside is lost', async () => {
    const s = scene();
    await fill(s);
    s.loseFirstMoveAnswer();
    await expect(s.run('overwrite')).rejects.toThrow('connection reset');
    expect(s.lostAnswers()).toBeGreaterThan(1); // the set-aside, then the moves back
    expect(await s.paths()).toEqual(['dst/a.txt', 'dst/b.txt', 'src/a.txt', 'src/b.txt']);
    expect(await s.text('dst/a.txt')).toBe('old dst/a.txt');
    expect(await s.text('dst/b.txt')).toBe('old dst/b.txt');
  });

  it('puts every original back when the service stops answering, and fails', async () => {
    const s = scene();
    await fill(s);
    s.fault('dropped');
    await expect(s.run('overwrite')).rejects.toThrow('connection reset');
    expect(s.duringSend).toEqual([expect.stringMatching(/^dst\/a\.txt\.~replacing-/), expect.stringMatching(/^dst\/b\.txt\.~replacing-/)]);
    expect(await s.paths()).toEqual(['dst/a.txt', 'dst/b.txt', 'src/a.txt', 'src/b.txt']);
    expect(await s.text('dst/a.txt')).toBe('old dst/a.txt');
    expect(await s.text('dst/b.txt')).toBe('old dst/b.txt');
  });
});
