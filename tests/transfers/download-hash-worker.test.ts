/**
 * The whole-file SHA-256 of a download in ranges, hashed on a worker from the
 * buffers each range wrote (held while they come ahead of the hash, up to a
 * limit) or read back from the file. The digest must always be the hash of
 * the bytes the file finally holds, whatever order the ranges come in, and
 * also when an attempt at a range fails after some of its bytes were hashed
 * and its retry writes other bytes there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitIntoSpans, type ByteSpan } from '../../src-main/core/transfers/part-size';
import { WorkerPrefixHasher } from '../../src-main/core/transfers/download/prefix-hash-worker';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB } from '../helpers/transfers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function partialFile() {
  const dir = await makeTempDir('jcs-hash-worker');
  const path = join(dir.path, 'f.jcs-download');
  const handle = await open(path, 'w+');
  cleanups.push(async () => {
    await handle.close();
    await dir.remove();
  });
  return { path, handle };
}

/** Writes a span in batches of 256 KiB and hands each batch to the hasher, as a range does. */
async function writeSpan(handle: Awaited<ReturnType<typeof open>>, hasher: WorkerPrefixHasher, content: Buffer, span: ByteSpan): Promise<void> {
  for (let at = span.offset; at < span.offset + span.size; at += 256 * 1024) {
    const end = Math.min(at + 256 * 1024, span.offset + span.size);
    const batch = [Buffer.from(content.subarray(at, end))]; // its own memory, as a socket's chunk
    await handle.write(batch[0]!, 0, end - at, at);
    hasher.written(at, batch);
  }
}

describe('WorkerPrefixHasher', () => {
  it.each([
    ['everything held in memory', 64 * MiB],
    ['nothing held: what comes ahead of the hash is read back', 0],
  ])('hashes ranges written in reverse order, with ranges of an earlier run read back (%s)', async (_, holdBytes) => {
    const { path, handle } = await partialFile();
    const content = randomBytes(6 * MiB + 777);
    const spans = splitIntoSpans(content.length, MiB);
    const hasher = new WorkerPrefixHasher(path, holdBytes);
    cleanups.push(() => hasher.close());
    // Spans 2 and 5 were written by an earlier run.
    for (const span of [spans[1]!, spans[4]!]) {
      await handle.write(content, span.offset, span.size, span.offset);
      hasher.onDisk(span.offset, span.size);
    }
    for (const span of [...spans].reverse()) if (span !== spans[1] && span !== spans[4]) await writeSpan(handle, hasher, content, span);
    expect(await hasher.digest(content.length)).toBe(sha256(content));
  });

  it('gives the hash of the bytes the file holds when a retried range writes other bytes where some were already hashed', async () => {
    const { path, handle } = await partialFile();
    const first = randomBytes(3 * MiB);
    const retried = Buffer.from(first);
    retried.fill(0x5a, MiB, 2 * MiB); // the second range's retry brings other bytes
    const spans = splitIntoSpans(first.length, MiB);
    const hasher = new WorkerPrefixHasher(path, 64 * MiB);
    cleanups.push(() => hasher.close());
    await writeSpan(handle, hasher, first, spans[0]!);
    await writeSpan(handle, hasher, first, spans[1]!); // hashed in order, then its attempt fails
    hasher.discarded(spans[1]!.offset, spans[1]!.size);
    await writeSpan(handle, hasher, retried, spans[1]!);
    await writeSpan(handle, hasher, retried, spans[2]!);
    const onDisk = await readFile(path);
    expect(onDisk.equals(retried)).toBe(true);
    expect(await hasher.digest(first.length)).toBe(sha256(retried));
  });

  it('drops what a failed attempt held ahead of the hash, and takes its retry instead', async () => {
    const { path, handle } = await partialFile();
    const content = randomBytes(3 * MiB);
    const wrong = randomBytes(MiB);
    const spans = splitIntoSpans(content.length, MiB);
    const hasher = new WorkerPrefixHasher(path, 64 * MiB);
    cleanups.push(() => hasher.close());
    const stale = Buffer.concat([content.subarray(0, MiB), wrong, content.subarray(2 * MiB)]);
    await writeSpan(handle, hasher, stale, spans[1]!); // held (ahead of the hash), then its attempt fails
    hasher.discarded(spans[1]!.offset, spans[1]!.size);
    await writeSpan(handle, hasher, content, spans[1]!);
    await writeSpan(handle, hasher, content, spans[2]!);
    await writeSpan(handle, hasher, content, spans[0]!);
    expect(await hasher.digest(content.length)).toBe(sha256(content));
  });

  it('refuses to give a digest while a range is missing', async () => {
    const { path, handle } = await partialFile();
    const content = randomBytes(3 * MiB);
    const spans = splitIntoSpans(content.length, MiB);
    const hasher = new WorkerPrefixHasher(path, 64 * MiB);
    cleanups.push(() => hasher.close());
    await writeSpan(handle, hasher, content, spans[0]!);
    await writeSpan(handle, hasher, content, spans[2]!);
    await expect(hasher.digest(content.length)).rejects.toThrow(/missing/);
  });
});
