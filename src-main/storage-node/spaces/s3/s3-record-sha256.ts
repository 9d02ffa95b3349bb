/**
 * Records a large object's SHA-256 in its metadata after the upload, for writes
 * whose hash was not known when the multipart upload began (S3 fixes metadata
 * at creation). The object is copied onto itself with the metadata replaced —
 * server-side, no bytes through this process: CopyObject up to 5 GiB (its
 * limit), above that a multipart copy (UploadPartCopy of ranges) completed onto
 * the same key. Every copy is conditional on the ETag of the upload just
 * completed, so an object someone else wrote meanwhile is never given our
 * hash: then this step leaves it alone (its sha256 stays unknown, which readers
 * accept). The replacement is atomic like any S3 write. (One exception, for
 * a server bug: keys with '%' get no multipart copy, see below.)
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import type { S3Target } from './s3-client';
import { httpStatusOf, s3CodeOf, toSpaceError } from './s3-errors';
import { copySource, normalizeEtag } from './s3-object-metadata';

const GiB = 1024 * 1024 * 1024;
/** CopyObject's limit on the source's size, and the part size of a multipart copy. */
export const S3_MAX_COPY_SIZE = 5 * GiB;
export const DEFAULT_COPY_PART_SIZE = 1 * GiB;

export interface CopyTuning {
  maxCopySize: number;
  copyPartSize: number;
}

/** True when the copy's condition failed: the object is no longer the one we wrote. */
function replacedMeanwhile(error: unknown): boolean {
  return httpStatusOf(error) === 412 || s3CodeOf(error) === 'PreconditionFailed' || httpStatusOf(error) === 404;
}

export async function recordSha256(
  target: S3Target,
  key: string,
  written: { etag: string; size: number },
  metadata: Record<string, string>,
  tuning: CopyTuning,
  what: string,
): Promise<void> {
  const { client, bucket } = target;
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (normalizeEtag(head.ETag) !== written.etag || head.ContentLength !== written.size) return;
    const condition = { CopySource: copySource(bucket, key), CopySourceIfMatch: head.ETag };
    if (written.size <= tuning.maxCopySize) {
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: key, ...condition, MetadataDirective: 'REPLACE', Metadata: metadata, ContentType: head.ContentType }));
      return;
    }
    // RGW 16 decodes UploadPartCopy's source twice: a key with '%' names another object there
    // (which the ETag condition refuses) or, '%' not followed by two hex digits, aborts the
    // gateway. Such keys keep no SHA-256 above the single-copy limit rather than risk that.
    if (key.includes('%')) return;
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Metadata: metadata, ContentType: head.ContentType }));
    const uploadId = created.UploadId ?? '';
    try {
      const parts: CompletedPart[] = [];
      const partSize = Math.max(tuning.copyPartSize, Math.ceil(written.size / 10_000));
      for (let start = 0, number = 1; start < written.size; start += partSize, number += 1) {
        const end = Math.min(start + partSize, written.size) - 1;
        const copied = await client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, ...condition, CopySourceRange: `bytes=${start}-${end}` }));
        parts.push({ PartNumber: number, ETag: copied.CopyPartResult?.ETag });
      }
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    if (replacedMeanwhile(error)) return;
    throw toSpaceError(error, `${what}: recording its SHA-256 in the metadata`);
  }
}
