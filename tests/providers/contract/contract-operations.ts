/**
 * The contract for operations on stored objects: move, copy and rename never
 * overwrite, delete is idempotent, real folders are made and listed, and a
 * service without folders refuses them.
 */
import { expect, it } from 'vitest';
import { ProviderErrorCode } from '../../../src-main/providers/provider-errors';
import { providerError, textBody } from '../provider-test-kit';
import type { ContractContext } from './contract-scene';

export function operationsContract(ctx: ContractContext): void {
  const { caps, folders, fresh, unknownRoot, putText, textAt, allPaths } = ctx;

  it.runIf(caps.move)('move never overwrites: a taken target is a Conflict, a gone source DataNotFound', async () => {
    const scene = await fresh();
    const a = await putText(scene, 'a.txt', 'A');
    await putText(scene, 'b.txt', 'B');
    const dir = folders ? 'moved/' : 'moved-';
    const result = await scene.provider.move!(scene.root, [
      { from: { path: 'a.txt', ref: a.ref }, to: `${dir}a.txt` },
      { from: { path: 'b.txt' }, to: `${dir}a.txt` },
      { from: { path: 'gone.txt' }, to: `${dir}gone.txt` },
    ], scene.root);
    expect(result.done).toEqual([`${dir}a.txt`]);
    expect(result.failed.map((f) => [f.path, f.code]).sort()).toEqual([
      [`${dir}a.txt`, ProviderErrorCode.Conflict],
      [`${dir}gone.txt`, ProviderErrorCode.DataNotFound],
    ]);
    expect(await textAt(scene, `${dir}a.txt`)).toBe('A');
    expect(await textAt(scene, 'b.txt')).toBe('B');
    expect(await scene.provider.stat(scene.root, 'a.txt')).toBeUndefined();
    await providerError(scene.provider.move!(scene.root, [{ from: { path: 'b.txt' }, to: '/abs' }], scene.root), ProviderErrorCode.InvalidInput);
  });

  it.runIf(caps.move && caps.moveAcrossRoots)('moves between roots of the connection', async () => {
    const scene = await fresh();
    const other = await fresh();
    await putText(scene, 'travel.txt', 'T');
    const result = await scene.provider.move!(scene.root, [{ from: { path: 'travel.txt' }, to: 'arrived.txt' }], other.root);
    expect(result).toEqual({ done: ['arrived.txt'], failed: [] });
    expect(await textAt({ provider: scene.provider, root: other.root }, 'arrived.txt')).toBe('T');
  });

  it.runIf(caps.copy)('copy never overwrites: a taken target keeps its bytes; two items for one new path are one copy and one Conflict', async () => {
    const scene = await fresh();
    await putText(scene, 'src.txt', 'SOURCE');
    await putText(scene, 'other.txt', 'OTHER');
    await putText(scene, 'taken.txt', 'KEEP ME');
    const result = await scene.provider.copy!(scene.root, [
      { from: { path: 'src.txt' }, to: 'taken.txt' },
      { from: { path: 'src.txt' }, to: 'copy.txt' },
      { from: { path: 'other.txt' }, to: 'copy.txt' },
      { from: { path: 'gone.txt' }, to: 'copy-of-gone.txt' },
    ], scene.root);
    expect(result.done).toEqual(['copy.txt']);
    expect(result.failed.map((f) => [f.path, f.code]).sort()).toEqual([
      ['copy-of-gone.txt', ProviderErrorCode.DataNotFound],
      ['copy.txt', ProviderErrorCode.Conflict],
      ['taken.txt', ProviderErrorCode.Conflict],
    ]);
    expect(await textAt(scene, 'taken.txt')).toBe('KEEP ME');
    expect(await textAt(scene, 'copy.txt')).toBe('SOURCE');
    expect(await textAt(scene, 'src.txt')).toBe('SOURCE');
  });

  it.runIf((caps.move && !caps.moveAcrossRoots) || (caps.copy && !caps.copyAcrossRoots))('refuses to move or copy between roots when it cannot', async () => {
    const scene = await fresh();
    const { provider } = scene;
    await putText(scene, 'stay.txt', 'S');
    const items = [{ from: { path: 'stay.txt' }, to: 'x.txt' }];
    if (caps.move && !caps.moveAcrossRoots) await providerError(provider.move!(scene.root, items, unknownRoot()), ProviderErrorCode.InvalidInput);
    if (caps.copy && !caps.copyAcrossRoots) await providerError(provider.copy!(scene.root, items, unknownRoot()), ProviderErrorCode.InvalidInput);
    expect(await allPaths(scene)).toEqual(['stay.txt']);
  });

  it.runIf(caps.rename)('renames in place, never over a taken name', async () => {
    const scene = await fresh();
    const path = folders ? 'dir/old.txt' : 'old.txt';
    const folder = folders ? 'dir/' : '';
    const old = await putText(scene, path, 'O');
    await putText(scene, `${folder}taken.txt`, 'T');
    const renamed = await scene.provider.rename!(scene.root, { path, ref: old.ref }, 'new.txt');
    expect(renamed.path).toBe(`${folder}new.txt`);
    expect(await textAt(scene, `${folder}new.txt`)).toBe('O');
    expect(await scene.provider.stat(scene.root, path)).toBeUndefined();
    await providerError(scene.provider.rename!(scene.root, { path: `${folder}new.txt` }, 'taken.txt'), ProviderErrorCode.Conflict);
    await providerError(scene.provider.rename!(scene.root, { path: `${folder}gone.txt` }, 'x.txt'), ProviderErrorCode.DataNotFound);
    await providerError(scene.provider.rename!(scene.root, { path: `${folder}new.txt` }, 'a/b'), ProviderErrorCode.InvalidInput);
    expect(await textAt(scene, `${folder}taken.txt`)).toBe('T');
  });

  it.runIf(caps.delete)('deletes by ref and by path; deleting what is gone succeeds', async () => {
    const scene = await fresh();
    const one = await putText(scene, 'one.txt', '1');
    await putText(scene, 'two.txt', '2');
    await putText(scene, 'three.txt', '3');
    const result = await scene.provider.delete!(scene.root, [{ path: 'one.txt', ref: one.ref }, { path: 'two.txt' }, { path: 'never.txt' }]);
    expect(result).toEqual({ done: ['one.txt', 'two.txt', 'never.txt'], failed: [] });
    expect(await scene.provider.delete!(scene.root, [{ path: 'one.txt', ref: one.ref }, { path: 'two.txt' }])).toEqual({ done: ['one.txt', 'two.txt'], failed: [] });
    expect(await allPaths(scene)).toEqual(['three.txt']);
  });

  it.runIf(caps.folders === 'real')('makes folders that are listed while empty, where no file is in the way', async () => {
    const scene = await fresh();
    await scene.provider.mkdir!(scene.root, 'x/y');
    await scene.provider.mkdir!(scene.root, 'x/y'); // there already: fine
    expect(await scene.provider.listFolder(scene.root, '')).toMatchObject({ entries: [], folders: ['x/'] });
    expect(await scene.provider.listFolder(scene.root, 'x/')).toMatchObject({ entries: [], folders: ['x/y/'] });
    await putText(scene, 'f', 'file');
    await providerError(scene.provider.mkdir!(scene.root, 'f/sub'), ProviderErrorCode.Conflict);
    await providerError(scene.provider.put(scene.root, [{ path: 'x', body: textBody('a file over a folder') }]), ProviderErrorCode.Conflict);
  });

  it.runIf(folders)('lists a folder that does not exist as an empty last page', async () => {
    const scene = await fresh();
    expect(await scene.provider.listFolder(scene.root, 'nowhere/')).toEqual({ entries: [], folders: [], nextToken: null });
  });

  it.runIf(!folders)('refuses paths and prefixes with folders when it has none, writing nothing', async () => {
    const scene = await fresh();
    await providerError(scene.provider.put(scene.root, [{ path: 'a/b.txt', body: textBody('x') }]), ProviderErrorCode.InvalidInput);
    await providerError(scene.provider.listFolder(scene.root, 'a/'), ProviderErrorCode.InvalidInput);
    expect(await allPaths(scene)).toEqual([]);
  });
}
