/**
 * What S3 test files use: the run's shared RGW (started by the first file that
 * asks, see rgw-shared.ts), a plain SDK client to arrange and inspect buckets
 * behind the backend's back, and a fresh bucket per test.
 *
 *   describe.skipIf(rgwSkipReason)('…', () => {
 *     const s3 = useRgw();              // in the describe: a beforeAll/afterAll pair
 *     it('…', async () => { const bucket = await s3.newBucket(); … });
 *   });
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateBucketCommand, HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, inject } from 'vitest';
import type { S3Credential, S3Storage } from '../../src-shared/jcs/user-space-wire';
import { rgwClient, type RgwServer } from './rgw';
import { useSharedRgw } from './rgw-shared';

const shared = inject('rgw');

/** Why S3 tests cannot run on this machine (printed once per file), or undefined. */
export const rgwSkipReason: string | undefined = shared.missing && `S3 tests against RGW skipped: ${shared.missing}`;
if (rgwSkipReason) console.warn(rgwSkipReason);

export interface RgwKit {
  server: RgwServer;
  /** An SDK client with the spec's settings, for arranging and checking what the backend did. */
  client: S3Client;
  credential: S3Credential;
  storage(bucket: string): S3Storage;
  /** A new bucket with a unique name. */
  newBucket(): Promise<string>;
}

/** Registers a beforeAll that gets the shared RGW; the kit's fields are there once it ran. */
export function useRgw(): RgwKit {
  const kit = {} as RgwKit;
  beforeAll(async () => {
    const server = await useSharedRgw(shared);
    const credential: S3Credential = { type: 'S3', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    const client = rgwClient(server);
    Object.assign(kit, {
      server,
      client,
      credential,
      storage: (bucket: string): S3Storage => ({ type: 'S3', region: '', endpoint: server.endpoint, bucket }),
      async newBucket() {
        const bucket = `jcs-${randomBytes(8).toString('hex')}`;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        return bucket;
      },
    } satisfies RgwKit);
  }, 200_000);
  afterAll(() => kit.client?.destroy());
  return kit;
}

/** Whether `key` exists, asked behind the backend's back. */
export async function objectExists(kit: RgwKit, bucket: string, key: string): Promise<boolean> {
  try {
    await kit.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

/** The multipart uploads still open in the bucket (keys), which an aborted write must not leave. */
export async function openUploads(kit: RgwKit, bucket: string): Promise<string[]> {
  const answer = await kit.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (answer.Uploads ?? []).map((upload) => upload.Key ?? '');
}

/**
 * `size` random bytes as a stream of 1 MiB chunks, made as they are read (a
 * large body never sits in memory); `sha256()` is their hash once all were read.
 * `onRead(bytes)` is called as the consumer pulls, so a test can act at a point in the transfer.
 */
export function randomBody(size: number, onRead?: (bytesSoFar: number) => void): { body: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let made = 0;
  const body = new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      if (made >= size) {
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(1024 * 1024, size - made));
      made += chunk.length;
      hash.update(chunk);
      this.push(chunk);
      onRead?.(made);
    },
  });
  return { body, sha256: () => hash.copy().digest('hex') };
}

export async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
