/**
 * A large write as one S3 multipart upload, driven part by part: the body is
 * read into parts of a fixed size (chosen so 10,000 parts cover the object),
 * a few parts travel at once, and the upload is completed only after the whole
 * body was read and its SHA-256 matched. Until CompleteMultipartUpload the
 * object does not exist, so any failure or abort ends in
 * AbortMultipartUpload and leaves nothing — neither an object nor stored parts.
 *
 * Memory: the part being filled plus the parts in flight. The number in flight
 * shrinks as parts grow (objects beyond ~80 GiB), keeping the parts' buffers
 * within PART_MEMORY_BUDGET (or one part, when a part alone is larger).
 */
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { SpaceBackendError } from '../space-backend';
import type { S3Target } from './s3-client';
import { stepFailure, toSpaceError } from './s3-errors';
import { normalizeEtag } from './s3-object-metadata';
import type { SizedBodyReader } from './sized-body-reader';

const MiB = 1024 * 1024;
/** S3's limits: parts of 5 MiB at least (but the last), 10,000 parts, 5 TiB per object. */
export const S3_MIN_PART_SIZE = 5 * MiB;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MiB;
export const DEFAULT_PART_SIZE = 8 * MiB;
export const DEFAULT_PARTS_IN_FLIGHT = 4;
const PART_MEMORY_BUDGET = 64 * MiB;
const ABORT_TIMEOUT_MS = 30_000;

export interface MultipartTuning {
  /** The smallest part size used (grown to whole MiB when 10,000 parts would not cover the object). */
  partSize: number;
  partsInFlight: number;
}

export function choosePartSize(size: number, minPartSize: number): number {
  const covering = Math.ceil(Math.ceil(size / S3_MAX_PARTS) / MiB) * MiB;
  return Math.max(minPartSize, covering);
}

export interface MultipartResult {
  /** The ETag of the completed object (RGW answers an empty one: then computed the S3 way from the parts' ETags). */
  etag: string;
}

/** The ETag S3 gives a multipart object: MD5 of the parts' binary MD5s, then `-<parts>`. */
function multipartEtag(parts: CompletedPart[]): string {
  const md5 = createHash('md5');
  for (const part of parts) md5.update(Buffer.from(normalizeEtag(part.ETag), 'hex'));
  return `${md5.digest('hex')}-${parts.length}`;
}

export async function writeMultipart(
  target: S3Target,
  key: string,
  reader: SizedBodyReader,
  options: { size: number; expectedSha256?: string; metadata: Record<string, string>; signal?: AbortSignal; what: string },
  tuning: MultipartTuning,
): Promise<MultipartResult & { sha256: string }> {
  const { client, bucket } = target;
  const { what, signal } = options;
  const partSize = choosePartSize(options.size, tuning.partSize);
  const inFlight = Math.max(1, Math.min(tuning.partsInFlight, Math.floor(PART_MEMORY_BUDGET / partSize)));

  let uploadId: string;
  try {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Metadata: options.metadata }), { abortSignal: signal });
    if (!created.UploadId) throw new SpaceBackendError('Failed', `${what} failed: the service started no multipart upload (no UploadId)`);
    uploadId = created.UploadId;
  } catch (error) {
    throw stepFailure(error, what, signal);
  }

  const parts: CompletedPart[] = [];
  const running = new Set<Promise<void>>();
  const stopParts = new AbortController();
  const partSignal = signal ? AbortSignal.any([signal, stopParts.signal]) : stopParts.signal;
  let partFailure: unknown;
  try {
    let partNumber = 0;
    for await (const block of reader.blocks(partSize, signal)) {
      partNumber += 1;
      const number = partNumber;
      const sent = client
        .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: block, ContentLength: block.length }), { abortSignal: partSignal })
        .then(
          (answer) => {
            parts[number - 1] = { PartNumber: number, ETag: answer.ETag };
          },
          (error: unknown) => {
            partFailure ??= error;
            stopParts.abort();
          },
        );
      running.add(sent);
      void sent.finally(() => running.delete(sent));
      while (running.size >= inFlight && partFailure === undefined) await Promise.race(running);
      if (partFailure !== undefined) throw stepFailure(partFailure, what, signal);
    }
    await Promise.all(running);
    if (partFailure !== undefined) throw stepFailure(partFailure, what, signal);
    const sha256 = reader.digest();
    if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256) {
      throw new SpaceBackendError('Corrupt', `${what} failed: the bytes' SHA-256 is ${sha256}, not the expected ${options.expectedSha256}; nothing was stored`);
    }
    // Not abortable from here: once the parts are all there, completing is one short request, and an
    // abort racing it could leave the object stored while the caller is told it was not.
    const completed = await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    const etag = normalizeEtag(completed.ETag) || multipartEtag(parts);
    return { etag, sha256 };
  } catch (error) {
    stopParts.abort();
    await Promise.allSettled(running);
    const mapped = stepFailure(error, what, signal);
    const aborted = await abortUpload(target, key, uploadId);
    if (aborted === undefined) throw mapped;
    throw new SpaceBackendError(mapped.code, `${mapped.message}; and the multipart upload ${uploadId} could not be aborted (${aborted}): its parts stay until the bucket's lifecycle rules remove them`, { cause: error });
  }
}

/** Returns undefined when the upload is gone, or why it could not be aborted. */
async function abortUpload(target: S3Target, key: string, uploadId: string): Promise<string | undefined> {
  try {
    await target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }), { abortSignal: AbortSignal.timeout(ABORT_TIMEOUT_MS) });
    return undefined;
  } catch (error) {
    const mapped = toSpaceError(error, 'aborting');
    return mapped.code === 'NotFound' ? undefined : mapped.message;
  }
}
