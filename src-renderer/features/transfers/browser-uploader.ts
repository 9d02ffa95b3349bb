/**
 * Sends the bytes of browser uploads (headless mode) to the chunk route: each
 * file's chunks in order, a few files at a time, for as long as the page
 * lives. The server owns each job's state; this side follows it through the
 * job updates of `transfers.progress`:
 * - paused: stop sending (the chunk in flight is dropped) until the job is
 *   queued again, then resend the same chunk (the server answers which one it
 *   wants, so a repeated chunk does no harm);
 * - waiting for a conflict decision: hold the file; when the job is released
 *   start again from chunk 0 (the server may have forgotten a partial file;
 *   if not it answers with the chunk it wants); a skip completes the job and
 *   the file is dropped;
 * - failed or cancelled: keep the file, so a Retry (the job queued again)
 *   sends it once more from chunk 0;
 * - unreachable server: retry the chunk with backoff, then wait for the event
 *   channel to reconnect;
 * - waiting for its file (main heard from no page holding it for a while):
 *   this page holds it, so it keeps sending (the next chunk, or the page's
 *   beat, tells main the file is back).
 * A file dropped again for an upload whose page went away starts at the
 * chunk main names (`next`), after the ones it acknowledged.
 * Pure of the DOM (the bytes type is a parameter), so it is tested in Node.
 */
import type { TransferState, TransferUpdate } from '@shared/contract/domain';
import { AppErrorCode } from '@shared/contract/error-codes';
import { backoffDelay, mayRetry, type RetryPolicy } from '@shared/retry/backoff';
import { sliceChunk, type ChunkSource } from './chunk-plan';

export interface BrowserUpload<B> {
  jobId: string;
  chunkSize: number;
  file: ChunkSource<B>;
  /** The first chunk to send (past those main acknowledged already); 0 when absent. */
  next?: number;
}

export interface ChunkAnswer {
  next: number;
  done: boolean;
}

export interface BrowserUploaderOptions<B> {
  sendChunk(jobId: string, index: number, bytes: B, signal: AbortSignal): Promise<ChunkAnswer>;
  /**
   * A file dropped again for an upload main acknowledged chunks of: shows main
   * the SHA-256 (hex) of those chunks as this file has them, and answers where
   * to go on (0 when this is another file). Without it, such a file is sent whole.
   */
  proveFile?(jobId: string, digests: string[], signal: AbortSignal): Promise<{ next: number }>;
  /** The SHA-256 (hex) of one chunk's bytes, for `proveFile`. */
  digest?(bytes: B): Promise<string>;
  /** Files sending at the same time. */
  concurrency?: number;
  /** Tries of a chunk that does not reach the server, and the pauses between them; after the last, wait for a reconnect. */
  retry?: RetryPolicy;
  /** When a job looked sendable again by the time the server said it was not, look once more after this long. */
  recheckMs?: number;
}

/**
 * ready: in line for a slot; sending: a slot works on it; parked: waits for
 * the server (paused, a decision, a connection); retained: failed or
 * cancelled, kept for a Retry.
 */
type Phase = 'ready' | 'sending' | 'parked' | 'retained';

interface Entry<B> {
  upload: BrowserUpload<B>;
  phase: Phase;
  next: number;
  /** Taken up from chunks main acknowledged: it must show they are this file's before sending on. */
  proofNeeded: boolean;
  /** The job's state as last heard from the server (null: nothing heard yet). */
  state: TransferState | null;
  waiting: boolean;
  /** Updates heard so far; a run compares it to tell whether news arrived while a chunk was out. */
  heard: number;
  controller: AbortController | null;
  recheck: ReturnType<typeof setTimeout> | null;
}

/** Five resends, 1, 2, 4, 8 and 15 s apart. */
const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 15_000 };

export class BrowserUploader<B> {
  private readonly entries = new Map<string, Entry<B>>();
  private queue: Array<Entry<B>> = [];
  private head = 0;
  private sending = 0;
  private readonly concurrency: number;
  private readonly retry: RetryPolicy;
  private readonly recheckMs: number;

  constructor(private readonly options: BrowserUploaderOptions<B>) {
    this.concurrency = options.concurrency ?? 3;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.recheckMs = options.recheckMs ?? 1000;
  }

  /** Files whose bytes are still to be sent (queued, sending, or waiting for the server). */
  get pending(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.phase !== 'retained') n++;
    return n;
  }

  /** Jobs whose bytes this page still has to send: the ones it names in its beat (`transfers.holdBrowserFiles`). */
  pendingJobIds(): string[] {
    const ids: string[] = [];
    for (const [id, e] of this.entries) if (e.phase !== 'retained') ids.push(id);
    return ids;
  }

  /** Whether this page holds the job's file (so a Retry can send it again). */
  holds(jobId: string): boolean {
    return this.entries.has(jobId);
  }

  /** Starts sending these files; `waiting` names jobs known to wait for a conflict decision. */
  add(uploads: ReadonlyArray<BrowserUpload<B>>, waiting: ReadonlySet<string> = new Set()): void {
    for (const upload of uploads) {
      const held = this.entries.get(upload.jobId);
      if (held && held.phase !== 'retained') continue; // dropped again while this page still sends it
      const next = upload.next ?? 0;
      const entry: Entry<B> = { upload, phase: 'ready', next, proofNeeded: next > 0, state: null, waiting: waiting.has(upload.jobId), heard: 0, controller: null, recheck: null };
      this.entries.set(upload.jobId, entry);
      if (entry.waiting) entry.phase = 'parked';
      else this.queue.push(entry);
    }
    this.pump();
  }

  /** Job updates from `transfers.progress`. */
  update(updates: readonly TransferUpdate[]): void {
    for (const u of updates) {
      const entry = this.entries.get(u.id);
      if (!entry) continue;
      entry.heard++;
      entry.state = u.state;
      entry.waiting = u.waiting === 'conflict'; // waiting for its file: this page holds it, so it sends
      switch (u.state) {
        case 'completed': // done, or skipped by a conflict decision
          this.forget(entry);
          break;
        case 'failed':
        case 'cancelled':
          entry.controller?.abort();
          this.retain(entry);
          break;
        case 'paused':
          entry.controller?.abort(); // the run sees the state and parks
          if (entry.phase === 'ready') entry.phase = 'parked';
          break;
        default: // queued or running
          if (entry.waiting) {
            if (entry.phase === 'ready') entry.phase = 'parked';
          } else if (entry.phase === 'retained') {
            entry.next = 0; // retried: the server kept nothing of the failed attempt
            this.wake(entry);
          } else if (entry.phase === 'parked') {
            this.wake(entry);
          }
      }
    }
    this.pump();
  }

  /**
   * The event channel reconnected: updates may have been missed, so every
   * parked file tries again (those still blocked are told so and park again).
   */
  reconnected(): void {
    for (const entry of this.entries.values()) {
      if (entry.phase !== 'parked') continue;
      entry.state = null;
      entry.waiting = false;
      this.wake(entry);
    }
    this.pump();
  }

  private wake(entry: Entry<B>): void {
    if (entry.recheck) clearTimeout(entry.recheck);
    entry.recheck = null;
    if (entry.phase === 'ready' || entry.phase === 'sending') return;
    entry.phase = 'ready';
    this.queue.push(entry);
  }

  private park(entry: Entry<B>, heardBefore: number): void {
    entry.phase = 'parked';
    // The server's refusal may be older than news heard while the chunk was out (paused and resumed quickly).
    if (entry.heard > heardBefore && this.sendable(entry)) {
      entry.recheck = setTimeout(() => {
        entry.recheck = null;
        if (entry.phase === 'parked' && this.sendable(entry)) {
          this.wake(entry);
          this.pump();
        }
      }, this.recheckMs);
    }
  }

  private retain(entry: Entry<B>): void {
    if (entry.recheck) clearTimeout(entry.recheck);
    entry.recheck = null;
    entry.phase = 'retained';
  }

  private forget(entry: Entry<B>): void {
    this.retain(entry);
    this.entries.delete(entry.upload.jobId);
  }

  private sendable(entry: Entry<B>): boolean {
    return !entry.waiting && entry.state !== 'paused' && entry.state !== 'failed' && entry.state !== 'cancelled' && entry.state !== 'completed';
  }

  private pump(): void {
    while (this.sending < this.concurrency && this.head < this.queue.length) {
      const entry = this.queue[this.head++]!;
      if (entry.phase !== 'ready' || this.entries.get(entry.upload.jobId) !== entry) continue; // stale place in line
      entry.phase = 'sending';
      this.sending++;
      void this.run(entry).finally(() => {
        this.sending--;
        this.pump();
      });
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private prove(entry: Entry<B>, signal: AbortSignal): Promise<ChunkAnswer> {
    return proveEntry(this.options, entry, signal);
  }

  private async run(entry: Entry<B>): Promise<void> {
    const { jobId, chunkSize, file } = entry.upload;
    let failures = 0;
    while (entry.phase === 'sending') {
      if (!this.sendable(entry)) return this.park(entry, entry.heard);
      const heardBefore = entry.heard;
      const controller = new AbortController();
      entry.controller = controller;
      let answer: ChunkAnswer;
      try {
        answer = entry.proofNeeded ? await this.prove(entry, controller.signal) : await this.options.sendChunk(jobId, entry.next, sliceChunk(file, entry.next, chunkSize), controller.signal);
      } catch (error) {
        if (entry.phase !== 'sending') return; // cancelled, failed or finished meanwhile
        if (controller.signal.aborted) continue; // stopped by an update (paused): the loop parks
        switch (codeOf(error)) {
          case AppErrorCode.Paused:
            return this.park(entry, heardBefore);
          case AppErrorCode.Conflict:
            entry.next = 0;
            return this.park(entry, heardBefore);
          case AppErrorCode.ConnectionFailed:
            if (mayRetry(failures + 1, this.retry)) {
              await delay(backoffDelay(failures++, this.retry));
              continue;
            }
            return this.park(entry, heardBefore); // until the event channel reconnects
          case AppErrorCode.NotFound:
            return this.forget(entry); // the job is gone
          default:
            return this.retain(entry); // the server failed the job (it says why in the list)
        }
      } finally {
        entry.controller = null;
      }
      failures = 0;
      if (answer.done) return this.forget(entry);
      entry.next = answer.next;
    }
  }
}

/** Where to go on once main has seen this file's digests of the chunks it holds. */
async function proveEntry<B>(options: BrowserUploaderOptions<B>, entry: Entry<B>, signal: AbortSignal): Promise<ChunkAnswer> {
  const { jobId, chunkSize, file } = entry.upload;
  if (!options.proveFile || !options.digest) return { next: 0, done: false }; // main starts such a file over
  const digests: string[] = [];
  for (let i = 0; i < entry.next; i++) digests.push(await options.digest(sliceChunk(file, i, chunkSize)));
  const { next } = await options.proveFile(jobId, digests, signal);
  entry.proofNeeded = false;
  return { next, done: false };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
