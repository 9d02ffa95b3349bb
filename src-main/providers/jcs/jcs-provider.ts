/**
 * The JCS-pub service as a StorageProvider, over the JCS client. Buckets
 * (`b<id>`) hold packages (`p<id>`), packages hold objects; folders are path
 * prefixes. Every JCS error leaves as a provider error (jcs-error-map.ts).
 */
import { entityNameProblem } from '@shared/jcs/names';
import { invalidInput, ProviderError, ProviderErrorCode, ProviderTransportError } from '../provider-errors';
import { decodePageToken, encodePageToken } from '../page-tokens';
import { requireFolderPrefix, requireObjectPath } from '../provider-paths';
import type {
  ByteRange,
  Capabilities,
  EntryRef,
  FolderPage,
  ListOptions,
  MoveItem,
  BulkResult,
  BodySink,
  ReadResult,
  RemoteEntry,
  RootNode,
  StorageProvider,
  TransferOptions,
  UploadBody,
} from '../storage-provider';
import { copyObjects, deleteObjects, moveObjects, renameObject } from './jcs-bulk';
import { JcsClient } from './jcs-client';
import { bucketNode, packageNode, toRemoteEntry } from './jcs-entries';
import { mapped, toProviderError } from './jcs-error-map';
import type { JcsHttpOptions } from './jcs-http';
import { objectAt } from './jcs-lookup';
import { JCS_MULTIPART, JcsMultipartUploads, STAGING_PREFIX } from './jcs-multipart';
import { JcsUserSpaces } from './jcs-user-spaces';
import { parseObjectRef, parseRootId, requirePackageRoot } from './jcs-root-ids';

/** The batch the app has always sent (core/transfers/upload/small-uploads.ts); the JCS-pub API states no limit. */
const BATCH_UPLOAD = { maxFiles: 64, maxBytes: 16 * 1024 * 1024 };

export const JCS_CAPABILITIES: Capabilities = {
  rootLevels: [
    { key: 'bucket', create: true, delete: true },
    { key: 'package', create: true, delete: true },
  ],
  // The service hashes what it stores: `Full` + SHA-256 is checked against the bytes.
  hash: { algorithm: 'sha256', trusted: true },
  ranges: true,
  folders: 'prefix',
  move: true,
  moveAcrossRoots: true,
  copy: true,
  copyAcrossRoots: true,
  rename: true,
  delete: true,
  batchUpload: BATCH_UPLOAD,
  multipart: JCS_MULTIPART,
  thumbnails: false,
  folderAsZip: false,
  maxObjectSize: null,
  reservedPrefixes: [STAGING_PREFIX],
  listQuery: null,
  usage: false,
  userSpaces: true,
};

export class JcsProvider implements StorageProvider {
  readonly kind = 'jcs';
  readonly capabilities = JCS_CAPABILITIES;
  readonly multipart: JcsMultipartUploads;
  readonly userSpaces: JcsUserSpaces;
  private readonly client: JcsClient;

  constructor(options: JcsHttpOptions) {
    try {
      this.client = new JcsClient(options);
    } catch (error) {
      throw invalidInput(`baseUrl: ${(error as Error).message}`);
    }
    this.multipart = new JcsMultipartUploads(this.client);
    this.userSpaces = new JcsUserSpaces(this.client.userSpaces);
  }

  // ---- roots ----

  async listRoots(parentId: string | null, signal?: AbortSignal): Promise<RootNode[]> {
    if (parentId === null) return mapped(async () => (await this.client.listBuckets(signal)).map(bucketNode));
    const parent = parseRootId(parentId, 'parentId');
    if (parent.type === 'package') throw invalidInput(`parentId: '${parentId}' is a package; it holds objects, not roots`);
    return mapped(async () => (await this.client.listBucketPackages(parent.bucketID, signal)).map(packageNode));
  }

  async getRoot(id: string, signal?: AbortSignal): Promise<RootNode> {
    const root = parseRootId(id, 'id');
    if (root.type === 'package') return mapped(async () => packageNode(await this.client.getPackage(root.packageID, signal)));
    // JCS has no route for one bucket by id.
    const bucket = await mapped(async () => (await this.client.listBuckets(signal)).find((b) => b.bucketID === root.bucketID));
    if (!bucket) throw new ProviderError(ProviderErrorCode.DataNotFound, 'the bucket does not exist (any more)');
    return bucketNode(bucket);
  }

  async createRoot(parentId: string | null, name: string, signal?: AbortSignal): Promise<RootNode> {
    const problem = typeof name === 'string' ? entityNameProblem(name) : 'is not a string';
    if (problem) throw invalidInput(`name: '${String(name)}' ${problem}`);
    if (parentId === null) return mapped(async () => bucketNode(await this.client.createBucket(name, signal)));
    const parent = parseRootId(parentId, 'parentId');
    if (parent.type === 'package') throw invalidInput(`parentId: '${parentId}' is a package; packages are made in buckets`);
    return mapped(async () => packageNode(await this.client.createPackage(parent.bucketID, name, signal)));
  }

  async deleteRoot(id: string, signal?: AbortSignal): Promise<void> {
    const root = parseRootId(id, 'id');
    await mapped(() => (root.type === 'bucket' ? this.client.deleteBucket(root.bucketID, signal) : this.client.deletePackage(root.packageID, signal)));
  }

  // ---- objects ----

  async listFolder(root: string, prefix: string, options: ListOptions = {}): Promise<FolderPage> {
    const packageID = requirePackageRoot(root);
    requireFolderPrefix(prefix);
    const recursive = options.recursive === true;
    const { maxKeys } = options;
    if (maxKeys !== undefined && (!Number.isInteger(maxKeys) || maxKeys < 1)) throw invalidInput(`maxKeys: ${maxKeys} is not a positive whole number`);
    const scope = { root, prefix, recursive };
    const continuationToken = options.token === undefined ? undefined : decodePageToken(scope, options.token);
    const page = await mapped(() => this.client.listByPath({ packageID, path: prefix, isPrefix: true, noRecursive: !recursive, maxKeys, continuationToken }, options.signal));
    if (page.isTruncated && !page.nextContinuationToken) throw new ProviderTransportError('the listing is truncated but has no continuation token', false, '/object/listByPath');
    return {
      entries: page.objects.map(toRemoteEntry),
      folders: recursive ? [] : page.commonPrefixes,
      nextToken: page.isTruncated ? encodePageToken(scope, page.nextContinuationToken) : null,
    };
  }

  async stat(root: string, path: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    const packageID = requirePackageRoot(root);
    requireObjectPath(path);
    const object = await mapped(() => objectAt(this.client, packageID, path, signal));
    return object && toRemoteEntry(object);
  }

  async read(root: string, entry: EntryRef, range?: ByteRange, options: TransferOptions = {}): Promise<ReadResult> {
    const packageID = requirePackageRoot(root);
    const address = entry.ref !== undefined ? { objectID: parseObjectRef(entry.ref) } : { packageID, path: requireObjectPath(entry.path) };
    if (range) requireRange(range);
    // The client's stream fails with provider errors itself: a second stream around it costs a copy per chunk.
    const download = await mapped(() => this.client.download(address, range, { ...options, asError: (error) => toProviderError(error) as Error }));
    return { stream: download.stream, length: Number.isFinite(download.length) ? download.length : null };
  }

  async readRangeInto(root: string, entry: EntryRef, range: Required<ByteRange>, sink: BodySink, signal?: AbortSignal): Promise<void> {
    const packageID = requirePackageRoot(root);
    const address = entry.ref !== undefined ? { objectID: parseObjectRef(entry.ref) } : { packageID, path: requireObjectPath(entry.path) };
    requireRange(range);
    await mapped(() => this.client.downloadInto(address, range, sink, { signal }));
  }

  async put(root: string, files: ReadonlyArray<{ path: string; body: UploadBody }>, options: TransferOptions = {}): Promise<RemoteEntry[]> {
    const packageID = requirePackageRoot(root);
    for (const file of files) requireObjectPath(file.path);
    const stored: RemoteEntry[] = [];
    for (const batch of batches(files)) {
      const uploaded = await mapped(() => this.client.uploadObjects(packageID, batch, options));
      if (uploaded.length !== batch.length) throw new ProviderTransportError(`the service confirmed ${uploaded.length} of ${batch.length} uploaded files`, false, '/object/upload');
      stored.push(...uploaded.map(toRemoteEntry));
    }
    return stored;
  }

  // Async (like every member) so that a refused argument rejects instead of throwing at the call.
  async move(root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult> {
    return await moveObjects(this.client, requirePackageRoot(root), items, requirePackageRoot(targetRoot, 'targetRoot'), signal);
  }

  async copy(root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult> {
    return await copyObjects(this.client, requirePackageRoot(root), items, requirePackageRoot(targetRoot, 'targetRoot'), signal);
  }

  async rename(root: string, entry: EntryRef, newName: string, signal?: AbortSignal): Promise<RemoteEntry> {
    return await renameObject(this.client, requirePackageRoot(root), entry, newName, signal);
  }

  async delete(root: string, entries: readonly EntryRef[], signal?: AbortSignal): Promise<BulkResult> {
    return await deleteObjects(this.client, requirePackageRoot(root), entries, signal);
  }

  async probe(signal?: AbortSignal): Promise<{ roots: number }> {
    return { roots: (await mapped(() => this.client.listBuckets(signal))).length };
  }

  close(): void {
    this.client.close();
  }
}

function requireRange(range: ByteRange): void {
  if (!Number.isSafeInteger(range.offset) || range.offset < 0) throw invalidInput(`range.offset: ${range.offset} is not a byte offset`);
  if (range.length !== undefined && (!Number.isSafeInteger(range.length) || range.length < 0)) throw invalidInput(`range.length: ${range.length} is not a byte count`);
}

/** Files in requests of at most BATCH_UPLOAD's files and bytes (a file bigger than that goes alone). */
function* batches<T extends { body: UploadBody }>(files: readonly T[]): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (batch.length >= BATCH_UPLOAD.maxFiles || bytes + file.body.size > BATCH_UPLOAD.maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.body.size;
  }
  if (batch.length > 0) yield batch;
}
