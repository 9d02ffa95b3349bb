/**
 * downloadPackage: a package's objects are written into a space under
 * `rootPath`, each at `rootPath/<object path>`. Before the first write, every
 * target is checked: a file already there is never overwritten, and the job
 * fails naming it with nothing written. Each file written is recorded, so a
 * resumed job neither writes it again nor takes it for the user's; a target
 * that exists unrecorded after a crash is ours only when it holds exactly the
 * object's bytes.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PENDING_FILE_HASH } from '@shared/jcs/wire';
import { dataExists, NodeError } from '../../node-error';
import { readRange } from '../../blobs/read-range';
import type { SpaceBackend } from '../space-backend';
import type { JobContext } from './job-context';
import type { JobRow, PlannedFile } from './job-store';
import { mapLimited } from './import-job';

/** Files written at once. */
const PARALLEL_WRITES = 4;

export async function runExport(ctx: JobContext, job: JobRow, signal: AbortSignal): Promise<void> {
  const space = ctx.spaces.require(job.user_space_id);
  const packageId = job.package_id!;
  const backend = await ctx.openBackend(space);
  const target = (file: PlannedFile) => (job.path === '' ? file.path : `${job.path}/${file.path}`);
  try {
    const resumed = job.files_total !== null;
    if (!resumed) {
      const objects = [...ctx.node.catalog.packageObjects(packageId)].filter((o) => o.redundancy !== 'multipartUpload');
      await refuseTakenTargets(backend, job.path, objects.map((o) => o.path), signal);
      ctx.jobs.plan(job.job_id, objects.map((o) => ({ path: o.path, size: o.size })), ctx.now());
    }
    const plan = ctx.jobs.files(job.job_id);
    const pending = plan.filter((f) => f.blob === null);
    const progress = ctx.progress(job.job_id, plan.length - pending.length, plan.filter((f) => f.blob !== null).reduce((n, f) => n + f.size, 0));
    await mapLimited(pending, PARALLEL_WRITES, async (file) => {
      signal.throwIfAborted();
      const row = ctx.node.catalog.objectByPath(packageId, file.path);
      if (!row || row.redundancy === 'multipartUpload') throw new NodeError('DataNotFound', `the object '${file.path}' left the package during the export`);
      const expected = row.file_hash.startsWith('Full') && row.file_hash !== PENDING_FILE_HASH ? row.file_hash.slice(4).toLowerCase() : undefined;
      const path = target(file);
      if (resumed && (await backend.stat(path, signal))) {
        if (!(await holdsExactly(backend, path, row.size, expected, signal))) {
          throw dataExists(`'${path}' appeared in the space during the export and holds other content; it was not overwritten`);
        }
      } else {
        const segments = ctx.node.catalog.segments(row.object_id);
        const blobs = segments.map((s) => s.blob);
        ctx.node.store.pin(blobs);
        try {
          await backend.write(path, Readable.from(readRange(ctx.node.store, segments, 0, row.size)), { size: row.size, expectedSha256: expected, modTime: row.update_time, signal });
        } finally {
          ctx.node.store.unpin(blobs);
        }
      }
      ctx.jobs.fileDone(job.job_id, file.path, expected ?? 'written', row.size);
      progress.add(1, row.size);
    });
    progress.flush();
    ctx.jobs.finish(job.job_id, { state: 'done' }, ctx.now());
  } finally {
    backend.close();
  }
}

/** Fails, naming the first, when any target (or rootPath itself as a file) already exists. */
async function refuseTakenTargets(backend: SpaceBackend, rootPath: string, paths: readonly string[], signal: AbortSignal): Promise<void> {
  if (rootPath !== '' && (await backend.stat(rootPath, signal))) throw dataExists(`rootPath '${rootPath}' is a file in the space; choose a folder`);
  const wanted = new Set(paths.map((p) => (rootPath === '' ? p : `${rootPath}/${p}`)));
  let taken = 0;
  let first: string | undefined;
  for await (const page of backend.list(rootPath, signal)) {
    for (const file of page.files) {
      if (!wanted.has(file.path)) continue;
      taken++;
      first ??= file.path;
    }
  }
  if (first) {
    throw dataExists(`'${first}'${taken > 1 ? ` and ${taken - 1} more` : ''} already exist in the space; nothing was written (export to an empty folder, or remove them first)`);
  }
}

/** Whether the file at `path` is byte for byte the object (size, then the recorded or recomputed SHA-256). */
async function holdsExactly(backend: SpaceBackend, path: string, size: number, sha256: string | undefined, signal: AbortSignal): Promise<boolean> {
  const read = await backend.read(path, signal);
  if (read.size !== size || !sha256) {
    read.body.destroy();
    return read.size === size && sha256 === undefined;
  }
  if (read.sha256) {
    read.body.destroy();
    return read.sha256 === sha256;
  }
  const hash = createHash('sha256');
  for await (const chunk of read.body) hash.update(chunk as Buffer);
  return hash.digest('hex') === sha256;
}
