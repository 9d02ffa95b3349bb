/**
 * A large file to a service without multipart uploads: one `put` that streams
 * the file from disk (never whole in memory), hashed as it goes out. Nothing
 * of it can be kept across an interruption: a paused, stopped or failed
 * upload sends the whole file again. The service writes the object at its
 * path as the bytes arrive (there is no staging place), so the file must be
 * unchanged afterwards and the stored object must match what was sent;
 * otherwise what was written is removed, never left as if it were the file.
 */
import { createHash } from 'node:crypto';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { RemoteEntry } from '../../../providers/storage-provider';
import { fileChunks } from '../file-chunks';
import { withRetry } from '../retry';
import { SourceChanged, type RunContext } from '../run-context';
import { prepareDestination } from './small-uploads';
import { ensureSourceUnchanged, explainBodyError } from './source-file';
import { storedDifference } from './upload-check';

export async function runStreamedUpload(ctx: RunContext): Promise<void> {
  const { job } = ctx;
  await ensureSourceUnchanged(ctx);
  await prepareDestination(ctx);
  const { entry, sha256 } = await putFromFile(ctx, job.local_path);
  try {
    await ensureSourceUnchanged(ctx);
  } catch (error) {
    if (error instanceof SourceChanged) await removeWritten(ctx, entry); // what went out may be half old, half new
    throw error;
  }
  await acceptStored(ctx, entry, sha256, `'${job.local_path}'`);
}

/** Puts the job's `size` bytes of `file` at its remote path; the hash covers exactly the bytes of the attempt that succeeded. */
export async function putFromFile(ctx: RunContext, file: string): Promise<{ entry: RemoteEntry; sha256: string }> {
  const { job } = ctx;
  let sha256 = '';
  const entry = await withRetry(
    async () => {
      let sent = 0;
      try {
        const [stored] = await ctx.provider.put(
          job.root,
          [
            {
              path: job.remote_path,
              body: {
                size: job.size,
                // Opened again for each attempt.
                async *open() {
                  const hash = createHash('sha256');
                  const chunks = fileChunks(file, { length: job.size, signal: ctx.signal });
                  for await (const chunk of ctx.limiter.pace(chunks, ctx.signal, (n) => {
                    sent += n;
                    ctx.addBytes(n);
                  })) {
                    hash.update(chunk);
                    yield chunk;
                  }
                  sha256 = hash.digest('hex');
                },
              },
            },
          ],
          { signal: ctx.signal },
        );
        return stored;
      } catch (error) {
        ctx.addBytes(-sent); // those bytes will be sent again
        throw explainBodyError(error, file);
      }
    },
    ctx.signal,
    ctx.retry,
  );
  if (!entry) throw new AppError(AppErrorCode.OperationFailed, 'the server did not confirm this file');
  return { entry, sha256 };
}

/** Keeps what the service stored when it matches what was sent (`source` names where the bytes came from); removes it otherwise. */
export async function acceptStored(ctx: RunContext, entry: RemoteEntry, sha256: string, source: string): Promise<void> {
  const difference = storedDifference(entry, { size: ctx.job.size, sha256 });
  if (difference !== undefined) {
    await removeWritten(ctx, entry);
    throw new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than were read from ${source} (${difference}); the damaged copy was removed`);
  }
  ctx.patch({ object_ref: entry.ref ?? null, remote_version: entry.version, sha256, bytes_done: ctx.job.size });
}

/** Removes what the job wrote at its path (best effort): it must not stay there as if it were the file. */
export async function removeWritten(ctx: RunContext, entry: RemoteEntry): Promise<void> {
  await ctx.provider.delete?.(ctx.job.root, [{ path: entry.path, ref: entry.ref }], AbortSignal.timeout(30_000)).catch(() => undefined);
}
