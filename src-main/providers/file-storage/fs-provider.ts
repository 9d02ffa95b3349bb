/**
 * The File Storage API V2.1 (seed 002) as a StorageProvider: one flat space
 * (root `SINGLE_ROOT`, level 'space'), entries named by the file's name and
 * acted on by its id (`ref`), since two files may share a name here.
 *
 * Decisions where the seed and the interface meet:
 * - `put` replaces what is at the path: the new file is uploaded first, and
 *   only once the service has it are the older files of that name deleted
 *   (never the other way round, so a failed upload loses nothing). If that
 *   clean-up fails the upload still stands: the newest file of a name is the
 *   one `stat` finds.
 * - `rename` never overwrites: the seed allows two files with one name, but
 *   the interface says a taken name is `Conflict`, so the name is looked up
 *   first (another client may still race in between: the seed has no
 *   conditional rename).
 * - `stat(path)` is the newest file with exactly that name.
 * - `delete` with a ref deletes that file; by path alone, every file of that
 *   name (the path is gone afterwards). Already gone is success.
 */
import { ProviderError, ProviderErrorCode, invalidInput } from '../provider-errors';
import { requireFolderPrefix, requireSegment } from '../provider-paths';
import {
  SINGLE_ROOT,
  type BulkResult,
  type ByteRange,
  type Capabilities,
  type EntryRef,
  type FolderPage,
  type ListOptions,
  type ReadResult,
  type RemoteEntry,
  type RootNode,
  type StorageProvider,
  type StorageUsage,
  type ThumbnailResult,
  type ThumbnailSize,
  type TransferOptions,
  type UploadBody,
} from '../storage-provider';
import { FsClient, type FsClientOptions } from './fs-client';
import { DownloadCache } from './fs-download-cache';
import { entryOf } from './fs-entries';
import { FsListing } from './fs-listing';
import { multipartFiles } from './fs-multipart';
import { FsPaging } from './fs-paging';
import { readFile, readThumbnail } from './fs-reads';
import type { WireFile, WireStat } from './fs-wire';

const BATCH_UPLOAD = { maxFiles: 32, maxBytes: 64 * 1024 * 1024 };

export const FILE_STORAGE_CAPABILITIES: Capabilities = {
  rootLevels: [{ key: 'space', create: false, delete: false }],
  // The etag identifies content but is not a hash we can recompute: transfers verify by size and a local SHA-256.
  hash: null,
  ranges: false,
  folders: 'none',
  move: false,
  moveAcrossRoots: false,
  copy: false,
  copyAcrossRoots: false,
  rename: true,
  delete: true,
  batchUpload: BATCH_UPLOAD,
  multipart: null,
  thumbnails: true,
  folderAsZip: false,
  maxObjectSize: null,
  reservedPrefixes: [],
  listQuery: { sortFields: ['name', 'size', 'modified', 'created', 'type'], filters: ['name', 'type'], offsets: true, total: true },
  usage: true,
  userSpaces: false,
};

export interface FileStorageProviderOptions extends FsClientOptions {
  /** Where downloads are kept for conditional requests; null: no cache. */
  cacheDir: string | null;
  cacheMaxBytes?: number;
}

const SPACE: RootNode = { id: SINGLE_ROOT, name: 'File Storage', level: 0, parentId: null, createdAt: null, extras: {} };

/** A file name the service and a multipart header can carry: one segment, at most 255 characters, no '"'. */
function requireFileName(name: string, field: string): string {
  requireSegment(name, field);
  if ([...name].length > 255) throw invalidInput(`${field}: '${name}' is longer than the 255 characters the service allows`);
  if (name.includes('"')) throw invalidInput(`${field}: '${name}' contains '"', which an upload cannot carry`);
  return name;
}

export class FileStorageProvider implements StorageProvider {
  readonly kind = 'file-storage';
  readonly capabilities = FILE_STORAGE_CAPABILITIES;
  readonly client: FsClient;
  readonly cache: DownloadCache | null;
  private readonly listing: FsListing;

  constructor(options: FileStorageProviderOptions) {
    try {
      this.client = new FsClient(options);
    } catch (error) {
      throw invalidInput(`baseUrl: ${(error as Error).message}`);
    }
    this.cache = options.cacheDir ? new DownloadCache(options.cacheDir, options.cacheMaxBytes) : null;
    this.listing = new FsListing(new FsPaging(this.client));
  }

  private requireRoot(root: string, field = 'root'): void {
    if (root !== SINGLE_ROOT) throw new ProviderError(ProviderErrorCode.DataNotFound, `${field}: a File Storage service has one space, '${SINGLE_ROOT}' ('${String(root)}' given)`);
  }

  listRoots(parentId: string | null): Promise<RootNode[]> {
    return settled(() => {
      if (parentId !== null) {
        this.requireRoot(parentId, 'parentId');
        throw invalidInput(`parentId: '${parentId}' holds files, not roots`);
      }
      return [SPACE];
    });
  }

  getRoot(id: string): Promise<RootNode> {
    return settled(() => {
      this.requireRoot(id, 'id');
      return SPACE;
    });
  }

  async listFolder(root: string, prefix: string, options: ListOptions = {}): Promise<FolderPage> {
    requireFolderPrefix(prefix);
    this.requireRoot(root);
    const query = this.capabilities.listQuery!;
    if (options.sort && !query.sortFields.includes(options.sort.field)) throw invalidInput(`sort.field: '${String(options.sort.field)}' cannot be sorted by here`);
    if (options.sort && options.sort.order !== 'asc' && options.sort.order !== 'desc') throw invalidInput("sort.order: 'asc' or 'desc' expected");
    for (const key of Object.keys(options.filter ?? {})) if (!query.filters.includes(key as 'name')) throw invalidInput(`filter.${key}: not a filter this service has`);
    if (options.offset !== undefined && (!Number.isInteger(options.offset) || options.offset < 0)) throw invalidInput('offset: a whole number ≥ 0 expected');
    if (options.offset !== undefined && options.token !== undefined) throw invalidInput('offset: not together with a token');
    if (prefix !== '') throw invalidInput(`prefix: '${prefix}': a File Storage service has no folders, only its top ('')`);
    if (options.maxKeys !== undefined && (!Number.isInteger(options.maxKeys) || options.maxKeys < 1)) throw invalidInput(`maxKeys: ${String(options.maxKeys)} is not a positive whole number`);
    return this.listing.page({ root, prefix, recursive: options.recursive === true }, options);
  }

  async stat(root: string, path: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    requireSegment(path, 'path');
    this.requireRoot(root);
    const newest = (await this.listing.named(path, signal))[0];
    return newest ? entryOf(newest) : undefined;
  }

  /** The id an entry names: its ref, else the newest file with its name. */
  private async idOf(entry: EntryRef, signal?: AbortSignal): Promise<string> {
    if (!entry || typeof entry.path !== 'string') throw invalidInput('entry: a path expected');
    requireSegment(entry.path, 'entry.path');
    if (entry.ref !== undefined) {
      if (typeof entry.ref !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(entry.ref)) throw invalidInput(`entry.ref: '${String(entry.ref)}' is not a File Storage id`);
      return entry.ref;
    }
    const newest = (await this.listing.named(entry.path, signal))[0];
    if (!newest) throw new ProviderError(ProviderErrorCode.DataNotFound, `'${entry.path}' is not on the service`);
    return newest.id;
  }

  async read(root: string, entry: EntryRef, range?: ByteRange, options: TransferOptions = {}): Promise<ReadResult> {
    this.requireRoot(root);
    if (range !== undefined) throw invalidInput('range: this service sends whole files only');
    const id = await this.idOf(entry, options.signal);
    return readFile(this.client, this.cache, id, options);
  }

  async put(root: string, files: ReadonlyArray<{ path: string; body: UploadBody }>, options: TransferOptions = {}): Promise<RemoteEntry[]> {
    this.requireRoot(root);
    const names = new Set<string>();
    for (const [i, file] of files.entries()) {
      requireFileName(file?.path, `files[${i}].path`);
      if (!file.body || !Number.isInteger(file.body.size) || file.body.size < 0) throw invalidInput(`files[${i}].body: a size ≥ 0 expected`);
      if (names.has(file.path)) throw invalidInput(`files[${i}].path: '${file.path}' given twice`);
      names.add(file.path);
    }
    const stored: RemoteEntry[] = [];
    for (const batch of batches(files)) {
      const sent = await this.client.upload(multipartFiles(batch.map((f) => ({ name: f.path, body: f.body })), options.onBytes), options.signal);
      if (sent.length !== batch.length) throw new ProviderError(ProviderErrorCode.OperationFailed, `the service stored ${sent.length} of ${batch.length} files`, { route: 'POST /file/upload' });
      for (const file of sent) {
        await this.removeOlder(file, options.signal);
        stored.push(entryOf(file));
      }
    }
    return stored;
  }

  /** After `kept` is stored: the other files of its name that are not newer go (put replaces what is at the path). */
  private async removeOlder(kept: WireFile, signal?: AbortSignal): Promise<void> {
    try {
      for (const file of await this.listing.named(kept.name, signal)) {
        if (file.id !== kept.id && file.created <= kept.created) await this.deleteId(file.id, signal);
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      // The new file is stored; an older one left behind is shadowed by it (stat takes the newest).
    }
  }

  private async deleteId(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.client.delete(id, signal);
    } catch (error) {
      if (!(error instanceof ProviderError && error.code === ProviderErrorCode.DataNotFound)) throw error;
    }
    await this.cache?.drop(id);
  }

  async rename(root: string, entry: EntryRef, newName: string, signal?: AbortSignal): Promise<RemoteEntry> {
    this.requireRoot(root);
    requireFileName(newName, 'newName');
    const id = await this.idOf(entry, signal);
    const taken = (await this.listing.named(newName, signal)).find((f) => f.id !== id);
    if (taken) throw new ProviderError(ProviderErrorCode.Conflict, `'${newName}' exists already`);
    return entryOf(await this.client.rename(id, newName, signal));
  }

  async delete(root: string, entries: readonly EntryRef[], signal?: AbortSignal): Promise<BulkResult> {
    this.requireRoot(root);
    entries.forEach((e, i) => requireSegment(e?.path, `entries[${i}].path`));
    const result: BulkResult = { done: [], failed: [] };
    for (const entry of entries) {
      try {
        const ids = entry.ref !== undefined ? [await this.idOf(entry, signal)] : (await this.listing.named(entry.path, signal)).map((f) => f.id);
        for (const id of ids) await this.deleteId(id, signal);
        result.done.push(entry.path);
      } catch (error) {
        if (error instanceof ProviderError && error.code !== ProviderErrorCode.Unauthorized) result.failed.push({ path: entry.path, code: error.code, message: error.message });
        else throw error;
      }
    }
    return result;
  }

  async thumbnail(root: string, entry: EntryRef, size: ThumbnailSize, signal?: AbortSignal): Promise<ThumbnailResult> {
    this.requireRoot(root);
    const id = await this.idOf(entry, signal);
    return readThumbnail(this.client, id, size, signal);
  }

  async usage(signal?: AbortSignal): Promise<StorageUsage> {
    const [service, self] = await Promise.all([this.client.stat('service', signal), this.client.stat('self', signal)]);
    return { scopes: [{ scope: 'service', byType: usageOf(service) }, { scope: 'self', byType: usageOf(self) }] };
  }

  async probe(signal?: AbortSignal): Promise<{ roots: number }> {
    // A real call (and the one a wrong token or a wrong address fails), not just a connection.
    await this.client.list({ offset: 0, limit: 1 }, signal);
    return { roots: 1 };
  }

  close(): void {
    this.client.close();
  }
}

/** A synchronous answer as a promise, a throw as a rejection (members never throw at the call). */
function settled<T>(make: () => T): Promise<T> {
  return new Promise((resolve) => resolve(make()));
}

function usageOf(stat: WireStat): StorageUsage['scopes'][number]['byType'] {
  return [
    { type: 'total', count: stat.count.total, bytes: stat.size.total },
    { type: 'image', count: stat.count.images, bytes: stat.size.images },
    { type: 'audio', count: stat.count.audio, bytes: stat.size.audio },
    { type: 'video', count: stat.count.video, bytes: stat.size.video },
  ];
}

/** Files in requests within the batch limits (a single file larger than the byte limit goes alone). */
function batches<T extends { body: UploadBody }>(files: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= BATCH_UPLOAD.maxFiles || bytes + file.body.size > BATCH_UPLOAD.maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.body.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
