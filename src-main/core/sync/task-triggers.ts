/**
 * What starts a task's runs besides the user: its folder watcher (Watch
 * tasks), the timer of the next scheduled run (Interval tasks, a Watch task's
 * periodic full rescan, the retry after an error), changes the app made in its
 * remote folder, and a second look at files a run found still being written.
 * A Manual task has none of them: it runs only when asked.
 */
import type { SyncTaskConfig } from '@shared/contract/sync';
import { FolderWatcher } from './folder-watcher';
import { IGNORE_FILE, type PathFilter } from './path-filter';
import type { RunRequest } from './sync-run';
import type { SyncStore } from './sync-store';

export interface RunnerTimings {
  /** A file modified more recently than this is still being written. */
  stableMs: number;
  /** Watch tasks rescan everything this often (remote changes have no notifications). */
  fullRescanMs: number;
  /** After the service could not be reached, try again after this long. */
  offlineRetryMs: number;
  watchStabilityMs: number;
  watchDebounceMs: number;
  /** A watched folder's presence and identity are checked this often (the watch is re-armed when it returns). */
  rootCheckMs: number;
  /** Changes made in the app to a task's remote folder start a run this long after the last of them. */
  appChangeDebounceMs: number;
}

export const DEFAULT_TIMINGS: RunnerTimings = {
  stableMs: 2000,
  fullRescanMs: 5 * 60_000,
  offlineRetryMs: 30_000,
  watchStabilityMs: 400,
  watchDebounceMs: 150,
  rootCheckMs: 2000,
  appChangeDebounceMs: 1000,
};

/** A watch-triggered run touching more paths than this scans everything instead. */
export const PARTIAL_RUN_LIMIT = 200;

export interface TriggersHost {
  readonly id: string;
  readonly config: SyncTaskConfig;
  readonly store: SyncStore;
  readonly timings: RunnerTimings;
  request(run: RunRequest): void;
  filter(): PathFilter;
  /** The ignore file changed: the next run rebuilds the filter. */
  forgetFilter(): void;
  /** The watch's real state changed (null: not watching). */
  watchMode(mode: 'native' | 'polling' | null): void;
  /** Folders appeared or vanished in the watched folder: the task checks that its folder is still the one a run started on. */
  structuralChange(): void;
}

const full = (): RunRequest => ({ full: true, scope: new Set(), allowDeletions: false });

export class TaskTriggers {
  private watcher: FolderWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private appChangeTimer: NodeJS.Timeout | undefined;
  /** Files a run skipped because they were still being written, and the timer that looks at them again. */
  private unsettled = new Set<string>();
  private settleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: TriggersHost) {}

  /** Starts watching the folder (Watch tasks). */
  start(): void {
    if (this.host.config.trigger.type !== 'Watch' || this.watcher) return;
    const { host } = this;
    let watching: 'native' | 'polling' | null = null;
    this.watcher = new FolderWatcher({
      root: host.config.localPath,
      // Partial downloads are ours and never worth a run; excluded folders are not even watched.
      ignore: (rel) => rel.endsWith('.jcs-download') || !host.filter().folderIncluded(rel),
      onChanges: (paths, structural) => {
        // The folder itself went or was replaced under a run: stop it now, not when a transfer trips over it.
        if (structural) host.structuralChange();
        if (paths.has(IGNORE_FILE)) host.forgetFilter(); // the rules changed: a full run applies them everywhere
        host.request({ full: structural || paths.has(IGNORE_FILE) || paths.size > PARTIAL_RUN_LIMIT, scope: paths, allowDeletions: false });
      },
      onMode: (mode, warning) => {
        if (mode === watching && !warning) return;
        watching = mode;
        if (warning) host.store.log(host.id, 'warn', { code: 'watchPolling', params: { errno: warning.errno, seconds: warning.seconds } });
        host.watchMode(mode);
      },
      stabilityMs: host.timings.watchStabilityMs,
      debounceMs: host.timings.watchDebounceMs,
      rootCheckMs: host.timings.rootCheckMs,
    });
    this.watcher.start();
  }

  /** Stops every trigger (the watcher closed, the timers cleared). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.appChangeTimer);
    this.unsettled.clear();
    await this.watcher?.close();
    this.watcher = undefined;
  }

  /** The next run by itself in `delayMs` (undefined: none; a run that starts meanwhile replaces it). */
  schedule(delayMs: number | undefined): void {
    clearTimeout(this.timer);
    if (delayMs === undefined) return;
    this.timer = setTimeout(() => this.host.request(full()), delayMs);
    this.timer.unref?.();
  }

  /** A run starts: the scheduled one is not due any more. */
  runStarting(): void {
    clearTimeout(this.timer);
  }

  /**
   * A change the app itself made in the task's remote folder (an upload, a
   * delete, move, rename or copy in the browser): tasks that bring remote
   * changes down run shortly after, instead of at the next rescan. Manual
   * tasks wait to be asked, as always.
   */
  remoteChangedByApp(): void {
    const { config } = this.host;
    if (config.trigger.type === 'Manual' || config.direction === 'upload') return;
    clearTimeout(this.appChangeTimer);
    this.appChangeTimer = setTimeout(() => this.host.request(full()), this.host.timings.appChangeDebounceMs);
    this.appChangeTimer.unref?.();
  }

  /**
   * A watched folder reports a file once writing pauses, which is usually
   * sooner than a run trusts it as complete (stableMs): without a second look
   * it would wait for the next full rescan. Other triggers pick it up on their
   * next run.
   */
  recheckUnsettled(paths: readonly string[]): void {
    if (paths.length === 0 || this.host.config.trigger.type !== 'Watch') return;
    for (const p of paths) this.unsettled.add(p);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      const scope = this.unsettled;
      this.unsettled = new Set();
      this.host.request({ full: scope.size > PARTIAL_RUN_LIMIT, scope, allowDeletions: false });
    }, this.host.timings.stableMs + 100);
    this.settleTimer.unref?.();
  }
}
