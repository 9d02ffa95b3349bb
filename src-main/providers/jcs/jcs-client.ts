/**
 * Typed client of the JCS-pub client API (seed 001, sections 1-3). It speaks
 * the seed's wire format, so it works against our storage node and a real
 * JCS-pub client service alike (default http://127.0.0.1:7890). Uploads and
 * downloads stream; sizes arrive as numbers; failures are JcsError (the
 * service said no, with its code) or JcsTransportError (no usable answer).
 */
import { PassThrough, type Readable } from 'node:stream';
import { z } from 'zod';
import { objectPathProblem } from '@shared/jcs/object-path';
import {
  bucketListResponse,
  bucketResponse,
  moveResponse,
  objectListResponse,
  objectResponse,
  packageListResponse,
  packageResponse,
  uploadResponse,
  type Bucket,
  type JcsObject,
  type ListByPathResult,
  type Package,
} from '@shared/jcs/wire';
import { listByPathPage } from '@shared/jcs/list-page';
import { JcsError, JcsTransportError } from './jcs-errors';
import { JcsHttp, readEnvelope, type JcsHttpOptions } from './jcs-http';
import { getBodyInto, HttpBodyError, NOT_PLAIN, type BodySink } from '../http-body-into';
import { copyIntoSink } from '../sink-copy';
import { multipartBody, type UploadBody } from './multipart-body';
import { JcsUserSpaceClient } from './jcs-user-space-client';

export type { UploadBody } from './multipart-body';
export const DEFAULT_JCS_URL = 'http://127.0.0.1:7890';

const nullData = z.unknown();

export interface UploadFile {
  /** Object path inside the package, e.g. `a/b/c.txt`. */
  path: string;
  body: UploadBody;
}

export interface TransferOptions {
  signal?: AbortSignal;
  /** Called as bytes go out (uploads) or come in (downloads). */
  onBytes?: (bytes: number) => void;
}

export interface ListByPathQuery {
  packageID: number;
  path: string;
  isPrefix?: boolean;
  noRecursive?: boolean;
  maxKeys?: number;
  continuationToken?: string;
}

export type ObjectAddress = { objectID: number } | { packageID: number; path: string };

export interface ByteRange {
  offset: number;
  /** Omit to read to the end. */
  length?: number;
}

export interface Download {
  /** The bytes; consume or destroy it. */
  stream: Readable;
  /** Bytes the stream will deliver (Content-Length). */
  length: number;
  /** The name from Content-Disposition, when the service sends one. */
  fileName: string | undefined;
}

export class JcsClient {
  private readonly http: JcsHttp;
  /** User spaces and space sync tasks (§4–§5), over the same connections. */
  readonly userSpaces: JcsUserSpaceClient;

  constructor(options: JcsHttpOptions) {
    this.http = new JcsHttp(options);
    this.userSpaces = new JcsUserSpaceClient(this.http);
  }

  get origin(): string {
    return this.http.origin;
  }

  close(): void {
    this.http.close();
  }

  // ---- buckets ----

  async createBucket(name: string, signal?: AbortSignal): Promise<Bucket> {
    return (await this.http.call({ method: 'POST', route: '/bucket/create', json: { name }, signal }, bucketResponse)).bucket;
  }

  async getBucketByName(name: string, signal?: AbortSignal): Promise<Bucket> {
    return (await this.http.call({ method: 'GET', route: '/bucket/getByName', query: { name }, signal }, bucketResponse)).bucket;
  }

  async listBuckets(signal?: AbortSignal): Promise<Bucket[]> {
    return (await this.http.call({ method: 'GET', route: '/bucket/listAll', signal }, bucketListResponse)).buckets;
  }

  async deleteBucket(bucketID: number, signal?: AbortSignal): Promise<void> {
    await this.http.call({ method: 'POST', route: '/bucket/delete', json: { bucketID }, signal }, nullData);
  }

  // ---- packages ----

  async createPackage(bucketID: number, name: string, signal?: AbortSignal): Promise<Package> {
    return (await this.http.call({ method: 'POST', route: '/package/create', json: { bucketID, name }, signal }, packageResponse)).package;
  }

  async getPackage(packageID: number, signal?: AbortSignal): Promise<Package> {
    return (await this.http.call({ method: 'GET', route: '/package/get', query: { packageID }, signal }, packageResponse)).package;
  }

  async getPackageByFullName(bucketName: string, packageName: string, signal?: AbortSignal): Promise<Package> {
    return (await this.http.call({ method: 'GET', route: '/package/getByFullName', query: { bucketName, packageName }, signal }, packageResponse)).package;
  }

  async listBucketPackages(bucketID: number, signal?: AbortSignal): Promise<Package[]> {
    return (await this.http.call({ method: 'GET', route: '/package/listBucketPackages', query: { bucketID }, signal }, packageListResponse)).packages;
  }

  async deletePackage(packageID: number, signal?: AbortSignal): Promise<void> {
    await this.http.call({ method: 'POST', route: '/package/delete', json: { packageID }, signal }, nullData);
  }

  // ---- objects ----

  /** Uploads files in one multi-file request; the result lists them in the same order. */
  async uploadObjects(packageID: number, files: readonly UploadFile[], options: TransferOptions & { affinity?: number } = {}): Promise<JcsObject[]> {
    if (files.length === 0) return [];
    for (const file of files) requirePath(file.path, '/object/upload');
    const body = multipartBody(
      options.affinity === undefined ? { packageID } : { packageID, affinity: options.affinity },
      files.map((f) => ({ field: 'files', filename: encodeURIComponent(f.path), body: f.body })),
      options.onBytes,
    );
    const result = await this.http.call({ method: 'POST', route: '/object/upload', multipart: body, signal: options.signal }, uploadResponse);
    return result.uploadeds;
  }

  /** Streams an object, or `range` of it. */
  /** `asError` turns the stream's own failure (a body that broke off) into the caller's kind of error, without a second stream. */
  async download(address: ObjectAddress, range?: ByteRange, options: TransferOptions & { asError?: (error: Error) => Error } = {}): Promise<Download> {
    const byId = 'objectID' in address;
    const route = byId ? '/object/download' : '/object/downloadByPath';
    const query = byId ? { objectID: address.objectID } : { packageID: address.packageID, path: address.path };
    const res = await this.http.send({ method: 'GET', route, query: { ...query, offset: range?.offset, length: range?.length }, signal: options.signal });
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode !== 200 || !type.startsWith('application/octet-stream')) {
      await readEnvelope(res, route, nullData);
      res.resume();
      throw new JcsTransportError(`unexpected answer to ${route} (HTTP ${res.statusCode}, ${type || 'no content type'})`, route, (res.statusCode ?? 0) >= 500, res.statusCode);
    }
    const length = Number(res.headers['content-length']);
    if (options.onBytes) {
      const onBytes = options.onBytes;
      res.on('data', (chunk: Buffer) => onBytes(chunk.length));
    }
    // A response that breaks off ends without 'end' and, unless someone listens for 'error', silently:
    // the caller's stream fails instead, with a retryable transport error.
    const stream = new PassThrough();
    const asError = options.asError ?? ((error: Error) => error);
    res.on('error', (error) => stream.destroy(asError(new JcsTransportError(`the download from ${this.origin} broke off: ${error.message}`, route, true, res.statusCode, { cause: error }))));
    stream.on('close', () => {
      if (!res.complete) res.destroy(); // the caller stopped reading: free the connection
    });
    res.pipe(stream);
    return { stream, length: Number.isFinite(length) ? length : NaN, fileName: fileNameOf(String(res.headers['content-disposition'] ?? '')) };
  }

  /**
   * `range` of an object, `range.length` bytes, read straight into `sink`'s
   * buffers (http-body-into.ts) where the service is plain http and answers
   * with the plain body; otherwise (https, an error, any other answer) the
   * same request again through `download`, its stream copied into the sink.
   * Either way the sink gets exactly `range.length` bytes or the call fails.
   */
  async downloadInto(address: ObjectAddress, range: Required<ByteRange>, sink: BodySink, options: { signal?: AbortSignal } = {}): Promise<void> {
    const byId = 'objectID' in address;
    const route = byId ? '/object/download' : '/object/downloadByPath';
    const query = { ...(byId ? { objectID: address.objectID } : { packageID: address.packageID, path: address.path }), offset: range.offset, length: range.length };
    try {
      if (this.http.origin.startsWith('http:')) {
        const { url, headers } = this.http.requestHead({ method: 'GET', route, query });
        if ((await getBodyInto(url, headers, range.length, sink, { signal: options.signal, idleTimeoutMs: this.http.idleTimeoutOf({}) })) !== NOT_PLAIN) return;
      }
      const download = await this.download(address, range, { signal: options.signal });
      if (download.length !== range.length) {
        download.stream.destroy();
        throw new JcsTransportError(`the server sent ${download.length} bytes for a ${range.length}-byte range`, route, false);
      }
      await copyIntoSink(download.stream, range.length, sink);
    } catch (error) {
      if (error instanceof HttpBodyError) throw new JcsTransportError(bodyErrorMessage(error, this.origin, route), route, error.retryable, undefined, { cause: error });
      throw error;
    }
  }

  async listByPath(query: ListByPathQuery, signal?: AbortSignal): Promise<ListByPathResult> {
    return this.http.call(
      {
        method: 'GET',
        route: '/object/listByPath',
        query: {
          packageID: query.packageID,
          path: query.path,
          isPrefix: query.isPrefix,
          noRecursive: query.noRecursive,
          maxKeys: query.maxKeys,
          continuationToken: query.continuationToken || undefined,
        },
        signal,
      },
      listByPathPage,
    );
  }

  /** Every page of a prefix listing, following continuation tokens. */
  async *listAllByPath(query: Omit<ListByPathQuery, 'continuationToken' | 'isPrefix'>, signal?: AbortSignal): AsyncGenerator<ListByPathResult> {
    let continuationToken: string | undefined;
    for (;;) {
      const page = await this.listByPath({ ...query, isPrefix: true, continuationToken }, signal);
      yield page;
      if (!page.isTruncated) return;
      if (!page.nextContinuationToken) throw new JcsTransportError('listing is truncated but has no continuation token', '/object/listByPath', false);
      continuationToken = page.nextContinuationToken;
    }
  }

  async getPackageObjects(packageID: number, signal?: AbortSignal): Promise<JcsObject[]> {
    return (await this.http.call({ method: 'GET', route: '/object/getPackageObjects', query: { packageID }, signal }, objectListResponse)).objects;
  }

  /** Moves objects; returns the IDs that moved (the others were missing or their target path was taken). */
  async moveObjects(movings: ReadonlyArray<{ objectID: number; packageID: number; path: string }>, signal?: AbortSignal): Promise<number[]> {
    for (const m of movings) requirePath(m.path, '/object/move');
    return (await this.http.call({ method: 'POST', route: '/object/move', json: { movings }, signal }, moveResponse)).successes;
  }

  /** Deletes objects; IDs that do not exist are not an error. */
  async deleteObjects(objectIDs: readonly number[], signal?: AbortSignal): Promise<void> {
    await this.http.call({ method: 'POST', route: '/object/delete', json: { objectIDs }, signal }, nullData);
  }

  async cloneObjects(clonings: ReadonlyArray<{ objectID: number; newPath: string; newPackageID: number }>, signal?: AbortSignal): Promise<JcsObject[]> {
    for (const c of clonings) requirePath(c.newPath, '/object/clone');
    return (await this.http.call({ method: 'POST', route: '/object/clone', json: { clonings }, signal }, objectListResponse)).objects;
  }

  // ---- multipart upload ----

  async newMultipartUpload(packageID: number, path: string, signal?: AbortSignal): Promise<JcsObject> {
    requirePath(path, '/object/newMultipartUpload');
    return (await this.http.call({ method: 'POST', route: '/object/newMultipartUpload', json: { packageID, path }, signal }, objectResponse)).object;
  }

  async uploadPart(objectID: number, index: number, body: UploadBody, options: TransferOptions = {}): Promise<void> {
    const multipart = multipartBody({ objectID, index }, [{ field: 'file', filename: `part-${index}`, body }], options.onBytes);
    await this.http.call({ method: 'POST', route: '/object/uploadPart', multipart, signal: options.signal }, nullData);
  }

  async completeMultipartUpload(objectID: number, indexes: readonly number[], signal?: AbortSignal): Promise<JcsObject> {
    return (await this.http.call({ method: 'POST', route: '/object/completeMultipartUpload', json: { objectID, indexes }, signal }, objectResponse)).object;
  }
}

/** Refuses bad paths before anything is sent, with the same rules the node applies. */
function requirePath(path: string, route: string): void {
  const problem = objectPathProblem(path);
  if (problem) throw new JcsError('BadArgument', `path '${path}' ${problem}`, 0, route);
}

function fileNameOf(disposition: string): string | undefined {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain?.[1]?.trim();
}

/** The words the rest of the client uses for the same failures (node:http's "cannot reach", "broke off"). */
function bodyErrorMessage(error: HttpBodyError, origin: string, route: string): string {
  if (error.stage === 'connect') return `cannot reach ${origin}: ${error.message}`;
  if (error.stage === 'body') return `the download from ${origin} broke off: ${error.message}`;
  return `unexpected answer to ${route}: ${error.message}`;
}
