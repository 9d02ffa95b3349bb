/**
 * Multipart uploads the way the app has always done them on JCS: the object
 * is created at a staging path in the same package (`.jcs-uploads/<key>/<name>`),
 * parts go to it, `completeMultipartUpload` joins them there, and only once
 * the caller has verified the result is it moved to its real path (a JCS move
 * never overwrites). The handle's state is what a restart needs: the package,
 * the destination, the staging path and the staging object's id.
 *
 * JCS has no route that lists the parts it holds, so `listParts` is absent:
 * the engine's own record of acknowledged parts is what counts.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { baseName } from '@shared/jcs/object-path';
import { idSchema } from '@shared/jcs/wire';
import { invalidInput, ProviderError, ProviderErrorCode } from '../provider-errors';
import { requireObjectPath } from '../provider-paths';
import type { InitiateOptions, MultipartHandle, MultipartLimits, MultipartUploads, RemoteEntry, TransferOptions, UploadBody } from '../storage-provider';
import type { JcsClient } from './jcs-client';
import { isPending, toRemoteEntry } from './jcs-entries';
import { mapped } from './jcs-error-map';
import { objectAt } from './jcs-lookup';
import { requirePackageRoot } from './jcs-root-ids';

export const STAGING_PREFIX = '.jcs-uploads/';

/**
 * The JCS-pub API states no limits; these are the ones the app has always
 * kept (core/transfers/part-size.ts: parts of whole MiB, at most 10,000 of
 * them, the smallest threshold Settings allow is 1 MiB), which S3-backed JCS
 * storages accept.
 */
export const JCS_MULTIPART: MultipartLimits = {
  minPartSize: 1024 * 1024,
  maxPartSize: 5 * 1024 * 1024 * 1024,
  maxParts: 10_000,
  listParts: false,
  staged: true,
};

const UPLOAD_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const stateSchema = z
  .object({
    v: z.literal(1),
    package: idSchema,
    path: z.string(),
    staging: z.string().startsWith(STAGING_PREFIX),
    object: idSchema,
  })
  .strict();
type UploadState = z.infer<typeof stateSchema>;

export class JcsMultipartUploads implements MultipartUploads {
  constructor(private readonly client: JcsClient) {}

  async initiate(root: string, path: string, size: number, options: InitiateOptions = {}): Promise<MultipartHandle> {
    const packageID = requirePackageRoot(root);
    requireObjectPath(path);
    if (!Number.isSafeInteger(size) || size < 0) throw invalidInput(`size: ${size} is not a byte count`);
    const key = options.key ?? randomUUID();
    if (typeof key !== 'string' || !UPLOAD_KEY.test(key)) throw invalidInput(`key: '${String(key)}' may hold only letters, digits, '-' and '_' (at most 64)`);
    const staging = requireObjectPath(`${STAGING_PREFIX}${key}/${baseName(path)}`, 'staging path');
    // newMultipartUpload on a taken path restarts the object there in place: initiating again with the same key leaves nothing behind.
    const object = await mapped(() => this.client.newMultipartUpload(packageID, staging, options.signal));
    const state: UploadState = { v: 1, package: packageID, path, staging, object: object.objectID };
    return { state: JSON.stringify(state) };
  }

  async putPart(handle: MultipartHandle, index: number, body: UploadBody, options: TransferOptions = {}): Promise<void> {
    const state = parseState(handle);
    requirePartIndex(index);
    await mapped(() => this.client.uploadPart(state.object, index, body, options));
  }

  async complete(handle: MultipartHandle, indexes: readonly number[], signal?: AbortSignal): Promise<{ entry: RemoteEntry; staged: boolean }> {
    const state = parseState(handle);
    if (!Array.isArray(indexes) || indexes.length === 0) throw invalidInput('indexes: at least one part is needed');
    indexes.forEach(requirePartIndex);
    return mapped(async () => {
      // Look first: a complete whose answer was lost cannot be sent again (JCS refuses to complete a completed object).
      const staged = await objectAt(this.client, state.package, state.staging, signal);
      if (staged?.objectID === state.object) {
        if (!isPending(staged)) return { entry: toRemoteEntry(staged), staged: true };
        const done = await this.client.completeMultipartUpload(state.object, indexes, signal);
        return { entry: toRemoteEntry(done), staged: true };
      }
      const placed = await objectAt(this.client, state.package, state.path, signal);
      if (placed?.objectID === state.object && !isPending(placed)) return { entry: toRemoteEntry(placed), staged: false };
      throw gone(state);
    });
  }

  async place(handle: MultipartHandle, path: string, signal?: AbortSignal): Promise<RemoteEntry> {
    const state = parseState(handle);
    requireObjectPath(path);
    return mapped(async () => {
      const staged = await objectAt(this.client, state.package, state.staging, signal);
      if (staged?.objectID !== state.object) {
        const there = await objectAt(this.client, state.package, path, signal);
        if (there?.objectID === state.object) return toRemoteEntry(there); // placed before; the answer was lost
        throw gone(state);
      }
      if (isPending(staged)) throw new ProviderError(ProviderErrorCode.OperationFailed, `the upload to '${state.path}' is not complete yet; complete it before placing it`);
      const moved = await this.client.moveObjects([{ objectID: state.object, packageID: state.package, path }], signal);
      const there = await objectAt(this.client, state.package, path, signal);
      if (there?.objectID === state.object) return toRemoteEntry(there);
      if (there) throw new ProviderError(ProviderErrorCode.Conflict, `'${path}' already exists`);
      throw new ProviderError(ProviderErrorCode.OperationFailed, moved.includes(state.object) ? `the uploaded object left '${path}' right after it was placed` : `the uploaded object could not be moved to '${path}'`);
    });
  }

  async abort(handle: MultipartHandle, signal?: AbortSignal): Promise<void> {
    const state = parseState(handle);
    await mapped(async () => {
      // Only while it is staged: once placed, the object is the user's file.
      const staged = await objectAt(this.client, state.package, state.staging, signal);
      if (staged?.objectID === state.object) await this.client.deleteObjects([state.object], signal);
    });
  }
}

function parseState(handle: MultipartHandle): UploadState {
  let json: unknown;
  try {
    json = JSON.parse(handle.state);
  } catch {
    json = undefined;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) throw invalidInput('handle: not a multipart upload of this connection');
  requireObjectPath(parsed.data.path, 'handle path');
  requireObjectPath(parsed.data.staging, 'handle staging path');
  return parsed.data;
}

function requirePartIndex(index: number): void {
  if (!Number.isInteger(index) || index < 1 || index > JCS_MULTIPART.maxParts) throw invalidInput(`index: ${index} is not a part number (1 to ${JCS_MULTIPART.maxParts})`);
}

function gone(state: UploadState): ProviderError {
  return new ProviderError(ProviderErrorCode.DataNotFound, `the upload to '${state.path}' is gone (aborted, or its staging object was deleted or moved); start it over`);
}
