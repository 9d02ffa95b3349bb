/**
 * The contract for multipart uploads: parts sent again replace, a completion
 * whose answer was lost is safe to repeat, staged uploads appear at their
 * path only when placed (never over a taken one), and abort frees everything.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProviderErrorCode } from '../../../src-main/providers/provider-errors';
import { expectSameBytes, patternBytes, providerError, readAll, reusedBufferBody, textBody, uniqueName } from '../provider-test-kit';
import type { ContractContext } from './contract-scene';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function multipartContract(ctx: ContractContext): void {
  const { caps, folders, fresh, putText, textAt, allPaths } = ctx;

  describe.runIf(caps.multipart !== null)('multipart uploads', () => {
    const limits = caps.multipart!;
    const partSize = limits?.minPartSize ?? 0;

    it('puts parts (again: the last one counts), completes, survives a lost answer, and places without ever showing unverified bytes at the path', async () => {
      const scene = await fresh();
      const upload = scene.provider.multipart!;
      const parts = [patternBytes(partSize, 11), patternBytes(partSize, 12), patternBytes(1234, 13)];
      const whole = Buffer.concat(parts);
      const path = folders ? 'big/file.bin' : 'big-file.bin';
      const handle = await upload.initiate(scene.root, path, whole.length, { key: uniqueName('job') });
      await upload.putPart(handle, 2, reusedBufferBody(patternBytes(partSize, 99))); // replaced below
      for (const [k, part] of parts.entries()) await upload.putPart(handle, k + 1, reusedBufferBody(part));
      if (upload.listParts) expect(await upload.listParts(handle)).toEqual([1, 2, 3]);
      if (limits.staged) expect(await scene.provider.stat(scene.root, path)).toBeUndefined();

      const done = await upload.complete(handle, [1, 2, 3]);
      expect(done.staged).toBe(limits.staged);
      expect(done.entry.size).toBe(whole.length);
      expect(done.entry.pending).toBeUndefined();
      if (caps.hash) expect(done.entry.hash?.value).toBe(sha256(whole));
      if (limits.staged) {
        expect(caps.reservedPrefixes.some((p) => done.entry.path.startsWith(p))).toBe(true);
        expect(await scene.provider.stat(scene.root, path)).toBeUndefined(); // verified first, then placed
      }
      // The answer to complete was lost: completing again gives the same object.
      const again = await upload.complete(handle, [1, 2, 3]);
      expect(again.entry.ref).toBe(done.entry.ref);
      expect(again.entry.size).toBe(whole.length);

      const placed = limits.staged ? await upload.place!(handle, path) : done.entry;
      expect(placed.path).toBe(path);
      if (limits.staged) {
        expect((await upload.place!(handle, path)).ref).toBe(placed.ref); // a lost answer to place, too
        expect(await upload.complete(handle, [1, 2, 3])).toMatchObject({ staged: false, entry: { ref: placed.ref, path } });
      }
      expectSameBytes(await readAll(await scene.provider.read(scene.root, { path })), whole);
      await upload.abort(handle); // finished: nothing to give up, and the file stays
      expectSameBytes(await readAll(await scene.provider.read(scene.root, { path })), whole);
      expect(await allPaths(scene)).toEqual([path]);
    });

    it('abort frees the upload: nothing is left in the root, and the upload is gone', async () => {
      const scene = await fresh();
      const upload = scene.provider.multipart!;
      const handle = await upload.initiate(scene.root, 'given-up.bin', partSize * 2);
      await upload.putPart(handle, 1, reusedBufferBody(patternBytes(partSize, 21)));
      await upload.abort(handle);
      await upload.abort(handle); // again: not an error
      expect(await allPaths(scene)).toEqual([]);
      await providerError(upload.complete(handle, [1]), ProviderErrorCode.DataNotFound);
    });

    it('refuses to complete with a part that was never sent, and shows nothing at the path', async () => {
      const scene = await fresh();
      const upload = scene.provider.multipart!;
      const handle = await upload.initiate(scene.root, 'holes.bin', partSize + 10);
      await upload.putPart(handle, 1, reusedBufferBody(patternBytes(partSize, 31)));
      await providerError(upload.complete(handle, [1, 2]), ProviderErrorCode.BadArgument);
      expect(await scene.provider.stat(scene.root, 'holes.bin')).toBeUndefined();
      await providerError(upload.putPart(handle, 0, reusedBufferBody(Buffer.from('x'))), ProviderErrorCode.InvalidInput);
      await providerError(upload.complete({ state: 'not a handle' }, [1]), ProviderErrorCode.InvalidInput);
      await upload.abort(handle);
    });

    it.runIf(caps.multipart?.staged === true)('place never overwrites: a taken path is a Conflict and the upload stays placeable', async () => {
      const scene = await fresh();
      const upload = scene.provider.multipart!;
      await putText(scene, 'taken.bin', 'the user file');
      const handle = await upload.initiate(scene.root, 'taken.bin', 5);
      await upload.putPart(handle, 1, textBody('fresh'));
      await upload.complete(handle, [1]);
      await providerError(upload.place!(handle, 'taken.bin'), ProviderErrorCode.Conflict);
      expect(await textAt(scene, 'taken.bin')).toBe('the user file');
      const placed = await upload.place!(handle, 'taken (1).bin');
      expect(placed.path).toBe('taken (1).bin');
      expect(await textAt(scene, 'taken (1).bin')).toBe('fresh');
    });
  });
}
