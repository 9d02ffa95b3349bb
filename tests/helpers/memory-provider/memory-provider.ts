/**
 * A storage provider that keeps everything in memory, for tests: proof that
 * the StorageProvider interface is not JCS in disguise, and a second shape to
 * run the engines against. Its capabilities are chosen per instance; by
 * default it is a flat store like the File Storage service (seed 002): one
 * space, no folders, no ranges, no move or copy, no multipart, an etag but no
 * hash. It behaves like a remote: every call is asynchronous, bytes are
 * copied in and out, listings come in pages with tokens, and what the
 * capabilities rule out is refused with `InvalidInput`, not done anyway.
 * Never registered in the product.
 */
import { invalidInput, ProviderError, ProviderErrorCode, ProviderTransportError } from '../../../src-main/providers/provider-errors';
import { decodePageToken, encodePageToken } from '../../../src-main/providers/page-tokens';
import { byteOrder, parentFolder, requireFolderPrefix, requireObjectPath, requireSegment } from '../../../src-main/providers/provider-paths';
import {
  SINGLE_ROOT,
  type BulkResult,
  type ByteRange,
  type Capabilities,
  type EntryRef,
  type FolderPage,
  type ItemFailure,
  type ListOptions,
  type MoveItem,
  type MultipartLimits,
  type ReadResult,
  type RemoteEntry,
  type RootNode,
  type StorageProvider,
  type TransferOptions,
  type UploadBody,
} from '../../../src-main/providers/storage-provider';
import { receiveBody, sendBytes } from './memory-bodies';
import { MemoryMultipart } from './memory-multipart';
import { ancestors, MemorySpace } from './memory-space';

export interface MemoryProviderOptions {
  /** Spaces made and deleted by name (one creatable level), instead of one fixed space with id SINGLE_ROOT. */
  spaces?: boolean;
  folders?: Capabilities['folders'];
  ranges?: boolean;
  hash?: Capabilities['hash'];
  move?: boolean;
  copy?: boolean;
  rename?: boolean;
  delete?: boolean;
  /** Not staged: `complete` writes the object at its path. */
  multipart?: Omit<MultipartLimits, 'staged'> | null;
  /** The most entries a listing page holds, whatever maxKeys asks. */
  pageSize?: number;
}

export class MemoryProvider implements StorageProvider {
  readonly kind = 'memory';
  readonly capabilities: Capabilities;
  readonly multipart?: MemoryMultipart;
  readonly createRoot?: (parentId: string | null, name: string, signal?: AbortSignal) => Promise<RootNode>;
  readonly deleteRoot?: (id: string, signal?: AbortSignal) => Promise<void>;
  readonly move?: (root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal) => Promise<BulkResult>;
  readonly copy?: (root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal) => Promise<BulkResult>;
  readonly rename?: (root: string, entry: EntryRef, newName: string, signal?: AbortSignal) => Promise<RemoteEntry>;
  readonly delete?: (root: string, entries: readonly EntryRef[], signal?: AbortSignal) => Promise<BulkResult>;
  readonly mkdir?: (root: string, path: string, signal?: AbortSignal) => Promise<void>;

  private readonly spaces = new Map<string, MemorySpace>();
  private readonly pageSize: number;
  private nextSpace = 1;
  private closed = false;

  constructor(options: MemoryProviderOptions = {}) {
    const move = options.move ?? false;
    this.capabilities = {
      rootLevels: [{ key: 'space', create: !!options.spaces, delete: !!options.spaces }],
      hash: options.hash ?? null,
      ranges: options.ranges ?? false,
      folders: options.folders ?? 'none',
      move,
      moveAcrossRoots: false,
      copy: options.copy ?? false,
      copyAcrossRoots: false,
      rename: move || (options.rename ?? false),
      delete: options.delete ?? true,
      batchUpload: null,
      multipart: options.multipart ? { ...options.multipart, staged: false } : null,
      thumbnails: false,
      folderAsZip: false,
      maxObjectSize: null,
      reservedPrefixes: [],
      listQuery: null,
      usage: false,
      userSpaces: false,
    };
    this.pageSize = options.pageSize ?? 1000;
    const caps = this.capabilities;
    if (!options.spaces) this.addSpace(SINGLE_ROOT, '');
    else {
      this.createRoot = (parentId, name, signal) => this.makeSpace(parentId, name, signal);
      this.deleteRoot = (id, signal) => this.dropSpace(id, signal);
    }
    if (caps.multipart) this.multipart = new MemoryMultipart(caps.multipart, (root) => this.space(root), (signal) => this.tick(signal));
    if (caps.move) this.move = (root, items, targetRoot, signal) => this.transfer('move', root, items, targetRoot, signal);
    if (caps.copy) this.copy = (root, items, targetRoot, signal) => this.transfer('copy', root, items, targetRoot, signal);
    if (caps.rename) this.rename = (root, entry, newName, signal) => this.renameOne(root, entry, newName, signal);
    if (caps.delete) this.delete = (root, entries, signal) => this.deleteAll(root, entries, signal);
    if (caps.folders === 'real') this.mkdir = (root, path, signal) => this.makeFolder(root, path, signal);
  }

  // ---- roots ----

  async listRoots(parentId: string | null, signal?: AbortSignal): Promise<RootNode[]> {
    await this.tick(signal);
    if (parentId !== null) throw invalidInput(`parentId: '${parentId}' holds objects, not roots`);
    return [...this.spaces.values()].map((s) => s.node).sort((a, b) => byteOrder(a.name, b.name));
  }

  async getRoot(id: string, signal?: AbortSignal): Promise<RootNode> {
    await this.tick(signal);
    return this.space(id).node;
  }

  private async makeSpace(parentId: string | null, name: string, signal?: AbortSignal): Promise<RootNode> {
    await this.tick(signal);
    if (parentId !== null) throw invalidInput(`parentId: spaces are made at the top`);
    requireSegment(name);
    if ([...this.spaces.values()].some((s) => s.node.name === name)) throw new ProviderError(ProviderErrorCode.DataExists, `a space named '${name}' exists`);
    return this.addSpace(`s${this.nextSpace++}`, name).node;
  }

  private async dropSpace(id: string, signal?: AbortSignal): Promise<void> {
    await this.tick(signal);
    this.space(id);
    this.spaces.delete(id);
  }

  // ---- objects ----

  async listFolder(root: string, prefix: string, options: ListOptions = {}): Promise<FolderPage> {
    await this.tick(options.signal);
    const space = this.space(root);
    requireFolderPrefix(prefix);
    if (this.capabilities.folders === 'none' && prefix !== '') throw invalidInput(`prefix: '${prefix}': this service has no folders`);
    const recursive = options.recursive === true;
    const { maxKeys } = options;
    if (maxKeys !== undefined && (!Number.isInteger(maxKeys) || maxKeys < 1)) throw invalidInput(`maxKeys: ${maxKeys} is not a positive whole number`);
    const scope = { root, prefix, recursive };
    const after = options.token === undefined ? undefined : decodePageToken(scope, options.token);
    const keys = this.keysUnder(space, prefix, recursive).filter((k) => after === undefined || byteOrder(k, after) > 0);
    const page = keys.slice(0, Math.min(maxKeys ?? this.pageSize, this.pageSize));
    const last = page[page.length - 1];
    return {
      entries: page.filter((k) => !k.endsWith('/')).map((k) => space.entry(space.objects.get(k)!)),
      folders: page.filter((k) => k.endsWith('/')),
      nextToken: last !== undefined && keys.length > page.length ? encodePageToken(scope, last) : null,
    };
  }

  async stat(root: string, path: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    await this.tick(signal);
    const space = this.space(root);
    const object = space.find({ path });
    return object && space.entry(object);
  }

  async read(root: string, entry: EntryRef, range?: ByteRange, options: TransferOptions = {}): Promise<ReadResult> {
    await this.tick(options.signal);
    if (range && !this.capabilities.ranges) throw invalidInput('range: this service sends whole objects only');
    const { bytes } = this.space(root).require(entry);
    if (!range) return sendBytes(bytes, options);
    const { offset, length = bytes.length - offset } = range;
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) throw invalidInput(`range: ${offset}+${length} is not a byte range`);
    if (offset + length > bytes.length) throw new ProviderError(ProviderErrorCode.BadArgument, `range: ${offset}+${length} runs past the end (${bytes.length} bytes)`);
    return sendBytes(bytes.subarray(offset, offset + length), options);
  }

  async put(root: string, files: ReadonlyArray<{ path: string; body: UploadBody }>, options: TransferOptions = {}): Promise<RemoteEntry[]> {
    await this.tick(options.signal);
    const space = this.space(root);
    for (const file of files) space.requirePath(file.path);
    const stored: RemoteEntry[] = [];
    for (const file of files) {
      const problem = space.writeProblem(file.path);
      if (problem) throw new ProviderError(ProviderErrorCode.Conflict, `cannot write '${file.path}': ${problem}`);
      const bytes = await receiveBody(file.body, file.path, options);
      stored.push(space.entry(space.write(file.path, bytes)));
    }
    return stored;
  }

  private async transfer(mode: 'move' | 'copy', root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult> {
    await this.tick(signal);
    const space = this.space(root);
    if (targetRoot !== root) throw invalidInput(`targetRoot: this service cannot ${mode} between spaces`);
    for (const item of items) space.requirePath(item.to, 'to');
    const result: BulkResult = { done: [], failed: [] };
    for (const item of items) {
      const failure = this.transferOne(mode, space, item);
      if (failure) result.failed.push(failure);
      else result.done.push(item.to);
    }
    return result;
  }

  private transferOne(mode: 'move' | 'copy', space: MemorySpace, item: MoveItem): ItemFailure | undefined {
    const source = space.find(item.from, 'from.path');
    if (!source) return { path: item.to, code: ProviderErrorCode.DataNotFound, message: `'${item.from.path}' no longer exists` };
    const occupant = space.objects.get(item.to);
    if (occupant === source) return mode === 'move' ? undefined : { path: item.to, code: ProviderErrorCode.Conflict, message: `'${item.to}' already exists` };
    const problem = occupant ? `'${item.to}' already exists` : space.writeProblem(item.to);
    if (problem) return { path: item.to, code: ProviderErrorCode.Conflict, message: problem };
    if (mode === 'move') space.remove(source);
    space.write(item.to, mode === 'move' ? source.bytes : Buffer.from(source.bytes), mode === 'move' ? source.id : undefined);
    return undefined;
  }

  private async renameOne(root: string, entry: EntryRef, newName: string, signal?: AbortSignal): Promise<RemoteEntry> {
    await this.tick(signal);
    const space = this.space(root);
    requireSegment(newName, 'newName');
    const to = parentFolder(requireObjectPath(entry.path, 'entry.path')) + newName;
    const failure = this.transferOne('move', space, { from: entry, to });
    if (failure) throw new ProviderError(failure.code, failure.message);
    return space.entry(space.objects.get(to)!);
  }

  private async deleteAll(root: string, entries: readonly EntryRef[], signal?: AbortSignal): Promise<BulkResult> {
    await this.tick(signal);
    const space = this.space(root);
    const found = entries.map((e) => space.find(e));
    found.forEach((object) => object && space.remove(object));
    return { done: entries.map((e) => e.path), failed: [] };
  }

  private async makeFolder(root: string, path: string, signal?: AbortSignal): Promise<void> {
    await this.tick(signal);
    const space = this.space(root);
    requireObjectPath(path);
    const folders = [...ancestors(path), path + '/'];
    const blocked = folders.find((f) => space.objects.has(f.slice(0, -1)));
    if (blocked) throw new ProviderError(ProviderErrorCode.Conflict, `a file is at '${blocked.slice(0, -1)}'`);
    for (const folder of folders) space.folders.add(folder);
  }

  async probe(signal?: AbortSignal): Promise<{ roots: number }> {
    await this.tick(signal);
    return { roots: this.spaces.size };
  }

  close(): void {
    this.closed = true;
  }

  // ---- the service's insides ----

  /** Every key of a listing (object paths, and folder prefixes when one level), in byte order. */
  private keysUnder(space: MemorySpace, prefix: string, recursive: boolean): string[] {
    const keys = new Set<string>();
    for (const path of space.objects.keys()) {
      if (!path.startsWith(prefix)) continue;
      const slash = path.indexOf('/', prefix.length);
      keys.add(recursive || slash < 0 ? path : path.slice(0, slash + 1));
    }
    if (!recursive) {
      for (const folder of space.folders) {
        const rest = folder.slice(prefix.length);
        if (folder.startsWith(prefix) && rest !== '' && rest.indexOf('/') === rest.length - 1) keys.add(folder);
      }
    }
    return [...keys].sort(byteOrder);
  }

  private addSpace(id: string, name: string): MemorySpace {
    const space = new MemorySpace({ id, name, level: 0, parentId: null, createdAt: new Date().toISOString(), extras: {} }, this.capabilities);
    this.spaces.set(id, space);
    return space;
  }

  private space(root: string): MemorySpace {
    const space = this.spaces.get(root);
    if (!space) throw new ProviderError(ProviderErrorCode.DataNotFound, `space '${root}' not found`);
    return space;
  }

  /** Every call answers later, as a remote does, and not at all once closed or cancelled. */
  private async tick(signal?: AbortSignal): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    if (this.closed) throw new ProviderTransportError('the connection is closed', false);
  }
}
