/**
 * A large file from disk as a multipart upload (`provider.multipart`): the
 * upload is initiated with the job's id as its key (initiating again after a
 * crash starts the same upload over, leaking nothing), several parts go out
 * at once, and each is recorded once acknowledged, so a restart sends only
 * the missing ones (minus any the service says it no longer holds, where it
 * can list them). The file is hashed in one pass while its parts go out, and
 * must be unchanged (size and mtime) once they are all in.
 *
 * Staged services (`multipart.staged`, JCS): `complete` leaves the object at
 * a staging place; it is checked against the local hash there and only then
 * placed at its path, under the job's conflict policy, so nothing unverified
 * ever appears at the destination. Unstaged services: `complete` writes the
 * object at its path, so the destination is decided before the upload starts
 * (and checked again before completing); an object that fails the check is
 * removed from the path.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { ProviderError, ProviderErrorCode } from '../../../providers/provider-errors';
import type { MultipartHandle, MultipartUploads, RemoteEntry, UploadBody } from '../../../providers/storage-provider';
import { fileChunks } from '../file-chunks';
import { hashFile } from '../hash-file';
import { splitIntoSpans, type ByteSpan } from '../part-size';
import { withRetry } from '../retry';
import type { RunContext } from '../run-context';
import { moveMissingSpans } from '../spans-in-flight';
import { filePartSize } from './file-part-size';
import { claimDestination } from './remote-destination';
import { setAsideReplaced } from './set-aside';
import { ensureSourceUnchanged, explainBodyError } from './source-file';
import { storedDifference } from './upload-check';

/** The service no longer has the upload, or it must go to another path: it starts over. */
export class StartOver extends Error {
  /** `notFound`: the service said the upload does not exist, which is also what it says once the whole root is gone. */
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
  }
}

export async function runMultipartUpload(ctx: RunContext): Promise<void> {
  for (let restarts = 0; ; restarts++) {
    try {
      await uploadOnce(ctx);
      return;
    } catch (error) {
      if (!(error instanceof StartOver)) throw error;
      // Starting over in a root deleted elsewhere would only fail again, once per restart.
      const gone = error.notFound ? await ctx.rootGone?.() : undefined;
      if (gone) throw gone;
      if (restarts >= 2) throw new AppError(AppErrorCode.OperationFailed, `the upload of '${ctx.job.local_path}' had to start over again and again: ${error.message}`);
      await discardUpload(ctx, ctx.job.upload_handle);
    }
  }
}

/** Gives up the service's upload (best effort) and forgets it with every recorded part. */
export async function discardUpload(ctx: Pick<RunContext, 'provider' | 'patch' | 'clearUnits'>, handleState: string | null): Promise<void> {
  if (handleState) await ctx.provider.multipart?.abort({ state: handleState }, AbortSignal.timeout(30_000)).catch(() => undefined);
  ctx.clearUnits();
  ctx.patch({ upload_handle: null, part_size: null, sha256: null, object_ref: null, bytes_done: 0 });
}

async function uploadOnce(ctx: RunContext): Promise<void> {
  const { job, provider } = ctx;
  const multipart = provider.multipart!;
  await ensureSourceUnchanged(ctx);
  if (!job.upload_handle) await startMultipart(ctx);
  const handle: MultipartHandle = { state: job.upload_handle! };
  const spans = splitIntoSpans(job.size, job.part_size!);
  if (!awaitsPlacing(ctx) && (ctx.units().length < spans.length || job.sha256 === null)) {
    await forgetPartsTheServiceLost(ctx, multipart, handle);
    await sendParts(ctx, multipart, handle, spans);
    await ensureSourceUnchanged(ctx);
  }
  await finishMultipart(
    ctx,
    spans.map((s) => s.index),
    `'${job.local_path}'`,
  );
}

/** Completed and checked in an earlier run (staged services): only placing is left. */
function awaitsPlacing(ctx: RunContext): boolean {
  return ctx.provider.capabilities.multipart!.staged && ctx.job.object_ref !== null;
}

/** Starts the job's upload (an unstaged one only once its destination is settled: `complete` writes where `initiate` said). */
export async function startMultipart(ctx: RunContext): Promise<void> {
  if (!ctx.provider.capabilities.multipart!.staged) await prepareUnstagedDestination(ctx);
  await begin(ctx, ctx.provider.multipart!);
}

/**
 * Once every part is in and `job.sha256` holds their hash: joins them, checks
 * the result, and (staged) places it under the policy. `source` names where
 * the bytes came from, for the message when they differ.
 */
export async function finishMultipart(ctx: RunContext, indexes: readonly number[], source: string): Promise<void> {
  const { job, provider } = ctx;
  const multipart = provider.multipart!;
  const handle: MultipartHandle = { state: job.upload_handle! };
  if (!awaitsPlacing(ctx)) {
    const staged = provider.capabilities.multipart!.staged;
    if (!staged) {
      const before = job.remote_path;
      await prepareUnstagedDestination(ctx);
      if (job.remote_path !== before) throw new StartOver(`'${before}' was taken meanwhile; the upload goes to '${job.remote_path}'`);
    }
    const done = await complete(ctx, multipart, handle, indexes, source);
    if (!done.staged) {
      finish(ctx, done.entry);
      return;
    }
    ctx.patch({ object_ref: done.entry.ref ?? null });
  }
  await place(ctx, multipart, handle);
}

/** Sends one part of the job's upload (retried while the service may answer later). */
export async function putPart(ctx: RunContext, index: number, body: UploadBody): Promise<void> {
  await serviceCall(ctx, () => ctx.provider.multipart!.putPart({ state: ctx.job.upload_handle! }, index, body, { signal: ctx.signal }));
}

async function begin(ctx: RunContext, multipart: MultipartUploads): Promise<void> {
  const { job } = ctx;
  const partSize = job.part_size ?? filePartSize(job.size, ctx.settings.multipartThresholdMiB * 1024 * 1024, ctx.provider.capabilities.multipart!);
  const handle = await withRetry(() => multipart.initiate(job.root, job.remote_path, job.size, { key: job.id, signal: ctx.signal }), ctx.signal, ctx.retry);
  ctx.clearUnits();
  ctx.patch({ upload_handle: handle.state, part_size: partSize, sha256: null, object_ref: null, bytes_done: 0 });
}

/** Unstaged uploads replace what is at their path: the policy is applied before (sync's trash copy made, a free name chosen, or the user asked). */
async function prepareUnstagedDestination(ctx: RunContext): Promise<void> {
  const { replaces } = await claimDestination(ctx);
  if (replaces) await setAsideReplaced(ctx, replaces, false);
}

/** Where the service lists the parts it holds, a recorded part it lost is sent again. */
async function forgetPartsTheServiceLost(ctx: RunContext, multipart: MultipartUploads, handle: MultipartHandle): Promise<void> {
  const recorded = ctx.units();
  if (!multipart.listParts || recorded.length === 0) return;
  const held = new Set(await serviceCall(ctx, () => multipart.listParts!(handle, ctx.signal)));
  if (recorded.every((u) => held.has(u.idx))) return;
  ctx.clearUnits();
  let durable = 0;
  for (const unit of recorded.filter((u) => held.has(u.idx))) ctx.recordUnit(unit, (durable += unit.size));
  ctx.patch({ bytes_done: durable, sha256: null });
}

/** Sends the parts not recorded yet while the whole file is hashed in one sequential pass beside them. */
async function sendParts(ctx: RunContext, multipart: MultipartUploads, handle: MultipartHandle, spans: readonly ByteSpan[]): Promise<void> {
  // The parts are read out of order, several at once; the hash reads in order. The unchanged-check after both covers the two reads.
  const hashing = new AbortController();
  const stopHashing = () => hashing.abort();
  ctx.signal.addEventListener('abort', stopHashing, { once: true });
  const sha256 = hashFile(ctx.job.local_path, hashing.signal);
  sha256.catch(() => undefined); // awaited below; a failed part upload must not leave it unhandled
  try {
    await moveMissingSpans(ctx, spans, (span) => sendPart(ctx, multipart, handle, span));
    ctx.patch({ sha256: await sha256 });
  } finally {
    hashing.abort(); // a no-op once the hash is done; stops the read when the parts failed or paused
    ctx.signal.removeEventListener('abort', stopHashing);
  }
}

async function sendPart(ctx: RunContext, multipart: MultipartUploads, handle: MultipartHandle, span: ByteSpan): Promise<void> {
  await serviceCall(ctx, async () => {
    let sent = 0;
    try {
      await multipart.putPart(
        handle,
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
      throw explainBodyError(error, ctx.job.local_path);
    }
  });
}

/** Joins the parts (safe to repeat: a lost answer is asked again) and checks the result against the local hash. */
async function complete(ctx: RunContext, multipart: MultipartUploads, handle: MultipartHandle, indexes: readonly number[], source: string): Promise<{ entry: RemoteEntry; staged: boolean }> {
  const { job } = ctx;
  const done = await serviceCall(ctx, () => multipart.complete(handle, indexes, ctx.signal));
  const difference = storedDifference(done.entry, { size: job.size, sha256: job.sha256! });
  if (difference === undefined) return done;
  // Nothing damaged stays: not the staged object, not one an unstaged upload wrote at the path.
  if (!done.staged) await ctx.provider.delete?.(job.root, [{ path: done.entry.path, ref: done.entry.ref }], AbortSignal.timeout(30_000)).catch(() => undefined);
  await discardUpload(ctx, handle.state);
  throw new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than were read from ${source} (${difference}); the upload will start over when retried`);
}

/** Staged: puts the checked object at its path under the policy (a move that never overwrites: taken meanwhile, it tries again). */
async function place(ctx: RunContext, multipart: MultipartUploads, handle: MultipartHandle): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { path, replaces } = await claimDestination(ctx, ctx.job.object_ref);
    if (replaces) await setAsideReplaced(ctx, replaces, true);
    try {
      finish(ctx, await serviceCall(ctx, () => multipart.place!(handle, path, ctx.signal)));
      return;
    } catch (error) {
      if (!(error instanceof ProviderError && error.code === ProviderErrorCode.Conflict)) throw error;
      if (attempt >= 2) throw new AppError(AppErrorCode.OperationFailed, `could not move the uploaded object to '${path}'`);
    }
  }
}

function finish(ctx: RunContext, entry: RemoteEntry): void {
  ctx.patch({ object_ref: entry.ref ?? null, remote_version: entry.version, upload_handle: null, bytes_done: ctx.job.size });
}

/** A call on the upload, retried while the service may answer later; an upload the service no longer has starts over. */
async function serviceCall<T>(ctx: RunContext, call: () => Promise<T>): Promise<T> {
  try {
    return await withRetry(call, ctx.signal, ctx.retry);
  } catch (error) {
    if (error instanceof ProviderError && error.code === ProviderErrorCode.DataNotFound) throw new StartOver(error.message, true);
    throw error;
  }
}
