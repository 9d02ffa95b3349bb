/**
 * Uploads whose bytes come from a browser (headless drag and drop): the page
 * sends each file in order, one chunk per request (slices of the File), and
 * each chunk goes on at once: as the whole file (`put`) for small files, as
 * one part of a multipart upload otherwise. A service without multipart
 * uploads gets a large file as one `put` once every chunk is in, the chunks
 * kept meanwhile in a spool file on this machine (never in memory). The
 * SHA-256 is computed over the chunks in order and the stored object checked
 * against it at the end (upload-check.ts). The page learns from the answer
 * which chunk comes next, so a repeated or lost request does no harm. A page
 * that went away leaves its session here: the same file dropped again goes on
 * from the session's next chunk (the hash so far is kept with it), once the
 * page has shown, chunk by chunk, that it is the same file: name, size and
 * modified time are only how the two are matched, and a different file joined
 * onto the old chunks would be stored as a mix that hashes as "verified". A browser
 * cannot resume a file after the app restarts; such jobs fail with that reason.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { MultipartLimits, UploadBody } from '../../providers/storage-provider';
import { choosePartSize, multipartPartSize } from './part-size';
import { withRetry } from './retry';
import type { RunContext } from './run-context';
import { finishMultipart, putPart, StartOver, startMultipart } from './upload/multipart-upload';
import { prepareDestination } from './upload/small-uploads';
import { acceptStored, putFromFile, removeWritten } from './upload/streamed-upload';

interface Session {
  hash: Hash;
  next: number;
  received: number;
  lastSeen: number;
  /** SHA-256 (hex) of each acknowledged chunk: what a file dropped again must match before it goes on. */
  chunkDigests: string[];
  /** Taken up by a file dropped again: no chunk is taken until the page shows it is the same file (`prove`). */
  proofNeeded: boolean;
  /** Services without multipart uploads: the chunks so far. */
  spool?: FileHandle;
}

/** A page that has not sent anything for this long has gone away. */
export const BROWSER_IDLE_LIMIT_MS = 10 * 60 * 1000;

/** The chunk size a browser sends a file in: the part size of its multipart upload, or of the spool's writes. */
export function browserChunkSize(fileSize: number, thresholdBytes: number, multipart: MultipartLimits | null): number {
  return multipart ? multipartPartSize(fileSize, thresholdBytes, multipart) : choosePartSize(fileSize, thresholdBytes);
}

export class BrowserUploadSessions {
  private readonly sessions = new Map<string, Session>();

  /** `spoolDir`: where chunks wait for a service without multipart uploads (one file per job, removed when it settles). */
  constructor(private readonly spoolDir: string) {}

  /** Drops what the job's session holds (its spool file too). */
  async forget(jobId: string): Promise<void> {
    const session = this.sessions.get(jobId);
    this.sessions.delete(jobId);
    await session?.spool?.close().catch(() => undefined);
    await rm(this.spoolPath(jobId), { force: true }).catch(() => undefined);
  }

  /** Jobs whose page has been silent too long. */
  idle(now: number): string[] {
    return [...this.sessions].filter(([, s]) => now - s.lastSeen > BROWSER_IDLE_LIMIT_MS).map(([id]) => id);
  }

  has(jobId: string): boolean {
    return this.sessions.has(jobId);
  }

  /** The chunk the job's page sends next: after those acknowledged (0 when none is kept). */
  next(jobId: string): number {
    return this.sessions.get(jobId)?.next ?? 0;
  }

  /** A file dropped again takes the job up: it must prove it is the same file before a chunk is taken. */
  requireProof(jobId: string): void {
    const session = this.sessions.get(jobId);
    if (session && session.next > 0) session.proofNeeded = true;
  }

  /**
   * The page's digests of the chunks main acknowledged, read from the file
   * dropped again. The same file goes on where it stopped; another one starts
   * over from chunk 0 (the parts and spool written so far are overwritten in
   * turn, and the hash starts afresh), so the stored object is always one file.
   */
  async prove(jobId: string, digests: readonly string[], now: number): Promise<{ next: number }> {
    const session = this.sessions.get(jobId);
    if (!session) return { next: 0 }; // nothing kept: the file is sent whole
    session.lastSeen = now;
    if (!session.proofNeeded) return { next: session.next };
    const same = digests.length === session.next && digests.every((d, i) => d === session.chunkDigests[i]);
    if (same) {
      session.proofNeeded = false;
      return { next: session.next };
    }
    await session.spool?.close().catch(() => undefined);
    this.sessions.set(jobId, { hash: createHash('sha256'), next: 0, received: 0, lastSeen: now, chunkDigests: [], proofNeeded: false });
    return { next: 0 };
  }

  /**
   * Takes chunk `index` of the job's file. Returns the index of the chunk
   * wanted next and whether the file is complete.
   */
  async accept(ctx: RunContext, index: number, bytes: Buffer, now: number): Promise<{ next: number; done: boolean }> {
    const { job } = ctx;
    const threshold = ctx.settings.multipartThresholdMiB * 1024 * 1024;
    const chunkSize = job.part_size ?? browserChunkSize(job.size, threshold, ctx.provider.capabilities.multipart);
    const chunks = Math.max(1, Math.ceil(job.size / chunkSize));
    let session = this.sessions.get(job.id);
    if (!session) {
      if (index !== 0) throw new AppError(AppErrorCode.Conflict, 'this upload was interrupted (the app restarted or the page was closed); drop the file again');
      session = { hash: createHash('sha256'), next: 0, received: 0, lastSeen: now, chunkDigests: [], proofNeeded: false };
      this.sessions.set(job.id, session);
    }
    session.lastSeen = now;
    if (session.proofNeeded) {
      if (index !== 0) throw new AppError(AppErrorCode.InvalidInput, 'this file was dropped again: its page must show it is the same file before it goes on');
      await session.spool?.close().catch(() => undefined); // a page that does not prove sends the file whole, over what was sent
      session = { hash: createHash('sha256'), next: 0, received: 0, lastSeen: now, chunkDigests: [], proofNeeded: false };
      this.sessions.set(job.id, session);
    }
    if (index < session.next) return { next: session.next, done: false }; // a repeat of an acknowledged chunk
    if (index > session.next) throw new AppError(AppErrorCode.InvalidInput, `chunk ${index} arrived before chunk ${session.next}`);
    const expected = index === chunks - 1 ? job.size - index * chunkSize : chunkSize;
    if (bytes.length !== expected) throw new AppError(AppErrorCode.InvalidInput, `chunk ${index} has ${bytes.length} bytes, expected ${expected}`);

    if (job.size < threshold) {
      await this.putWhole(ctx, bytes);
      this.sessions.delete(job.id);
      return { next: 1, done: true };
    }
    try {
      if (ctx.provider.multipart) await this.sendPart(ctx, index, bytes, chunkSize);
      else await this.spoolChunk(ctx, session, index, bytes);
    } catch (error) {
      // The browser cannot send the earlier chunks again.
      if (error instanceof StartOver) throw new AppError(AppErrorCode.Conflict, `the service lost this upload (${error.message}); drop the file again`);
      throw error;
    }
    session.hash.update(bytes);
    session.chunkDigests[index] = createHash('sha256').update(bytes).digest('hex');
    session.received += bytes.length;
    session.next = index + 1;
    ctx.recordUnit({ idx: index + 1, offset: index * chunkSize, size: bytes.length }, session.received);
    ctx.setBytes(session.received);
    if (session.next < chunks) return { next: session.next, done: false };
    const sha256 = session.hash.digest('hex');
    const source = `the browser's copy of '${job.display_name}'`;
    if (ctx.provider.multipart) {
      ctx.patch({ sha256 });
      this.sessions.delete(job.id);
      await finishMultipart(
        ctx,
        Array.from({ length: chunks }, (_, i) => i + 1),
        source,
      );
    } else {
      await session.spool!.close();
      session.spool = undefined;
      try {
        await prepareDestination(ctx);
        const stored = await putFromFile(ctx, this.spoolPath(job.id));
        if (stored.sha256 !== sha256) {
          await removeWritten(ctx, stored.entry);
          throw new AppError(AppErrorCode.ReadFailed, `the chunks of '${job.display_name}' kept on this machine changed before they were sent; drop the file again`);
        }
        await acceptStored(ctx, stored.entry, sha256, source);
      } finally {
        await this.forget(job.id);
      }
    }
    return { next: chunks, done: true };
  }

  /** A small file: its one chunk is the whole file (a fresh hash: a paused attempt may come again with the same chunk). */
  private async putWhole(ctx: RunContext, bytes: Buffer): Promise<void> {
    const { job } = ctx;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await prepareDestination(ctx);
    const [entry] = await withRetry(() => ctx.provider.put(job.root, [{ path: job.remote_path, body: paced(ctx, bytes) }], { signal: ctx.signal }), ctx.signal, ctx.retry);
    if (!entry) throw new AppError(AppErrorCode.OperationFailed, 'the server did not confirm this file');
    await acceptStored(ctx, entry, sha256, `the browser's copy of '${job.display_name}'`);
  }

  private async sendPart(ctx: RunContext, index: number, bytes: Buffer, chunkSize: number): Promise<void> {
    if (!ctx.job.upload_handle) {
      ctx.patch({ part_size: chunkSize }); // the size the page was told to send
      await startMultipart(ctx);
    }
    await putPart(ctx, index + 1, paced(ctx, bytes));
  }

  private async spoolChunk(ctx: RunContext, session: Session, index: number, bytes: Buffer): Promise<void> {
    // A destination that is taken is found before the page sends the whole file (and again before the put).
    if (index === 0) await prepareDestination(ctx);
    if (!session.spool) {
      await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
      session.spool = await open(this.spoolPath(ctx.job.id), index === 0 ? 'w' : 'r+', 0o600);
    }
    await session.spool.write(bytes, 0, bytes.length, session.received);
  }

  private spoolPath(jobId: string): string {
    return join(this.spoolDir, `${jobId}.upload`);
  }
}

/** A body that passes the bandwidth limit. */
function paced(ctx: RunContext, bytes: Buffer): UploadBody {
  return {
    size: bytes.length,
    open: () => ctx.limiter.pace([bytes], ctx.signal),
  };
}
