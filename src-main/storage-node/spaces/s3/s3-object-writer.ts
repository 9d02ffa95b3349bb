/**
 * `write` for S3: small objects in one PutObject, large ones as a multipart
 * upload (s3-multipart-writer.ts).
 *
 * A small object (up to SINGLE_PUT_LIMIT) is read into memory first, hashed as
 * it arrives, and sent only when complete: so its SHA-256 is known before the
 * request — stored as metadata at creation, compared with `expectedSha256`
 * before anything is sent (a mismatch sends nothing), and used as the signed
 * payload hash (`x-amz-content-sha256`), which makes the service itself refuse
 * bytes that changed on the way. One request, atomic, no later metadata step.
 * The limit is 16 MiB: about the multipart path's own memory (a part being
 * filled and up to four in flight, 8 MiB each), and large enough that the three
 * requests of a multipart upload are never spent on a small file.
 */
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SpaceBackendError, type WriteOptions } from '../space-backend';
import type { S3Target } from './s3-client';
import { stepFailure } from './s3-errors';
import { S3_MAX_OBJECT_SIZE, writeMultipart, type MultipartTuning } from './s3-multipart-writer';
import { isSha256Hex, objectMetadata } from './s3-object-metadata';
import { recordSha256, type CopyTuning } from './s3-record-sha256';
import { SizedBodyReader } from './sized-body-reader';

export const SINGLE_PUT_LIMIT = 16 * 1024 * 1024;

export interface WriteTuning extends MultipartTuning, CopyTuning {
  singlePutLimit: number;
}

export async function writeObject(target: S3Target, key: string, body: Readable, options: WriteOptions, tuning: WriteTuning): Promise<{ sha256: string }> {
  const what = `writing '${key}' to the bucket '${target.bucket}'`;
  const { size, signal } = options;
  const expected = options.expectedSha256?.toLowerCase();
  if (!Number.isSafeInteger(size) || size < 0) throw new SpaceBackendError('Failed', `${what} failed: the size ${size} is not a byte count`);
  if (size > S3_MAX_OBJECT_SIZE) throw new SpaceBackendError('Failed', `${what} failed: ${size} bytes is more than an S3 object can hold (5 TiB)`);
  if (expected !== undefined && !isSha256Hex(expected)) throw new SpaceBackendError('Failed', `${what} failed: the expected SHA-256 '${options.expectedSha256}' is not 64 hex digits`);
  const reader = new SizedBodyReader(body, size, what);

  if (size <= tuning.singlePutLimit) {
    let data: Buffer = Buffer.alloc(0);
    try {
      for await (const block of reader.blocks(size, signal)) data = block;
    } catch (error) {
      throw stepFailure(error, what, signal);
    }
    const sha256 = reader.digest();
    if (expected !== undefined && sha256 !== expected) {
      throw new SpaceBackendError('Corrupt', `${what} failed: the bytes' SHA-256 is ${sha256}, not the expected ${expected}; nothing was sent`);
    }
    const put = new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: data, ContentLength: size, Metadata: objectMetadata(sha256, options.modTime) });
    // The signer takes a payload hash that is already there (SigV4): this saves hashing the bytes a second time.
    put.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = sha256;
        return next(args);
      },
      { step: 'build', name: 'jcsKnownPayloadHash' },
    );
    try {
      await target.client.send(put, { abortSignal: signal });
    } catch (error) {
      throw stepFailure(error, what, signal);
    }
    return { sha256 };
  }

  const { etag, sha256 } = await writeMultipart(target, key, reader, { size, expectedSha256: expected, metadata: objectMetadata(expected, options.modTime), signal, what }, tuning);
  if (expected === undefined) {
    try {
      await recordSha256(target, key, { etag, size }, objectMetadata(sha256, options.modTime), tuning, what);
    } catch (error) {
      // The interface's rule: a failed write leaves nothing at the path.
      await target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key }), { abortSignal: AbortSignal.timeout(30_000) }).catch(() => undefined);
      throw error;
    }
  }
  return { sha256 };
}
