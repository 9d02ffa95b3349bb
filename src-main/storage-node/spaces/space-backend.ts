/**
 * One interface over the storage a user space points at (a folder on this
 * machine, or a bucket of an S3-compatible service), so imports, exports and
 * space sync are written once. Paths are relative to the space's root,
 * `/`-separated, checked by the caller (no `..`, no leading `/`); '' is the
 * root itself.
 *
 * Rules every backend keeps (the jobs rely on them):
 * - `write` is atomic: a reader sees the old content or the whole new one,
 *   never part of it; a failed or aborted write leaves nothing at `path`.
 * - `write` hashes the bytes as they move and returns their SHA-256; when the
 *   caller gives `expectedSha256` and the bytes differ, the write fails with
 *   SpaceBackendError('Corrupt') and leaves nothing.
 * - failures are SpaceBackendError with a code the routes map to JCS codes and
 *   a message that names the operation, the path and the service's own error.
 */
import type { Readable } from 'node:stream';

export interface SpaceFile {
  /** Relative to the space root. */
  path: string;
  size: number;
  /** Milliseconds since the epoch. */
  modTime: number;
  /** Lowercase hex, when the backend knows it without reading (S3: our `sha256` metadata). */
  sha256?: string;
}

export interface SpaceListing {
  files: SpaceFile[];
  /** Folders (relative paths) with no file anywhere below them: what `noEmptyDirectories` is about. */
  emptyFolders: string[];
}

export interface SpaceRead {
  body: Readable;
  /** The whole content, when the backend read a small file in one call (`body` then streams the same bytes). */
  bytes?: Buffer;
  size: number;
  /** Lowercase hex, when the backend records it (S3: our `sha256` metadata, from the GET's own headers). */
  sha256?: string;
}

/** One entry of a folder's own level (the folder picker). */
export interface LevelEntry {
  path: string;
  isFolder: boolean;
  size: number;
  /** Milliseconds; undefined for S3 folders (a prefix has no time). */
  modTime?: number;
}

export interface SpaceLevel {
  /** Folders first, then files, each by name (code point order). */
  entries: LevelEntry[];
  truncated: boolean;
}

/** Orders a level as SpaceLevel says and keeps at most `limit` entries. */
export function sortLevel(entries: LevelEntry[], limit: number): SpaceLevel {
  entries.sort((a, b) => (a.isFolder !== b.isFolder ? (a.isFolder ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries: entries.slice(0, limit), truncated: entries.length > limit };
}

export interface WriteOptions {
  size: number;
  /** Kept as the file's modification time where the backend can (Local: utimes). */
  modTime?: number;
  /** Checked while the bytes move (see the rules above). */
  expectedSha256?: string;
  signal?: AbortSignal;
}

export type SpaceBackendErrorCode =
  /** The configuration cannot work (missing folder, bad endpoint URL, relative path). */
  | 'BadConfig'
  /** The service refused the credentials. */
  | 'AccessDenied'
  /** The bucket, folder or file is not there. */
  | 'NotFound'
  /** The service could not be reached or timed out. */
  | 'Unreachable'
  /** Bytes did not match their expected hash. */
  | 'Corrupt'
  | 'Aborted'
  | 'Failed';

export class SpaceBackendError extends Error {
  constructor(
    readonly code: SpaceBackendErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SpaceBackendError';
  }
}

export interface SpaceBackend {
  /**
   * Every file under `folder` ('' = the whole space), recursively, in pages
   * (S3: one ListObjectsV2 page per yield). Paths are relative to the root.
   * A folder that does not exist yields one empty page. A `path` naming a
   * file (not a folder) is not listed: call `stat` first.
   */
  list(folder: string, signal?: AbortSignal): AsyncIterable<SpaceListing>;
  /** One level of `folder` (files and folders directly in it), at most `limit` entries; a missing folder is empty. */
  listLevel(folder: string, limit: number, signal?: AbortSignal): Promise<SpaceLevel>;
  /** The file at `path`, or undefined when there is none (a folder is not a file). */
  stat(path: string, signal?: AbortSignal): Promise<SpaceFile | undefined>;
  /** The file's bytes, with what the backend knows of them; fails with 'NotFound' when it is gone. */
  read(path: string, signal?: AbortSignal): Promise<SpaceRead>;
  /** Stores `body` at `path` atomically (see the rules above); creates parent folders as needed. Returns the SHA-256. */
  write(path: string, body: Readable, options: WriteOptions): Promise<{ sha256: string }>;
  /** Makes an empty folder exist (S3: a zero-byte `folder/` marker). */
  makeFolder(path: string, signal?: AbortSignal): Promise<void>;
  /** Removes a file (used only for the node's own probe and temporary files); absent is fine. */
  remove(path: string, signal?: AbortSignal): Promise<void>;
  /**
   * Proves the space is usable: S3 lists the bucket, writes, reads back and
   * deletes a probe object under `workingDir`; Local checks the folder exists
   * and is writable (a probe file under `workingDir`). Throws naming the step that failed.
   */
  probe(workingDir: string, signal?: AbortSignal): Promise<void>;
  close(): void;
}
