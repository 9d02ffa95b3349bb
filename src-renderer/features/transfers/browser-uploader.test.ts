import { describe, expect, it } from 'vitest';
import type { TransferState, TransferUpdate } from '@shared/contract/domain';
import { BrowserUploader, type ChunkAnswer } from './browser-uploader';
import { chunkCount } from './chunk-plan';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface FakeJob {
  id: string;
  size: number;
  chunkSize: number;
  state: TransferState;
  waiting: boolean;
  next: number;
  received: Buffer[];
}

/**
 * The chunk route as main answers it (see src-main/core/transfers/browser-uploads.ts):
 * chunks in order, a repeat answered with the chunk wanted, Paused while paused,
 * Conflict while waiting for a decision or when not running; job updates go to the uploader.
 */
class FakeServer {
  readonly jobs = new Map<string, FakeJob>();
  readonly log: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  delayMs = 2;
  /** Answers the next N chunk requests with a network failure. */
  dropNext = 0;
  /** Holds chunk answers until released (to order events around them). */
  gate: Promise<void> | null = null;
  /** Refuses this chunk once, as main does with a chunk of the wrong size (the job fails). */
  refuse: { id: string; index: number } | null = null;
  uploader!: BrowserUploader<Blob>;

  job(id: string, size: number, chunkSize: number, state: Partial<FakeJob> = {}): { jobId: string; chunkSize: number; file: Blob; bytes: Buffer } {
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + id.length) % 256));
    this.jobs.set(id, { id, size, chunkSize, state: 'queued', waiting: false, next: 0, received: [], ...state });
    return { jobId: id, chunkSize, file: new Blob([bytes]), bytes };
  }

  stored(id: string): Buffer {
    return Buffer.concat(this.jobs.get(id)!.received);
  }

  /** Changes a job's state and tells the uploader, as transfers.progress would. */
  set(id: string, state: TransferState, waiting = false): void {
    const job = this.jobs.get(id)!;
    job.state = state;
    job.waiting = waiting;
    if (state === 'failed' || state === 'cancelled') {
      job.next = 0;
      job.received = [];
    }
    this.uploader.update([this.update(job)]);
  }

  update(job: FakeJob): TransferUpdate {
    return { id: job.id, state: job.state, waiting: job.waiting ? 'conflict' : null, bytesDone: 0, speed: 0, etaSeconds: null, errorCode: null, errorMessage: null, note: null, verified: null };
  }

  send = async (jobId: string, index: number, bytes: Blob, signal: AbortSignal): Promise<ChunkAnswer> => {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.log.push(`${jobId}#${index}`);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new CodedError('Cancelled'));
        });
      });
      if (this.gate) await this.gate;
      if (this.dropNext > 0) {
        this.dropNext--;
        throw new CodedError('ConnectionFailed');
      }
      const job = this.jobs.get(jobId);
      if (!job) throw new CodedError('NotFound');
      if (job.state === 'paused') throw new CodedError('Paused');
      if (job.waiting || (job.state !== 'queued' && job.state !== 'running')) throw new CodedError('Conflict');
      const data = Buffer.from(await bytes.arrayBuffer());
      const count = chunkCount(job.size, job.chunkSize);
      if (index < job.next) return { next: job.next, done: false };
      const expected = index === count - 1 ? job.size - index * job.chunkSize : job.chunkSize;
      const refused = this.refuse?.id === jobId && this.refuse.index === index;
      if (refused) this.refuse = null;
      if (index > job.next || data.length !== expected || refused) {
        this.set(jobId, 'failed');
        throw new CodedError('InvalidInput');
      }
      job.state = 'running';
      job.received.push(data);
      job.next++;
      if (job.next === count) {
        this.set(jobId, 'completed');
        return { next: count, done: true };
      }
      return { next: job.next, done: false };
    } finally {
      this.inFlight--;
    }
  };
}

function rig(options: { concurrency?: number; attempts?: number; recheckMs?: number } = {}): FakeServer {
  const server = new FakeServer();
  const retry = { attempts: options.attempts ?? 3, baseDelayMs: 1, maxDelayMs: 1 };
  server.uploader = new BrowserUploader<Blob>({ sendChunk: server.send, retry, recheckMs: options.recheckMs ?? 5, concurrency: options.concurrency });
  return server;
}

async function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BrowserUploader', () => {
  it('sends every file in order, chunk by chunk, a few files at a time', async () => {
    const server = rig({ concurrency: 3 });
    const files = Array.from({ length: 7 }, (_, i) => server.job(`job${i}`, 10 + i * 9, 8));
    files.push(server.job('empty', 0, 8));
    server.uploader.add(files);
    expect(server.uploader.pending).toBe(8);
    await waitFor(() => server.uploader.pending === 0, 'all files');
    for (const f of files) {
      expect(server.jobs.get(f.jobId)!.state).toBe('completed');
      expect(server.stored(f.jobId).equals(f.bytes)).toBe(true);
    }
    expect(server.maxInFlight).toBe(3);
    for (const f of files) {
      const indexes = server.log.filter((l) => l.startsWith(`${f.jobId}#`)).map((l) => Number(l.split('#')[1]));
      expect(indexes).toEqual(Array.from({ length: chunkCount(f.file.size, 8) }, (_, i) => i));
    }
    expect(server.uploader.holds('job0')).toBe(false); // done files are let go
  });

  it('stops while a job is paused and goes on from the same chunk when it is resumed', async () => {
    const server = rig();
    const file = server.job('big', 100, 10);
    server.delayMs = 5;
    server.uploader.add([file]);
    await waitFor(() => server.jobs.get('big')!.next >= 3, 'a few chunks');
    server.set('big', 'paused');
    await settle();
    const sentWhilePaused = server.log.length;
    const at = server.jobs.get('big')!.next;
    await settle(50);
    expect(server.log.length).toBe(sentWhilePaused); // nothing more is sent while paused
    expect(server.uploader.pending).toBe(1);
    server.set('big', 'queued');
    await waitFor(() => server.uploader.pending === 0, 'the rest');
    expect(server.stored('big').equals(file.bytes)).toBe(true);
    expect(server.log.slice(sentWhilePaused)[0]).toBe(`big#${at}`);
  });

  it('holds a file that waits for a conflict decision; sends it when released, drops it when skipped', async () => {
    const server = rig();
    const keep = server.job('keep', 30, 10, { waiting: true });
    const skip = server.job('skip', 30, 10, { waiting: true });
    server.uploader.add([keep, skip], new Set(['keep', 'skip']));
    await settle();
    expect(server.log).toEqual([]); // known to wait: nothing sent
    server.set('skip', 'completed'); // resolved as skip
    server.set('keep', 'queued'); // resolved as overwrite or keep both
    await waitFor(() => server.uploader.pending === 0, 'the released file');
    expect(server.stored('keep').equals(keep.bytes)).toBe(true);
    expect(server.log.some((l) => l.startsWith('skip#'))).toBe(false);
  });

  it('learns of a conflict from the first chunk and starts again from chunk 0 once released', async () => {
    const server = rig();
    const file = server.job('late', 25, 10, { waiting: true });
    server.uploader.add([file]); // not known to wait (beyond the first conflicts listed)
    await waitFor(() => server.log.length === 1, 'the first try');
    await settle();
    expect(server.log).toEqual(['late#0']);
    expect(server.uploader.pending).toBe(1);
    server.set('late', 'queued');
    await waitFor(() => server.uploader.pending === 0, 'the upload');
    expect(server.stored('late').equals(file.bytes)).toBe(true);
    expect(server.log).toEqual(['late#0', 'late#0', 'late#1', 'late#2']);
  });

  it('keeps the file of a failed job and sends it again from the start when it is retried', async () => {
    const server = rig();
    const file = server.job('flaky', 30, 10);
    server.refuse = { id: 'flaky', index: 1 };
    server.uploader.add([file]);
    await waitFor(() => server.jobs.get('flaky')!.state === 'failed', 'the failure');
    await settle();
    expect(server.uploader.pending).toBe(0);
    expect(server.uploader.holds('flaky')).toBe(true);
    server.set('flaky', 'queued'); // Retry
    await waitFor(() => server.jobs.get('flaky')!.state === 'completed', 'the retried upload');
    expect(server.stored('flaky').equals(file.bytes)).toBe(true);
    expect(server.uploader.holds('flaky')).toBe(false);
  });

  it('drops the chunk in flight when a job is cancelled and sends nothing more', async () => {
    const server = rig();
    server.delayMs = 20;
    const file = server.job('gone', 100, 10);
    server.uploader.add([file]);
    await waitFor(() => server.inFlight === 1, 'a chunk in flight');
    server.set('gone', 'cancelled');
    await settle(60);
    expect(server.log).toEqual(['gone#0']);
    expect(server.uploader.pending).toBe(0);
    expect(server.uploader.holds('gone')).toBe(true); // a Retry could send it again
  });

  it('retries a chunk that did not reach the server, then waits for a reconnect', async () => {
    const server = rig({ attempts: 3 }); // two resends, 1 ms apart
    const file = server.job('net', 20, 10);
    server.dropNext = 2;
    server.uploader.add([file]);
    await waitFor(() => server.uploader.pending === 0, 'the upload after two failures');
    expect(server.stored('net').equals(file.bytes)).toBe(true);

    const other = server.job('offline', 20, 10);
    server.dropNext = 3; // more than the retries
    server.uploader.add([other]);
    await waitFor(() => server.log.filter((l) => l === 'offline#0').length === 3, 'three tries');
    await settle();
    expect(server.uploader.pending).toBe(1);
    server.uploader.reconnected();
    await waitFor(() => server.uploader.pending === 0, 'the upload after the reconnect');
    expect(server.stored('offline').equals(other.bytes)).toBe(true);
  });

  it('looks again when a resume was heard while a refused chunk was on its way', async () => {
    const server = rig({ recheckMs: 100 });
    const file = server.job('race', 20, 10);
    let release!: () => void;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    server.uploader.add([file]);
    await waitFor(() => server.inFlight === 1, 'the first chunk out');
    // Paused and resumed within one progress snapshot: the page hears only "queued",
    // while the chunk it has out is refused as paused.
    server.jobs.get('race')!.state = 'paused';
    server.uploader.update([{ ...server.update(server.jobs.get('race')!), state: 'queued' }]);
    release();
    server.gate = null;
    await waitFor(() => server.log.length === 1 && server.inFlight === 0, 'the refusal');
    server.jobs.get('race')!.state = 'queued';
    await waitFor(() => server.uploader.pending === 0, 'the upload');
    expect(server.stored('race').equals(file.bytes)).toBe(true);
    expect(server.log).toEqual(['race#0', 'race#0', 'race#1']);
  });
});

describe('a file dropped again for an upload main holds chunks of', () => {
  const sha256 = async (b: Blob) => Buffer.from(await crypto.subtle.digest('SHA-256', await b.arrayBuffer())).toString('hex');

  async function resume(answer: (digests: string[]) => number) {
    const bytes = Buffer.from(Array.from({ length: 10 }, (_, i) => i));
    const calls: string[] = [];
    let proved: string[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const uploader = new BrowserUploader<Blob>({
      digest: sha256,
      proveFile: (_id, digests) => {
        calls.push(`prove ${digests.length}`);
        proved = digests;
        return Promise.resolve({ next: answer(digests) });
      },
      sendChunk: (_id, index): Promise<ChunkAnswer> => {
        calls.push(`chunk ${index}`);
        const answerDone = index === 4;
        if (answerDone) setTimeout(finished, 0);
        return Promise.resolve({ next: index + 1, done: answerDone });
      },
    });
    uploader.add([{ jobId: 'j', chunkSize: 2, file: new Blob([bytes]), next: 3 }]);
    await done;
    return { calls, proved, bytes };
  }

  it('shows main the digests of the chunks it holds, then sends only the rest', async () => {
    const { calls, proved, bytes } = await resume(() => 3);
    expect(calls).toEqual(['prove 3', 'chunk 3', 'chunk 4']);
    const expected = await Promise.all([0, 1, 2].map((i) => sha256(new Blob([bytes.subarray(i * 2, i * 2 + 2)]))));
    expect(proved).toEqual(expected);
  });

  it('sends the file whole when main says it is another file', async () => {
    const { calls } = await resume(() => 0);
    expect(calls).toEqual(['prove 3', 'chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
  });
});
