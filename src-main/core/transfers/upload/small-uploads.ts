/**
 * Small files from disk, as many per request as the service takes
 * (`capabilities.batchUpload`; the scheduler makes the batch). Each file is
 * read whole into memory first and counts only if its size and mtime are the
 * same before and after the read, so what is sent is a consistent snapshot;
 * what the service stored for each must match that snapshot (upload-check.ts).
 * An upload to an existing path replaces it on the server (`put`).
 */
import { createHash } from 'node:crypto';
import { close, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { isNotFound } from '../gone-roots';
import { explainLocalError } from '../local-file-error';
import { withRetry } from '../retry';
import { SourceChanged, type RunContext } from '../run-context';
import { claimDestination } from './remote-destination';
import { setAsideReplaced } from './set-aside';
import { localFileReader as reader, type Snapshot } from './snapshot-reader';
import { storedDifference } from './upload-check';

/**
 * Reads a file whole, retrying while it is being written: opened once, its
 * size and mtime taken on the open file before and after the read (a file
 * replaced meanwhile is read as the one opened), and one byte more than its
 * size asked for so that growth shows.
 */
export async function snapshotFile(path: string): Promise<{ bytes: Buffer; size: number; mtime: number }> {
  let fd: number;
  try {
    fd = await fsOpen(path, 'r');
  } catch (error) {
    throw explainLocalError(error, path);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await fsFstat(fd);
      const buffer = Buffer.allocUnsafe(before.size + 1);
      let length = 0;
      for (let n = -1; n !== 0 && length < buffer.length; length += n) n = await fsRead(fd, buffer, length, buffer.length - length, length);
      const after = await fsFstat(fd);
      if (before.size === after.size && before.mtimeMs === after.mtimeMs && length === after.size) return { bytes: buffer.subarray(0, length), size: after.size, mtime: Math.floor(after.mtimeMs) };
    }
  } catch (error) {
    throw explainLocalError(error, path);
  } finally {
    await fsClose(fd).catch(() => undefined);
  }
  throw new SourceChanged(path);
}

// The callback forms, promised: lighter per call than FileHandle (a file read here is a few KiB; the calls are the cost).
const fsOpen = promisify(open);
const fsFstat = promisify(fstat);
const fsClose = promisify(close);
function fsRead(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buffer, offset, length, position, (error, n) => (error ? reject(error) : resolve(n))));
}

/** Makes the job's destination ready under its policy (nothing to look up when it simply replaces what is there). */
export async function prepareDestination(ctx: RunContext): Promise<void> {
  if (ctx.job.conflict === 'overwrite' && !ctx.job.trash_root) return; // `put` replaces
  const { replaces } = await claimDestination(ctx);
  // Sync keeps the version it replaces: aside before the upload replaces it in place.
  if (replaces) await setAsideReplaced(ctx, replaces, false);
}


type BatchFile = { bytes: Buffer; size: number; mtime: number; sha256: string };

/**
 * The batch's files read whole (in the worker), each a promise that fails as
 * reading it failed. Should the worker itself fail, the files are read here.
 */
async function readBatch(paths: readonly string[]): Promise<Array<Promise<BatchFile>>> {
  let read: Snapshot[];
  try {
    read = await reader.read(paths);
  } catch {
    return paths.map((path) =>
      settledLater(async () => {
        const file = await snapshotFile(path);
        return { ...file, sha256: createHash('sha256').update(file.bytes).digest('hex') };
      }),
    );
  }
  return read.map((file, k) => {
    if ('error' in file) return settledLater(() => Promise.reject(explainLocalError(file.error, paths[k]!) as Error)); // an AppError, or what fs threw
    if ('changed' in file) return settledLater(() => Promise.reject(new SourceChanged(paths[k]!)));
    return Promise.resolve(file);
  });
}

/** `make()`'s promise, whose failure is taken (and thrown) by whoever awaits it, or by no one when the batch stops early. */
function settledLater<T>(make: () => Promise<T>): Promise<T> {
  const promise = make();
  promise.catch(() => undefined);
  return promise;
}

/**
 * Uploads the batch; returns, per job, undefined on success or the error that
 * failed that job alone (the others still count).
 */
export async function runSmallUploads(batch: readonly RunContext[]): Promise<Array<unknown>> {
  const outcomes: unknown[] = batch.map(() => undefined);
  const ready: Array<{ i: number; ctx: RunContext; bytes: Buffer; sha256: string }> = [];
  const files = await readBatch(batch.map((ctx) => ctx.job.local_path));
  for (const [i, ctx] of batch.entries()) {
    try {
      const file = await files[i]!;
      if (file.size !== ctx.job.size || file.mtime !== ctx.job.source_mtime) ctx.patch({ size: file.size, source_mtime: file.mtime });
      await prepareDestination(ctx);
      ready.push({ i, ctx, bytes: file.bytes, sha256: file.sha256 });
    } catch (error) {
      outcomes[i] = error;
      // Not found may mean the root is gone: then every file of the batch fails with that, without a lookup each.
      const gone = isNotFound(error) ? await ctx.rootGone?.() : undefined;
      if (gone) return outcomes.map((outcome, k) => (k < i && outcome !== undefined ? outcome : gone));
    }
  }
  if (ready.length === 0) return outcomes;

  const first = ready[0]!.ctx;
  const signal = AbortSignal.any(ready.map((r) => r.ctx.signal));
  const sent = ready.map(() => 0);
  try {
    const stored = await withRetry(
      async () => {
        try {
          return await first.provider.put(
            first.job.root,
            ready.map((r, k) => ({
              path: r.ctx.job.remote_path,
              body: {
                size: r.bytes.length,
                open: () =>
                  first.limiter.pace([r.bytes], signal, (n) => {
                    sent[k]! += n;
                    r.ctx.addBytes(n);
                  }),
              },
            })),
            { signal },
          );
        } catch (error) {
          ready.forEach((r, k) => {
            r.ctx.addBytes(-sent[k]!);
            sent[k] = 0;
          });
          throw error;
        }
      },
      signal,
      first.retry,
    );
    const damaged: Array<{ path: string; ref?: string }> = [];
    ready.forEach((r, k) => {
      const entry = stored[k];
      const difference = entry && storedDifference(entry, { size: r.bytes.length, sha256: r.sha256 });
      if (!entry) outcomes[r.i] = new AppError(AppErrorCode.OperationFailed, 'the server did not confirm this file');
      else if (difference !== undefined) {
        damaged.push({ path: entry.path, ref: entry.ref });
        outcomes[r.i] = new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than were read from '${r.ctx.job.local_path}' (${difference}); the damaged copy was removed`);
      } else r.ctx.recordResult({ object_ref: entry.ref ?? null, remote_version: entry.version, sha256: r.sha256, bytes_done: r.bytes.length });
    });
    // A damaged object must not stay at the path as if it were the file (best effort).
    if (damaged.length > 0) await first.provider.delete?.(first.job.root, damaged, AbortSignal.timeout(30_000)).catch(() => undefined);
  } catch (error) {
    for (const r of ready) outcomes[r.i] = error;
  }
  return outcomes;
}
