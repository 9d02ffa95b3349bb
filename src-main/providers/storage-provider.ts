/**
 * One interface for every kind of storage a connection can point at, in the
 * spirit of rclone's `fs.Fs`: a small set of required operations, optional
 * features found by capability (`capabilities` says what the service can do;
 * optional members exist exactly when their capability says so), and one
 * folder per kind under `src-main/providers/<kind>/` that implements it.
 *
 * Addresses are provider-neutral: a *root* (an opaque id the provider hands
 * out: a JCS package, a File Storage service's single space, an S3 bucket) and
 * a `/`-separated *path* inside it. Anything service-specific (JCS object ids,
 * fileHash formats, staging folders) stays inside the adapter; what callers
 * may show of it travels in `extras`.
 *
 * Rules every adapter keeps (the engines rely on them):
 * - `put`, and `complete` of an upload that is not staged, replace what is at
 *   the path (the engines decide about conflicts before they write);
 * - `move`, `copy`, `rename` and `place` never overwrite: a taken destination
 *   is reported (per item with code `Conflict`), the item stays where it was;
 * - `delete` of something already gone succeeds;
 * - listing a folder that does not exist gives an empty last page (as on a
 *   service whose folders are only path prefixes);
 * - every member reports failure by rejecting its promise, never by throwing
 *   at the call;
 * - what the caller passes is checked before anything is sent: a malformed
 *   root id, path, prefix, token or handle, or a request the capabilities rule
 *   out (a range without `ranges`, a folder on a service without folders, a
 *   move across roots without `moveAcrossRoots`), is a `ProviderError` with
 *   code `InvalidInput` and changes nothing;
 * - what the service returns is not trusted: entry paths are passed on as the
 *   service gave them (callers gate them: src-shared/paths/remote-path.ts),
 *   and an exact lookup may even answer with another path;
 * - failures are `ProviderError` (the service said no: a `ProviderErrorCode`,
 *   with the service's own code and route kept for the message),
 *   `ProviderTransportError` (no usable answer; `retryable` says whether the
 *   same request may be sent again), `UploadBodyError` (the caller's body could
 *   not be read, or changed size), or an `AbortError` when the signal fired.
 */
import type { Readable } from 'node:stream';
import type { BodySink } from './http-body-into';
import type { ProviderErrorCode } from './provider-errors';

export type { BodySink } from './http-body-into';
import type { UserSpaces } from './user-spaces';

/** Content hashes the engines understand; values are lowercase hex. */
export type HashAlgorithm = 'sha256';
export interface ContentHash {
  algorithm: HashAlgorithm;
  value: string;
}

export interface RootLevel {
  /** A word for the level the renderer translates: 'bucket', 'package', 'space'... */
  key: string;
  create: boolean;
  delete: boolean;
}

export interface MultipartLimits {
  /** Every part but the last is at least this big. */
  minPartSize: number;
  maxPartSize: number;
  maxParts: number;
  /** The service can say which parts it holds: `listParts` exists. */
  listParts: boolean;
  /**
   * `complete` leaves the object at a staging place (`staged: true`) and
   * `place` puts it at its path once the caller has verified it: `place`
   * exists. Not staged: `complete` writes the object at its path directly.
   */
  staged: boolean;
}

export interface Capabilities {
  /**
   * The levels of the root tree, outermost first; the roots of the last level
   * hold the content. JCS: bucket → package. Never empty: a service with one
   * space declares one level that cannot be created or deleted, and
   * `listRoots(null)` lists that one root, id `SINGLE_ROOT`.
   */
  rootLevels: readonly RootLevel[];
  /**
   * The hash the service reports for objects, and whether a transfer may be
   * verified by it (trusted: computed by the service over the bytes it
   * stores). An entry may still come without one (JCS `Comp…` hashes). Without
   * a trusted hash, transfers verify with a local SHA-256 of what was sent or
   * received plus the size the service reports.
   */
  hash: { algorithm: HashAlgorithm; trusted: boolean } | null;
  /** Reads of a byte range (parallel, resumable downloads). */
  ranges: boolean;
  /**
   * 'prefix': folders are implied by paths (JCS, S3); 'real': created
   * (`mkdir`, and by `put` for the folders on its path) and listed by the
   * service even when empty, and a file and a folder cannot share a path;
   * 'none': one flat list, paths have no '/'.
   */
  folders: 'prefix' | 'real' | 'none';
  /** Server-side move between paths (and between roots of the same connection when `moveAcrossRoots`). */
  move: boolean;
  moveAcrossRoots: boolean;
  /** Server-side copy (no bytes through this machine). */
  copy: boolean;
  copyAcrossRoots: boolean;
  /** Rename in place (true whenever `move` is; a service may rename without moving). */
  rename: boolean;
  delete: boolean;
  /** Several small files in one request. */
  batchUpload: { maxFiles: number; maxBytes: number } | null;
  multipart: MultipartLimits | null;
  thumbnails: boolean;
  /** The service can send a folder as one zip. */
  folderAsZip: boolean;
  /** Largest object the service accepts; null when it does not say. */
  maxObjectSize: number | null;
  /** Paths the adapter itself uses (JCS: the multipart staging folder); shown set back, never sync or transfer targets. */
  reservedPrefixes: readonly string[];
  /**
   * The service sorts, filters and pages a listing for the caller (a flat
   * file service with thousands of files): `ListOptions.sort`/`filter` may
   * use what is named here, and then pages come in that order instead of
   * byte-wise path order. Null: listings come in path order, unfiltered.
   */
  listQuery: ListQueryCapability | null;
  /** The service reports how much it holds, by type: `usage` exists. */
  usage: boolean;
  /** The service has JCS-pub's user spaces and space sync tasks (seed 001 §4–§5): `userSpaces` exists. */
  userSpaces: boolean;
}

/** What a listing can be ordered by, where the service can. */
export type SortField = 'name' | 'size' | 'modified' | 'created' | 'type';
export interface ListSort {
  field: SortField;
  order: 'asc' | 'desc';
}
export interface ListFilter {
  /** Entries whose name contains this (case-insensitive where the service allows). */
  name?: string;
  /** A MIME main type ('image', 'audio', 'video', 'text', 'application'...). */
  type?: string;
}

export interface ListQueryCapability {
  sortFields: readonly SortField[];
  filters: ReadonlyArray<keyof ListFilter>;
  /** `ListOptions.offset` may be given: any page can be asked for directly (a virtualized list fetches what is on screen). */
  offsets: boolean;
  /** Pages carry `total`: how many entries match in all. */
  total: boolean;
}

/** The id of the one root of a service that has one space. */
export const SINGLE_ROOT = 'root';

export interface RootNode {
  id: string;
  name: string;
  /** Index into `capabilities.rootLevels`. */
  level: number;
  /** Id of the node above, null at the top. */
  parentId: string | null;
  createdAt: string | null;
  /** Service fields worth showing (JCS: bucketID, packageID). */
  extras: Readonly<Record<string, string | number | boolean>>;
}

export interface RemoteEntry {
  path: string;
  size: number;
  /** RFC 3339, as the service gave it. */
  modified: string;
  hash?: ContentHash;
  etag?: string;
  /**
   * The adapter's own handle for this object when the service has one (JCS
   * objectID as a string). Passed back to `read`/`move`/`delete` so they act
   * on this object, not on whatever is at the path by then.
   */
  ref?: string;
  /** Someone is still writing it (a JCS multipart upload not completed): not content yet. */
  pending?: boolean;
  /** A token that changes whenever the content may have (hash, etag, or size+modified): sync's change detection. */
  version: string;
  extras: Readonly<Record<string, string | number | boolean>>;
}

/** What names an object to act on: its path, and its `ref` when the caller has one. */
export type EntryRef = Pick<RemoteEntry, 'path' | 'ref'>;

export interface FolderPage {
  entries: RemoteEntry[];
  /** Sub-folders directly under the prefix, as full prefixes ending in '/'. */
  folders: string[];
  /** Pass back as `token` for the next page; null on the last page (a page before it may be short, even empty). */
  nextToken: string | null;
  /** With `capabilities.listQuery.total`: how many entries match the listing in all. */
  total?: number;
}

export interface ListOptions {
  /** Every object under the prefix (no folders), instead of one level. */
  recursive?: boolean;
  /** From the previous page of the same root, prefix and `recursive`. */
  token?: string;
  /** At most this many entries and folders in the page; the provider's own page size when omitted. */
  maxKeys?: number;
  /** Only with `capabilities.listQuery` naming the field. */
  sort?: ListSort;
  /** Only with `capabilities.listQuery` naming each field used. */
  filter?: ListFilter;
  /** Only with `capabilities.listQuery.offsets`, and never with `token`: start at the n-th matching entry. */
  offset?: number;
  signal?: AbortSignal;
}

export interface ByteRange {
  offset: number;
  /** Omit to read to the end. */
  length?: number;
}

export interface ReadResult {
  /** The bytes; consume or destroy it. Errors on it are provider errors too. */
  stream: Readable;
  /** Bytes the stream will deliver; null when the service does not say. */
  length: number | null;
}

export interface UploadBody {
  size: number;
  /** Opened once per attempt; chunks may reuse a buffer after they are yielded and sent. */
  open(): AsyncIterable<Buffer>;
}

export interface TransferOptions {
  signal?: AbortSignal;
  /** Called as bytes go out (uploads) or come in (reads). */
  onBytes?: (bytes: number) => void;
}

/** What a multipart upload needs to resume after a restart: stored as is by the transfer engine. */
export interface MultipartHandle {
  /** Adapter-defined, JSON; checked when it comes back (a malformed one is `InvalidInput`). */
  readonly state: string;
}

export interface InitiateOptions {
  /**
   * A stable id of the caller's upload (the transfer job's id: letters,
   * digits, '-' and '_', at most 64). Initiating again with the same key
   * starts the same upload over instead of leaving the first one behind, so a
   * crash between `initiate`'s answer and the caller saving the handle leaks
   * nothing. A random key when omitted.
   */
  key?: string;
  signal?: AbortSignal;
}

export interface MultipartUploads {
  /** Starts an upload that will end at `path` (at a staging place first when `staged`). */
  initiate(root: string, path: string, size: number, options?: InitiateOptions): Promise<MultipartHandle>;
  /** Sends part `index` (1-based, in order of offset); sending a part again replaces it. */
  putPart(handle: MultipartHandle, index: number, body: UploadBody, options?: TransferOptions): Promise<void>;
  /** When `multipart.listParts`: the part indexes the service holds, ascending (for resume). */
  listParts?(handle: MultipartHandle, signal?: AbortSignal): Promise<number[]>;
  /**
   * Joins the parts in the order given. Returns the object as stored; when
   * `staged` it is not yet at its path (the caller verifies it, then calls
   * `place`), so nothing unverified ever appears at the destination.
   * Completing an upload that is already complete returns the same object (a
   * lost answer is safe to retry), also once it has been placed at the path
   * given to `initiate` (then `staged` is false). An upload that is gone
   * (aborted, deleted by someone) is `DataNotFound`: start over.
   */
  complete(handle: MultipartHandle, indexes: readonly number[], signal?: AbortSignal): Promise<{ entry: RemoteEntry; staged: boolean }>;
  /**
   * When `multipart.staged`: moves the completed, verified object to `path`
   * (never overwriting: `Conflict` when taken, and the object stays staged).
   * Placing it where it already is returns it (a lost answer is safe to retry).
   */
  place?(handle: MultipartHandle, path: string, signal?: AbortSignal): Promise<RemoteEntry>;
  /** Gives the upload up and frees what it holds; an unknown, finished or placed upload is not an error (a placed object stays). */
  abort(handle: MultipartHandle, signal?: AbortSignal): Promise<void>;
}

/**
 * How a thumbnail is fitted (always a JPEG): `short` keeps the aspect with the
 * short side at most `size`; `long` keeps it with the long side at most
 * `size`; `crop` is exactly `size` × `size`, cut to fit.
 */
export interface ThumbnailSize {
  fit: 'short' | 'long' | 'crop';
  size: number;
}

export interface ThumbnailResult extends ReadResult {
  contentType: string;
  /** The service's tag for the image (changes when the file does); null when it gives none. */
  etag: string | null;
}

/** How much a service holds, per scope ('service': everyone's; 'self': this account's). */
export interface StorageUsage {
  scopes: Array<{
    scope: 'service' | 'self';
    byType: Array<{ type: 'total' | 'image' | 'audio' | 'video'; count: number; bytes: number }>;
  }>;
}

export interface MoveItem {
  from: EntryRef;
  to: string;
}
export interface ItemFailure {
  path: string;
  code: ProviderErrorCode;
  message: string;
}
export interface BulkResult {
  /** Destination paths (move/copy) or source paths (delete) that succeeded. */
  done: string[];
  /** Per item: `Conflict` (destination taken), `DataNotFound` (source gone), or what the service said. */
  failed: ItemFailure[];
}

export interface StorageProvider {
  readonly kind: string;
  readonly capabilities: Capabilities;

  /** The roots below `parentId` (null: the top level). */
  listRoots(parentId: string | null, signal?: AbortSignal): Promise<RootNode[]>;
  getRoot(id: string, signal?: AbortSignal): Promise<RootNode>;
  /** When some level's `create` is true. A taken name is `DataExists`. */
  createRoot?(parentId: string | null, name: string, signal?: AbortSignal): Promise<RootNode>;
  /** When some level's `delete` is true; deletes everything in it. */
  deleteRoot?(id: string, signal?: AbortSignal): Promise<void>;

  /** One page of the folder `prefix` ('' or ending in '/'); entries and folders come in byte-wise UTF-8 order, across pages too. */
  listFolder(root: string, prefix: string, options?: ListOptions): Promise<FolderPage>;
  /** The object at exactly `path`, or undefined. */
  stat(root: string, path: string, signal?: AbortSignal): Promise<RemoteEntry | undefined>;
  /** `range` only when `capabilities.ranges`. An unknown or gone object is `DataNotFound`. */
  read(root: string, entry: EntryRef, range?: ByteRange, options?: TransferOptions): Promise<ReadResult>;
  /**
   * When `capabilities.ranges`, optionally: `range.length` bytes of an object
   * delivered into the sink's own buffers, where the adapter can read its
   * service's answer that way (no stream, no buffer per chunk: what a large
   * download spends its CPU on otherwise). Exactly that many bytes, or the
   * promise rejects (the sink may have had some: the caller starts the range
   * over). Callers use `read` where this is missing.
   */
  readRangeInto?(root: string, entry: EntryRef, range: Required<ByteRange>, sink: BodySink, signal?: AbortSignal): Promise<void>;
  /**
   * Uploads files (several per request when `batchUpload`); results in the
   * same order. A failure may leave earlier files of the call written (each
   * whole), never a partial file.
   */
  put(root: string, files: ReadonlyArray<{ path: string; body: UploadBody }>, options?: TransferOptions): Promise<RemoteEntry[]>;
  readonly multipart?: MultipartUploads;

  move?(root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult>;
  copy?(root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal): Promise<BulkResult>;
  /** Gives one object a new name in its folder: `Conflict` when the name is taken, `DataNotFound` when it is gone. */
  rename?(root: string, entry: EntryRef, newName: string, signal?: AbortSignal): Promise<RemoteEntry>;
  delete?(root: string, entries: readonly EntryRef[], signal?: AbortSignal): Promise<BulkResult>;
  /** When `folders` is 'real': makes the folder and those above it; an existing folder is fine, a file there is `Conflict`. */
  mkdir?(root: string, path: string, signal?: AbortSignal): Promise<void>;
  /** When `capabilities.thumbnails`: a small JPEG of an image (an entry that is not an image is `BadArgument` or `DataNotFound`, as the service says). */
  thumbnail?(root: string, entry: EntryRef, size: ThumbnailSize, signal?: AbortSignal): Promise<ThumbnailResult>;
  /** When `capabilities.folderAsZip`: the folder `prefix` as one zip, as the service makes it (its entry names are NOT trusted: callers gate them). */
  readFolderAsZip?(root: string, prefix: string, options?: TransferOptions): Promise<ReadResult>;
  /** When `capabilities.usage`. */
  usage?(signal?: AbortSignal): Promise<StorageUsage>;
  /** When `capabilities.userSpaces` (user-spaces.ts). */
  readonly userSpaces?: UserSpaces;

  /** Quick check that the connection works (the connection dialog's Test): how many top-level roots there are. */
  probe(signal?: AbortSignal): Promise<{ roots: number }>;
  close(): void;
}
