/**
 * Multipart uploads of the in-memory provider, shaped like S3's: parts are
 * kept by the service until `complete` joins them and writes the object at
 * its path directly (not staged, so no `place`), replacing what is there.
 * Parts can be listed when the instance says so. Completing again returns the
 * object the first completion wrote, as long as it is still there.
 */
import { randomUUID } from 'node:crypto';
import { ProviderError, ProviderErrorCode, invalidInput } from '../../../src-main/providers/provider-errors';
import type { InitiateOptions, MultipartHandle, MultipartLimits, MultipartUploads, RemoteEntry, TransferOptions, UploadBody } from '../../../src-main/providers/storage-provider';
import { receiveBody } from './memory-bodies';
import type { MemorySpace } from './memory-space';

interface Upload {
  space: MemorySpace;
  path: string;
  parts: Map<number, Buffer>;
  /** The id of the object `complete` wrote. */
  completed?: number;
}

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

export class MemoryMultipart implements MultipartUploads {
  private readonly uploads = new Map<string, Upload>();
  readonly listParts?: (handle: MultipartHandle, signal?: AbortSignal) => Promise<number[]>;

  constructor(
    private readonly limits: MultipartLimits,
    private readonly spaceOf: (root: string) => MemorySpace,
    private readonly tick: (signal?: AbortSignal) => Promise<void>,
  ) {
    if (limits.listParts) {
      this.listParts = async (handle, signal) => {
        await this.tick(signal);
        return [...this.open(handle).parts.keys()].sort((a, b) => a - b);
      };
    }
  }

  async initiate(root: string, path: string, size: number, options: InitiateOptions = {}): Promise<MultipartHandle> {
    await this.tick(options.signal);
    const space = this.spaceOf(root);
    space.requirePath(path);
    if (!Number.isSafeInteger(size) || size < 0) throw invalidInput(`size: ${size} is not a byte count`);
    const id = options.key ?? randomUUID();
    if (!KEY.test(id)) throw invalidInput(`key: '${id}' may hold only letters, digits, '-' and '_' (at most 64)`);
    this.uploads.set(id, { space, path, parts: new Map() }); // the same key again starts over
    return { state: JSON.stringify({ upload: id }) };
  }

  async putPart(handle: MultipartHandle, index: number, body: UploadBody, options: TransferOptions = {}): Promise<void> {
    await this.tick(options.signal);
    const upload = this.open(handle);
    this.requireIndex(index);
    if (body.size > this.limits.maxPartSize) throw new ProviderError(ProviderErrorCode.BadArgument, `part ${index} is larger than ${this.limits.maxPartSize} bytes`);
    const bytes = await receiveBody(body, `part ${index}`, options);
    if (upload.completed !== undefined) throw new ProviderError(ProviderErrorCode.BadArgument, `the upload to '${upload.path}' is complete`);
    upload.parts.set(index, bytes);
  }

  async complete(handle: MultipartHandle, indexes: readonly number[], signal?: AbortSignal): Promise<{ entry: RemoteEntry; staged: boolean }> {
    await this.tick(signal);
    const upload = this.find(handle);
    if (indexes.length === 0) throw invalidInput('indexes: at least one part is needed');
    indexes.forEach((i) => this.requireIndex(i));
    if (upload.completed !== undefined) {
      const object = upload.space.find({ path: upload.path, ref: String(upload.completed) });
      if (!object) throw gone(upload.path);
      return { entry: upload.space.entry(object), staged: false };
    }
    const parts = indexes.map((index) => {
      const part = upload.parts.get(index);
      if (!part) throw new ProviderError(ProviderErrorCode.BadArgument, `indexes: part ${index} was not uploaded`);
      return part;
    });
    parts.slice(0, -1).forEach((part, k) => {
      if (part.length < this.limits.minPartSize) throw new ProviderError(ProviderErrorCode.BadArgument, `part ${indexes[k]} is smaller than ${this.limits.minPartSize} bytes and not the last`);
    });
    const object = upload.space.write(upload.path, Buffer.concat(parts));
    upload.completed = object.id;
    upload.parts.clear();
    return { entry: upload.space.entry(object), staged: false };
  }

  async abort(handle: MultipartHandle, signal?: AbortSignal): Promise<void> {
    await this.tick(signal);
    this.uploads.delete(uploadId(handle)); // the object a completed upload wrote is the user's now: it stays
  }

  private find(handle: MultipartHandle): Upload {
    const upload = this.uploads.get(uploadId(handle));
    if (!upload) throw gone();
    return upload;
  }

  /** An upload that still takes parts. */
  private open(handle: MultipartHandle): Upload {
    const upload = this.find(handle);
    if (upload.completed !== undefined) throw new ProviderError(ProviderErrorCode.BadArgument, `the upload to '${upload.path}' is complete`);
    return upload;
  }

  private requireIndex(index: number): void {
    if (!Number.isInteger(index) || index < 1 || index > this.limits.maxParts) throw invalidInput(`index: ${index} is not a part number (1 to ${this.limits.maxParts})`);
  }
}

function uploadId(handle: MultipartHandle): string {
  let state: unknown;
  try {
    state = JSON.parse(handle.state);
  } catch {
    state = undefined;
  }
  const upload = (state as { upload?: unknown } | undefined)?.upload;
  if (typeof upload !== 'string') throw invalidInput('handle: not a multipart upload of this connection');
  return upload;
}

function gone(path?: string): ProviderError {
  return new ProviderError(ProviderErrorCode.DataNotFound, `the upload${path === undefined ? '' : ` to '${path}'`} is gone (aborted, or its object deleted); start it over`);
}
