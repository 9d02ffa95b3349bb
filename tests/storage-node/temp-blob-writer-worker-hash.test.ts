/**
 * A temp blob hashed in the worker thread (multipart parts) gets the SHA-256
 * of exactly the bytes in its file, whatever the sizes of the chunks written
 * and the order in which its batches reach the disk; an empty one too; and a
 * file that cannot be read back fails the write instead of naming the blob
 * wrongly. Real files, the real worker thread.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBlobWriter, WrittenPrefix } from '../../src-main/storage-node/blobs/temp-blob-writer';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `content` in chunks of irregular sizes (1 byte up to about 3 MiB), so batches and hash stretches never line up with them. */
function* irregularChunks(content: Buffer): Generator<Buffer> {
  const sizes = [1, 65_536, 3 * MiB + 7, 4093, 1_000_003, 2 * MiB];
  for (let at = 0, i = 0; at < content.length; i++) {
    const size = Math.min(sizes[i % sizes.length]!, content.length - at);
    yield content.subarray(at, at + size);
    at += size;
  }
}

describe('TempBlobWriter hashing in the worker', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let n = 0;
  const nextPath = () => join(temp.path, `blob-${n++}`);

  beforeAll(async () => {
    temp = await makeTempDir('jcs-worker-hash');
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('names a 37 MiB blob (several stretches, batches finishing out of order) by the SHA-256 of its bytes', async () => {
    const content = randomBytes(37 * MiB + 12_345);
    const writer = new TempBlobWriter(nextPath()).hashInWorker();
    await pipeline(Readable.from(irregularChunks(content)), writer);
    const blob = writer.result();
    expect(blob.size).toBe(content.length);
    expect(blob.sha256).toBe(sha256(content));
    expect((await readFile(blob.tempPath)).equals(content)).toBe(true);
  });

  it('gives several writers at once each their own hash', async () => {
    const contents = [randomBytes(9 * MiB + 1), randomBytes(17 * MiB), randomBytes(8 * MiB), randomBytes(100)];
    const writers = contents.map(() => new TempBlobWriter(nextPath()).hashInWorker());
    await Promise.all(writers.map((w, i) => pipeline(Readable.from(irregularChunks(contents[i]!)), w)));
    expect(writers.map((w) => w.result().sha256)).toEqual(contents.map(sha256));
  });

  it('names an empty blob by the SHA-256 of nothing', async () => {
    const writer = new TempBlobWriter(nextPath()).hashInWorker();
    await pipeline(Readable.from([]), writer);
    expect(writer.result()).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
  });

  it('fails the write when what was written cannot be read back', async () => {
    const path = nextPath();
    const writer = new TempBlobWriter(path).hashInWorker();
    const content = randomBytes(24 * MiB);
    async function* removedMidway() {
      yield content.subarray(0, 12 * MiB);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the first stretch has reached the file
      await unlink(path); // the worker opens the file by name for each stretch
      yield content.subarray(12 * MiB);
    }
    await expect(pipeline(Readable.from(removedMidway()), writer)).rejects.toThrow(/ENOENT|no such file/);
    expect(() => writer.result()).toThrow();
  });

  it('hands the worker only bytes written without a gap, whatever order the batches finish in', () => {
    const prefix = new WrittenPrefix();
    expect(prefix.add(2 * MiB, 4 * MiB)).toBe(0); // the first batch is still on its way: nothing can be read back yet
    expect(prefix.add(6 * MiB, 8 * MiB)).toBe(0);
    expect(prefix.add(0, 2 * MiB)).toBe(4 * MiB);
    expect(prefix.add(4 * MiB, 6 * MiB)).toBe(8 * MiB);
    expect(prefix.add(8 * MiB, 8 * MiB + 1)).toBe(8 * MiB + 1);
  });

  it('refuses to switch to the worker once bytes were written', async () => {
    const writer = new TempBlobWriter(nextPath());
    await new Promise<void>((resolve, reject) => writer.write(Buffer.from('x'), (error) => (error ? reject(error) : resolve())));
    expect(() => writer.hashInWorker()).toThrow(/before the first write/);
    writer.destroy();
  });
});
