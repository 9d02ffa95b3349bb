/**
 * The small pure pieces of the transfer engine: safe local names per OS,
 * "keep both" numbering, part sizes and spans, the progress tracker's
 * smoothed speed and ETA (on a controlled clock), the bandwidth limiter's
 * pacing (real time, short), retry backoff, the parts semaphore, and the
 * in-order hash of a file filled in ranges.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../src-main/core/transfers/bandwidth-limiter';
import { CHUNK_BYTES, fileChunks } from '../../src-main/core/transfers/file-chunks';
import { hashFile } from '../../src-main/core/transfers/hash-file';
import { PartialFile } from '../../src-main/core/transfers/download/partial-file';
import { PrefixHasher } from '../../src-main/core/transfers/download/prefix-hasher';
import { safeRelativePath, safeSegment } from '../../src-main/core/transfers/download/safe-names';
import { MAX_PARTS, MIN_PART_SIZE, choosePartSize, splitIntoSpans } from '../../src-main/core/transfers/part-size';
import { ProgressTracker } from '../../src-main/core/transfers/progress-tracker';
import { backoffDelay, withRetry } from '../../src-main/core/transfers/retry';
import { Semaphore } from '../../src-main/core/transfers/semaphore';
import { firstFreeName, numberedName } from '../../src-main/core/transfers/unique-name';
import { ProviderError, ProviderErrorCode, ProviderTransportError } from '../../src-main/providers/provider-errors';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB } from '../helpers/transfers';

describe('fileChunks', () => {
  it('reads a span in chunks of at most 1 MiB through one reused buffer; a shorter file yields fewer bytes', async () => {
    const dir = await makeTempDir();
    try {
      const path = join(dir.path, 'data.bin');
      const data = randomBytes(3 * MiB + 123);
      await writeFile(path, data);
      const collect = async (options: Parameters<typeof fileChunks>[1]) => {
        const copies: Buffer[] = [];
        const backing = new Set<ArrayBufferLike>();
        for await (const chunk of fileChunks(path, options)) {
          expect(chunk.length).toBeLessThanOrEqual(CHUNK_BYTES);
          copies.push(Buffer.from(chunk)); // the next read overwrites it
          backing.add(chunk.buffer);
        }
        return { bytes: Buffer.concat(copies), buffers: backing.size };
      };
      const span = await collect({ offset: 1000, length: 2 * MiB + 5 });
      expect(span.bytes.equals(data.subarray(1000, 1000 + 2 * MiB + 5))).toBe(true);
      expect(span.buffers).toBe(1);
      expect((await collect({})).bytes.equals(data)).toBe(true);
      expect((await collect({ offset: 3 * MiB, length: 2 * MiB })).bytes.equals(data.subarray(3 * MiB))).toBe(true);
      expect((await collect({ length: 0 })).bytes.length).toBe(0);
      expect(await hashFile(path)).toBe(createHash('sha256').update(data).digest('hex'));
      const aborted = new AbortController();
      aborted.abort();
      await expect(hashFile(path, aborted.signal)).rejects.toThrow(/abort/i);
    } finally {
      await dir.remove();
    }
  });
});

describe('PartialFile', () => {
  it('syncs in the background every 64 MiB written, without making writes wait, and reports a failed background sync at durable()', async () => {
    const dir = await makeTempDir();
    const handle = await open(join(dir.path, 'partial'), 'w+');
    try {
      const file = new PartialFile(handle);
      const datasync = handle.datasync.bind(handle);
      let syncs = 0;
      let failNext = false;
      handle.datasync = async () => {
        syncs++;
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        }
        return datasync();
      };
      const chunk = randomBytes(MiB);
      for (let i = 0; i < 65; i++) await file.write([chunk], MiB, i * MiB);
      expect(syncs).toBe(1); // started by the 64th MiB, awaited by nobody
      await file.durable();
      expect(syncs).toBe(2);

      failNext = true;
      for (let i = 65; i < 130; i++) await file.write([chunk], MiB, i * MiB);
      expect(syncs).toBe(3);
      await expect(file.durable()).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      await handle.close();
      await dir.remove();
    }
  });

  it('writes ranges given at once at most two at a time, and one datasync serves every range that asks while another runs', async () => {
    const dir = await makeTempDir();
    const handle = await open(join(dir.path, 'partial'), 'w+');
    try {
      const file = new PartialFile(handle);
      let syncs = 0;
      let inFlight = 0;
      let maxInFlight = 0;
      const datasync = handle.datasync.bind(handle);
      handle.datasync = async () => {
        syncs++;
        return datasync();
      };
      const writev = handle.writev.bind(handle);
      handle.writev = (async (buffers: Buffer[], position?: number) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await writev(buffers, position);
        } finally {
          inFlight--;
        }
      }) as typeof handle.writev;

      const ranges = Array.from({ length: 6 }, () => [randomBytes(300_000), randomBytes(100_000)]);
      await Promise.all(ranges.map((buffers, i) => file.write(buffers, 400_000, i * 400_000)));
      expect(maxInFlight).toBe(2);
      await Promise.all(ranges.map(() => file.durable()));
      expect(syncs).toBe(2); // the first, and one more for everyone who asked while it ran
      const written = Buffer.alloc(6 * 400_000);
      await handle.read(written, 0, written.length, 0);
      expect(written.equals(Buffer.concat(ranges.flat()))).toBe(true);
      await file.durable();
      expect(syncs).toBe(3);
    } finally {
      await handle.close();
      await dir.remove();
    }
  });
});

describe('safeSegment', () => {
  it('on Windows: replaces forbidden and control characters', () => {
    expect(safeSegment('a<b>c:d"e\\f|g?h*i.txt', 'win32')).toBe('a_b_c_d_e_f_g_h_i.txt');
    expect(safeSegment('tab\there\u0001.txt', 'win32')).toBe('tab_here_.txt');
  });

  it('on Windows: trailing dots and spaces become underscores, one for one', () => {
    expect(safeSegment('name. ', 'win32')).toBe('name__');
    expect(safeSegment('dots...', 'win32')).toBe('dots___');
    expect(safeSegment('a.b', 'win32')).toBe('a.b');
    expect(safeSegment('..', 'win32')).toBe('__');
  });

  it('on Windows: reserved device names get a leading underscore, with or without an extension, in any case', () => {
    for (const name of ['CON', 'con', 'PRN', 'AUX', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt3', 'COM¹', 'LPT²']) expect(safeSegment(name, 'win32')).toBe(`_${name}`);
    expect(safeSegment('CON.txt', 'win32')).toBe('_CON.txt');
    expect(safeSegment('nul.tar.gz', 'win32')).toBe('_nul.tar.gz');
    for (const name of ['CONSOLE', 'COM10', 'LPT', 'icon.txt', 'xCON']) expect(safeSegment(name, 'win32')).toBe(name);
    expect(safeSegment('CON ', 'win32')).toBe('CON_'); // no longer a device name once the space is replaced
  });

  it('on Windows: an empty result becomes a single underscore', () => {
    expect(safeSegment('', 'win32')).toBe('_');
  });

  it('on macOS only the colon is replaced; on Linux names are kept as they are', () => {
    expect(safeSegment('a:b<c>?.txt', 'darwin')).toBe('a_b<c>?.txt');
    expect(safeSegment('a:b<c>?.txt', 'linux')).toBe('a:b<c>?.txt');
    expect(safeSegment('CON', 'linux')).toBe('CON');
  });

  it('safeRelativePath maps each segment and keeps the separators', () => {
    expect(safeRelativePath('dir:1/CON/file?.txt', 'win32')).toBe('dir_1/_CON/file_.txt');
    expect(safeRelativePath('dir:1/file.txt', 'linux')).toBe('dir:1/file.txt');
  });
});

describe('unique names', () => {
  it('numberedName puts the number before the extension, and after hidden or extension-less names', () => {
    expect(numberedName('photo.jpg', 1)).toBe('photo (1).jpg');
    expect(numberedName('archive.tar.gz', 2)).toBe('archive.tar (2).gz');
    expect(numberedName('README', 3)).toBe('README (3)');
    expect(numberedName('.bashrc', 1)).toBe('.bashrc (1)');
    expect(numberedName('name.', 1)).toBe('name (1).');
  });

  it('firstFreeName returns the name itself when free, else the first free number', () => {
    expect(firstFreeName('a.txt', () => false)).toBe('a.txt');
    const taken = new Set(['a.txt', 'a (1).txt', 'a (2).txt']);
    expect(firstFreeName('a.txt', (n) => taken.has(n))).toBe('a (3).txt');
    expect(() => firstFreeName('a.txt', () => true, 5)).toThrow(/no free name for 'a.txt' after 5 tries/);
  });
});

describe('part sizes', () => {
  it('at least the minimum (8 MiB by default), whole MiB, never more than 10,000 parts', () => {
    expect(choosePartSize(0)).toBe(MIN_PART_SIZE);
    expect(choosePartSize(100 * MiB)).toBe(8 * MiB);
    expect(choosePartSize(3 * MiB, MiB)).toBe(MiB);
    const huge = 200 * 1024 * MiB; // 200 GiB
    const size = choosePartSize(huge);
    expect(size % MiB).toBe(0);
    expect(Math.ceil(huge / size)).toBeLessThanOrEqual(MAX_PARTS);
    expect(Math.ceil(huge / (size - MiB))).toBeGreaterThan(MAX_PARTS); // the smallest whole-MiB size that fits
    expect(choosePartSize(10_000 * MiB + 1, MiB)).toBe(2 * MiB);
  });

  it('splitIntoSpans covers the bytes exactly, 1-based, with a short last span', () => {
    expect(splitIntoSpans(0, MiB)).toEqual([]);
    expect(splitIntoSpans(10, 4)).toEqual([
      { index: 1, offset: 0, size: 4 },
      { index: 2, offset: 4, size: 4 },
      { index: 3, offset: 8, size: 2 },
    ]);
    expect(splitIntoSpans(8, 4).map((s) => s.size)).toEqual([4, 4]);
    const spans = splitIntoSpans(5 * MiB + 3, MiB);
    expect(spans).toHaveLength(6);
    expect(spans.reduce((sum, s) => sum + s.size, 0)).toBe(5 * MiB + 3);
  });
});

describe('ProgressTracker', () => {
  function tracker() {
    let now = 0;
    const t = new ProgressTracker(() => now);
    return { t, advance: (ms: number) => (now += ms) };
  }

  it('measures speed between samples, smooths it, and gives an ETA from it', () => {
    const { t, advance } = tracker();
    t.begin('a', 0, 10_000);
    expect(t.get('a')).toEqual({ bytes: 0, speed: 0, etaSeconds: null });
    advance(1000);
    t.add('a', 1000);
    expect(t.sample().get('a')).toEqual({ bytes: 1000, speed: 1000, etaSeconds: 9 });
    advance(1000);
    t.add('a', 2000); // instant 2000/s; smoothed 0.3 * 2000 + 0.7 * 1000
    const second = t.sample().get('a')!;
    expect(second.speed).toBeCloseTo(1300, 6);
    expect(second.etaSeconds).toBe(Math.ceil(7000 / 1300));
  });

  it('a sample lists only the jobs whose numbers changed', () => {
    const { t, advance } = tracker();
    t.begin('a', 0, 1000);
    t.begin('b', 0, 1000);
    advance(100);
    expect([...t.sample().keys()].sort()).toEqual(['a', 'b']); // both new
    advance(100);
    expect([...t.sample().keys()]).toEqual([]);
    t.add('b', 10);
    advance(100);
    expect([...t.sample().keys()]).toEqual(['b']);
  });

  it('bytes stay between 0 and the size; a failed attempt takes its bytes back', () => {
    const { t } = tracker();
    t.begin('a', 500, 1000);
    t.add('a', 800);
    expect(t.get('a')!.bytes).toBe(1000);
    t.add('a', -2000);
    expect(t.get('a')!.bytes).toBe(0);
    t.set('a', 300);
    expect(t.get('a')!.bytes).toBe(300);
  });

  it('totals add up the running jobs; ended jobs are forgotten', () => {
    const { t, advance } = tracker();
    t.begin('a', 100, 1000);
    t.begin('b', 200, 3000);
    advance(1000);
    t.add('a', 100);
    t.add('b', 300);
    t.sample();
    expect(t.totals()).toEqual({ bytes: 700, size: 4000, speed: 400 });
    t.end('a');
    expect(t.get('a')).toBeUndefined();
    expect(t.totals()).toEqual({ bytes: 500, size: 3000, speed: 300 });
    t.add('a', 5); // ignored
    expect(t.get('a')).toBeUndefined();
  });

  it('no ETA without speed', () => {
    const { t, advance } = tracker();
    t.begin('a', 0, 1000);
    advance(1000);
    expect(t.sample().get('a')).toEqual({ bytes: 0, speed: 0, etaSeconds: null });
  });
});

describe('BandwidthLimiter', () => {
  it('rate 0 lets everything through at once', async () => {
    const limiter = new BandwidthLimiter(0);
    const started = performance.now();
    await limiter.take(100 * MiB);
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('paces bytes to the rate after a burst of a quarter second', async () => {
    const rate = 1 * MiB;
    const limiter = new BandwidthLimiter(rate);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the bucket fills: 256 KiB of burst
    const started = performance.now();
    for (let i = 0; i < 12; i++) await limiter.take(64 * 1024); // 768 KiB: 256 KiB at once, 512 KiB at the rate
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(500 * 0.9);
    expect(elapsed).toBeLessThan(500 * 1.25);
  });

  it('serves callers in order, and a waiting take can be cancelled', async () => {
    const limiter = new BandwidthLimiter(256 * 1024);
    const order: number[] = [];
    const a = limiter.take(64 * 1024).then(() => order.push(1));
    const b = limiter.take(64 * 1024).then(() => order.push(2));
    const controller = new AbortController();
    const c = limiter.take(64 * 1024, controller.signal);
    controller.abort(new Error('paused'));
    await expect(c).rejects.toThrow('paused');
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
  });

  it('a new rate applies at once to takes already waiting', async () => {
    const limiter = new BandwidthLimiter(1024); // 1 KiB/s: 64 KiB would wait a minute
    const waiting = limiter.take(64 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    limiter.setRate(0);
    await waiting;
    expect(performance.now() - started).toBeLessThan(100);

    limiter.setRate(1024);
    const slow = limiter.take(64 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const raisedAt = performance.now();
    limiter.setRate(4 * MiB); // raised, not removed: the wait is computed again at the new rate
    await slow;
    expect(performance.now() - raisedAt).toBeLessThan(200);
  });

  it('cancelling a take still works while the rate changes', async () => {
    const limiter = new BandwidthLimiter(1024);
    const controller = new AbortController();
    const waiting = limiter.take(64 * 1024, controller.signal);
    limiter.setRate(2048);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('paused'));
    await expect(waiting).rejects.toThrow('paused');
  });

  it('pace() passes the bytes of a stream through unchanged: whole without a limit, in slices of at most 64 KiB with one', async () => {
    const through = async (limiter: BandwidthLimiter) => {
      const seen: number[] = [];
      const input = Buffer.alloc(200 * 1024, 7);
      const chunks: Buffer[] = [];
      for await (const chunk of limiter.pace(Readable.from([input]), undefined, (n) => seen.push(n))) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(input)).toBe(true);
      return seen;
    };
    expect(await through(new BandwidthLimiter(0))).toEqual([204800]);
    expect(await through(new BandwidthLimiter(100 * 1024 * 1024))).toEqual([65536, 65536, 65536, 8192]);
  });

  it('pace() yields the chunks themselves without a limit and views of them in 64 KiB slices with one, counting each once consumed', async () => {
    const input = [Buffer.alloc(100 * 1024, 1), Buffer.alloc(10, 2)];
    const consume = async (limiter: BandwidthLimiter) => {
      const seen: number[] = [];
      const out: Buffer[] = [];
      for await (const chunk of limiter.pace(input, undefined, (n) => seen.push(n))) {
        expect(seen.reduce((a, b) => a + b, 0)).toBe(out.reduce((a, b) => a + b.length, 0)); // counted only after it was consumed
        out.push(chunk);
      }
      expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
      return { seen, sameBuffers: out.every((c) => input.some((i) => i.buffer === c.buffer)) };
    };
    expect(await consume(new BandwidthLimiter(0))).toEqual({ seen: [102400, 10], sameBuffers: true });
    expect(await consume(new BandwidthLimiter(100 * 1024 * 1024))).toEqual({ seen: [65536, 36864, 10], sameBuffers: true });
  });
});

describe('retry', () => {
  const policy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 };

  it('backoff doubles up to the cap, with ±25 % jitter', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0.5))).toEqual([10, 20, 40, 40, 40]);
    expect(backoffDelay(1, policy, () => 0)).toBe(15);
    expect(backoffDelay(1, policy, () => 1)).toBe(25);
  });

  it('retries network trouble and 5xx up to the attempts, and nothing else', async () => {
    const signal = new AbortController().signal;
    let calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return Promise.reject(new ProviderTransportError('reset', true, '/x'));
      }, signal, policy),
    ).rejects.toThrow('reset');
    expect(calls).toBe(4);

    calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return Promise.reject(new ProviderError(ProviderErrorCode.BadArgument, 'no', { route: '/x' }));
      }, signal, policy),
    ).rejects.toThrow('no');
    expect(calls).toBe(1);

    calls = 0;
    const value = await withRetry(() => (++calls < 3 ? Promise.reject(new ProviderError(ProviderErrorCode.OperationFailed, 'busy', { route: '/x', retryable: true })) : Promise.resolve('ok')), signal, policy);
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const run = withRetry(() => Promise.reject(new ProviderTransportError('down', true, '/x')), controller.signal, { attempts: 10, baseDelayMs: 5000, maxDelayMs: 5000 });
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(run).rejects.toThrow('cancelled');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('Semaphore', () => {
  it('lets `limit` holders in, queues the rest in order, and follows a changed limit', async () => {
    const semaphore = new Semaphore(2);
    const r1 = await semaphore.acquire();
    const r2 = await semaphore.acquire();
    const order: number[] = [];
    const third = semaphore.acquire().then((release) => (order.push(3), release));
    const fourth = semaphore.acquire().then((release) => (order.push(4), release));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    r1();
    r1(); // releasing twice frees one slot only
    const r3 = await third;
    expect(order).toEqual([3]);
    semaphore.setLimit(3);
    const r4 = await fourth;
    expect(order).toEqual([3, 4]);
    for (const release of [r2, r3, r4]) release();
  });

  it('a cancelled wait leaves the queue', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    const again = await semaphore.acquire(); // the cancelled waiter did not take the slot
    again();
  });
});

describe('PrefixHasher', () => {
  it('hashes ranges written out of order as the contiguous prefix grows; the digest is the whole file’s', async () => {
    const dir = await makeTempDir('jcs-prefix-hash');
    const handle = await open(join(dir.path, 'f'), 'w+');
    try {
      const content = randomBytes(5 * MiB + 123);
      const spans = splitIntoSpans(content.length, MiB);
      const hasher = new PrefixHasher(handle);
      for (const span of [...spans].reverse()) {
        await handle.write(content, span.offset, span.size, span.offset);
        hasher.add(span.offset, span.size);
      }
      expect(await hasher.digest(content.length)).toBe(createHash('sha256').update(content).digest('hex'));
    } finally {
      await handle.close();
      await dir.remove();
    }
  });

  it('refuses to give a digest while a range is missing', async () => {
    const dir = await makeTempDir('jcs-prefix-hash');
    const handle = await open(join(dir.path, 'f'), 'w+');
    try {
      await handle.write(Buffer.alloc(300, 1), 0, 300, 0);
      const hasher = new PrefixHasher(handle);
      hasher.add(0, 100);
      hasher.add(200, 100);
      await expect(hasher.digest(300)).rejects.toThrow('hashed 100 of 300 bytes');
    } finally {
      await handle.close();
      await dir.remove();
    }
  });
});
