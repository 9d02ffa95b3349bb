/**
 * Throttle for refetches on bursts of events: a call when idle runs on the
 * next tick, a call within `ms` of the last run waits for the window's end,
 * and calls while a run is pending join it. So a burst costs a run per window,
 * and a run always follows the last call (no event is left unanswered).
 */
export function throttled(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const call = () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
