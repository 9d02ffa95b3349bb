/**
 * Downloads kept on disk by file id, with the ETag and Last-Modified the
 * service sent, so the next download of the same file can be conditional
 * (If-None-Match / If-Modified-Since) and a 304 is served from here.
 *
 * Rules it keeps:
 * - an entry appears only after the whole body arrived with the size the
 *   service announced: bytes go to a temp file, renamed into place after the
 *   check (a cut download leaves nothing behind);
 * - an entry is used only when its file is there with the size and SHA-256
 *   recorded when it was written; anything else is dropped, and the caller
 *   downloads in full (never serves damaged bytes);
 * - the total stays under `maxBytes`: least recently used entries go first,
 *   and a file larger than a quarter of it is not kept at all.
 * File names are the SHA-256 of the id, so a hostile id cannot name a path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

const metaSchema = z.object({
  id: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  lastUsed: z.number(),
});
export type CacheEntry = z.infer<typeof metaSchema>;

export interface CacheWriter {
  write(chunk: Buffer): void;
  /** Keeps the body when it has `expectedSize` bytes (else drops it); never throws. */
  commit(expectedSize: number): Promise<void>;
  /** Drops what was written; resolves once nothing of it is left on disk. */
  abort(): Promise<void>;
}

export class DownloadCache {
  private index: Map<string, CacheEntry> | null = null;
  private loading: Promise<Map<string, CacheEntry>> | null = null;

  constructor(
    private readonly dir: string,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  private key(id: string): string {
    return createHash('sha256').update(id, 'utf8').digest('hex');
  }
  private bodyPath(id: string): string {
    return join(this.dir, `${this.key(id)}.bin`);
  }
  private metaPath(id: string): string {
    return join(this.dir, `${this.key(id)}.json`);
  }

  private load(): Promise<Map<string, CacheEntry>> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const index = new Map<string, CacheEntry>();
      for (const name of await readdir(this.dir)) {
        if (name.startsWith('tmp-')) {
          // Left by a crash mid-download.
          await rm(join(this.dir, name), { force: true });
          continue;
        }
        if (!name.endsWith('.json')) continue;
        try {
          const meta = metaSchema.parse(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
          if (`${this.key(meta.id)}.json` === name) index.set(meta.id, meta);
        } catch {
          await rm(join(this.dir, name), { force: true });
        }
      }
      this.index = index;
      return index;
    })();
    return this.loading;
  }

  /** The entry for `id` when its bytes are intact; a damaged or missing one is dropped. */
  async lookup(id: string): Promise<CacheEntry | undefined> {
    const index = await this.load();
    const entry = index.get(id);
    if (!entry) return undefined;
    const intact = await sha256OfFile(this.bodyPath(id), entry.size).then(
      (hash) => hash === entry.sha256,
      () => false,
    );
    if (!intact) {
      await this.drop(id);
      return undefined;
    }
    return entry;
  }

  /** The cached bytes of an entry `lookup` returned, marking it used. */
  async open(entry: CacheEntry): Promise<Readable> {
    const used = { ...entry, lastUsed: Date.now() };
    (await this.load()).set(entry.id, used);
    await writeAtomically(this.metaPath(entry.id), JSON.stringify(used)).catch(() => undefined);
    return createReadStream(this.bodyPath(entry.id));
  }

  async drop(id: string): Promise<void> {
    (await this.load()).delete(id);
    await rm(this.metaPath(id), { force: true });
    await rm(this.bodyPath(id), { force: true });
  }

  /** A writer for a body being downloaded; null when it is too big to keep. */
  async writer(id: string, size: number | null, tags: { etag?: string; lastModified?: string }): Promise<CacheWriter | null> {
    if (size === null || size > this.maxBytes / 4 || (!tags.etag && !tags.lastModified)) return null;
    await this.load();
    const temp = join(this.dir, `tmp-${randomBytes(8).toString('hex')}`);
    const out: WriteStream = createWriteStream(temp);
    const hash = createHash('sha256');
    let written = 0;
    let failed = false;
    out.on('error', () => (failed = true));
    // Removed only once the stream has closed: its file may not even exist yet while it opens.
    let discarding: Promise<void> | null = null;
    const discard = (): Promise<void> => {
      discarding ??= new Promise<void>((resolve) => {
        if (out.closed) resolve();
        else out.once('close', () => resolve());
        out.destroy();
      }).then(() => rm(temp, { force: true }));
      return discarding;
    };
    return {
      write(chunk) {
        written += chunk.length;
        hash.update(chunk);
        out.write(chunk);
      },
      commit: async (expectedSize) => {
        try {
          await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
          if (failed || written !== expectedSize) throw new Error('incomplete');
          const entry: CacheEntry = { id, ...tags, size: written, sha256: hash.digest('hex'), lastUsed: Date.now() };
          await rename(temp, this.bodyPath(id));
          await writeAtomically(this.metaPath(id), JSON.stringify(entry));
          (await this.load()).set(id, entry);
          await this.evict();
        } catch {
          await discard();
        }
      },
      abort: discard,
    };
  }

  private async evict(): Promise<void> {
    const index = await this.load();
    let total = 0;
    for (const entry of index.values()) total += entry.size;
    const oldestFirst = [...index.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of oldestFirst) {
      if (total <= this.maxBytes) break;
      total -= entry.size;
      await this.drop(entry.id);
    }
  }

  /** Total bytes kept (for tests). */
  async totalBytes(): Promise<number> {
    let total = 0;
    for (const entry of (await this.load()).values()) total += entry.size;
    return total;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  // Named like a download's temp file, so a crash's leftover is cleared at the next load.
  const temp = join(dirname(path), `tmp-${randomBytes(8).toString('hex')}`);
  await writeFile(temp, text);
  await rename(temp, path);
}

async function sha256OfFile(path: string, expectedSize: number): Promise<string> {
  if ((await stat(path)).size !== expectedSize) return '';
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
