/**
 * Thumbnails on disk, under the app's data folder, bounded in total size:
 * one file per key (the SHA-256 of what names the image: connection, object,
 * etag, fit and size), written to a temporary name and renamed into place so
 * a crash never leaves half an image under a key, and the least recently used
 * removed once the total passes the bound. The index of what is there is read
 * from the folder once, at first use (leftover temporary files are removed
 * then). Every image is small (a few hundred KB at most), so they are read
 * and written whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = /^[0-9a-f]{64}\.jpg$/;

export interface ThumbnailCacheOptions {
  folder: string;
  /** The cache removes the least recently used images beyond this many bytes. */
  maxBytes: number;
}

export class ThumbnailCache {
  private readonly index = new Map<string, { bytes: number; used: number }>();
  private total = 0;
  private ready: Promise<void> | null = null;
  private clock = 0;

  constructor(private readonly options: ThumbnailCacheOptions) {}

  /** The file name of a key (any string: it is hashed). */
  static keyOf(parts: readonly unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  async get(key: string): Promise<Buffer | undefined> {
    await this.load();
    const known = this.index.get(key);
    if (!known) return undefined;
    try {
      const bytes = await readFile(this.path(key));
      known.used = ++this.clock;
      return bytes;
    } catch {
      this.forget(key); // removed behind our back: fetched again
      return undefined;
    }
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    if (bytes.length > this.options.maxBytes) return;
    await this.load();
    const temp = join(this.options.folder, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, this.path(key));
    this.forget(key);
    this.index.set(key, { bytes: bytes.length, used: ++this.clock });
    this.total += bytes.length;
    await this.evict();
  }

  /** Bytes the cache holds now (tests, and the bound's check). */
  async size(): Promise<number> {
    await this.load();
    return this.total;
  }

  private path(key: string): string {
    return join(this.options.folder, `${key}.jpg`);
  }

  private forget(key: string): void {
    const known = this.index.get(key);
    if (!known) return;
    this.total -= known.bytes;
    this.index.delete(key);
  }

  private async evict(): Promise<void> {
    if (this.total <= this.options.maxBytes) return;
    const oldest = [...this.index.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [key] of oldest) {
      if (this.total <= this.options.maxBytes) break;
      this.forget(key);
      await rm(this.path(key), { force: true });
    }
  }

  private load(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.options.folder, { recursive: true, mode: 0o700 });
      const names = await readdir(this.options.folder);
      const found: Array<{ key: string; bytes: number; mtime: number }> = [];
      for (const name of names) {
        const path = join(this.options.folder, name);
        if (!FILE.test(name)) {
          if (name.endsWith('.tmp')) await rm(path, { force: true }); // a write a crash cut short
          continue;
        }
        const info = await stat(path).catch(() => undefined);
        if (info?.isFile()) found.push({ key: name.slice(0, 64), bytes: info.size, mtime: info.mtimeMs });
      }
      // Files from earlier runs count as used in the order they were written.
      for (const file of found.sort((a, b) => a.mtime - b.mtime)) {
        this.index.set(file.key, { bytes: file.bytes, used: ++this.clock });
        this.total += file.bytes;
      }
      await this.evict();
    })();
    return this.ready;
  }
}
