/**
 * `probe` for S3: proves the space can be used the way the jobs will use it —
 * list the bucket (one key), write a probe object under the working folder,
 * read it back and compare, delete it — within one time limit. A failure names
 * the step ("listing the bucket 'x' at http://… failed: S3 error AccessDenied:
 * …"), so the user knows whether the keys, the bucket or the permissions are
 * wrong; a probe object that was written is deleted whatever failed after.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SpaceBackendError } from '../space-backend';
import type { S3Target } from './s3-client';
import { stepFailure } from './s3-errors';

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
const PROBE_BYTES = 32;

async function readAtMost(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      body.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function probeKey(workingDir: string): string {
  const folder = workingDir.replace(/^\/+|\/+$/g, '');
  return `${folder === '' ? '' : `${folder}/`}.jcs-probe-${randomUUID()}`;
}

export async function probeSpace(target: S3Target, workingDir: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const { client, bucket } = target;
  const limit = AbortSignal.timeout(timeoutMs);
  const abortSignal = signal ? AbortSignal.any([signal, limit]) : limit;
  const step = async <T>(what: string, run: () => Promise<T>, stepLimit = limit): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (stepLimit.aborted && !signal?.aborted) {
        throw new SpaceBackendError('Unreachable', `${what} failed: no answer within the probe's ${timeoutMs / 1000} s`, { cause: error });
      }
      throw stepFailure(error, what, signal);
    }
  };

  await step(`listing the bucket '${bucket}' at ${target.where}`, () =>
    client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }), { abortSignal }),
  );
  const key = probeKey(workingDir);
  const content = randomBytes(PROBE_BYTES);
  await step(`writing the probe object '${key}'`, () =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content, ContentLength: content.length }), { abortSignal }),
  );
  let readFailure: SpaceBackendError | undefined;
  try {
    const back = await step(`reading the probe object '${key}' back`, async () => {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
      return readAtMost(answer.Body as Readable, PROBE_BYTES * 2);
    });
    if (!back.equals(content)) {
      throw new SpaceBackendError('Failed', `reading the probe object '${key}' back failed: it read back ${back.length} different bytes, not the ${PROBE_BYTES} written`);
    }
  } catch (error) {
    readFailure = stepFailure(error, `reading the probe object '${key}' back`, signal);
  }
  // Deleted even after a failed or aborted read (with a time limit of its own), so no probe object stays behind.
  const cleanupLimit = limit.aborted || signal?.aborted ? AbortSignal.timeout(timeoutMs) : limit;
  try {
    await step(`deleting the probe object '${key}'`, () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: cleanupLimit }), cleanupLimit);
  } catch (error) {
    if (readFailure !== undefined) throw readFailure;
    throw error;
  }
  if (readFailure !== undefined) throw readFailure;
}
