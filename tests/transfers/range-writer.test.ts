/**
 * The sink a download range is read into (download/range-writer.ts), on a
 * real file: bytes land at the range's place in the file whatever sizes they
 * come in; the reader is told to wait while two full buffers wait for the
 * disk, and always gets room to read into; the fingerprint is the range's;
 * too many bytes, a reader that does not wait, and a failing disk each end the
 * range with a clear error.
 */
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PartialFile } from '../../src-main/core/transfers/download/partial-file';
import { RangeFingerprint } from '../../src-main/core/transfers/download/range-fingerprint';
import { RangeWriter } from '../../src-main/core/transfers/download/range-writer';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB } from '../helpers/transfers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempFile(flags = 'w+'): Promise<{ handle: FileHandle; path: string }> {
  const dir = await makeTempDir();
  const path = join(dir.path, 'partial');
  if (flags !== 'w+') await (await open(path, 'w')).close();
  const handle = await open(path, flags);
  cleanups.push(async () => {
    await handle.close().catch(() => undefined);
    await dir.remove();
  });
  return { handle, path };
}

const noHooks = { onBytes: () => undefined, pace: () => undefined, readLimit: () => undefined };

/** Feeds `bytes` as a reader would: into space(), `sizes` at a time (cycled), waiting when told to. */
async function feed(writer: RangeWriter, bytes: Buffer, sizes: number[]): Promise<{ waits: number }> {
  let at = 0;
  let waits = 0;
  for (let i = 0; at < bytes.length; i++) {
    const space = writer.space();
    expect(space.length).toBeGreaterThanOrEqual(64 * 1024);
    const n = Math.min(sizes[i % sizes.length]!, space.length, bytes.length - at);
    bytes.copy(space, 0, at, at + n);
    at += n;
    const pending = writer.received(space.subarray(0, n));
    if (pending) {
      waits++;
      await pending;
    }
  }
  return { waits };
}

describe('RangeWriter', () => {
  it('puts a range at its place in the file, whatever sizes its bytes come in, with its fingerprint and progress', async () => {
    const { handle } = await tempFile();
    const file = new PartialFile(handle);
    const bytes = randomBytes(5 * MiB + 333);
    let progress = 0;
    const writer = new RangeWriter(file, 7 * MiB, bytes.length, { onBytes: (n) => (progress += n), pace: () => undefined, readLimit: () => undefined });
    await feed(writer, bytes, [65_536, 1, 300_000, 4_000, 1 * MiB]);
    const fingerprint = await writer.finish();
    await writer.release();
    expect(progress).toBe(bytes.length);
    const expected = new RangeFingerprint();
    expected.update(bytes);
    expect(fingerprint).toBe(expected.value());
    const back = Buffer.alloc(bytes.length);
    await handle.read(back, 0, back.length, 7 * MiB);
    expect(back.equals(bytes)).toBe(true);
  });

  it('asks the reader to wait while the limiter does, and counts what passed', async () => {
    const { handle } = await tempFile();
    let paced = 0;
    const writer = new RangeWriter(new PartialFile(handle), 0, 200_000, { onBytes: () => undefined, pace: (n) => ((paced += n), new Promise((r) => setTimeout(r, 1))), readLimit: () => 64 * 1024 });
    const { waits } = await feed(writer, randomBytes(200_000), [100_000]);
    await writer.finish();
    await writer.release();
    expect(paced).toBe(200_000);
    expect(waits).toBe(4); // reads of at most 64 KiB while limited: 65,536 × 3 + 3,392
    expect(writer.bytesCounted).toBe(200_000);
  });

  it('refuses more bytes than the range has, and a reader that goes on while told to wait', async () => {
    const { handle } = await tempFile();
    const writer = new RangeWriter(new PartialFile(handle), 0, 100, noHooks);
    const space = writer.space();
    expect(() => writer.received(space.subarray(0, 101))).toThrow(/more than the 100 bytes of the range at 0/);
    await writer.release();

    // A disk that never answers: after two full buffers wait for it, the reader must wait too.
    const stuck = { write: () => new Promise<void>(() => undefined) } as unknown as PartialFile;
    const blocked = new RangeWriter(stuck, 0, 10 * MiB, noHooks);
    const fill = () => blocked.received(blocked.space().subarray(0, blocked.space().length));
    expect(fill()).toBeUndefined(); // first buffer: written
    expect(fill()).toBeInstanceOf(Promise); // second: waits behind it, and the reader must wait
    expect(() => fill()).toThrow(/went on while the range writer had asked it to wait/);
  });

  it('ends the range with the disk\'s error', async () => {
    const { handle } = await tempFile('r'); // read-only: every write fails
    const writer = new RangeWriter(new PartialFile(handle), 0, 3 * MiB, noHooks);
    const failure = await feed(writer, randomBytes(3 * MiB), [1 * MiB])
      .then(() => writer.finish())
      .catch((error: unknown) => error);
    expect((failure as NodeJS.ErrnoException).code).toBe('EBADF');
    await writer.release();
  });
});
