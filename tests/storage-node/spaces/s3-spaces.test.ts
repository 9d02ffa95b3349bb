/**
 * User spaces on a real S3 server (Ceph RGW) through the node's routes:
 * create and test an S3 space (a wrong secret and a missing bucket named),
 * import and export 1,000 files and a 200 MiB file with hashes compared on
 * both sides, an import refusing an object whose bytes no longer match its
 * recorded SHA-256, and a space sync task copying a tree across two S3
 * buckets and a Local space, then only the differences on the next pass.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../helpers/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';
import { rgwSkipReason, useRgw } from '../../helpers/rgw-tests';
import { fullHashOf } from '../routes-support';
import { caller, localSpace, sha256, treeHashes, waitFor, writeTree, type Caller } from './space-support';

const MiB = 1024 * 1024;

describe.skipIf(rgwSkipReason)('S3 user spaces on RGW', () => {
  const s3 = useRgw();
  let t: TestNode;
  let api: Caller;
  let temp: { path: string; remove: () => Promise<void> };
  let bucketID: number;

  beforeAll(async () => {
    t = await startTestNode();
    api = caller(t.node.url, t.credentials);
    temp = await makeTempDir('jcs-s3-spaces');
    bucketID = (await t.client.createBucket('from-s3')).bucketID;
  });
  afterAll(async () => {
    await t?.dispose();
    await temp?.remove();
  });

  async function s3Space(name: string, bucket: string, workingDir = ''): Promise<number> {
    const res = await api.post('/userSpace/create', { name, storage: s3.storage(bucket), credential: s3.credential, shardStore: null, features: [], workingDir });
    return api.ok<{ userSpace: { userSpaceID: number } }>(res).userSpace.userSpaceID;
  }

  /** createPackage/downloadPackage as an async job, polled to its end. */
  async function job(route: string, body: Record<string, unknown>): Promise<{ state: string; packageID: number | null; error: { code: string; message: string } | null; filesDone: number }> {
    const { job } = api.ok<{ job: { jobID: number } }>(await api.post(route, { ...body, async: true }));
    return waitFor(
      async () => api.ok<{ job: { state: string; packageID: number | null; error: { code: string; message: string } | null; filesDone: number } }>(await api.get('/userSpace/getJob', { jobID: job.jobID })).job,
      (j) => j.state !== 'running',
      120_000,
      `${route} job ${job.jobID}`,
    );
  }

  it('test names a wrong secret and a missing bucket; a good space passes and leaves no probe behind', async () => {
    const bucket = await s3.newBucket();
    const test = (storage: unknown, credential: unknown) => api.post('/userSpace/test', { storage, credential, workingDir: 'work' });
    expect(api.ok(await test(s3.storage(bucket), s3.credential))).toBeNull();
    expect((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0);
    api.fails(await test(s3.storage(bucket), { ...s3.credential, secretAccessKey: 'wrong-secret' }), 200, 'OperationFailed', ['SignatureDoesNotMatch', bucket]);
    api.fails(await test(s3.storage('jcs-no-such-bucket'), s3.credential), 200, 'OperationFailed', ['NoSuchBucket']);
    api.fails(await test({ ...s3.storage(bucket), endpoint: 'http://127.0.0.1:9' }, s3.credential), 200, 'OperationFailed');
  });

  it('imports 1,000 files and a 200 MiB file, then exports them to another bucket, hashes equal end to end', async () => {
    const source = await s3.newBucket();
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 1000; i++) files.set(`many/d${i % 10}/f${String(i).padStart(4, '0')}.txt`, randomBytes(64 + (i % 200)));
    await putAll(s3.client, source, files);
    const big = randomBytes(1 * MiB);
    const bigHash = createHash('sha256');
    // 200 MiB of 200 distinct 1 MiB blocks, written through the space's own backend (multipart, SHA-256 metadata).
    const bigSpace = await s3Space('big-src', source);
    const bigDir = join(temp.path, 'big');
    await mkdir(bigDir, { recursive: true });
    const bigLocal = join(bigDir, 'big.bin');
    await writeFile(bigLocal, Buffer.alloc(0));
    for (let i = 0; i < 200; i++) {
      const block = Buffer.concat([big.subarray(0, MiB - 4), Buffer.from(Uint32Array.of(i).buffer)]);
      bigHash.update(block);
      await appendFile(bigLocal, block);
    }
    const bigSha = bigHash.digest('hex');
    await s3.client.send(new PutObjectCommand({ Bucket: source, Key: 'large/big.bin', Body: createReadStream(bigLocal), ContentLength: 200 * MiB }));

    const many = await job('/userSpace/createPackage', { userSpaceID: bigSpace, path: 'many', bucketID, name: 's3-many' });
    expect(many).toMatchObject({ state: 'done', filesDone: 1000, error: null });
    const objects = await t.client.getPackageObjects(many.packageID!);
    expect(new Map(objects.map((o) => [o.path, o.fileHash]))).toEqual(new Map([...files].map(([p, c]) => [p.slice('many/'.length), fullHashOf(c)])));

    const large = await job('/userSpace/createPackage', { userSpaceID: bigSpace, path: 'large/big.bin', bucketID, name: 's3-big' });
    expect(large).toMatchObject({ state: 'done', filesDone: 1 });
    expect((await t.client.getPackageObjects(large.packageID!)).map((o) => [o.path, o.size, o.fileHash])).toEqual([['big.bin', 200 * MiB, 'Full' + bigSha.toUpperCase()]]);

    const target = await s3.newBucket();
    const targetSpace = await s3Space('export-dest', target);
    expect(await job('/userSpace/downloadPackage', { userSpaceID: targetSpace, packageID: many.packageID, rootPath: 'out' })).toMatchObject({ state: 'done', filesDone: 1000 });
    expect(await job('/userSpace/downloadPackage', { userSpaceID: targetSpace, packageID: large.packageID, rootPath: 'out' })).toMatchObject({ state: 'done', filesDone: 1 });
    const exported = await bucketHashes(s3.client, target);
    expect(exported.size).toBe(1001);
    for (const [path, content] of files) expect(exported.get(`out/${path.slice('many/'.length)}`), path).toBe(sha256(content));
    expect(exported.get('out/big.bin')).toBe(bigSha);
    // Exported objects carry their SHA-256 as metadata (an import from there checks against it).
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: target, Key: 'out/big.bin' }));
    expect(head.Metadata?.sha256).toBe(bigSha);

    // Exporting again onto the same place is refused, nothing written.
    const again = await job('/userSpace/downloadPackage', { userSpaceID: targetSpace, packageID: many.packageID, rootPath: 'out' });
    expect(again.state).toBe('failed');
    expect(again.error).toMatchObject({ code: 'DataExists' });
    expect((await bucketHashes(s3.client, target)).size).toBe(1001);
  }, 300_000);

  it('refuses to import an object whose bytes no longer match the SHA-256 it was stored with', async () => {
    const bucket = await s3.newBucket();
    const space = await s3Space('corrupt', bucket);
    const good = Buffer.from('the real content');
    // Stored with a recorded hash that is not the hash of its bytes: a corrupt object.
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad/x.txt', Body: good, Metadata: { sha256: sha256('something else') } }));
    const before = (await t.client.listBucketPackages(bucketID)).length;
    const failed = await job('/userSpace/createPackage', { userSpaceID: space, path: 'bad', bucketID, name: 'corrupt' });
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toContain('corrupt');
    expect((await t.client.listBucketPackages(bucketID)).length).toBe(before);
  });

  it('syncs a tree from S3 to another bucket and a Local space, then only the differences', async () => {
    const srcBucket = await s3.newBucket();
    const destBucket = await s3.newBucket();
    const tree = new Map<string, Buffer>();
    for (let i = 0; i < 50; i++) tree.set(`tree/sub${i % 3}/file${i}.bin`, randomBytes(1000 + i));
    await putAll(s3.client, srcBucket, tree);
    const src = await s3Space('sync-src', srcBucket);
    const dest = await s3Space('sync-dest', destBucket);
    const localRoot = join(temp.path, 'sync-local');
    await mkdir(localRoot, { recursive: true });
    await writeTree(localRoot, { 'mine.txt': 'not touched' });
    const local = api.ok<{ userSpace: { userSpaceID: number } }>(await api.post('/userSpace/create', localSpace('sync-local', localRoot))).userSpace.userSpaceID;
    const taskID = api.ok<{ task: { taskID: number } }>(
      await api.post('/spaceSyncer/createTask', {
        trigger: { type: 'Interval', interval: 2 },
        mode: { type: 'Diff', includeSize: true, includeModTime: true },
        filters: [],
        options: { noEmptyDirectories: false },
        srcUserSpaceID: src,
        srcPath: 'tree',
        destUserSpaceIDs: [dest, local],
        destPathes: ['copy', 'copy'],
      }),
    ).task.taskID;
    type Task = { lastRunStart: string | null; lastRunEnd: string | null; status: string; lastCounts: { copied: number; failed: number; checked: number; bytes: string } | null; lastError: string | null };
    const pass = (after: string | null) =>
      waitFor(
        async () => api.ok<{ task: Task }>(await api.get('/spaceSyncer/getTask', { taskID })).task,
        (task) => task.status === 'idle' && task.lastRunEnd !== null && task.lastRunEnd !== after,
        60_000,
        'a sync pass',
      );
    const first = await pass(null);
    expect(first.lastError).toBeNull();
    expect(first.lastCounts).toMatchObject({ checked: 100, copied: 100, failed: 0 });
    const expected = new Map([...tree].map(([p, c]) => [`copy/${p.slice('tree/'.length)}`, sha256(c)]));
    expect(await bucketHashes(s3.client, destBucket)).toEqual(expected);
    const local1 = await treeHashes(localRoot);
    expect(local1['mine.txt']).toBe(sha256('not touched'));
    expect(new Map(Object.entries(local1).filter(([p]) => p.startsWith('copy/')))).toEqual(expected);

    // One file changed, one added: the next pass copies exactly those, to both destinations.
    const changed = randomBytes(3000);
    await putAll(s3.client, srcBucket, new Map([['tree/sub0/file0.bin', changed], ['tree/new.bin', Buffer.from('new')]]));
    const written = Date.now();
    let after = first.lastRunEnd;
    let copied = 0;
    let bytes = 0;
    for (let passes = 0; passes < 5; passes++) {
      const next = await pass(after);
      after = next.lastRunEnd;
      copied += next.lastCounts!.copied;
      bytes += Number(next.lastCounts!.bytes);
      // A pass the interval started while the changes were still being written may list
      // before them and copy nothing (a slow first pass is followed at once by the next):
      // only a pass begun after the writes shows that nothing is left.
      if (next.lastCounts!.copied === 0 && Date.parse(next.lastRunStart!) >= written) break;
    }
    expect({ copied, bytes }).toEqual({ copied: 4, bytes: 2 * (3000 + 3) });
    expect((await bucketHashes(s3.client, destBucket)).get('copy/sub0/file0.bin')).toBe(sha256(changed));
    expect((await treeHashes(localRoot))['copy/new.bin']).toBe(sha256('new'));
    api.ok(await api.post('/spaceSyncer/cancelTask', { taskID }));
    expect((await readdir(localRoot)).sort()).toEqual(['copy', 'mine.txt']);
  }, 180_000);
});

async function putAll(client: S3Client, bucket: string, files: Map<string, Buffer>): Promise<void> {
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: next[0], Body: next[1], ContentLength: next[1].length }));
      }
    }),
  );
}

/** Every key of a bucket → SHA-256 of its bytes (read back through GET). */
async function bucketHashes(client: S3Client, bucket: string): Promise<Map<string, string>> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const out = new Map<string, string>();
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const hash = createHash('sha256');
        for await (const chunk of answer.Body as Readable) hash.update(chunk as Buffer);
        out.set(key, hash.digest('hex'));
      }
    }),
  );
  return out;
}
