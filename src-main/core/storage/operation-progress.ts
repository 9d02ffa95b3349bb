/** Progress of one object operation: counted as batches finish, sent at most a few times a second, and once at the end. */
const PROGRESS_INTERVAL_MS = 250;

export class ProgressReporter {
  done = 0;
  total = 0;
  private lastSent = 0;

  constructor(private readonly send: (done: number, total: number, finished: boolean) => void) {}

  setTotal(total: number): void {
    this.total = total;
    this.maybeSend(true);
  }

  add(count: number): void {
    this.done += count;
    this.maybeSend(false);
  }

  finish(): void {
    this.send(this.done, this.total, true);
  }

  private maybeSend(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSent < PROGRESS_INTERVAL_MS) return;
    this.lastSent = now;
    this.send(this.done, this.total, false);
  }
}
