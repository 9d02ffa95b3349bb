/**
 * How far V8 lets its heap grow past what is live before the next full
 * collection. By default the factor is chosen per collection from 1.1 up to
 * 4× on a machine with a large heap limit, and a first sync or a rescan of
 * 100,000 files makes garbage fast enough to get close to the top: with about
 * 45 MB live, the heap reached 100–150 MB of mostly dead objects before a
 * full collection ran, which was most of the core's peak RSS. A fixed
 * factor of 1.5 collects sooner and more often. The limit stays where it was
 * (nothing more can run out of memory than before); only the headroom above
 * what is live is smaller.
 *
 * The flag is read each time V8 sets its next limit, so setting it once the
 * process runs takes effect at the next collection. It holds for the whole
 * process: in the app that is Electron's main process, which runs the core,
 * and in headless mode the server's process.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow to (1 + this / 100) × its live size before a full collection. */
export const HEAP_GROWING_PERCENT = 50;

let applied = false;

/** Applies the setting once per process; where the runtime refuses it, V8's own choice stands (only memory use differs). */
export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // not settable here: the default growth stays
  }
}
