// S3SpaceBackend against a real S3 service (Ceph RGW) when something is wrong:
// refused keys, a missing bucket, an endpoint that is closed or never answers,
// permissions that stop one step — each a SpaceBackendError with the code the
// routes map and a message naming the step and the service's own error; and the
// probe, which proves a space usable and leaves no probe object behind.
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Backend, type S3BackendOptions } from '../../../src-main/storage-node/spaces/s3/s3-backend';
import { freePort } from '../../helpers/rgw';
import { rgwSkipReason, useRgw, type RgwKit } from '../../helpers/rgw-tests';

async function keysIn(kit: RgwKit, bucket: string): Promise<string[]> {
  const answer = await kit.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (answer.Contents ?? []).map((object) => object.Key ?? '');
}

/** Denies one action under one folder of the bucket to everyone (the owner included: an explicit Deny wins). */
async function deny(kit: RgwKit, bucket: string, action: string, folder: string): Promise<void> {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: action, Resource: `arn:aws:s3:::${bucket}/${folder}/*` }] };
  await kit.client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
}

describe.skipIf(rgwSkipReason)('S3 space failures and the probe (RGW)', () => {
  const s3 = useRgw();
  const backend = (bucket: string, options: S3BackendOptions = {}) => createS3Backend(s3.storage(bucket), s3.credential, options);

  it('the probe lists, writes, reads back and deletes under the working folder, and leaves nothing', async () => {
    const bucket = await s3.newBucket();
    const space = backend(bucket);
    await space.probe('work/dir');
    await space.probe('/trailing/slashes//');
    await space.probe('');
    expect(await keysIn(s3, bucket)).toEqual([]);
    space.close();
  });

  it('a wrong secret or an unknown key is AccessDenied, and the probe names its first step', async () => {
    const bucket = await s3.newBucket();
    const wrongSecret = createS3Backend(s3.storage(bucket), { ...s3.credential, secretAccessKey: 'not-the-secret' });
    await expect(wrongSecret.probe('work')).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringMatching(new RegExp(`^listing the bucket '${bucket}' at http://127\\.0\\.0\\.1:\\d+ failed: S3 error SignatureDoesNotMatch`)) as unknown,
    });
    await expect(wrongSecret.write('x.txt', Readable.from([Buffer.from('x')]), { size: 1 })).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(wrongSecret.read('x.txt')).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(wrongSecret.stat('x.txt')).rejects.toMatchObject({ code: 'AccessDenied' });
    const unknownKey = createS3Backend(s3.storage(bucket), { ...s3.credential, accessKeyId: 'NO-SUCH-KEY' });
    await expect(unknownKey.probe('')).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('S3 error InvalidAccessKeyId') as unknown });
    wrongSecret.close();
    unknownKey.close();
  });

  it('a missing bucket is NotFound, named in the message', async () => {
    const space = backend('jcs-missing-bucket');
    await expect(space.probe('')).rejects.toMatchObject({ code: 'NotFound', message: expect.stringMatching(/^listing the bucket 'jcs-missing-bucket' at .* failed: S3 error NoSuchBucket/) as unknown });
    await expect(space.write('a.txt', Readable.from([Buffer.from('a')]), { size: 1 })).rejects.toMatchObject({ code: 'NotFound', message: expect.stringContaining('NoSuchBucket') as unknown });
    await expect(space.makeFolder('a')).rejects.toMatchObject({ code: 'NotFound' });
    space.close();
  });

  it('a probe that cannot write, or cannot read back, names that step and still leaves no probe object', async () => {
    const bucket = await s3.newBucket();
    await deny(s3, bucket, 's3:PutObject', 'no-write');
    const space = backend(bucket);
    await expect(space.probe('no-write')).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringMatching(/^writing the probe object 'no-write\/\.jcs-probe-[0-9a-f-]{36}' failed: S3 error AccessDenied/) as unknown,
    });
    const readBucket = await s3.newBucket();
    await deny(s3, readBucket, 's3:GetObject', 'no-read');
    const readSpace = backend(readBucket);
    await expect(readSpace.probe('no-read')).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringMatching(/^reading the probe object 'no-read\/\.jcs-probe-[0-9a-f-]{36}' back failed: S3 error AccessDenied/) as unknown,
    });
    expect(await keysIn(s3, readBucket)).toEqual([]);
    await readSpace.probe('elsewhere'); // the rest of the bucket is usable
    space.close();
    readSpace.close();
  });

  it('a probe aborted by its caller is Aborted', async () => {
    const space = backend(await s3.newBucket());
    const controller = new AbortController();
    controller.abort();
    await expect(space.probe('', controller.signal)).rejects.toMatchObject({ code: 'Aborted' });
    space.close();
  });
});

describe('S3 space endpoints that cannot be used', () => {
  const credential = { type: 'S3' as const, accessKeyId: 'key', secretAccessKey: 'secret' };
  let silent: Server;
  let silentEndpoint = '';
  const held: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a service that hangs.
    silent = createServer((socket) => held.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    silentEndpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(() => {
    for (const socket of held) socket.destroy();
    silent.close();
  });

  it('a closed port is Unreachable, with the socket error', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const space = createS3Backend({ type: 'S3', region: '', endpoint, bucket: 'b' }, credential);
    await expect(space.probe('')).rejects.toMatchObject({ code: 'Unreachable', message: expect.stringMatching(/^listing the bucket 'b' at http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED/) as unknown });
    await expect(space.read('a')).rejects.toMatchObject({ code: 'Unreachable' });
    await expect(space.write('a', Readable.from([Buffer.from('a')]), { size: 1 })).rejects.toMatchObject({ code: 'Unreachable' });
    space.close();
  });

  it('a service that never answers is Unreachable: within the probe time limit, and at the socket idle timeout', async () => {
    const space = createS3Backend({ type: 'OBS', region: 'cn-north-4', endpoint: silentEndpoint, bucket: 'b' }, credential, { probeTimeoutMs: 1500, timeoutMs: 500 });
    await expect(space.probe('')).rejects.toMatchObject({ code: 'Unreachable', message: expect.stringMatching(/^listing the bucket 'b' at http:\/\/127\.0\.0\.1:\d+ failed: /) as unknown });
    await expect(space.stat('a')).rejects.toMatchObject({ code: 'Unreachable' });
    space.close();
    const patient = createS3Backend({ type: 'S3', region: '', endpoint: silentEndpoint, bucket: 'b' }, credential, { probeTimeoutMs: 700 });
    await expect(patient.probe('')).rejects.toMatchObject({ code: 'Unreachable', message: expect.stringContaining("no answer within the probe's 0.7 s") as unknown });
    patient.close();
  });
});
