/**
 * The SpaceBackend of the S3-compatible spaces (S3, OBS, OSS, COS; tested
 * against Ceph RGW): the space's root is the bucket, a path is an object key.
 * The parts live beside it: the client and its settings (s3-client.ts), error
 * codes (s3-errors.ts), listing with folder markers (s3-listing.ts), writes
 * (s3-object-writer.ts, s3-multipart-writer.ts, s3-record-sha256.ts) and the
 * probe (s3-probe.ts).
 *
 * What S3 can and cannot keep, as the jobs see it:
 * - `modTime`: a listing gives Last-Modified (the upload time; ListObjectsV2
 *   carries no metadata), while `stat` gives the time `write` was asked to keep
 *   (our `mtime` metadata) when the object has one, else Last-Modified.
 * - `sha256`: only `stat` knows it (our `sha256` metadata); listings leave it out.
 * - `stat` of a missing bucket is undefined like a missing file (a HEAD answer
 *   has no body to tell them apart); `list`, `read` and `write` say NotFound.
 */
import { PassThrough, type Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Credential, S3Storage } from '@shared/jcs/user-space-wire';
import { SpaceBackendError, type SpaceBackend, type SpaceFile, type SpaceLevel, type SpaceListing, type SpaceRead, type WriteOptions } from '../space-backend';
import { DEFAULT_TIMEOUT_MS, makeS3Target, type S3Target } from './s3-client';
import { httpStatusOf, stepFailure } from './s3-errors';
import { listFolder, listOneLevel } from './s3-listing';
import { DEFAULT_PARTS_IN_FLIGHT, DEFAULT_PART_SIZE, S3_MIN_PART_SIZE } from './s3-multipart-writer';
import { modTimeFromMetadata, sha256FromMetadata } from './s3-object-metadata';
import { SINGLE_PUT_LIMIT, writeObject, type WriteTuning } from './s3-object-writer';
import { DEFAULT_PROBE_TIMEOUT_MS, probeSpace } from './s3-probe';
import { DEFAULT_COPY_PART_SIZE, S3_MAX_COPY_SIZE } from './s3-record-sha256';

export interface S3BackendOptions {
  /** Connecting, or a socket idle, longer than this counts as unreachable (default 30 s). */
  timeoutMs?: number;
  /** The probe's whole time limit (default 15 s). */
  probeTimeoutMs?: number;
  /** Keys per ListObjectsV2 page (default and S3's maximum: 1,000). */
  listPageSize?: number;
  // Tests and benchmarks set these smaller to reach the large-object paths with small files.
  /** Objects up to this size go in one PutObject (default 16 MiB). */
  singlePutLimit?: number;
  /** The smallest multipart part (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  partsInFlight?: number;
  /** Above this size the SHA-256 metadata is recorded by a multipart copy, not CopyObject (default and S3's limit: 5 GiB). */
  maxCopySize?: number;
  copyPartSize?: number;
}

function checkKey(path: string, what: string): void {
  if (path === '' || path.endsWith('/') || path.startsWith('/')) {
    throw new SpaceBackendError('Failed', `${what} failed: '${path}' does not name a file`);
  }
}

function wholeNumber(value: number | undefined, fallback: number, min: number, name: string): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < min) throw new Error(`S3 backend option ${name} must be a whole number of at least ${min}`);
  return chosen;
}

export class S3SpaceBackend implements SpaceBackend {
  private readonly tuning: WriteTuning;
  private readonly listPageSize: number;
  private readonly probeTimeoutMs: number;
  /** Where the bucket is (the endpoint, or AWS and its region), as messages name it. */
  readonly where: string;

  constructor(
    private readonly target: S3Target,
    options: S3BackendOptions = {},
  ) {
    this.tuning = {
      singlePutLimit: wholeNumber(options.singlePutLimit, SINGLE_PUT_LIMIT, 0, 'singlePutLimit'),
      partSize: wholeNumber(options.partSize, DEFAULT_PART_SIZE, S3_MIN_PART_SIZE, 'partSize'),
      partsInFlight: wholeNumber(options.partsInFlight, DEFAULT_PARTS_IN_FLIGHT, 1, 'partsInFlight'),
      maxCopySize: Math.min(wholeNumber(options.maxCopySize, S3_MAX_COPY_SIZE, 0, 'maxCopySize'), S3_MAX_COPY_SIZE),
      copyPartSize: wholeNumber(options.copyPartSize, DEFAULT_COPY_PART_SIZE, S3_MIN_PART_SIZE, 'copyPartSize'),
    };
    this.listPageSize = Math.min(wholeNumber(options.listPageSize, 1000, 1, 'listPageSize'), 1000);
    this.probeTimeoutMs = wholeNumber(options.probeTimeoutMs, DEFAULT_PROBE_TIMEOUT_MS, 1, 'probeTimeoutMs');
    this.where = target.where;
  }

  list(folder: string, signal?: AbortSignal): AsyncIterable<SpaceListing> {
    return listFolder(this.target, folder.replace(/\/+$/, ''), this.listPageSize, signal);
  }

  async stat(path: string, signal?: AbortSignal): Promise<SpaceFile | undefined> {
    if (path === '' || path.endsWith('/')) return undefined;
    try {
      const head = await this.target.client.send(new HeadObjectCommand({ Bucket: this.target.bucket, Key: path }), { abortSignal: signal });
      return {
        path,
        size: head.ContentLength ?? 0,
        modTime: modTimeFromMetadata(head.Metadata) ?? head.LastModified?.getTime() ?? 0,
        sha256: sha256FromMetadata(head.Metadata),
      };
    } catch (error) {
      if (httpStatusOf(error) === 404 && !signal?.aborted) return undefined;
      throw stepFailure(error, `looking up '${path}' in the bucket '${this.target.bucket}'`, signal);
    }
  }

  async read(path: string, signal?: AbortSignal): Promise<SpaceRead> {
    const what = `reading '${path}' from the bucket '${this.target.bucket}'`;
    checkKey(path, what);
    let body: Readable;
    let size: number;
    let sha256: string | undefined;
    try {
      const answer = await this.target.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: path }), { abortSignal: signal });
      body = answer.Body as Readable;
      size = answer.ContentLength ?? 0;
      // The GET's own headers carry our metadata: the reader checks the bytes against it without a HEAD.
      sha256 = sha256FromMetadata(answer.Metadata);
    } catch (error) {
      throw stepFailure(error, what, signal);
    }
    // The SDK's stream fails with bare socket errors: the caller gets them as SpaceBackendError, and its
    // abort (or its destroying the stream) frees the connection at once.
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    const onAbort = () => body.destroy(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    body.on('error', (error) => out.destroy(stepFailure(error, what, signal)));
    out.on('close', () => {
      signal?.removeEventListener('abort', onAbort);
      body.destroy();
    });
    body.pipe(out);
    return { body: out, size, ...(sha256 ? { sha256 } : {}) };
  }

  listLevel(folder: string, limit: number, signal?: AbortSignal): Promise<SpaceLevel> {
    return listOneLevel(this.target, folder.replace(/\/+$/, ''), limit, signal);
  }

  async write(path: string, body: Readable, options: WriteOptions): Promise<{ sha256: string }> {
    checkKey(path, `writing '${path}' to the bucket '${this.target.bucket}'`);
    return writeObject(this.target, path, body, options, this.tuning);
  }

  async makeFolder(path: string, signal?: AbortSignal): Promise<void> {
    const folder = path.replace(/\/+$/, '');
    if (folder === '') return; // the bucket itself
    try {
      await this.target.client.send(new PutObjectCommand({ Bucket: this.target.bucket, Key: `${folder}/`, Body: Buffer.alloc(0), ContentLength: 0 }), { abortSignal: signal });
    } catch (error) {
      throw stepFailure(error, `making the folder '${folder}' in the bucket '${this.target.bucket}'`, signal);
    }
  }

  async remove(path: string, signal?: AbortSignal): Promise<void> {
    const what = `removing '${path}' from the bucket '${this.target.bucket}'`;
    checkKey(path, what);
    try {
      // S3 answers 204 for a key that is not there: absent is fine, as the interface wants.
      await this.target.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: path }), { abortSignal: signal });
    } catch (error) {
      throw stepFailure(error, what, signal);
    }
  }

  probe(workingDir: string, signal?: AbortSignal): Promise<void> {
    return probeSpace(this.target, workingDir, this.probeTimeoutMs, signal);
  }

  close(): void {
    this.target.client.destroy();
  }
}

/** Checks the settings (SpaceBackendError 'BadConfig' naming what cannot work) and makes the backend; sends nothing. */
export function createS3Backend(storage: S3Storage, credential: S3Credential, options: S3BackendOptions = {}): S3SpaceBackend {
  return new S3SpaceBackend(makeS3Target(storage, credential, options.timeoutMs ?? DEFAULT_TIMEOUT_MS), options);
}
