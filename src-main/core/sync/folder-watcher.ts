/**
 * Watches a synced folder with chokidar. Files are reported only once writing
 * has settled (awaitWriteFinish); bursts are batched into one notification;
 * the engine's own files (trash, partial downloads) are never reported. When
 * the OS refuses more native watches (ENOSPC: inotify's limit; EMFILE: too
 * many open files), it falls back to polling and says so, so the UI can warn.
 *
 * A watch dies with its folder: chokidar says nothing more once the folder
 * is deleted or unmounted, and a folder moved away keeps being watched under
 * its new name. So the folder's identity (device + inode) is checked every
 * `rootCheckMs` (one stat) and on chokidar's own hints: when the folder is
 * gone the watch is closed and the mode reported as null (not watching);
 * when it is back, or another folder took its place, the watch is opened
 * again on it and a structural change is reported (anything may have
 * changed meanwhile).
 */
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { rootIdentity, type RootIdentity } from './sync-root';

export interface FolderWatcherOptions {
  root: string;
  /** Paths (relative, '/'-separated) the watcher should not report or descend into. */
  ignore: (rel: string) => boolean;
  /** Changed paths (relative); `structural` when folders appeared or vanished (a full scan is due). */
  onChanges: (paths: Set<string>, structural: boolean) => void;
  /** The watch's real state: native, polling, or null while the folder is missing (or the watch is not ready yet). */
  onMode: (mode: 'native' | 'polling' | null, warning: WatchLimitWarning | null) => void;
  stabilityMs?: number;
  debounceMs?: number;
  pollIntervalMs?: number;
  /** How often the folder's presence and identity are checked. */
  rootCheckMs?: number;
}

/** The OS refused more watches (its errno), so the folder is polled every `seconds`. */
export interface WatchLimitWarning {
  errno: string;
  seconds: number;
}

const LIMIT_ERRORS = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export class FolderWatcher {
  private watcher: FSWatcher | undefined;
  private pending = new Set<string>();
  private structural = false;
  private removals = false;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private warning: WatchLimitWarning | null = null;
  private closed = false;
  /** The folder the open watch is on; undefined while there is none. */
  private watched: RootIdentity | undefined;
  private rootTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FolderWatcherOptions) {}

  start(): void {
    this.watched = rootIdentity(this.options.root);
    if (this.watched) this.open(false);
    else this.options.onMode(null, null);
    this.rootTimer = setInterval(() => this.checkRoot(), this.options.rootCheckMs ?? 2000);
    this.rootTimer.unref?.();
  }

  /** Closes the watch if its folder is gone, and opens one on the folder now there if it is another (or back). */
  private checkRoot(): void {
    if (this.closed) return;
    const now = rootIdentity(this.options.root);
    if (now === this.watched) return;
    const wasWatching = this.watched !== undefined;
    this.closeWatch();
    this.watched = now;
    if (now) this.open(this.polling);
    else this.options.onMode(null, null);
    // Gone: a run now reports the folder missing. Back or replaced: whatever is in it now must be looked at.
    if (wasWatching || now) this.note('', true);
  }

  private closeWatch(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher) void watcher.close().catch(() => undefined);
  }

  private open(usePolling: boolean): void {
    const { root } = this.options;
    const stability = this.options.stabilityMs ?? 400;
    this.polling = usePolling;
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling,
      interval: this.options.pollIntervalMs ?? 2000,
      binaryInterval: this.options.pollIntervalMs ?? 2000,
      awaitWriteFinish: { stabilityThreshold: stability, pollInterval: Math.max(50, Math.floor(stability / 4)) },
      ignored: (path: string) => {
        const rel = this.rel(path);
        return rel !== '' && this.options.ignore(rel);
      },
    });
    // Events of a watch closed since (its folder went away) are not about the folder there now.
    const live = () => this.watcher === watcher;
    const file = (path: string) => live() && this.note(this.rel(path), false);
    const removed = (path: string) => live() && this.note(this.rel(path), false, true);
    const folder = (path: string) => {
      if (!live()) return;
      if (this.rel(path) === '') this.checkRoot(); // the folder itself went: do not wait for the next check
      else this.note(this.rel(path), true);
    };
    watcher.on('add', file).on('change', file).on('unlink', removed).on('addDir', folder).on('unlinkDir', folder);
    watcher.on('error', (error: unknown) => {
      if (!live()) return;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!this.polling && (LIMIT_ERRORS.has(code) || /ENOSPC|EMFILE/.test(String(error)))) {
        this.closeWatch();
        this.warning = { errno: code || 'ENOSPC', seconds: Math.round((this.options.pollIntervalMs ?? 2000) / 1000) };
        this.options.onMode('polling', this.warning);
        this.open(true);
        this.note('', true); // changes may have been missed meanwhile
      } else this.checkRoot(); // a watch that fails is often one whose folder went away
    });
    watcher.on('ready', () => live() && this.options.onMode(usePolling ? 'polling' : 'native', this.warning));
    this.watcher = watcher;
  }

  private rel(path: string): string {
    return relative(this.options.root, path).split(sep).join('/');
  }

  private note(rel: string, structural: boolean, removal = false): void {
    if (this.closed) return;
    if (rel) this.pending.add(rel);
    this.structural ||= structural;
    this.removals ||= removal;
    clearTimeout(this.timer);
    // 'unlink' comes at once, the 'add' of a renamed file only after the write
    // settle time: a batch with a removal waits for it, so the run sees both
    // names and makes the rename a move (not a deletion and a new upload).
    const stability = this.options.stabilityMs ?? 400;
    const settle = this.removals ? stability + 2 * Math.max(50, Math.floor(stability / 4)) : 0;
    this.timer = setTimeout(() => {
      const paths = this.pending;
      const wasStructural = this.structural;
      this.pending = new Set();
      this.structural = false;
      this.removals = false;
      this.options.onChanges(paths, wasStructural);
    }, (this.options.debounceMs ?? 150) + settle);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.rootTimer);
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }
}
