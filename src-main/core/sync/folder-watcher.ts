/**
 * Watches a synced folder with chokidar. Files are reported only once writing
 * has settled (awaitWriteFinish); bursts are batched into one notification;
 * the engine's own files (trash, partial downloads) are never reported. When
 * the OS refuses more native watches (ENOSPC: inotify's limit; EMFILE: too
 * many open files), it falls back to polling and says so, so the UI can warn.
 */
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface FolderWatcherOptions {
  root: string;
  /** Paths (relative, '/'-separated) the watcher should not report or descend into. */
  ignore: (rel: string) => boolean;
  /** Changed paths (relative); `structural` when folders appeared or vanished (a full scan is due). */
  onChanges: (paths: Set<string>, structural: boolean) => void;
  onMode: (mode: 'native' | 'polling', warning: string | null) => void;
  stabilityMs?: number;
  debounceMs?: number;
  pollIntervalMs?: number;
}

const LIMIT_ERRORS = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export class FolderWatcher {
  private watcher: FSWatcher | undefined;
  private pending = new Set<string>();
  private structural = false;
  private removals = false;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private warning: string | null = null;
  private closed = false;

  constructor(private readonly options: FolderWatcherOptions) {}

  start(): void {
    this.open(false);
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
    const file = (path: string) => this.note(this.rel(path), false);
    const removed = (path: string) => this.note(this.rel(path), false, true);
    const folder = (path: string) => this.note(this.rel(path), true);
    watcher.on('add', file).on('change', file).on('unlink', removed).on('addDir', folder).on('unlinkDir', folder);
    watcher.on('error', (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!this.polling && (LIMIT_ERRORS.has(code) || /ENOSPC|EMFILE/.test(String(error)))) {
        void watcher.close();
        this.warning = `the system's limit on watched files was reached (${code || 'ENOSPC'}); changes are found by polling every ${Math.round((this.options.pollIntervalMs ?? 2000) / 1000)} s, which is slower. On Linux, raise fs.inotify.max_user_watches.`;
        this.options.onMode('polling', this.warning);
        this.open(true);
        this.note('', true); // changes may have been missed meanwhile
      }
    });
    watcher.on('ready', () => this.options.onMode(usePolling ? 'polling' : 'native', this.warning));
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
    await this.watcher?.close();
  }
}
