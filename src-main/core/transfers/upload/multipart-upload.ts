/**
 * A large file from disk: multipart upload to a staging path in the same
 * package (`.jcs-uploads/<job>/<name>`), several parts in flight, each part
 * recorded once acknowledged so a restart sends only the missing ones. When
 * all parts are in, the file must be unchanged (size and mtime); its SHA-256
 * must equal the fileHash the server computed; only then is the object moved
 * to its real path. Nothing half-written ever appears at the final path.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { baseName } from '@shared/jcs/object-path';
import { BodySourceError } from '../../../providers/jcs/multipart-body';
import { fileChunks } from '../file-chunks';
import { fullHashOf, hashFile } from '../hash-file';
import { explainLocalError } from '../local-file-error';
import { choosePartSize, splitIntoSpans, type ByteSpan } from '../part-size';
import { withRetry } from '../retry';
import { SourceChanged, type RunContext } from '../run-context';
import { moveMissingSpans } from '../spans-in-flight';
import { numberedName } from '../unique-name';
import { claimDestination, objectAt } from './remote-destination';

export const STAGING_FOLDER = '.jcs-uploads';

export async function runMultipartUpload(ctx: RunContext): Promise<void> {
  const { job } = ctx;
  await ensureSourceUnchangedSinceStart(ctx);

  if (!job.staging_object || !job.staging_path) await beginStagedUpload(ctx, job.part_size ?? choosePartSize(job.size, ctx.settings.multipartThresholdMiB * 1024 * 1024));
  const stagingObject = job.staging_object!;
  const spans = splitIntoSpans(job.size, job.part_size!);

  const staged = await objectAt(ctx, job.staging_path!);
  if (!staged || staged.objectID !== stagingObject) {
    // Moved into place already (a crash right after the move)? Then the job is done.
    const placed = await objectAt(ctx, job.remote_path);
    if (placed?.objectID === stagingObject && placed.redundancy.type !== 'multipartUpload') {
      ctx.patch({ object_id: stagingObject, staging_object: null, staging_path: null, bytes_done: job.size });
      return;
    }
    // The staging object vanished (deleted on the server): start the upload over.
    ctx.patch({ staging_object: null, staging_path: null, part_size: null });
    ctx.clearUnits();
    return runMultipartUpload(ctx);
  }

  if (staged.redundancy.type === 'multipartUpload') {
    // The file is hashed in one sequential pass while its parts go out (the
    // parts are read out of order, several at once), so the hash overlaps the
    // upload instead of following it. The unchanged-check after both covers
    // the two reads.
    const hashing = new AbortController();
    const stopHashing = () => hashing.abort();
    ctx.signal.addEventListener('abort', stopHashing, { once: true });
    const sha256 = hashFile(job.local_path, hashing.signal);
    sha256.catch(() => undefined); // awaited below; a failed part upload must not leave it unhandled
    try {
      await moveMissingSpans(ctx, spans, (span) => uploadPart(ctx, stagingObject, span));
      ctx.patch({ expected_hash: fullHashOf(await sha256) });
    } finally {
      hashing.abort(); // a no-op once the hash is done; stops the read when the parts failed or paused
      ctx.signal.removeEventListener('abort', stopHashing);
    }
    await ensureSourceUnchangedSinceStart(ctx);
  }
  await completeAndPlace(ctx, spans.map((s) => s.index), `'${job.local_path}'`);
}

/**
 * Completes the job's staged multipart upload (unless a previous run already
 * did), checks the server's fileHash against `job.expected_hash`, and moves
 * the object to its destination under the job's conflict policy.
 */
export async function completeAndPlace(ctx: RunContext, indexes: readonly number[], sourceName: string): Promise<void> {
  const { job, client } = ctx;
  const stagingObject = job.staging_object!;
  const staged = await objectAt(ctx, job.staging_path!);
  let complete = staged && staged.objectID === stagingObject && staged.redundancy.type !== 'multipartUpload' ? staged : undefined;
  complete ??= await withRetry(
    async (attempt) => {
      if (attempt > 0) {
        // The service may have completed it and only its answer was lost: completing again would be refused.
        const again = await objectAt(ctx, job.staging_path!);
        if (again?.objectID === stagingObject && again.redundancy.type !== 'multipartUpload') return again;
      }
      return client.completeMultipartUpload(stagingObject, indexes, ctx.signal);
    },
    ctx.signal,
    ctx.retry,
  );
  if (complete.fileHash !== job.expected_hash) {
    await client.deleteObjects([stagingObject]).catch(() => undefined);
    ctx.patch({ staging_object: null, staging_path: null, part_size: null, bytes_done: 0 });
    ctx.clearUnits();
    throw new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than were read from ${sourceName} (local ${job.expected_hash?.slice(4, 16)}…, server ${complete.fileHash.slice(4, 16)}…); the upload will start over when retried`);
  }
  const objectId = complete.objectID;
  // Put it in place. The staging object keeps its ID through the move.
  for (let attempt = 0; ; attempt++) {
    const destination = await claimDestination(ctx, objectId);
    const existing = await objectAt(ctx, destination);
    if (existing && existing.objectID !== objectId) await setAsideReplaced(ctx, existing.objectID);
    const moved = await withRetry(() => client.moveObjects([{ objectID: objectId, packageID: job.package_id, path: destination }], ctx.signal), ctx.signal, ctx.retry);
    if (moved.includes(objectId)) break;
    if (attempt >= 2) throw new AppError(AppErrorCode.OperationFailed, `could not move the uploaded object to '${destination}'`);
  }
  ctx.patch({ object_id: objectId, staging_object: null, staging_path: null, bytes_done: job.size });
}

/**
 * Removes what an upload is about to replace: into the job's trash path when it
 * has one (sync keeps replaced versions), deleted otherwise (the user chose
 * "overwrite").
 */
export async function setAsideReplaced(ctx: RunContext, objectId: number): Promise<void> {
  const { job, client } = ctx;
  if (job.trash_root) {
    // An earlier version replaced in the same second may hold the trash path (moves never overwrite): then `name (n).ext`.
    const trash = job.trash_root;
    const slash = trash.lastIndexOf('/');
    for (let n = 0; n <= 100; n++) {
      const path = n === 0 ? trash : trash.slice(0, slash + 1) + numberedName(trash.slice(slash + 1), n);
      const moved = await withRetry(() => client.moveObjects([{ objectID: objectId, packageID: job.package_id, path }], ctx.signal), ctx.signal, ctx.retry);
      if (moved.includes(objectId)) return;
      if (!(await objectAt(ctx, path))) break; // not a taken name: the object itself is gone
    }
    throw new AppError(AppErrorCode.OperationFailed, `could not move the replaced '${job.remote_path}' to '${job.trash_root}'`);
  } else {
    await withRetry(() => client.deleteObjects([objectId], ctx.signal), ctx.signal, ctx.retry);
  }
}

/** Creates the job's staging object for a multipart upload (`.jcs-uploads/<job>/<name>`). */
export async function beginStagedUpload(ctx: RunContext, partSize: number): Promise<void> {
  const { job } = ctx;
  const stagingPath = `${STAGING_FOLDER}/${job.id}/${baseName(job.remote_path)}`;
  const staged = await withRetry(() => ctx.client.newMultipartUpload(job.package_id, stagingPath, ctx.signal), ctx.signal, ctx.retry);
  ctx.clearUnits();
  ctx.patch({ staging_path: stagingPath, staging_object: staged.objectID, part_size: partSize, bytes_done: 0 });
}

async function uploadPart(ctx: RunContext, stagingObject: number, span: ByteSpan): Promise<void> {
  await withRetry(
    async () => {
      let sent = 0;
      try {
        await ctx.client.uploadPart(
          stagingObject,
          span.index,
          {
            size: span.size,
            open: () =>
              ctx.limiter.pace(fileChunks(ctx.job.local_path, { offset: span.offset, length: span.size, signal: ctx.signal }), ctx.signal, (n) => {
                sent += n;
                ctx.addBytes(n);
              }),
          },
          { signal: ctx.signal },
        );
      } catch (error) {
        ctx.addBytes(-sent); // those bytes will be sent again
        throw error instanceof BodySourceError ? explainLocalError(error.cause, ctx.job.local_path) : error;
      }
    },
    ctx.signal,
    ctx.retry,
  );
}

/** The file must still be the one the job started with; otherwise the upload starts over. */
async function ensureSourceUnchangedSinceStart(ctx: RunContext): Promise<void> {
  const { job } = ctx;
  let info;
  try {
    info = await stat(job.local_path);
    await access(job.local_path, constants.R_OK); // stat succeeds on a file we may not read
  } catch (error) {
    throw explainLocalError(error, job.local_path);
  }
  if (info.size !== job.size || Math.floor(info.mtimeMs) !== job.source_mtime) {
    ctx.patch({ size: info.size, source_mtime: Math.floor(info.mtimeMs), expected_hash: null });
    throw new SourceChanged(job.local_path);
  }
}
