/**
 * Uploads whose bytes come from a browser (headless drag and drop): the page
 * sends each file in order, one chunk per request (slices of the File), and
 * every chunk is forwarded at once: as the whole file for small files, as one
 * part of a staged multipart upload otherwise. The SHA-256 is computed over the
 * chunks in order and checked against the server's fileHash at the end. The
 * page learns from the answer which chunk comes next, so a repeated or lost
 * request does no harm. A browser cannot resume a file after the page is
 * closed or the app restarts; such jobs fail with that reason.
 */
import { createHash, type Hash } from 'node:crypto';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { choosePartSize } from './part-size';
import { withRetry } from './retry';
import type { RunContext } from './run-context';
import { claimDestination } from './upload/remote-destination';
import { beginStagedUpload, completeAndPlace } from './upload/multipart-upload';
import { fullHashOf } from './hash-file';

interface Session {
  hash: Hash;
  next: number;
  received: number;
  lastSeen: number;
}

/** A page that has not sent anything for this long has gone away. */
export const BROWSER_IDLE_LIMIT_MS = 10 * 60 * 1000;

export function browserChunkSize(fileSize: number, thresholdBytes: number): number {
  return choosePartSize(fileSize, thresholdBytes);
}

export class BrowserUploadSessions {
  private readonly sessions = new Map<string, Session>();

  forget(jobId: string): void {
    this.sessions.delete(jobId);
  }

  /** Jobs whose page has been silent too long. */
  idle(now: number): string[] {
    return [...this.sessions].filter(([, s]) => now - s.lastSeen > BROWSER_IDLE_LIMIT_MS).map(([id]) => id);
  }

  has(jobId: string): boolean {
    return this.sessions.has(jobId);
  }

  /**
   * Takes chunk `index` of the job's file. Returns the index of the chunk
   * wanted next and whether the file is complete.
   */
  async accept(ctx: RunContext, index: number, bytes: Buffer, now: number): Promise<{ next: number; done: boolean }> {
    const { job } = ctx;
    const threshold = ctx.settings.multipartThresholdMiB * 1024 * 1024;
    const chunkSize = job.part_size ?? browserChunkSize(job.size, threshold);
    const chunks = Math.max(1, Math.ceil(job.size / chunkSize));
    let session = this.sessions.get(job.id);
    if (!session) {
      if (index !== 0) throw new AppError(AppErrorCode.Conflict, 'this upload was interrupted (the app restarted or the page was closed); drop the file again');
      session = { hash: createHash('sha256'), next: 0, received: 0, lastSeen: now };
      this.sessions.set(job.id, session);
    }
    session.lastSeen = now;
    if (index < session.next) return { next: session.next, done: false }; // a repeat of an acknowledged chunk
    if (index > session.next) throw new AppError(AppErrorCode.InvalidInput, `chunk ${index} arrived before chunk ${session.next}`);
    const expected = index === chunks - 1 ? job.size - index * chunkSize : chunkSize;
    if (bytes.length !== expected) throw new AppError(AppErrorCode.InvalidInput, `chunk ${index} has ${bytes.length} bytes, expected ${expected}`);

    if (job.size < threshold) {
      // The whole file is this one chunk; a fresh hash, because a paused attempt may come again with the same chunk.
      const fileHash = fullHashOf(createHash('sha256').update(bytes).digest('hex'));
      if (job.conflict !== 'overwrite') await claimDestination(ctx);
      const [object] = await withRetry(() => ctx.client.uploadObjects(job.package_id, [{ path: job.remote_path, body: paced(ctx, bytes) }], { signal: ctx.signal }), ctx.signal, ctx.retry);
      if (object && object.fileHash !== fileHash) await ctx.client.deleteObjects([object.objectID], AbortSignal.timeout(30_000)).catch(() => undefined); // never leave a damaged copy at the path
      if (object?.fileHash !== fileHash) throw new AppError(AppErrorCode.HashMismatch, `the server stored different bytes than the browser sent for '${job.display_name}'`);
      ctx.patch({ object_id: object.objectID, expected_hash: fileHash, bytes_done: job.size });
      this.sessions.delete(job.id);
      return { next: 1, done: true };
    }

    if (!job.staging_object) await beginStagedUpload(ctx, chunkSize);
    await withRetry(() => ctx.client.uploadPart(job.staging_object!, index + 1, paced(ctx, bytes), { signal: ctx.signal }), ctx.signal, ctx.retry);
    session.hash.update(bytes);
    session.received += bytes.length;
    session.next = index + 1;
    ctx.recordUnit({ idx: index + 1, offset: index * chunkSize, size: bytes.length }, session.received);
    ctx.setBytes(session.received);
    if (session.next < chunks) return { next: session.next, done: false };
    ctx.patch({ expected_hash: fullHashOf(session.hash.digest('hex')) });
    this.sessions.delete(job.id);
    await completeAndPlace(
      ctx,
      Array.from({ length: chunks }, (_, i) => i + 1),
      `the browser's copy of '${job.display_name}'`,
    );
    return { next: chunks, done: true };
  }
}

/** A body that passes the bandwidth limit and reports its bytes. */
function paced(ctx: RunContext, bytes: Buffer): { size: number; open(): AsyncIterable<Buffer> } {
  return {
    size: bytes.length,
    open: () => ctx.limiter.pace([bytes], ctx.signal),
  };
}
