/**
 * The file hash of a multipart upload, taken from the chunks its parts read:
 * parts read in order give every byte, and the hash then reads nothing itself
 * (shown by pointing it at a file with other bytes of the same size, which it
 * would hash otherwise); parts that leave gaps, go out of order, stop midway
 * or start again still give the SHA-256 of the file, the hash reading the
 * rest from disk; and a stopped upload stops the hash. Real files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentFileHash } from '../../src-main/core/transfers/upload/sent-file-hash';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What a part's reader does: the span's bytes in chunks (1 MiB, the last shorter), each handed over as it is read. */
async function readPart(hash: SentFileHash, content: Buffer, offset: number, size: number, stopAfter = Infinity, reader = hash.reader(offset)): Promise<void> {
  try {
    for (let at = offset, n = 0; at < offset + size && n < stopAfter; n++) {
      await new Promise((resolve) => setTimeout(resolve, 3)); // sending takes longer than reading the file would
      const chunk = Buffer.from(content.subarray(at, Math.min(at + MiB, offset + size)));
      hash.read(reader, chunk);
      chunk.fill(0); // the reader's buffer is reused at once
      at += chunk.length;
    }
  } finally {
    hash.finished(reader);
  }
}

describe('SentFileHash', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const content = randomBytes(10 * MiB + 12_345);
  const partSize = 3 * MiB;
  const spans = [0, 1, 2, 3].map((i) => ({ offset: i * partSize, size: Math.min(partSize, content.length - i * partSize) }));
  let path: string;
  let otherBytes: string;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-sent-hash');
    path = join(temp.path, 'file.bin');
    otherBytes = join(temp.path, 'other.bin');
    await writeFile(path, content);
    await writeFile(otherBytes, randomBytes(content.length));
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('takes every byte from parts read one after another, reading nothing itself', async () => {
    const hash = new SentFileHash(otherBytes, content.length);
    // Every part registered before any is read, as they queue for their turn to send.
    const readers = spans.map((s) => hash.reader(s.offset));
    const digest = hash.digest(new AbortController().signal);
    for (const [i, s] of spans.entries()) await readPart(hash, content, s.offset, s.size, Infinity, readers[i]);
    expect(await digest).toBe(sha256(content));
  });

  it('reads from the file what no part brings in order: gaps, parts out of order, a part stopped midway and sent again', async () => {
    const hash = new SentFileHash(path, content.length);
    const digest = hash.digest(new AbortController().signal);
    // Part 0 was acknowledged in an earlier run (not read); part 2 goes before part 1; part 1 stops after one chunk and goes again; part 3 is read twice at once.
    await readPart(hash, content, spans[2]!.offset, spans[2]!.size);
    await readPart(hash, content, spans[1]!.offset, spans[1]!.size, 1);
    await readPart(hash, content, spans[1]!.offset, spans[1]!.size);
    await Promise.all([readPart(hash, content, spans[3]!.offset, spans[3]!.size), readPart(hash, content, spans[3]!.offset, spans[3]!.size)]);
    expect(await digest).toBe(sha256(content));
  });

  it('does not wait forever for a part that stops before it reads anything', async () => {
    const hash = new SentFileHash(path, content.length);
    const reader = hash.reader(0);
    const digest = hash.digest(new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    hash.finished(reader); // the part failed before its body was opened
    expect(await digest).toBe(sha256(content));
  });

  it('stops when the upload stops', async () => {
    const hash = new SentFileHash(path, content.length);
    hash.reader(0); // a part that will not come back: the hash waits for it
    const stop = new AbortController();
    const digest = hash.digest(stop.signal);
    stop.abort(new Error('paused'));
    await expect(digest).rejects.toThrow('paused');
  });
});
