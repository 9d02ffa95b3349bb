/** cidOfFile on things that are not a readable file, and cancellation. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cidOfFile, UnixfsFileHasher } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { makeTempDir } from '../helpers/temp-dir';

describe('cidOfFile', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('ipfs-inputs');
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('refuses a folder and a missing path, naming it', async () => {
    await mkdir(join(temp.path, 'dir'));
    await expect(cidOfFile(join(temp.path, 'dir'))).rejects.toThrow(/dir is not a regular file|EISDIR/);
    await expect(cidOfFile(join(temp.path, 'missing.bin'))).rejects.toThrow(/ENOENT.*missing\.bin/);
  });

  it('stops with the signal’s reason when aborted before or during the read', async () => {
    const file = join(temp.path, 'big.bin');
    await writeFile(file, Buffer.alloc(32 * 1024 * 1024, 7));
    const before = new AbortController();
    before.abort(new Error('cancelled first'));
    await expect(cidOfFile(file, { signal: before.signal })).rejects.toThrow('cancelled first');

    const during = new AbortController();
    const original = Object.getOwnPropertyDescriptor(UnixfsFileHasher.prototype, 'update')!.value as (this: UnixfsFileHasher, chunk: Uint8Array) => void;
    let updates = 0;
    // Abort from inside the hashing loop, after the first read has been hashed.
    UnixfsFileHasher.prototype.update = function (this: UnixfsFileHasher, chunk: Uint8Array) {
      if (++updates === 1) during.abort(new Error('cancelled midway'));
      original.call(this, chunk);
    };
    try {
      await expect(cidOfFile(file, { signal: during.signal })).rejects.toThrow('cancelled midway');
    } finally {
      UnixfsFileHasher.prototype.update = original;
    }
    expect(updates).toBe(1);
  });

  it('refuses layouts that cannot make a tree', () => {
    expect(() => new UnixfsFileHasher({ chunkSize: 0 })).toThrow(/chunk size/);
    expect(() => new UnixfsFileHasher({ maxLinksPerNode: 1 })).toThrow(/links per node/);
  });
});
