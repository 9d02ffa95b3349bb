/**
 * A multi-file body gathers small pieces (a small file, its heading, the line
 * break after it) into bigger chunks so that sending many small files is not
 * a write per piece. The bytes must be exactly those of the pieces one after
 * the other, whatever the sources do: a source that hands out one buffer
 * again and again (allowed: it may reuse it once asked for the next) must not
 * have its earlier bytes overwritten in a chunk not yet sent; big pieces go
 * as they are; `onBytes` counts each file byte once, after it has gone; the
 * Content-Length is the length sent.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BodySizeMismatchError, multipartBody, type FilePart } from '../../src-main/providers/jcs/multipart-body';

/** A source that yields `bytes` in `chunk`-byte pieces, all through one reused buffer. */
function reusingSource(bytes: Buffer, chunk: number): FilePart['body'] {
  return {
    size: bytes.length,
    open: async function* () {
      const shared = Buffer.alloc(chunk);
      for (let at = 0; at < bytes.length; at += chunk) {
        const n = bytes.copy(shared, 0, at, Math.min(bytes.length, at + chunk));
        yield await Promise.resolve(shared.subarray(0, n));
        shared.fill(0xee); // what a reuse does to a buffer already handed out
      }
    },
  };
}

async function send(files: FilePart[]) {
  let counted = 0;
  const body = multipartBody({ packageID: 1 }, files, (n) => (counted += n));
  const chunks: Buffer[] = [];
  for await (const chunk of body.chunks) chunks.push(Buffer.from(chunk)); // as the socket takes it, before the next is asked for
  return { body, chunks, bytes: Buffer.concat(chunks), counted };
}

describe('multipart bodies', () => {
  it('are the pieces one after the other, gathered, even from sources that reuse their buffer', async () => {
    const contents = Array.from({ length: 200 }, (_, i) => randomBytes(i % 7 === 0 ? 0 : 1000 + ((i * 37) % 5000)));
    contents.push(randomBytes(3 * 1024 * 1024)); // a big file: its 1 MiB pieces go as they are
    const files: FilePart[] = contents.map((bytes, i) => ({
      field: 'files',
      filename: encodeURIComponent(`d/${i}.bin`),
      body: i % 3 === 0 ? bytes : reusingSource(bytes, i === 200 ? 1024 * 1024 : 700),
    }));
    const { body, chunks, bytes, counted } = await send(files);

    const boundary = /boundary=(.+)$/.exec(body.contentType)![1]!;
    const expected = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="info"\r\nContent-Type: application/json\r\n\r\n{"packageID":1}\r\n`),
      ...contents.flatMap((c, i) => [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="d%2F${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`), c, Buffer.from('\r\n')]),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    expect(bytes.equals(expected)).toBe(true);
    expect(body.contentLength).toBe(expected.length);
    expect(counted).toBe(contents.reduce((sum, c) => sum + c.length, 0));
    // Gathered: far fewer chunks than pieces (three per file), and the big file's 1 MiB pieces among them as they are.
    expect(chunks.length).toBeLessThan(20);
    expect(chunks.filter((c) => c.length === 1024 * 1024)).toHaveLength(3);
  });

  it('still refuses a source that gives more or fewer bytes than its size', async () => {
    const bytes = randomBytes(5000);
    const resized = (size: number): FilePart['body'] => {
      const source = reusingSource(bytes, 700) as { open: () => AsyncIterable<Buffer> };
      return { size, open: () => source.open() };
    };
    await expect(send([{ field: 'files', filename: 'a', body: resized(4000) }])).rejects.toBeInstanceOf(BodySizeMismatchError);
    await expect(send([{ field: 'files', filename: 'b', body: resized(6000) }])).rejects.toBeInstanceOf(BodySizeMismatchError);
  });
});
