/**
 * One object to a local file: bytes go to `<target>.jcs-download` next to the
 * target (same folder, so the final rename is atomic). Where the service reads
 * byte ranges (`capabilities.ranges`) they are fetched with offset/length,
 * several in flight for large objects, each range recorded when written, with
 * a fingerprint of the bytes received for it, so a restart continues from the
 * recorded ranges whose bytes on disk still have that fingerprint (recorded-ranges.ts);
 * elsewhere the object comes as one stream, which an interruption restarts
 * from its first byte. The download waits for one sync, before the final
 * rename (a sync per range made it wait on the disk over and over); syncs
 * that nothing waits for run meanwhile, so that one has little left to do
 * (partial-file.ts). The file
 * is hashed (SHA-256) as its bytes come in (in order, read back from disk) and
 * must have the size the service reports. Where the service
 * vouches for its hash (`capabilities.hash.trusted`) and the object has one,
 * the local hash must equal it and the download is verified; otherwise it is
 * "not verified" — or refused before anything is written when the setting
 * requireVerifiedDownloads is on. Only then is the file renamed to its final
 * name. Right before writing, the target (and the trash path of what it
 * replaces) must still be inside the job's folder, with no symbolic link on
 * the way leading out of it.
 */
import { lstat, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';
import type { RemoteEntry } from '../../../providers/storage-provider';
import { PARTIAL_SUFFIX, requireRealPathInside, unsafeRemotePathError } from '../../paths/local-target';
import { choosePartSize, splitIntoSpans, type ByteSpan } from '../part-size';
import { withRetry } from '../retry';
import { ConflictWaiting, SkippedByConflict, type RunContext } from '../run-context';
import { moveMissingSpans } from '../spans-in-flight';
import type { UnitRow } from '../transfer-store';
import { firstFreeName } from '../unique-name';
import { PartialFile } from './partial-file';
import { WorkerPrefixHasher } from './prefix-hash-worker';
import { PrefixHasher } from './prefix-hasher';
import { RangeFingerprint } from './range-fingerprint';
import { RangeWriter } from './range-writer';
import { intactRanges } from './recorded-ranges';

export { PARTIAL_SUFFIX };
const WRITE_BATCH_BYTES = 1024 * 1024;
/** While a bandwidth limit is set, a read into a range takes at most this much (the limiter's slice), so the pace stays even. */
const LIMITED_READ_BYTES = 64 * 1024;

export async function runDownload(ctx: RunContext): Promise<void> {
  const { job } = ctx;
  const expected = trustedHashOf(ctx, await refreshRemoteState(ctx));
  if (expected === undefined && ctx.settings.requireVerifiedDownloads) {
    throw new AppError(AppErrorCode.UnverifiableHash, `'${showRemotePath(job.remote_path)}' has no hash it can be checked against (the service ${ctx.provider.capabilities.hash?.trusted ? 'gives none for it' : 'does not vouch for its hashes'}), and the settings require verified downloads; nothing was written`);
  }
  const target = await claimLocalTarget(ctx);
  const partial = target + PARTIAL_SUFFIX;
  if (job.local_root) {
    await requireRealPathInside(job.local_root, target, job.remote_path);
    if (job.trash_root) await requireRealPathInside(job.local_root, job.trash_root, job.remote_path);
  }
  await ctx.prepareLocalFolder(dirname(target));

  const threshold = ctx.settings.multipartThresholdMiB * 1024 * 1024;
  // Without ranges the object is one span: it is recorded only once all of it is on disk.
  const ranged = ctx.provider.capabilities.ranges;
  const partSize = job.part_size ?? (ranged && job.size >= threshold ? choosePartSize(job.size, threshold) : Math.max(job.size, 1));
  if (job.part_size === null) ctx.patch({ part_size: partSize });
  const spans = splitIntoSpans(job.size, partSize);

  // The temporary name is ours: a symbolic link there (never made by the app) is removed, not written through.
  if ((await lstat(partial).catch(() => undefined))?.isSymbolicLink()) await rm(partial);
  const existing = await stat(partial).catch(() => undefined);
  const recorded = ctx.units();
  if (recorded.length && !existing) ctx.clearUnits();
  let actual: string;
  try {
    const handle = await open(partial, existing ? 'r+' : 'w+', 0o644);
    try {
      // Keep recorded ranges only if the partial file still holds their bytes.
      if (existing && recorded.length) await forgetDamagedRanges(ctx, handle, existing.size, recorded);
      // Opened for reading too (w+/r+): the in-thread hasher reads the ranges back through it.
      const hasher = spans.length > 1 ? new WorkerPrefixHasher(partial) : new PrefixHasher(handle);
      try {
        const file = new PartialFile(handle);
        await moveMissingSpans(ctx, spans, (span) => downloadRange(ctx, file, span, ranged), (span) => hasher.add(span.offset, span.size));
        await handle.truncate(job.size);
        await file.durable(); // the one sync: every range and the size
        actual = await hasher.digest(job.size);
      } finally {
        if (hasher instanceof WorkerPrefixHasher) await hasher.close();
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The ranges recorded so far stay on disk: retrying after making room continues from them.
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new AppError(AppErrorCode.DiskFull, `not enough space on disk to save '${target}' (${job.size} bytes)`);
    throw error;
  }

  if (expected !== undefined && actual !== expected) {
    // Nothing damaged is kept: no final file, no partial that could pass for one.
    await rm(partial, { force: true });
    ctx.clearUnits();
    ctx.patch({ bytes_done: 0 });
    throw new AppError(AppErrorCode.HashMismatch, `the downloaded bytes of '${showRemotePath(job.remote_path)}' do not match its hash (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…); retrying starts over`);
  }
  // The folder must still be there (a sync task's: still the task's) before anything lands in it.
  await ctx.prepareLocalFolder(dirname(target));
  if (job.trash_root && (await stat(target).catch(() => undefined))) {
    // Sync keeps the version it replaces, never over an earlier one kept at the same trash path.
    await ctx.prepareLocalFolder(dirname(job.trash_root));
    await rename(target, await freePath(job.trash_root));
  } else if (process.platform === 'win32' && job.conflict === 'overwrite') {
    await rm(target, { force: true }); // rename cannot replace on Windows
  }
  await rename(partial, target);
  await syncDirectory(dirname(target));
  ctx.patch({ bytes_done: job.size, sha256: actual, verified: expected === undefined ? 0 : 1 });
}

/** The hash the bytes must have: the object's own, when the service vouches for its hashes. */
function trustedHashOf(ctx: RunContext, entry: RemoteEntry): string | undefined {
  const declared = ctx.provider.capabilities.hash;
  if (!declared?.trusted || !entry.hash || entry.hash.algorithm !== declared.algorithm) return undefined;
  return entry.hash.value.toLowerCase();
}

/** `path`, or the first free `name (n).ext` next to it. */
async function freePath(path: string): Promise<string> {
  const folder = dirname(path);
  const name = path.slice(folder.length + 1);
  const taken = new Set<string>();
  for (;;) {
    const candidate = join(folder, firstFreeName(name, (c) => taken.has(c)));
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
    taken.add(candidate.slice(folder.length + 1));
  }
}

/** The object may have changed since the job was planned: restart with its current content. Returns it as it is now. */
async function refreshRemoteState(ctx: RunContext): Promise<RemoteEntry> {
  const { job, provider } = ctx;
  const entry = await withRetry(() => provider.stat(job.root, job.remote_path, ctx.signal), ctx.signal, ctx.retry);
  if (!entry) throw new AppError(AppErrorCode.DataNotFound, `'${job.remote_path}' no longer exists on the server`);
  // An exact lookup must name what was asked for: anything else is another object's metadata (or a hostile answer).
  if (entry.path !== job.remote_path) throw unsafeRemotePathError(entry.path, { reason: 'notUnderFolder', detail: `was the answer to a lookup of '${showRemotePath(job.remote_path)}'` });
  if (entry.pending) throw new AppError(AppErrorCode.OperationFailed, `'${job.remote_path}' is still being uploaded`);
  if ((entry.ref ?? null) !== job.object_ref || entry.version !== job.remote_version || entry.size !== job.size) {
    ctx.clearUnits();
    ctx.patch({ object_ref: entry.ref ?? null, remote_version: entry.version, size: entry.size, part_size: null, bytes_done: 0, sha256: null, verified: null });
  }
  return entry;
}

/** Applies the conflict policy to the local target. Returns the path to write. */
async function claimLocalTarget(ctx: RunContext): Promise<string> {
  const target = ctx.job.local_path;
  const present = await stat(target).catch(() => undefined);
  if (!present) return target;
  switch (ctx.job.conflict) {
    case 'overwrite':
      if (present.isDirectory()) throw new AppError(AppErrorCode.Conflict, `'${target}' is a folder`);
      return target;
    case 'skip':
      throw new SkippedByConflict(target);
    case 'keepBoth': {
      const folder = dirname(target);
      const name = target.slice(folder.length + 1);
      const taken = new Set<string>();
      let candidate = target;
      for (let n = 0; n < 1000; n++) {
        candidate = join(folder, firstFreeName(name, (c) => taken.has(c)));
        if (!(await stat(candidate).catch(() => undefined))) break;
        taken.add(candidate.slice(folder.length + 1));
      }
      ctx.patch({ local_path: candidate });
      return candidate;
    }
    default:
      throw new ConflictWaiting(target);
  }
}

/** Drops the recorded ranges the file no longer holds (their bytes are fetched again); the others stay recorded. */
async function forgetDamagedRanges(ctx: RunContext, handle: FileHandle, fileSize: number, recorded: readonly UnitRow[]): Promise<void> {
  const intact = await intactRanges(handle, fileSize, recorded);
  if (intact.length === recorded.length) return;
  ctx.clearUnits();
  let bytesDone = 0;
  for (const unit of intact) ctx.recordUnit(unit, (bytesDone += unit.size));
  if (intact.length === 0) ctx.patch({ bytes_done: 0 });
}

/**
 * One span of the object (a range, or all of it where the service reads no
 * ranges) written at its place in the file. Resolves with the fingerprint of
 * the bytes received for it (range-fingerprint.ts), taken as they arrive (they
 * are in memory then).
 */
async function downloadRange(ctx: RunContext, file: PartialFile, span: ByteSpan, ranged: boolean): Promise<string> {
  const { job, provider } = ctx;
  const entry = { path: job.remote_path, ...(job.object_ref === null ? {} : { ref: job.object_ref }) };
  if (ranged && provider.readRangeInto && span.size > 0) {
    const readInto = provider.readRangeInto.bind(provider);
    return await withRetry(
      async () => {
        const writer = new RangeWriter(file, span.offset, span.size, {
          onBytes: (bytes) => ctx.addBytes(bytes),
          pace: (bytes) => (ctx.limiter.rate > 0 ? ctx.limiter.take(bytes, ctx.signal) : undefined),
          readLimit: () => (ctx.limiter.rate > 0 ? LIMITED_READ_BYTES : undefined),
        });
        try {
          await readInto(job.root, entry, { offset: span.offset, length: span.size }, writer, ctx.signal);
          return await writer.finish();
        } catch (error) {
          ctx.addBytes(-writer.bytesCounted);
          throw error;
        } finally {
          await writer.release();
        }
      },
      ctx.signal,
      ctx.retry,
    );
  }
  return await withRetry(
    async () => {
      const fingerprint = new RangeFingerprint();
      let written = 0;
      let received = 0; // counted as it arrives, so progress moves smoothly whatever the batching
      try {
        const download = await ctx.provider.read(job.root, entry, ranged ? { offset: span.offset, length: span.size } : undefined, { signal: ctx.signal });
        if (download.length !== null && download.length !== span.size) {
          download.stream.destroy();
          throw new AppError(AppErrorCode.OperationFailed, `the server sent ${download.length} bytes for a ${span.size}-byte range`);
        }
        // Socket chunks are small (64 KiB); writing them a batch at a time
        // saves most of the round trips to the thread pool.
        let batch: Buffer[] = [];
        let batchBytes = 0;
        const flush = async () => {
          await file.write(batch, batchBytes, span.offset + written);
          written += batchBytes;
          batch = [];
          batchBytes = 0;
        };
        // Iterating the response itself: a body that breaks off fails the loop, and leaving the loop early destroys it.
        for await (const chunk of ctx.limiter.pace(download.stream as AsyncIterable<Buffer>, ctx.signal)) {
          batch.push(chunk);
          fingerprint.update(chunk);
          batchBytes += chunk.length;
          received += chunk.length;
          ctx.addBytes(chunk.length);
          if (written + batchBytes > span.size) throw new AppError(AppErrorCode.OperationFailed, `the server sent more than the ${span.size} bytes of the range at ${span.offset}`);
          if (batchBytes >= WRITE_BATCH_BYTES) await flush();
        }
        if (batchBytes > 0) await flush();
        if (written !== span.size) throw new AppError(AppErrorCode.OperationFailed, `the range at ${span.offset} ended after ${written} of ${span.size} bytes`);
        return fingerprint.value();
      } catch (error) {
        ctx.addBytes(-received);
        throw error;
      }
    },
    ctx.signal,
    ctx.retry,
  );
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for syncing there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
