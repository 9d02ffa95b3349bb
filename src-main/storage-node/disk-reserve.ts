/**
 * A file of real (written, not sparse) bytes kept in the data folder so that
 * a full disk can still be emptied. Deleting objects is itself a SQLite write
 * (the WAL must grow to record it), so on a disk with no byte left even
 * deletes fail and the user could never free the space. When a delete, or
 * opening the database at start, runs into a full disk, the reserve is
 * removed and the work tried once more; it is written again once the blob
 * collector has freed space and there is room for twice its size.
 */
import { statSync, unlinkSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freeBytes, isDiskFull } from './disk-full';

/** Enough WAL for deleting tens of thousands of objects at once (see the README for the measurement). */
export const DEFAULT_DISK_RESERVE_BYTES = 32 * 1024 * 1024;
const WRITE_CHUNK = Buffer.alloc(1024 * 1024);

export class DiskReserve {
  readonly path: string;
  private restoring: Promise<boolean> | undefined;

  constructor(
    private readonly dataDir: string,
    readonly size: number,
    private readonly log: (message: string) => void,
  ) {
    this.path = join(dataDir, 'disk-reserve.bin');
  }

  present(): boolean {
    try {
      return statSync(this.path).size >= this.size;
    } catch {
      return false;
    }
  }

  /** Writes the reserve when it is missing and the disk has room for twice its size; false when it could not. */
  restoreIfRoom(): Promise<boolean> {
    this.restoring ??= this.restore().finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  /** Resolves when no write of the reserve is under way. */
  async settled(): Promise<void> {
    await this.restoring?.catch(() => undefined);
  }

  private async restore(): Promise<boolean> {
    if (this.size === 0 || this.present()) return true;
    if (!(freeBytes(this.dataDir) >= 2 * this.size)) return false;
    const part = `${this.path}.part`;
    try {
      const handle = await open(part, 'w', 0o600);
      try {
        for (let written = 0; written < this.size; ) written += (await handle.write(WRITE_CHUNK, 0, Math.min(WRITE_CHUNK.length, this.size - written))).bytesWritten;
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(part, this.path);
      return true;
    } catch (error) {
      await rm(part, { force: true });
      if (isDiskFull(error)) return false;
      throw error;
    }
  }

  /** Runs `work`; if the disk is full, gives the reserve back to the file system and runs it once more. */
  async withReserveReleased<T>(what: string, work: () => T | Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isDiskFull(error) || !this.release(what)) throw error;
      return await work();
    }
  }

  /** Removes the reserve (synchronously, so the space is free for the very next write); false when there was none. */
  private release(what: string): boolean {
    try {
      unlinkSync(this.path);
    } catch {
      return false;
    }
    this.log(`the disk is full: released the ${Math.round(this.size / 1024 / 1024)} MiB reserve so that ${what} can proceed; it is written again once space is freed`);
    return true;
  }
}
