/**
 * Content-addressed blob files: `blobs/<first two hex digits>/<sha256>`.
 * Identical content is stored once. New content is written to `tmp/`, synced,
 * then renamed into place and the shard directory synced, all before the
 * metadata commit that refers to it. `tmp/` is emptied at start, so a crash
 * mid-write leaves nothing behind. Small uploaded blobs have no file: their
 * bytes are rows of the catalog (metadata/inline-blob-table.ts), which reads
 * of a blob without a file turn to.
 *
 * Pins protect blobs that a request is about to reference or is reading: the
 * collector never deletes a pinned blob. Pin checks and deletions are
 * synchronous, so they cannot interleave with another request's commit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TempBlobWriter, type WrittenBlob } from './temp-blob-writer';

const HEX64 = /^[0-9a-f]{64}$/;
const PLACE_AT_ONCE = 16;

export class BlobStore {
  readonly blobsDir: string;
  readonly tmpDir: string;
  private readonly pins = new Map<string, number>();
  private readonly knownShards = new Set<string>();
  private onUnpinned: () => void = () => {};
  private fallback: (sha256: string) => Buffer | undefined = () => undefined;

  constructor(readonly root: string) {
    this.blobsDir = join(root, 'blobs');
    this.tmpDir = join(root, 'tmp');
  }

  /** Creates the folders and removes every leftover temporary file. */
  async init(): Promise<void> {
    await mkdir(this.blobsDir, { recursive: true });
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
    for (const shard of await readdir(this.blobsDir)) this.knownShards.add(shard);
  }

  /** Called whenever a pin is released (the collector may have work it skipped). */
  setUnpinnedListener(listener: () => void): void {
    this.onUnpinned = listener;
  }

  newWriter(maxBytes?: number, maxInFlight?: number): TempBlobWriter {
    return new TempBlobWriter(this.newTempPath(), maxBytes, maxInFlight);
  }

  /** A fresh name in `tmp/` (emptied at start). */
  newTempPath(): string {
    return join(this.tmpDir, randomBytes(12).toString('hex'));
  }

  /**
   * A small content already in memory, as a synced temporary blob: one open,
   * write, sync and close, without a stream's machinery (imports of many
   * small files spend most of their time there otherwise).
   */
  async writeSmall(content: Buffer): Promise<WrittenBlob> {
    const tempPath = join(this.tmpDir, randomBytes(12).toString('hex'));
    const sha256 = createHash('sha256').update(content).digest('hex');
    const handle = await open(tempPath, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => {});
      await discard(tempPath);
      throw error;
    }
    await handle.close();
    return { tempPath, sha256, size: content.length };
  }

  blobPath(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error(`not a blob name: ${sha256}`);
    return join(this.blobsDir, sha256.slice(0, 2), sha256);
  }

  /**
   * Moves written temp files into place (or drops them when the blob already
   * exists with the right size), then syncs the directories touched so the
   * renames survive a power loss. The caller pins the blobs first.
   */
  async place(blobs: readonly WrittenBlob[]): Promise<void> {
    const dirsToSync = new Set<string>();
    const placeOne = async (blob: WrittenBlob) => {
      const target = this.blobPath(blob.sha256);
      const shard = blob.sha256.slice(0, 2);
      const existing = await stat(target).catch(() => undefined);
      if (existing && existing.size === blob.size) {
        await discard(blob.tempPath);
        return;
      }
      if (!this.knownShards.has(shard)) {
        await mkdir(join(this.blobsDir, shard), { recursive: true });
        this.knownShards.add(shard);
        dirsToSync.add(this.blobsDir);
      }
      // Two blobs of one batch with the same content rename onto the same name: the later wins, with equal bytes.
      await rename(blob.tempPath, target);
      dirsToSync.add(join(this.blobsDir, shard));
    };
    // A few at once: a batch of many small files otherwise waits on one stat and rename at a time.
    for (let i = 0; i < blobs.length; i += PLACE_AT_ONCE) await Promise.all(blobs.slice(i, i + PLACE_AT_ONCE).map(placeOne));
    await Promise.all([...dirsToSync].map(syncDirectory));
  }

  /** Reads bytes [start, end] (inclusive) of a blob, from its file or, for a blob without one, from the catalog. */
  read(sha256: string, start: number, end: number): Readable {
    const path = this.blobPath(sha256);
    const held = existsSync(path) ? undefined : this.fallback(sha256);
    if (held) return Readable.from([held.subarray(start, end + 1)], { objectMode: false });
    return createReadStream(path, { start, end, highWaterMark: 1024 * 1024 });
  }

  /** Whether the blob is stored as a file (synchronous: see the note on pins above). */
  hasFile(sha256: string): boolean {
    return existsSync(this.blobPath(sha256));
  }

  /** The file to read a blob from, as `read` would; undefined when `read` serves it from the catalog. */
  fileToRead(sha256: string): string | undefined {
    const path = this.blobPath(sha256);
    return existsSync(path) ? path : undefined;
  }

  /** Creates a blob's shard folder once (it lasts with the next sync of the file system or of `blobs/`). */
  ensureShardSync(sha256: string): void {
    const shard = sha256.slice(0, 2);
    if (this.knownShards.has(shard)) return;
    mkdirSync(join(this.blobsDir, shard), { recursive: true });
    this.knownShards.add(shard);
  }

  /** Where reads of a blob without a file turn: its bytes inline in the catalog (or in a journal row kept at start). */
  setFallback(lookup: (sha256: string) => Buffer | undefined): void {
    this.fallback = lookup;
  }

  pin(blobs: Iterable<string>): void {
    for (const blob of blobs) this.pins.set(blob, (this.pins.get(blob) ?? 0) + 1);
  }

  unpin(blobs: Iterable<string>): void {
    for (const blob of blobs) {
      const count = (this.pins.get(blob) ?? 0) - 1;
      if (count > 0) this.pins.set(blob, count);
      else this.pins.delete(blob);
    }
    this.onUnpinned();
  }

  isPinned(blob: string): boolean {
    return this.pins.has(blob);
  }

  /** Deletes a blob file now (synchronously: see the note on pins above). */
  removeSync(sha256: string): void {
    try {
      unlinkSync(this.blobPath(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** For tests and tools: removes everything. */
  destroySync(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function discard(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
