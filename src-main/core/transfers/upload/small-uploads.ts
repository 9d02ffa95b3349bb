/**
 * Small files from disk, several per request (the multi-file `upload`). Each
 * file is read whole into memory first and counts only if its size and mtime
 * are the same before and after the read, so what is sent is a consistent
 * snapshot; the server's fileHash for each must equal the SHA-256 of that
 * snapshot. An upload to an existing path replaces it atomically on the server.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { fullHashOf } from '../hash-file';
import { explainLocalError } from '../local-file-error';
import { withRetry } from '../retry';
import { SourceChanged, type RunContext } from '../run-context';
import { setAsideReplaced } from './multipart-upload';
import { claimDestination, objectAt } from './remote-destination';

/** Requests carry at most this many files and bytes. */
export const BATCH_MAX_FILES = 64;
export const BATCH_MAX_BYTES = 16 * 1024 * 1024;

export interface Snapshot {
  bytes: Buffer;
  fileHash: string;
}

/** Reads a file whole, retrying while it is being written. */
export async function snapshotFile(path: string): Promise<{ bytes: Buffer; size: number; mtime: number }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await statOrExplain(path);
    const bytes = await readFile(path).catch((error: unknown) => {
      throw explainLocalError(error, path);
    });
    const after = await statOrExplain(path);
    if (before.size === after.size && before.mtimeMs === after.mtimeMs && bytes.length === after.size) return { bytes, size: after.size, mtime: Math.floor(after.mtimeMs) };
  }
  throw new SourceChanged(path);
}

async function statOrExplain(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw explainLocalError(error, path);
  }
}

/**
 * Uploads the batch; returns, per job, undefined on success or the error that
 * failed that job alone (the others still count).
 */
export async function runSmallUploads(batch: readonly RunContext[]): Promise<Array<unknown>> {
  const outcomes: unknown[] = batch.map(() => undefined);
  const ready: Array<{ i: number; ctx: RunContext; snapshot: Snapshot }> = [];
  for (const [i, ctx] of batch.entries()) {
    try {
      const file = await snapshotFile(ctx.job.local_path);
      if (file.size !== ctx.job.size || file.mtime !== ctx.job.source_mtime) ctx.patch({ size: file.size, source_mtime: file.mtime });
      if (ctx.job.conflict !== 'overwrite') await claimDestination(ctx);
      else if (ctx.job.trash_root) {
        // Sync keeps the version it replaces: move it aside before the upload replaces it in place.
        const existing = await objectAt(ctx, ctx.job.remote_path);
        if (existing) await setAsideReplaced(ctx, existing.objectID);
      }
      ready.push({ i, ctx, snapshot: { bytes: file.bytes, fileHash: fullHashOf(createHash('sha256').update(file.bytes).digest('hex')) } });
    } catch (error) {
      outcomes[i] = error;
    }
  }
  if (ready.length === 0) return outcomes;

  const first = ready[0]!.ctx;
  const signal = AbortSignal.any(ready.map((r) => r.ctx.signal));
  const sent = ready.map(() => 0);
  try {
    const uploaded = await withRetry(
      async () => {
        try {
          return await first.client.uploadObjects(
            first.job.package_id,
            ready.map((r, k) => ({
              path: r.ctx.job.remote_path,
              body: {
                size: r.snapshot.bytes.length,
                open: () =>
                  first.limiter.pace([r.snapshot.bytes], signal, (n) => {
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
    const damaged: number[] = [];
    ready.forEach((r, k) => {
      const object = uploaded[k];
      if (!object) outcomes[r.i] = new AppError(AppErrorCode.OperationFailed, 'the server did not confirm this file');
      else if (object.fileHash !== r.snapshot.fileHash) {
        damaged.push(object.objectID);
        outcomes[r.i] = new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than were read from '${r.ctx.job.local_path}'; the damaged copy was removed`);
      } else r.ctx.patch({ object_id: object.objectID, expected_hash: r.snapshot.fileHash, bytes_done: r.snapshot.bytes.length });
    });
    // A damaged object must not stay at the path as if it were the file (best effort).
    if (damaged.length > 0) await first.client.deleteObjects(damaged, AbortSignal.timeout(30_000)).catch(() => undefined);
  } catch (error) {
    for (const r of ready) outcomes[r.i] = error;
  }
  return outcomes;
}
