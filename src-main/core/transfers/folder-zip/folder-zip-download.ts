/**
 * One transfer job for a whole folder of a service that sends a folder as
 * one zip (`capabilities.folderAsZip`), saved as the zip or unpacked.
 *
 * Nothing half done ever sits at the final path:
 * - as the zip: the bytes go to `<name>.zip.part` beside the target and are
 *   renamed to `<name>.zip` only once the download is complete;
 * - unpacked: the zip goes to a temporary file, is unpacked into a staging
 *   folder beside the target (zip-unpack.ts gates every entry), and the
 *   staging folder is renamed into place at the end.
 * A failure, cancel or pause removes the temporary file and the staging
 * folder. There are no ranges, so a retry starts from zero. An existing
 * target follows the job's conflict policy; an existing folder is never
 * merged into or replaced: 'overwrite' and 'keepBoth' unpack beside it under
 * the first free "name (n)".
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { withRetry } from '../retry';
import { ConflictWaiting, SkippedByConflict, type RunContext } from '../run-context';
import type { JobRow } from '../transfer-store';
import { firstFreeName } from '../unique-name';
import { MAX_REPORTED_REFUSALS, type UnpackLimits } from './unpack-limits';
import { unpackZip } from './zip-unpack';

/** The suffix of a zip being downloaded (the brief's `<folder>.zip.part`). */
export const ZIP_PART_SUFFIX = '.part';

export async function runFolderZip(ctx: RunContext, limits: UnpackLimits): Promise<void> {
  const { job, provider } = ctx;
  if (!provider.capabilities.folderAsZip || !provider.readFolderAsZip) throw new AppError(AppErrorCode.Unsupported, 'this service cannot send a folder as one zip');
  const unpack = job.kind === 'folderUnpack';
  const target = await claimTarget(ctx, unpack);
  await ctx.prepareLocalFolder(dirname(target));
  const { part, staging } = workPaths(job.id, target, unpack);
  try {
    const { bytes, sha256 } = await downloadZip(ctx, part);
    if (!unpack) {
      if (process.platform === 'win32' && job.conflict === 'overwrite') await rm(target, { force: true });
      await rename(part, target);
      ctx.patch({ size: bytes, bytes_done: bytes, sha256, verified: 0 });
      return;
    }
    await rm(staging, { recursive: true, force: true });
    const result = await unpackZip(part, staging, { folderPrefix: job.remote_path, limits, platform: ctx.platform, signal: ctx.signal });
    // Claimed before the download; taken meanwhile? Then beside it, never into it.
    const final = (await exists(target)) ? await freeName(target) : target;
    await rename(staging, final);
    ctx.patch({
      size: bytes,
      bytes_done: bytes,
      sha256,
      verified: 0,
      ...(final === target ? {} : { local_path: final }),
      report: JSON.stringify({ files: result.files, bytes: result.bytes, refusedCount: result.refused.length, refused: result.refused.slice(0, MAX_REPORTED_REFUSALS) }),
    });
  } finally {
    await rm(part, { force: true }).catch(() => undefined);
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Where a folder job writes before its result is complete: the zip being downloaded, the folder being unpacked. */
function workPaths(jobId: string, target: string, unpack: boolean): { part: string; staging: string } {
  const tag = jobId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return {
    part: unpack ? join(dirname(target), `.${basename(target)}.${tag}.zip${ZIP_PART_SUFFIX}`) : `${target}${ZIP_PART_SUFFIX}`,
    staging: join(dirname(target), `.${basename(target)}.${tag}.unpacking`),
  };
}

/** Removes what a folder job left when the app stopped in the middle of it (a cancel after a crash: its run never cleaned up). */
export async function removeFolderJobLeftovers(job: Pick<JobRow, 'id' | 'kind' | 'local_path'>): Promise<void> {
  const { part, staging } = workPaths(job.id, job.local_path, job.kind === 'folderUnpack');
  await rm(part, { force: true }).catch(() => undefined);
  if (job.kind === 'folderUnpack') await rm(staging, { recursive: true, force: true }).catch(() => undefined);
}

/** The zip into `part`, from zero on every attempt; its size and SHA-256. */
async function downloadZip(ctx: RunContext, part: string): Promise<{ bytes: number; sha256: string }> {
  const { job, provider } = ctx;
  return withRetry(
    async () => {
      ctx.setBytes(0);
      const result = await provider.readFolderAsZip!(job.root, job.remote_path, { signal: ctx.signal });
      if (result.length !== null && result.length !== job.size) ctx.patch({ size: result.length });
      const hash = createHash('sha256');
      let bytes = 0;
      const tally = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          bytes += chunk.length;
          ctx.addBytes(chunk.length);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(ctx.limiter.pace(result.stream as AsyncIterable<Buffer>, ctx.signal), tally, createWriteStream(part, { mode: 0o644 }), { signal: ctx.signal });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new AppError(AppErrorCode.DiskFull, `not enough space on disk to save the zip of '${job.remote_path}'`);
        throw error;
      }
      return { bytes, sha256: hash.digest('hex') };
    },
    ctx.signal,
    ctx.retry,
  );
}

/** Applies the conflict policy to the final path; returns the path to write. */
async function claimTarget(ctx: RunContext, unpack: boolean): Promise<string> {
  const target = ctx.job.local_path;
  const present = await stat(target).catch(() => undefined);
  if (!present) return target;
  const policy = ctx.job.conflict;
  if (policy === 'ask') throw new ConflictWaiting(target);
  if (policy === 'skip') throw new SkippedByConflict(target);
  if (policy === 'overwrite' && !unpack) {
    if (present.isDirectory()) throw new AppError(AppErrorCode.Conflict, `'${target}' is a folder`);
    return target;
  }
  const free = await freeName(target);
  ctx.patch({ local_path: free });
  return free;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function freeName(path: string): Promise<string> {
  const folder = dirname(path);
  const taken = new Set<string>();
  for (;;) {
    const candidate = join(folder, firstFreeName(basename(path), (c) => taken.has(c)));
    if (!(await exists(candidate))) return candidate;
    taken.add(basename(candidate));
  }
}
