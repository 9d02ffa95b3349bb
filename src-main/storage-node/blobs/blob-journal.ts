/**
 * What is left of the group commit of small uploads (schema version 5). A
 * version 5 node journaled a small blob's bytes in `blob_journal` in the
 * transaction that committed its objects, wrote the file after without a
 * sync, and deleted the row once a later sync covered the file. Since
 * version 6 small blobs are kept inline in the catalog and no row is written
 * here; but a data folder from a version 5 node that stopped (or lost power)
 * before that sync still holds rows whose files may be missing or wrong. At
 * start, before the node serves, every row left is checked against its file,
 * the file rewritten and synced when it is not right, and the row deleted.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BlobJournalTable } from '../metadata/blob-journal-table';
import { syncDirectory, type BlobStore } from './blob-store';

/** A blob whose bytes are in memory (a small file of an upload, stored inline in the catalog). */
export interface MemoryBlob {
  sha256: string;
  size: number;
  content: Buffer;
}

const SYNC_AT_ONCE = 8;
const RECOVERY_PAGE = 256;

export class BlobJournal {
  private syncfs = process.platform === 'linux';

  constructor(
    private readonly store: BlobStore,
    private readonly table: BlobJournalTable,
    private readonly transaction: <T>(fn: () => T) => T,
    private readonly onError: (error: unknown) => void,
  ) {}

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
