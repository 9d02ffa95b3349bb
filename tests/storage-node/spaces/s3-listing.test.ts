// S3SpaceBackend.list against a real S3 service (Ceph RGW): paging through
// continuation tokens, paths relative to the bucket, folder markers reported as
// empty folders only when nothing lies below them, across page boundaries too.
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { SpaceListing } from '../../../src-main/storage-node/spaces/space-backend';
import { createS3Backend, type S3BackendOptions } from '../../../src-main/storage-node/spaces/s3/s3-backend';
import { rgwSkipReason, useRgw, type RgwKit } from '../../helpers/rgw-tests';

async function putKeys(kit: RgwKit, bucket: string, keys: string[], concurrency = 16): Promise<void> {
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const body = key.endsWith('/') ? '' : `content of ${key}`;
        await kit.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: Buffer.byteLength(body) }));
      }
    }),
  );
}

async function collect(pages: AsyncIterable<SpaceListing>): Promise<{ pages: SpaceListing[]; files: string[]; emptyFolders: string[] }> {
  const all: SpaceListing[] = [];
  for await (const page of pages) all.push(page);
  return {
    pages: all,
    files: all.flatMap((p) => p.files.map((f) => f.path)).sort(),
    emptyFolders: all.flatMap((p) => p.emptyFolders).sort(),
  };
}

describe.skipIf(rgwSkipReason)('S3 space listing (RGW)', () => {
  const s3 = useRgw();
  const backend = (bucket: string, options: S3BackendOptions = {}) => createS3Backend(s3.storage(bucket), s3.credential, options);

  it('pages through more than 1,000 keys with continuation tokens, one page per yield, paths relative to the bucket', async () => {
    const bucket = await s3.newBucket();
    const inside = Array.from({ length: 1105 }, (_, i) => `many/d${i % 7}/file-${String(i).padStart(4, '0')}.txt`);
    await putKeys(s3, bucket, [...inside, 'many-not-inside.txt', 'other/x.txt']);
    const space = backend(bucket);
    const listed = await collect(space.list('many'));
    expect(listed.pages.length).toBe(2);
    expect(listed.pages[0]!.files.length).toBe(1000);
    expect(listed.files).toEqual([...inside].sort());
    const first = listed.pages[0]!.files[0]!;
    expect(first.size).toBe(Buffer.byteLength(`content of ${first.path}`));
    expect(first.modTime % 1000).toBe(0);
    expect(Math.abs(first.modTime - Date.now())).toBeLessThan(10 * 60_000);
    // ListObjectsV2 does not carry our metadata: the hash is left to stat.
    expect(first.sha256).toBeUndefined();
    const whole = await collect(space.list(''));
    expect(whole.files.length).toBe(1107);
    space.close();
  });

  it('reports a folder marker as an empty folder only when no file lies below it', async () => {
    const bucket = await s3.newBucket();
    await putKeys(s3, bucket, [
      'f/', // the listed folder's own marker: not inside it
      'f/empty/',
      'f/empty-a.txt', // sorts before 'f/empty/' ('-' < '/')
      'f/empty0.txt', // sorts after everything under 'f/empty/' ('0' > '/')
      'f/full/',
      'f/full/x.txt',
      'f/nested/',
      'f/nested/deeper/',
      'f/a/',
      'f/a/b/',
      'f/a/b/c.txt',
      'f/z.txt',
      'g/',
    ]);
    const expectedFiles = ['f/a/b/c.txt', 'f/empty-a.txt', 'f/empty0.txt', 'f/full/x.txt', 'f/z.txt'];
    const expectedEmpty = ['f/empty', 'f/nested', 'f/nested/deeper'];
    for (const listPageSize of [1000, 2, 1]) {
      const space = backend(bucket, { listPageSize });
      const listed = await collect(space.list('f'));
      expect(listed.files, `page size ${listPageSize}`).toEqual(expectedFiles);
      expect(listed.emptyFolders, `page size ${listPageSize}`).toEqual(expectedEmpty);
      if (listPageSize < 1000) expect(listed.pages.length).toBeGreaterThan(4);
      space.close();
    }
    const whole = await collect(backend(bucket).list(''));
    expect(whole.emptyFolders).toEqual([...expectedEmpty, 'g']);
  });

  it('makeFolder leaves a marker that lists as an empty folder until a file is written below it', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    await space.makeFolder('made/here');
    await space.makeFolder(''); // the bucket itself: nothing to do
    expect(await collect(space.list(''))).toMatchObject({ files: [], emptyFolders: ['made/here'] });
    await space.write('made/here/now.txt', Readable.from([Buffer.from('x')]), { size: 1 });
    expect(await collect(space.list(''))).toMatchObject({ files: ['made/here/now.txt'], emptyFolders: [] });
    space.close();
  });

  it('yields one empty page for a folder that is not there, and does not list a file named as a folder', async () => {
    const bucket = await s3.newBucket();
    await putKeys(s3, bucket, ['file.txt', 'dir/inner.txt']);
    const space = backend(bucket);
    const missing = await collect(space.list('absent'));
    expect(missing.pages).toEqual([{ files: [], emptyFolders: [] }]);
    expect((await collect(space.list('file.txt'))).files).toEqual([]);
    expect((await collect(space.list('dir/'))).files).toEqual(['dir/inner.txt']);
    space.close();
  });

  it('fails with NotFound naming the bucket when the bucket is not there', async () => {
    const space = backend('jcs-no-such-bucket-here');
    await expect(collect(space.list(''))).rejects.toMatchObject({
      name: 'SpaceBackendError',
      code: 'NotFound',
      message: expect.stringMatching(/listing '' in the bucket 'jcs-no-such-bucket-here' failed: S3 error NoSuchBucket/) as unknown,
    });
    space.close();
  });
});
