/**
 * The contract for failures: malformed input refused before anything is
 * written, unknown roots, every failure a rejection with a provider error,
 * broken upload bodies, cancellation.
 */
import { expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode, UploadBodyError } from '../../../src-main/providers/provider-errors';
import type { UploadBody } from '../../../src-main/providers/storage-provider';
import { providerError, textBody } from '../provider-test-kit';
import type { ContractContext } from './contract-scene';

export function failuresContract(ctx: ContractContext): void {
  const { fresh, unknownRoot, allPaths } = ctx;

  it('refuses malformed paths and prefixes before anything is written', async () => {
    const scene = await fresh();
    for (const bad of ['/abs.txt', 'a//b', '../up.txt', 'a\\b', 'nul\u0000.txt', '', 'x'.repeat(256)]) {
      await providerError(scene.provider.put(scene.root, [{ path: 'fine.txt', body: textBody('ok') }, { path: bad, body: textBody('x') }]), ProviderErrorCode.InvalidInput);
      await providerError(scene.provider.stat(scene.root, bad), ProviderErrorCode.InvalidInput);
      await providerError(scene.provider.read(scene.root, { path: bad }), ProviderErrorCode.InvalidInput);
    }
    await providerError(scene.provider.listFolder(scene.root, 'no-slash'), ProviderErrorCode.InvalidInput);
    await providerError(scene.provider.listFolder(scene.root, '', { maxKeys: 0 }), ProviderErrorCode.InvalidInput);
    expect(await allPaths(scene)).toEqual([]);
  });

  it('reports every failure by rejecting, never by throwing at the call', async () => {
    const { provider, root } = await fresh();
    const bad = 'no such root \u0000';
    const handle = { state: 'garbage' };
    const item = [{ from: { path: 'a' }, to: '/b' }];
    const calls: Array<() => Promise<unknown>> = [
      () => provider.listRoots(bad),
      () => provider.getRoot(bad),
      () => provider.listFolder(bad, 'x'),
      () => provider.stat(root, '/x'),
      () => provider.read(root, { path: '/x' }),
      () => provider.put(root, [{ path: '/x', body: textBody('x') }]),
      () => provider.listFolder(root, '', { token: '\u0000' }),
    ];
    if (provider.createRoot) calls.push(() => provider.createRoot!(bad, 'a/b'));
    if (provider.deleteRoot) calls.push(() => provider.deleteRoot!(bad));
    if (provider.move) calls.push(() => provider.move!(bad, item, bad));
    if (provider.copy) calls.push(() => provider.copy!(bad, item, bad));
    if (provider.rename) calls.push(() => provider.rename!(bad, { path: 'a' }, 'x/y'));
    if (provider.delete) calls.push(() => provider.delete!(bad, [{ path: '/x' }]));
    if (provider.mkdir) calls.push(() => provider.mkdir!(bad, '/x'));
    if (provider.multipart) {
      const upload = provider.multipart;
      calls.push(() => upload.initiate(bad, '/x', -1), () => upload.putPart(handle, 0, textBody('x')), () => upload.complete(handle, []), () => upload.abort(handle));
      if (upload.listParts) calls.push(() => upload.listParts!(handle));
      if (upload.place) calls.push(() => upload.place!(handle, '/x'));
    }
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call())).not.toThrow();
      const error = await promise!.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, call.toString()).toBeInstanceOf(ProviderError);
    }
  });

  it('answers DataNotFound for a root that does not exist', async () => {
    const { provider } = await fresh();
    const root = unknownRoot();
    await providerError(provider.getRoot(root), ProviderErrorCode.DataNotFound);
    await providerError(provider.listFolder(root, ''), ProviderErrorCode.DataNotFound);
    await providerError(provider.stat(root, 'x.txt'), ProviderErrorCode.DataNotFound);
    await providerError(provider.read(root, { path: 'x.txt' }), ProviderErrorCode.DataNotFound);
    await providerError(provider.put(root, [{ path: 'x.txt', body: textBody('x') }]), ProviderErrorCode.DataNotFound);
  });

  it("fails with UploadBodyError when the caller's body breaks or changes size, and leaves nothing at the path", async () => {
    const scene = await fresh();
    const short: UploadBody = {
      size: 10,
      async *open() {
        yield Buffer.from('12345');
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const broken: UploadBody = {
      size: 10,
      async *open() {
        yield Buffer.from('12345');
        await new Promise((resolve) => setImmediate(resolve));
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      },
    };
    const shortError = await scene.provider.put(scene.root, [{ path: 'short.bin', body: short }]).catch((e: unknown) => e);
    expect(shortError).toBeInstanceOf(UploadBodyError);
    expect((shortError as UploadBodyError).reason).toBe('sizeChanged');
    const brokenError = await scene.provider.put(scene.root, [{ path: 'broken.bin', body: broken }]).catch((e: unknown) => e);
    expect(brokenError).toBeInstanceOf(UploadBodyError);
    expect((brokenError as UploadBodyError).reason).toBe('unreadable');
    expect(((brokenError as UploadBodyError).cause as NodeJS.ErrnoException).code).toBe('EIO');
    expect(await allPaths(scene)).toEqual([]);
  });

  it('stops when its signal fires', async () => {
    const scene = await fresh();
    const controller = new AbortController();
    controller.abort();
    const error = await scene.provider.listFolder(scene.root, '', { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
}
