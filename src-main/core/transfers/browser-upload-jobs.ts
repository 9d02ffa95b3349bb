/**
 * The engine's side of uploads whose bytes a browser sends: the page drives
 * such a job (each chunk arrives as a call), so it runs while chunks come and
 * takes no slot of the queue. Its chunks are refused with a code the page acts
 * on while the job is paused, waits for a conflict decision or has ended.
 * Pages name the jobs whose files they hold every few seconds; a job no page
 * names (the page was reloaded or closed) waits for its file (`waiting:
 * 'file'`), and the same file dropped again takes it up from the chunks
 * acknowledged so far. One left waiting with no chunk for a long while fails,
 * and so does every unfinished one when the app starts: a browser's bytes do
 * not survive a restart.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { HOLD_GRACE_MS, resumeKey } from '@shared/transfers/browser-hold';
import type { StorageProvider } from '../../providers/storage-provider';
import { BROWSER_IDLE_LIMIT_MS, BrowserUploadSessions } from './browser-uploads';
import type { JobLifecycle } from './job-lifecycle';
import type { ProgressTracker } from './progress-tracker';
import type { RunningJobs } from './running-jobs';
import { isNotFound, type GoneRoots } from './gone-roots';
import { isActive } from './job-states';
import type { Scheduler } from './scheduler';
import type { TransferStore } from './transfer-store';

export interface BrowserJobsDeps {
  store: TransferStore;
  running: RunningJobs;
  lifecycle: JobLifecycle;
  progress: ProgressTracker;
  scheduler: Scheduler;
  provider: (connectionId: string) => StorageProvider;
  now: () => number;
  /** Roots found deleted elsewhere (gone-roots.ts): a file for one fails at once, with that reason. */
  gone: GoneRoots;
  /** Where chunks wait for a service without multipart uploads (default: a folder in the system's temp folder). */
  spoolDir?: string;
}

/** A job that waits for its file, as a new drop of that file finds it. */
export interface ResumableUpload {
  jobId: string;
  chunkSize: number;
  /** The first chunk not acknowledged yet. */
  next: number;
}

export class BrowserUploadJobs {
  private readonly sessions: BrowserUploadSessions;
  /** When a page last named each job (or sent a chunk of it); a job made by a page starts as named. */
  private readonly lastHeld = new Map<string, number>();

  constructor(private readonly deps: BrowserJobsDeps) {
    this.sessions = new BrowserUploadSessions(deps.spoolDir ?? join(tmpdir(), 'jcs-desktop-browser-uploads'));
  }

  /** At start: the unfinished ones cannot continue. */
  failInterrupted(): void {
    const { store, lifecycle } = this.deps;
    for (const id of store.idsInStates(['queued', 'paused'])) {
      const row = store.get(id);
      if (row?.source !== 'browser') continue;
      lifecycle.fail(row, new AppError(AppErrorCode.Cancelled, 'the app restarted while the browser was sending this file; drop it again'));
      void lifecycle.discardUpload(row); // the parts it sent cannot be completed
      void this.sessions.forget(id); // a spool file of the last run
    }
  }

  /** Pages hold the files of these jobs (made just now, or named by a page's beat): any waiting for its file has it again. */
  held(ids: readonly string[]): void {
    const now = this.deps.now();
    for (const id of ids) {
      const row = this.deps.store.get(id);
      if (row?.source !== 'browser' || !isActive(row.state)) continue;
      this.lastHeld.set(id, now);
      if (row.waiting === 'file') this.deps.lifecycle.patch(row, { waiting: null });
    }
  }

  /**
   * Jobs no page has named for a while: their page went away. A running one
   * stops counting as running (it is not "Transferring at 0 B/s") and goes back
   * to the queue; each waits for its file. A paused one keeps its state (the
   * user's) and waits for its file once resumed.
   */
  flagUnheld(): void {
    const { store, running, lifecycle } = this.deps;
    const now = this.deps.now();
    const unfinished = store.unfinishedBrowserJobs();
    const ids = new Set(unfinished.map((r) => r.id));
    for (const id of this.lastHeld.keys()) if (!ids.has(id)) this.lastHeld.delete(id); // settled meanwhile
    for (const stored of unfinished) {
      if (stored.waiting !== null) continue; // a conflict decision first, or flagged already
      if (now - (this.lastHeld.get(stored.id) ?? 0) <= HOLD_GRACE_MS) continue;
      const entry = running.get(stored.id);
      if (entry) {
        this.release(stored.id);
        lifecycle.move(entry.row, 'requeue', { waiting: 'file' });
      } else {
        lifecycle.patch(stored, { waiting: 'file' });
      }
      this.lastHeld.delete(stored.id);
    }
  }

  /**
   * The jobs waiting for these files (same destination, size and last-modified
   * time), so a new drop takes them up instead of starting a second upload.
   * Keys as `resumeKey` makes them.
   */
  resumable(keys: ReadonlySet<string>): Map<string, ResumableUpload> {
    const found = new Map<string, ResumableUpload>();
    if (keys.size === 0) return found;
    for (const row of this.deps.store.unfinishedBrowserJobs()) {
      if (row.waiting !== 'file' || row.part_size === null) continue;
      const key = resumeKey({ connectionId: row.connection_id, root: row.root, remotePath: row.remote_path, size: row.size, lastModified: row.source_mtime });
      if (!keys.has(key) || found.has(key)) continue;
      this.sessions.requireProof(row.id); // matched by name, size and time only: the page shows its chunks are the same first
      found.set(key, { jobId: row.id, chunkSize: row.part_size, next: this.sessions.next(row.id) });
    }
    return found;
  }

  /** A page's digests of the acknowledged chunks of a file dropped again: where it goes on (0: another file, sent whole). */
  async prove(jobId: string, digests: readonly string[]): Promise<{ next: number }> {
    const row = this.deps.store.get(jobId);
    if (!row || row.source !== 'browser') throw new AppError(AppErrorCode.NotFound, 'the upload no longer exists (it was cleared or cancelled)');
    this.held([jobId]);
    return this.sessions.prove(jobId, digests, this.deps.now());
  }

  /** Takes one chunk of a browser upload (headless mode's chunk route). */
  async acceptChunk(jobId: string, index: number, bytes: Buffer): Promise<{ next: number; done: boolean }> {
    const { store, running, lifecycle, progress, scheduler } = this.deps;
    this.held([jobId]); // a page sends it: it is held (and no longer waits for its file)
    const row = store.get(jobId);
    if (!row || row.source !== 'browser') throw new AppError(AppErrorCode.NotFound, 'the upload no longer exists (it was cleared or cancelled)');
    if (row.state === 'paused') throw new AppError(AppErrorCode.Paused, 'this transfer is paused');
    if (row.waiting) throw new AppError(AppErrorCode.Conflict, 'this transfer waits for a decision: its destination exists');
    if (row.state !== 'queued' && row.state !== 'running') throw new AppError(AppErrorCode.Conflict, `this transfer is ${row.state}`);
    const gone = this.deps.gone.get(row.connection_id, row.root);
    if (gone && !running.has(jobId)) {
      lifecycle.failUnrun(row, gone); // asked already: nothing is sent
      throw gone;
    }
    let entry = running.get(jobId);
    if (!entry) {
      entry = running.add(row, new AbortController());
      lifecycle.move(row, 'start');
      progress.begin(jobId, row.bytes_done, row.size);
    }
    const ctx = scheduler.context(entry, this.deps.provider(row.connection_id));
    try {
      const result = await this.sessions.accept(ctx, index, bytes, this.deps.now());
      if (result.done) lifecycle.settle(jobId, undefined);
      return result;
    } catch (error) {
      if (entry.reason === 'pause') throw new AppError(AppErrorCode.Paused, 'this transfer is paused');
      if (entry.reason === 'cancel') throw new AppError(AppErrorCode.Cancelled, 'this transfer was cancelled');
      void this.sessions.forget(jobId);
      const goneNow = isNotFound(error) ? await this.deps.gone.check(ctx.provider, row.connection_id, row.root) : undefined;
      lifecycle.settle(jobId, goneNow ?? error);
      throw goneNow ?? error;
    }
  }

  /** The job was paused: no run settles it (the page drives it), so it stops counting as running now. */
  paused(id: string): void {
    this.release(id);
  }

  /** The job was cancelled: its session and anything it kept go. */
  cancelled(id: string): void {
    this.release(id);
    void this.sessions.forget(id);
  }

  private release(id: string): void {
    this.deps.running.remove(id);
    this.deps.progress.end(id);
  }

  /** Fails the jobs no page is sending any more. */
  failIdle(): void {
    const { store, running, lifecycle } = this.deps;
    // Queued jobs nobody is sending (the page that could, closed): they would wait forever.
    for (const row of store.queuedBrowserJobsIdleSince(this.deps.now() - BROWSER_IDLE_LIMIT_MS)) {
      if (this.sessions.has(row.id) || running.has(row.id)) continue;
      lifecycle.failUnrun(row, new AppError(AppErrorCode.Cancelled, 'no page sent this file for 10 minutes (the page that could was closed?); drop it again'));
    }
    for (const id of this.sessions.idle(this.deps.now())) {
      void this.sessions.forget(id);
      const row = running.get(id)?.row ?? store.get(id);
      if (row && (row.state === 'running' || row.state === 'queued')) {
        this.release(id);
        lifecycle.failUnrun(row, new AppError(AppErrorCode.Cancelled, 'the browser stopped sending this file (the page was closed?); drop it again'));
        void lifecycle.discardUpload(row);
      }
    }
  }
}
