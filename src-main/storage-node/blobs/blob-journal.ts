/**
 * Group commit for small uploads. A blob file made durable on its own costs an
 * fsync of the file and one of its shard folder, per file: a few milliseconds
 * each on a busy disk, so a request of 250 small files spent most of its time
 * there. Instead, a small blob's bytes go into `blob_journal` in the very
 * transaction that commits the objects referring to it (one WAL sync for the
 * whole request), and its file is written after, without a sync. The journal
 * row is deleted only after a later sync covered the file (one `syncfs` for
 * many requests on Linux; elsewhere, a sync of each file and folder, off the
 * request's path). At start, every row left is checked against its file and
 * the file rewritten when it is missing or wrong (a power loss), before the
 * node serves.
 *
 * Order, per request: (1) the commit: object rows and journal rows, so a crash
 * before it leaves nothing and a crash after it leaves rows whose files the
 * start restores; (2) the files, reads served from memory until they exist and
 * from the journal if writing one failed. The caller pins the blobs through
 * (2), so the collector cannot delete a file before it is written.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BlobJournalTable } from '../metadata/blob-journal-table';
import { syncDirectory, type BlobStore } from './blob-store';

/** A blob whose bytes are in memory (a small file of an upload). */
export interface MemoryBlob {
  sha256: string;
  size: number;
  content: Buffer;
}

/** Waiting this long before a sync lets one sync cover the requests of that window. */
const FLUSH_DELAY_MS = 500;
const SYNC_AT_ONCE = 8;
const RECOVERY_PAGE = 256;
/**
 * Files written per turn of the event loop. Written synchronously: a 4 KiB
 * write into the page cache costs far less than a trip through the thread
 * pool (measured on the 2-core machine under load: 250 files in 20-50 ms
 * synchronously, 100-130 ms through the pool), and a slice bounds how long
 * other requests wait.
 */
const WRITE_SLICE = 128;

export class BlobJournal {
  /** Blobs placed but not yet synced → the number of their latest placement. */
  private readonly unsynced = new Map<string, number>();
  private placements = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private syncfs = process.platform === 'linux';

  constructor(
    private readonly store: BlobStore,
    private readonly table: BlobJournalTable,
    private readonly transaction: <T>(fn: () => T) => T,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Inside the commit's transaction: the bytes of every non-empty blob (a blob already journaled keeps its row). */
  record(blobs: readonly MemoryBlob[]): void {
    for (const blob of blobs) if (blob.size > 0) this.table.record(blob.sha256, blob.content);
  }

  /**
   * After the commit: writes each blob's file unless it exists (written
   * whole within one turn of the event loop, so an existing file is never
   * half-written by us); reads are served from memory until then. The sync
   * follows soon, in the background. The caller pins the blobs.
   */
  async place(blobs: readonly MemoryBlob[]): Promise<void> {
    const unique = new Map<string, MemoryBlob>();
    for (const blob of blobs) if (blob.size > 0) unique.set(blob.sha256, blob);
    const pending = [...unique.values()];
    for (const blob of pending) this.store.holdInMemory(blob.sha256, blob.content);
    try {
      for (let i = 0; i < pending.length; i += WRITE_SLICE) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        for (const blob of pending.slice(i, i + WRITE_SLICE)) this.writeFile(blob);
      }
    } finally {
      for (const blob of pending) this.store.releaseFromMemory(blob.sha256);
    }
    this.scheduleFlush();
  }

  private writeFile(blob: MemoryBlob): void {
    const path = this.store.blobPath(blob.sha256);
    try {
      this.store.ensureShardSync(blob.sha256);
      writeFileSync(path, blob.content, { flag: 'wx', mode: 0o600 });
      this.unsynced.set(blob.sha256, ++this.placements);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // stored already: synced, or journaled by the request that wrote it
      // A full disk, say: the bytes are committed in the journal, which serves reads and restores the file at the next start.
      rmSync(path, { force: true });
      this.onError(error);
    }
  }

  /** Syncs every file placed so far, then drops their journal rows. */
  flush(): Promise<void> {
    const run = this.chain.catch(() => undefined).then(() => this.flushPlaced());
    this.chain = run;
    return run;
  }

  /** At start, before serving: every file the journal covers is made right and synced; the journal is emptied. */
  async recover(): Promise<number> {
    const restored: string[] = [];
    for (let after = ''; ; ) {
      const page = this.table.page(after, RECOVERY_PAGE);
      if (page.length === 0) break;
      for (const row of page) if (await this.restore(row.blob, row.data)) restored.push(row.blob);
      after = page[page.length - 1]!.blob;
    }
    await this.syncFiles(restored);
    this.transaction(() => restored.forEach((blob) => this.table.forget(blob)));
    return restored.length;
  }

  /** Stops the timer and syncs what is left (a clean stop leaves an empty journal). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private scheduleFlush(): void {
    if (this.timer || this.stopped || this.unsynced.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onError);
    }, FLUSH_DELAY_MS);
  }

  private async flushPlaced(): Promise<void> {
    const batch = new Map(this.unsynced);
    if (batch.size === 0) return;
    await this.syncFiles([...batch.keys()]);
    this.transaction(() => {
      for (const [blob, placement] of batch) {
        // Placed again since the snapshot (collected and uploaded anew): that placement waits for the next sync.
        if (this.unsynced.get(blob) !== placement) continue;
        this.unsynced.delete(blob);
        this.table.forget(blob);
      }
    });
    this.scheduleFlush();
  }

  /** True when the row was checked (its file now holds its bytes); false for a row whose bytes are not its name's. */
  private async restore(blob: string, data: Buffer): Promise<boolean> {
    if (createHash('sha256').update(data).digest('hex') !== blob) {
      this.onError(new Error(`blob journal: the bytes journaled for ${blob} do not hash to that name; left as they are`));
      return false;
    }
    const target = this.store.blobPath(blob);
    const current = await readFile(target).catch(() => undefined);
    if (current && current.equals(data)) return true;
    const written = await this.store.writeSmall(data);
    this.store.ensureShardSync(blob);
    await rename(written.tempPath, target);
    return true;
  }

  /** Makes the files of these blobs, and their names, durable. */
  private async syncFiles(blobs: readonly string[]): Promise<void> {
    if (blobs.length === 0) return;
    // syncfs(2) flushes the whole file system once, however many files: far cheaper than a sync per file.
    if (this.syncfs && (await syncFileSystem(this.store.blobsDir))) return;
    this.syncfs = false;
    const dirs = new Set<string>([this.store.blobsDir]);
    for (let i = 0; i < blobs.length; i += SYNC_AT_ONCE) {
      await Promise.all(
        blobs.slice(i, i + SYNC_AT_ONCE).map(async (blob) => {
          const path = this.store.blobPath(blob);
          dirs.add(dirname(path));
          await syncFile(path);
        }),
      );
    }
    await Promise.all([...dirs].map(syncDirectory));
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined; // collected meanwhile
    throw error;
  });
  if (!handle) return;
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `sync -f DIR` (coreutils' syncfs(2)); false when it cannot be run or fails, so the caller syncs file by file. */
function syncFileSystem(dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('sync', ['-f', dir], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
