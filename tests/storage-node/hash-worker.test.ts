/**
 * The hashing worker serves every completion in turns: a huge digest (a
 * multipart upload hashed whole after a restart) does not hold up a small one
 * asked for after it, and calls on one running hash still apply in order.
 * A real worker thread over real files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashWorker, type BlobFile } from '../../src-main/storage-node/blobs/hash-worker';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;

describe('HashWorker', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const worker = new HashWorker();
  const big = randomBytes(MiB);
  const small = Buffer.from('a small part');
  let bigFile: BlobFile;
  let smallFile: BlobFile;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-hash-worker');
    bigFile = { path: join(temp.path, 'big'), size: big.length };
    smallFile = { path: join(temp.path, 'small'), size: small.length };
    await writeFile(bigFile.path, big);
    await writeFile(smallFile.path, small);
  });
  afterAll(async () => {
    await worker.close();
    await temp.remove();
  });

  it('finishes a small digest asked for after a 512 MiB one first, and both are right', async () => {
    const finished: string[] = [];
    const huge = worker.digest(undefined, Array.from({ length: 512 }, () => bigFile)).then((value) => {
      finished.push('huge');
      return value;
    });
    const quick = worker.digest(undefined, [smallFile]).then((value) => {
      finished.push('quick');
      return value;
    });
    const [hugeValue, quickValue] = await Promise.all([huge, quick]);
    expect(finished).toEqual(['quick', 'huge']);
    const expected = createHash('sha256');
    for (let i = 0; i < 512; i++) expected.update(big);
    expect(hugeValue).toBe(expected.digest('hex'));
    expect(quickValue).toBe(createHash('sha256').update(small).digest('hex'));
  });

  it('applies calls on one running hash in order while others take turns beside them', async () => {
    const name = 41;
    const other = worker.digest(undefined, Array.from({ length: 64 }, () => bigFile));
    const adds = [worker.add(name, bigFile), worker.add(name, smallFile), worker.add(name, bigFile)];
    const digest = worker.digest(name, [smallFile]);
    await Promise.all(adds);
    expect(await digest).toBe(createHash('sha256').update(big).update(small).update(big).update(small).digest('hex'));
    await other;
    worker.drop(name);
    await expect(worker.digest(name, [])).rejects.toThrow(/no running hash named 41/);
  });
});
