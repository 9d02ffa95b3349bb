// S3SpaceBackend.write/read/stat against a real S3 service (Ceph RGW): the
// SHA-256 computed as the bytes move and kept in the metadata, one PutObject
// for small objects and a multipart upload for large ones, and the interface's
// rule that a failed, corrupt or aborted write leaves nothing (no object, no
// open multipart upload) and never damages what was there.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Backend, type S3BackendOptions } from '../../../src-main/storage-node/spaces/s3/s3-backend';
import { objectExists, openUploads, randomBody, rgwSkipReason, sha256Of, useRgw } from '../../helpers/rgw-tests';

const MiB = 1024 * 1024;
/** Multipart from 5 MiB on, in 5 MiB parts (S3's smallest), so tests reach the large-object path with small files. */
const SMALL_PARTS: S3BackendOptions = { singlePutLimit: 5 * MiB, partSize: 5 * MiB };
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.skipIf(rgwSkipReason)('S3 space writes and reads (RGW)', () => {
  const s3 = useRgw();
  const backend = (bucket: string, options: S3BackendOptions = {}) => createS3Backend(s3.storage(bucket), s3.credential, options);
  const head = (bucket: string, key: string) => s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

  it('writes a small object in one request with its SHA-256 and modification time in the metadata; stat and read give them back', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    const data = randomBytes(100_000);
    const written = await space.write('docs/a b+c.bin', Readable.from([data.subarray(0, 30_000), data.subarray(30_000)]), { size: data.length, modTime: 1_700_000_000_123 });
    expect(written.sha256).toBe(sha256(data));
    const stored = await head(bucket, 'docs/a b+c.bin');
    expect(stored.Metadata).toEqual({ sha256: sha256(data), mtime: '1700000000.123' });
    expect(stored.ETag).not.toMatch(/-\d+"$/); // one PutObject, not a multipart upload
    expect(await space.stat('docs/a b+c.bin')).toEqual({ path: 'docs/a b+c.bin', size: data.length, modTime: 1_700_000_000_123, sha256: sha256(data) });
    const read = await space.read('docs/a b+c.bin');
    // The GET's own headers carry size and our SHA-256: a reader checks the bytes without a HEAD.
    expect({ size: read.size, sha256: read.sha256 }).toEqual({ size: data.length, sha256: sha256(data) });
    expect(await sha256Of(read.body)).toEqual({ sha256: sha256(data), size: data.length });
    // An empty file is an object too.
    expect(await space.write('empty.txt', Readable.from([]), { size: 0 })).toEqual({ sha256: sha256(Buffer.alloc(0)) });
    expect(await space.stat('empty.txt')).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(await space.stat('docs')).toBeUndefined(); // a folder is not a file
    space.close();
  });

  it('writes 40 MiB as a multipart upload, with and without the expected hash, and records the SHA-256 either way', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket, SMALL_PARTS);
    const data = randomBytes(40 * MiB);
    const known = await space.write('big/known.bin', Readable.from([data]), { size: data.length, expectedSha256: sha256(data).toUpperCase() });
    const computed = await space.write('big/com puted+ü.bin', Readable.from([data]), { size: data.length, modTime: 1_600_000_000_000 });
    expect(known.sha256).toBe(sha256(data));
    expect(computed.sha256).toBe(sha256(data));
    for (const key of ['big/known.bin', 'big/com puted+ü.bin']) {
      const stored = await head(bucket, key);
      expect(stored.ETag).toMatch(/-8"$/); // eight 5 MiB parts
      expect(stored.Metadata?.sha256).toBe(sha256(data));
      expect(await sha256Of((await space.read(key)).body)).toEqual({ sha256: sha256(data), size: data.length });
    }
    expect((await space.stat('big/com puted+ü.bin'))?.modTime).toBe(1_600_000_000_000);
    expect(await openUploads(s3, bucket)).toEqual([]);
    space.close();
  });

  it('records the SHA-256 of an object above the single-copy limit with a multipart copy onto itself', async () => {
    const bucket = await s3.newBucket();
    // Uploaded in two 6 MiB parts, copied in 5 MiB ones: the ETag's part count tells which wrote the object last.
    const space = backend(bucket, { singlePutLimit: 5 * MiB, partSize: 6 * MiB, maxCopySize: 6 * MiB, copyPartSize: 5 * MiB });
    const data = randomBytes(12 * MiB);
    await space.write('copied/ä b+c.bin', Readable.from([data]), { size: data.length });
    const stored = await head(bucket, 'copied/ä b+c.bin');
    expect(stored.Metadata?.sha256).toBe(sha256(data));
    expect(stored.ETag).toMatch(/-3"$/); // the copy's three parts (5 + 5 + 2 MiB), not the upload's two
    expect(await sha256Of((await space.read('copied/ä b+c.bin')).body)).toEqual({ sha256: sha256(data), size: data.length });
    expect(await openUploads(s3, bucket)).toEqual([]);
    // RGW 16 decodes a part copy's source twice, and aborts on a lone '%': such a key keeps no SHA-256 here (and the service lives).
    await space.write('copied/100%.bin', Readable.from([data]), { size: data.length });
    expect(await space.stat('copied/100%.bin')).toMatchObject({ size: data.length, sha256: undefined });
    expect(await sha256Of((await space.read('copied/100%.bin')).body)).toEqual({ sha256: sha256(data), size: data.length });
    // Up to the single-copy limit (CopyObject) the same key is no trouble.
    await backend(bucket, SMALL_PARTS).write('copied/100%.bin', Readable.from([data]), { size: data.length });
    expect((await space.stat('copied/100%.bin'))?.sha256).toBe(sha256(data));
    space.close();
  });

  it('writes and reads back a 200 MiB file with the default part sizes, streamed at both ends', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    const source = randomBody(200 * MiB);
    const written = await space.write('large/200.bin', source.body, { size: 200 * MiB });
    expect(written.sha256).toBe(source.sha256());
    expect((await head(bucket, 'large/200.bin')).ETag).toMatch(/-25"$/); // 8 MiB parts
    expect(await space.stat('large/200.bin')).toMatchObject({ size: 200 * MiB, sha256: source.sha256() });
    expect(await sha256Of((await space.read('large/200.bin')).body)).toEqual({ sha256: source.sha256(), size: 200 * MiB });
    space.close();
  }, 120_000);

  it('fails with Corrupt and stores nothing when the bytes do not match the expected hash, keeping what was there', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket, SMALL_PARTS);
    const old = Buffer.from('the old content');
    await space.write('kept.txt', Readable.from([old]), { size: old.length });
    const wrong = sha256(Buffer.from('something else'));
    for (const size of [1000, 12 * MiB]) {
      const data = randomBytes(size);
      await expect(space.write('kept.txt', Readable.from([data]), { size, expectedSha256: wrong })).rejects.toMatchObject({
        code: 'Corrupt',
        message: expect.stringContaining(`SHA-256 is ${sha256(data)}, not the expected ${wrong}`) as unknown,
      });
      await expect(space.write(`new-${size}.bin`, Readable.from([data]), { size, expectedSha256: wrong })).rejects.toMatchObject({ code: 'Corrupt' });
      expect(await objectExists(s3, bucket, `new-${size}.bin`)).toBe(false);
    }
    expect(await sha256Of((await space.read('kept.txt')).body)).toEqual({ sha256: sha256(old), size: old.length });
    expect(await openUploads(s3, bucket)).toEqual([]);
    space.close();
  });

  it('an abort in the middle of a multipart write leaves no object and no open upload', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket, SMALL_PARTS);
    const controller = new AbortController();
    // Aborted once the backend has pulled 18 MiB: parts have been sent, the body is not finished.
    const source = randomBody(40 * MiB, (read) => {
      if (read >= 18 * MiB && !controller.signal.aborted) controller.abort();
    });
    await expect(space.write('aborted.bin', source.body, { size: 40 * MiB, signal: controller.signal })).rejects.toMatchObject({ name: 'SpaceBackendError', code: 'Aborted' });
    expect(await objectExists(s3, bucket, 'aborted.bin')).toBe(false);
    expect(await openUploads(s3, bucket)).toEqual([]);
    space.close();
  });

  it('an abort of a small write, or a body shorter or longer than declared, stores nothing', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    const controller = new AbortController();
    const stalled = new Readable({ read() {} });
    stalled.push(randomBytes(1000)); // and then nothing more: the write waits for the rest
    const pending = space.write('stalled.bin', stalled, { size: 5000, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ code: 'Aborted' });
    const short = space.write('short.bin', Readable.from([randomBytes(999)]), { size: 1000 });
    await expect(short).rejects.toMatchObject({ code: 'Failed', message: expect.stringContaining('only 999 bytes, not the 1000 declared') as unknown });
    const long = backend(bucket, SMALL_PARTS).write('long.bin', randomBody(6 * MiB).body, { size: 6 * MiB - 1 });
    await expect(long).rejects.toMatchObject({ code: 'Failed', message: expect.stringContaining(`more than the ${6 * MiB - 1} bytes declared`) as unknown });
    for (const key of ['stalled.bin', 'short.bin', 'long.bin']) expect(await objectExists(s3, bucket, key)).toBe(false);
    expect(await openUploads(s3, bucket)).toEqual([]);
    space.close();
  });

  it('read of a missing file is NotFound, stat is undefined, remove is fine; remove deletes', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    await expect(space.read('nothing/here.txt')).rejects.toMatchObject({ code: 'NotFound', message: expect.stringContaining('S3 error NoSuchKey') as unknown });
    expect(await space.stat('nothing/here.txt')).toBeUndefined();
    await space.remove('nothing/here.txt');
    await space.write('gone.txt', Readable.from([Buffer.from('x')]), { size: 1 });
    await space.remove('gone.txt');
    expect(await objectExists(s3, bucket, 'gone.txt')).toBe(false);
    space.close();
  });

  it('a read aborted mid-stream fails with Aborted', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    const source = randomBody(12 * MiB);
    await space.write('to-read.bin', source.body, { size: 12 * MiB });
    const controller = new AbortController();
    const { body: stream } = await space.read('to-read.bin', controller.signal);
    let received = 0;
    const consumed = (async () => {
      for await (const chunk of stream) {
        received += (chunk as Buffer).length;
        if (received >= MiB) controller.abort();
      }
    })();
    await expect(consumed).rejects.toMatchObject({ code: 'Aborted' });
    expect(received).toBeLessThan(12 * MiB);
    space.close();
  });
});
