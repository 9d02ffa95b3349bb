/**
 * Measurements taken inside the page (so no round trip to the test process
 * blurs them): time from a user event to a DOM state, long tasks
 * (PerformanceObserver 'longtask', > 50 ms), and frame times while the list
 * scrolls, driven from requestAnimationFrame.
 */
import type { Page } from 'playwright-core';

// The functions below run in the page (Playwright serializes them). The
// Node-side type check has no DOM library, so the browser globals they use are
// declared here, for this module only, with just what is used.
interface PageElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  querySelectorAll(selector: string): { length: number };
}
interface PageMutationObserver {
  observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean }): void;
  disconnect(): void;
}
interface PagePerformanceObserver {
  observe(options: { type: 'longtask' }): void;
  disconnect(): void;
}
declare const document: { body: unknown; querySelector(selector: string): PageElement | null; addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void };
declare const window: { benchStopLongTasks?: () => number[] };
declare const MutationObserver: new (callback: () => void) => PageMutationObserver;
declare const PerformanceObserver: new (callback: (list: { getEntries(): Array<{ duration: number }> }) => void) => PagePerformanceObserver;
declare const requestAnimationFrame: (callback: (now: number) => void) => number;

/**
 * tsx compiles this file with esbuild's keepNames, which wraps inner functions
 * in a `__name(fn, "name")` helper that exists only in Node; give the page a
 * do-nothing one (before any script runs, so on every navigation too).
 */
export async function preparePage(page: Page): Promise<void> {
  const helper = 'globalThis.__name = globalThis.__name || ((fn) => fn);';
  await page.addInitScript(helper);
  await page.evaluate(helper);
}

/**
 * Arms a timer in the page: `result` resolves with the ms from the next
 * `event` (any element, capture phase) until `selector` matches. Act only
 * after this resolves, so the listener is in place.
 */
export async function timeUntil(page: Page, event: string, selector: string, timeoutMs = 60_000): Promise<{ result: Promise<number> }> {
  const handle = page.evaluate(
    ({ event, selector, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        let start = -1;
        const done = () => {
          if (start < 0 || !document.querySelector(selector)) return false;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - start);
          return true;
        };
        const observer = new MutationObserver(() => void done());
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`timed out waiting for ${selector}`));
        }, timeoutMs);
        document.addEventListener(
          event,
          () => {
            start = performance.now();
            observer.observe(document.body, { subtree: true, childList: true, attributes: true });
            done();
          },
          { capture: true, once: true },
        );
      }),
    { event, selector, timeoutMs },
  );
  // A second evaluate runs after the first one's synchronous part: the listener is in place.
  await page.evaluate(() => null);
  // The caller awaits `result` later; until then a failure must not count as an unhandled rejection.
  handle.catch(() => undefined);
  return { result: handle };
}

export async function recordLongTasks(page: Page): Promise<{ stop: () => Promise<{ count: number; longestMs: number }> }> {
  await page.evaluate(() => {
    const durations: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    window.benchStopLongTasks = () => {
      observer.disconnect();
      return durations;
    };
  });
  return {
    async stop() {
      const tasks = await page.evaluate(() => window.benchStopLongTasks?.() ?? []);
      return { count: tasks.length, longestMs: tasks.reduce((a, b) => Math.max(a, b), 0) };
    },
  };
}

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames that took longer than 25 ms (a missed vsync at 60 Hz). */
  slowFrames: number;
  longTasks: number;
  longestTaskMs: number;
  /** Rows in the DOM, largest count seen at any frame. */
  maxDomRows: number;
}

/**
 * Scrolls the list from requestAnimationFrame: 'steady' moves `step` px per
 * frame (a fast, continuous wheel), wrapping to the top at the end; 'jumps'
 * sets a random position each frame (dragging the scrollbar), the worst case
 * for a virtualized list since every visible row changes. `container` is the
 * scrolling element (the object list by default), `item` what counts as a row
 * in the DOM.
 */
export async function measureScrolling(page: Page, options: { mode: 'steady' | 'jumps'; frames: number; step: number; container?: string; item?: string }): Promise<FrameStats> {
  return page.evaluate(
    ({ mode, frames, step, container, item }) =>
      new Promise<FrameStats>((resolve) => {
        const grid = document.querySelector(container);
        if (!grid) throw new Error('no list');
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const deltas: number[] = [];
        let maxDomRows = 0;
        let last = -1;
        let seed = 42;
        const random = () => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed / 2147483648;
        };
        const tick = (now: number) => {
          if (last >= 0) deltas.push(now - last);
          last = now;
          maxDomRows = Math.max(maxDomRows, grid.querySelectorAll(item).length);
          if (deltas.length >= frames) {
            observer.disconnect();
            const sorted = [...deltas].sort((a, b) => a - b);
            const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
            // Let the observer deliver the last entries first.
            setTimeout(() => resolve({ frames: deltas.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, slowFrames: deltas.filter((d) => d > 25).length, longTasks: longTasks.length, longestTaskMs: longTasks.reduce((a, b) => Math.max(a, b), 0), maxDomRows }), 100);
            return;
          }
          const end = grid.scrollHeight - grid.clientHeight;
          if (mode === 'steady') grid.scrollTop = grid.scrollTop + step >= end ? 0 : grid.scrollTop + step;
          else grid.scrollTop = Math.floor(random() * end);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { container: '[data-testid="object-list"]', item: '[data-testid="browser-row"]', ...options },
  );
}

/** The page's JavaScript heap after a full garbage collection, in MB (Chromium's DevTools protocol). */
export async function heapAfterGcMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize / (1024 * 1024);
  } finally {
    await session.detach();
  }
}

export interface GridScrollStats extends FrameStats {
  /** Keys of the image cards that were on screen in some frame. */
  visibleImages: string[];
}

interface GridCard {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number };
}
interface GridElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll(selector: string): Iterable<GridCard> & { length: number };
}

/**
 * Scrolls the thumbnail grid `step` px per frame from where it is, without
 * wrapping (it stops at the end or the top), recording frame times and the
 * image cards on screen in each frame: what "a visible thumbnail" is when
 * counting requests. A negative step scrolls up.
 */
export async function measureGridScrolling(page: Page, options: { frames: number; step: number }): Promise<GridScrollStats> {
  return page.evaluate(
    ({ frames, step }) =>
      new Promise<GridScrollStats>((resolve) => {
        const grid = document.querySelector('[data-testid="thumbnail-grid"]') as unknown as GridElement | null;
        if (!grid) throw new Error('no grid');
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const deltas: number[] = [];
        const visible = new Set<string>();
        let maxDomRows = 0;
        let last = -1;
        const record = () => {
          const view = grid.getBoundingClientRect();
          for (const card of grid.querySelectorAll('[data-testid="thumbnail-card"][data-type="image"]')) {
            const rect = card.getBoundingClientRect();
            if (rect.bottom > view.top && rect.top < view.bottom) visible.add(card.getAttribute('data-entry-key') ?? '');
          }
          maxDomRows = Math.max(maxDomRows, grid.querySelectorAll('[data-testid="thumbnail-card"]').length);
        };
        const tick = (now: number) => {
          if (last >= 0) deltas.push(now - last);
          last = now;
          record();
          const end = grid.scrollHeight - grid.clientHeight;
          const stuck = (step > 0 && grid.scrollTop >= end - 1) || (step < 0 && grid.scrollTop <= 0);
          if (deltas.length >= frames || stuck) {
            observer.disconnect();
            const sorted = [...deltas].sort((a, b) => a - b);
            const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
            setTimeout(() => resolve({ frames: deltas.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, slowFrames: deltas.filter((d) => d > 25).length, longTasks: longTasks.length, longestTaskMs: longTasks.reduce((a, b) => Math.max(a, b), 0), maxDomRows, visibleImages: [...visible] }), 100);
            return;
          }
          grid.scrollTop = Math.max(0, Math.min(end, grid.scrollTop + step));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    options,
  );
}
