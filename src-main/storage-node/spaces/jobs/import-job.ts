/**
 * createPackage: a file or folder of a space becomes a new package. The
 * plan (every file, listed once) is recorded first; each file is streamed
 * into a blob (hashed on the way) and staged against the job, in batches
 * whose blobs are placed and recorded together; the package and all its
 * objects appear in one transaction at the end. A crash at any point leaves
 * no package, and the resumed job reads only the files not yet staged.
 */
import { baseName, objectPathProblem } from '@shared/jcs/object-path';
import { fullFileHash } from '@shared/jcs/wire';
import { dataExists, NodeError } from '../../node-error';
import { commitBlobs } from '../../routes/commit-blobs';
import { discard } from '../../blobs/blob-store';
import type { WrittenBlob } from '../../blobs/temp-blob-writer';
import { pipeline } from 'node:stream/promises';
import { SpaceBackendError, type SpaceBackend } from '../space-backend';
import { isWithin } from '../space-config';
import type { JobContext } from './job-context';
import type { JobRow, PlannedFile } from './job-store';

/** Files read at once (small files are latency-bound; large ones share the disk anyway). */
const PARALLEL_READS = 16;
/**
 * 2 MiB batches a large file's blob writer keeps in flight: a space is read
 * slower than the disk takes it (S3 ~125 MB/s, a local disk ~230 MB/s here),
 * so 4 keep up, where the uploads' 16 would only hold 24 MiB more.
 */
const IMPORT_BATCHES_IN_FLIGHT = 4;
/** Files up to this size are read into memory and written in one call (at most PARALLEL_READS of them at once: 8 MiB). */
const SMALL_FILE = 256 * 1024;
/** Files placed and recorded per commit: one directory sync and one transaction for many small files. */
const BATCH_FILES = 256;

export async function runImport(ctx: JobContext, job: JobRow, signal: AbortSignal): Promise<void> {
  const space = ctx.spaces.require(job.user_space_id);
  const backend = await ctx.openBackend(space);
  try {
    if (job.files_total === null) ctx.jobs.plan(job.job_id, await planImport(backend, job.path, space.workingDir, signal), ctx.now());
    // A file is imported under its base name; a folder's files under their paths below it.
    const single = job.path !== '' && (await backend.stat(job.path, signal)) !== undefined;
    const sourceOf = (file: PlannedFile) => (single ? job.path : job.path === '' ? file.path : `${job.path}/${file.path}`);
    const plan = ctx.jobs.files(job.job_id);
    const pending = plan.filter((f) => f.blob === null);
    const progress = ctx.progress(job.job_id, plan.length - pending.length, sum(plan.filter((f) => f.blob !== null)));
    for (let i = 0; i < pending.length; i += BATCH_FILES) {
      signal.throwIfAborted();
      const batch = pending.slice(i, i + BATCH_FILES);
      const blobs = await mapLimited(batch, PARALLEL_READS, (file) => readIntoBlob(ctx, backend, sourceOf(file), file.size, signal), discardBlob);
      await commitBlobs(ctx.node, blobs, () =>
        ctx.node.catalog.transaction(() => batch.forEach((file, k) => ctx.jobs.fileDone(job.job_id, file.path, blobs[k]!.sha256, blobs[k]!.size))),
      );
      progress.add(batch.length, blobs.reduce((n, b) => n + b.size, 0));
    }
    progress.flush();
    const packageID = commitPackage(ctx, job);
    ctx.jobs.finish(job.job_id, { state: 'done', packageID }, ctx.now(), true);
  } finally {
    backend.close();
  }
}

/** What to import: one file (named by its base name) or every file below a folder, the space's workingDir left out. */
async function planImport(backend: SpaceBackend, path: string, workingDir: string, signal: AbortSignal): Promise<{ path: string; size: number }[]> {
  const single = path === '' ? undefined : await backend.stat(path, signal);
  if (single) return [{ path: baseName(path), size: single.size }];
  const files: { path: string; size: number }[] = [];
  for await (const page of backend.list(path, signal)) {
    for (const file of page.files) {
      if (workingDir && isWithin(file.path, workingDir)) continue; // the node's own probe and temporary files
      const rel = path === '' ? file.path : file.path.slice(path.length + 1);
      const problem = objectPathProblem(rel);
      if (problem) throw new NodeError('BadArgument', `'${file.path}' in the space cannot be an object path: it ${problem}; rename it, or import a folder without it`);
      files.push({ path: rel, size: file.size });
    }
  }
  if (files.length === 0 && !(await folderExists(backend, path, signal))) {
    throw new NodeError('DataNotFound', `'${path}' is neither a file nor a folder in the space`);
  }
  return files;
}

async function folderExists(backend: SpaceBackend, path: string, signal: AbortSignal): Promise<boolean> {
  if (path === '') return true;
  const slash = path.lastIndexOf('/');
  const parent = slash < 0 ? '' : path.slice(0, slash);
  const level = await backend.listLevel(parent, Number.MAX_SAFE_INTEGER, signal);
  return level.entries.some((e) => e.isFolder && e.path === path);
}

/** One file into a new temporary blob; its hash checked against the space's own record of it, when it has one. */
async function readIntoBlob(ctx: JobContext, backend: SpaceBackend, spacePath: string, plannedSize: number, signal: AbortSignal): Promise<WrittenBlob> {
  const source = await backend.read(spacePath, signal);
  let blob: WrittenBlob;
  if (source.bytes) {
    blob = await ctx.node.store.writeSmall(source.bytes);
  } else if (plannedSize <= SMALL_FILE && source.size <= SMALL_FILE) {
    const chunks: Buffer[] = [];
    for await (const chunk of source.body) chunks.push(chunk as Buffer);
    blob = await ctx.node.store.writeSmall(Buffer.concat(chunks));
  } else {
    const writer = ctx.node.store.newWriter(undefined, IMPORT_BATCHES_IN_FLIGHT);
    await pipeline(source.body, writer, { signal });
    blob = writer.result();
  }
  if (source.sha256 && source.sha256 !== blob.sha256) {
    await discard(blob.tempPath);
    throw new SpaceBackendError('Corrupt', `'${spacePath}' read back with SHA-256 ${blob.sha256}, but the space records ${source.sha256}: the stored object is corrupt`);
  }
  return blob;
}

function discardBlob(blob: WrittenBlob): Promise<void> {
  return discard(blob.tempPath);
}

/** The package and its objects, in one transaction; the name is checked again (another import may have taken it meanwhile). */
function commitPackage(ctx: JobContext, job: JobRow): number {
  const { catalog } = ctx.node;
  return catalog.transaction(() => {
    const bucketId = job.bucket_id!;
    const name = job.name!;
    if (catalog.packageInBucket(bucketId, name)) throw dataExists(`package '${name}' already exists in the bucket (bucketID ${bucketId})`);
    const pkg = catalog.createPackage(bucketId, name, ctx.now(), job.space_affinity);
    const now = ctx.now();
    for (const file of ctx.jobs.files(job.job_id)) {
      const sha = file.blob!;
      catalog.putObject(pkg.package_id, file.path, { size: file.size, fileHash: fullFileHash(sha), segments: file.size > 0 ? [{ blob: sha, size: file.size }] : [] }, now);
    }
    return pkg.package_id;
  });
}

function sum(files: readonly PlannedFile[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

/**
 * Runs `fn` over `items` with at most `limit` at once, results in order; the
 * first failure stops new starts and is thrown, after `undo` has been given
 * every result already made (temporary files must not be left behind).
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, undo?: (result: R) => Promise<void>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    if (undo) await Promise.all(results.filter((r) => r !== undefined).map((r) => undo(r).catch(() => {})));
    throw failure.reason;
  }
  return results;
}
