/**
 * Gives the memory a big run used back to the system once it is over.
 *
 * A first sync of 100,000 files leaves the V8 heap grown by its garbage (each
 * settled transfer's rows, events and requests), and V8 keeps a grown heap
 * committed until a full collection happens to run, which an idle app may not
 * need for a long time: the core then sat at ~265 MB RSS with ~25 MB live. A
 * full collection right after such a run lets V8 shrink the heap to what is
 * live. Node exposes no call for it without `--expose-gc`; the flag can be
 * set at run time and then holds for contexts made after it (the way test
 * runners measure heap use), so the collector is taken from a fresh context
 * once. Where that is not possible nothing is done: this only returns memory
 * sooner, it never changes what sync does.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Runs at most this often, whatever asks: a full collection pauses the process (~50–200 ms on a grown heap). */
const MIN_INTERVAL_MS = 30_000;

let collector: (() => void) | null | undefined;
let lastAt = -Infinity;

function fullCollector(): (() => void) | null {
  if (collector !== undefined) return collector;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    collector = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collector = null;
  }
  return collector;
}

/**
 * Wait after a big run before collecting: V8 shrinks its young generation only
 * when little was allocated in the last seconds (it measures over 5 s), so a
 * collection right at a run's end frees the garbage but keeps the heap's size.
 */
const QUIET_MS = 6000;
let pending: NodeJS.Timeout | undefined;

/** A full collection once the process has been quiet for a few seconds (see QUIET_MS); never keeps the process alive. */
export function releaseMemorySoon(): void {
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    releaseMemory();
  }, QUIET_MS);
  pending.unref();
}

/** A full collection now, unless one ran in the last MIN_INTERVAL_MS; true when it ran. */
export function releaseMemory(now = Date.now()): boolean {
  if (now - lastAt < MIN_INTERVAL_MS) return false;
  const gc = fullCollector();
  if (!gc) return false;
  lastAt = now;
  gc();
  return true;
}
