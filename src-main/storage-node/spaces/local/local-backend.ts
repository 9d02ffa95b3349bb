/**
 * A user space that is a folder on the node's machine (`storage.localPath`).
 * Symbolic links inside it are not followed (as rclone does without `-L`):
 * listing skips them and reading or writing through one that leads outside
 * the folder is refused, so a space never reaches beyond its root. Writes go
 * to a temporary file beside the target and are renamed over it once synced,
 * so a reader sees the old file or the whole new one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkRealPathInside } from '../../../core/paths/local-target';
import { sortLevel, SpaceBackendError, type LevelEntry, type SpaceBackend, type SpaceFile, type SpaceLevel, type SpaceListing, type SpaceRead, type WriteOptions } from '../space-backend';

/** Files reported per page of a listing. */
const PAGE_FILES = 1000;
/** Files up to this size are read whole (see read). */
const WHOLE_READ_LIMIT = 256 * 1024;
/** Temporary files of unfinished writes: hidden, and skipped by listings. */
export const LOCAL_TEMP_PREFIX = '.jcs-part-';
/**
 * A temporary file older than this process was left by a node that was
 * killed mid-write (no write of this process can be that old): listings
 * remove those they meet, so a crash leaves no litter in the user's folder.
 */
const PROCESS_START = Date.now() - performance.now();

export class LocalSpaceBackend implements SpaceBackend {
  constructor(private readonly root: string) {}

  async *list(folder: string, signal?: AbortSignal): AsyncIterable<SpaceListing> {
    const start = await this.inside(folder);
    const top = await lstat(start).catch(() => undefined);
    if (!top?.isDirectory()) {
      yield { files: [], emptyFolders: [] };
      return;
    }
    let page: SpaceFile[] = [];
    const emptyFolders: string[] = [];
    // Depth first with an explicit stack of folders still to read; a folder
    // is empty when nothing at all was found below it.
    const walk = async function* (this: LocalSpaceBackend, abs: string, rel: string): AsyncGenerator<SpaceFile[], boolean> {
      signal?.throwIfAborted();
      let names;
      try {
        names = await readdir(abs, { withFileTypes: true });
      } catch (error) {
        throw mapFsError(error, `reading the folder '${rel || '/'}'`);
      }
      names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let anyFile = false;
      for (const entry of names) {
        if (entry.name.startsWith(LOCAL_TEMP_PREFIX)) {
          await removeIfStale(join(abs, entry.name));
          continue;
        }
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        const childAbs = join(abs, entry.name);
        if (entry.isDirectory()) {
          const hadFile = yield* walk.call(this, childAbs, childRel);
          if (hadFile) anyFile = true;
          else emptyFolders.push(childRel);
        } else if (entry.isFile()) {
          const info = await stat(childAbs).catch(() => undefined);
          if (!info) continue; // removed while listing
          anyFile = true;
          page.push({ path: childRel, size: info.size, modTime: Math.round(info.mtimeMs) });
          if (page.length >= PAGE_FILES) {
            yield page;
            page = [];
          }
        }
      }
      return anyFile;
    };
    for await (const files of walk.call(this, start, folder)) yield { files, emptyFolders: [] };
    yield { files: page, emptyFolders };
  }

  async listLevel(folder: string, limit: number): Promise<SpaceLevel> {
    const abs = await this.inside(folder);
    let names;
    try {
      names = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], truncated: false };
      throw mapFsError(error, `reading the folder '${folder || '/'}'`);
    }
    const entries: LevelEntry[] = [];
    for (const entry of names) {
      if (entry.name.startsWith(LOCAL_TEMP_PREFIX) || !(entry.isDirectory() || entry.isFile())) continue;
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      const info = await stat(join(abs, entry.name)).catch(() => undefined);
      if (!info) continue;
      entries.push({ path, isFolder: entry.isDirectory(), size: entry.isDirectory() ? 0 : info.size, modTime: Math.round(info.mtimeMs) });
    }
    return sortLevel(entries, limit);
  }

  async stat(path: string): Promise<SpaceFile | undefined> {
    const abs = await this.inside(path);
    const info = await lstat(abs).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { path, size: info.size, modTime: Math.round(info.mtimeMs) };
  }

  async read(path: string): Promise<SpaceRead> {
    const abs = await this.inside(path);
    const info = await lstat(abs).catch(() => undefined);
    if (!info?.isFile()) throw new SpaceBackendError('NotFound', `the file '${path}' is not in the space`);
    // O_NOFOLLOW: a link swapped in after the check above is still not followed.
    const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
      throw mapFsError(error, `opening '${path}'`);
    });
    if (info.size <= WHOLE_READ_LIMIT) {
      // One read call instead of a stream's several: small files are most of the work of a large import.
      const bytes = await handle.readFile().finally(() => handle.close());
      return { body: Readable.from([bytes]), bytes, size: bytes.length };
    }
    // Each read allocates a buffer of highWaterMark bytes: sized to the file, small files do not cost 1 MiB apiece.
    const body = handle.createReadStream({ highWaterMark: Math.min(1024 * 1024, Math.max(64 * 1024, info.size + 1)) }); // closes the handle when done
    return { body, size: info.size };
  }

  async write(path: string, body: Readable, options: WriteOptions): Promise<{ sha256: string }> {
    const target = await this.inside(path);
    await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
      throw mapFsError(error, `making the folder of '${path}'`);
    });
    await this.inside(path); // the folders just made may not lead outside either
    const temp = join(dirname(target), `${LOCAL_TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const out = createWriteStream(temp, { flags: 'wx', mode: 0o644 });
      await pipeline(body, hasher, out, { signal: options.signal });
      const sha256 = hash.digest('hex');
      if (bytes !== options.size) throw new SpaceBackendError('Corrupt', `'${path}': ${bytes} bytes arrived where ${options.size} were expected`);
      if (options.expectedSha256 && options.expectedSha256 !== sha256) {
        throw new SpaceBackendError('Corrupt', `'${path}': the bytes' SHA-256 ${sha256} is not the expected ${options.expectedSha256}`);
      }
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (options.modTime !== undefined) await utimes(temp, new Date(), new Date(options.modTime));
      await rename(temp, target);
      return { sha256 };
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      if (error instanceof SpaceBackendError) throw error;
      if (options.signal?.aborted) throw new SpaceBackendError('Aborted', `writing '${path}' was stopped`, { cause: error });
      throw mapFsError(error, `writing '${path}'`);
    }
  }

  async makeFolder(path: string): Promise<void> {
    const abs = await this.inside(path);
    await mkdir(abs, { recursive: true }).catch((error: unknown) => {
      throw mapFsError(error, `making the folder '${path}'`);
    });
  }

  async remove(path: string): Promise<void> {
    const abs = await this.inside(path);
    await unlink(abs).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw mapFsError(error, `removing '${path}'`);
    });
  }

  async probe(workingDir: string): Promise<void> {
    const info = await stat(this.root).catch(() => undefined);
    if (!info) throw new SpaceBackendError('NotFound', `the folder '${this.root}' does not exist`);
    if (!info.isDirectory()) throw new SpaceBackendError('BadConfig', `'${this.root}' is not a folder`);
    const probePath = [workingDir, `.jcs-probe-${randomBytes(6).toString('hex')}`].filter(Boolean).join('/');
    const content = Buffer.from('JCS storage node probe');
    try {
      await this.write(probePath, Readable.from([content]), { size: content.length });
    } catch (error) {
      throw new SpaceBackendError(codeOf(error), `the folder '${this.root}' is not writable: ${(error as Error).message}`, { cause: error });
    } finally {
      await this.remove(probePath).catch(() => {});
    }
  }

  close(): void {}

  /** The absolute path of `rel`, refused when a symbolic link on its way leads outside the space. */
  private async inside(rel: string): Promise<string> {
    const abs = rel ? join(this.root, ...rel.split('/')) : this.root;
    const problem = await checkRealPathInside(this.root, join(abs, 'x'));
    if (problem) throw new SpaceBackendError('BadConfig', `'${rel}' ${problem.detail ?? 'leads outside the space'}`);
    // The last segment itself may be a link (a file or folder): never followed.
    if (rel) {
      const info = await lstat(abs).catch(() => undefined);
      if (info?.isSymbolicLink()) {
        const real = await realpath(abs).catch(() => undefined);
        throw new SpaceBackendError('BadConfig', `'${rel}' is a symbolic link${real ? ` (to '${real}')` : ''}; links in a space are not followed`);
      }
    }
    return abs;
  }
}

async function removeIfStale(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info?.isFile() && info.mtimeMs < PROCESS_START) await unlink(path).catch(() => {});
}

function codeOf(error: unknown) {
  return error instanceof SpaceBackendError ? error.code : 'Failed';
}

function mapFsError(error: unknown, doing: string): SpaceBackendError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = `${doing} failed: ${(error as Error).message}`;
  if (code === 'ENOENT') return new SpaceBackendError('NotFound', message, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new SpaceBackendError('AccessDenied', message, { cause: error });
  return new SpaceBackendError('Failed', message, { cause: error });
}
