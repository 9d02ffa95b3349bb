/** How tasks, plans and times are shown: pure helpers of the Sync page (unit-tested in Node). */
import type { SyncAction, SyncStatus, SyncTask } from '@shared/contract/sync';

export type ActionKind = SyncAction['kind'];
export const ACTION_KINDS: readonly ActionKind[] = ['upload', 'download', 'moveRemote', 'moveLocal', 'deleteRemote', 'deleteLocal', 'conflict', 'keep'];

export type Tone = 'ok' | 'busy' | 'muted' | 'warning' | 'danger';

export function statusTone(status: SyncStatus): Tone {
  switch (status) {
    case 'idle':
      return 'ok';
    case 'scanning':
    case 'syncing':
      return 'busy';
    case 'paused':
      return 'muted';
    case 'waitingForConfirmation':
    case 'offline':
      return 'warning';
    case 'error':
      return 'danger';
  }
}

/** How many planned actions of each kind, in display order, leaving out kinds with none. */
export function countActions(actions: readonly Pick<SyncAction, 'kind'>[]): Array<{ kind: ActionKind; count: number }> {
  const counts = new Map<ActionKind, number>();
  for (const a of actions) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return ACTION_KINDS.filter((k) => counts.has(k)).map((kind) => ({ kind, count: counts.get(kind)! }));
}

export function isDeletion(kind: ActionKind): boolean {
  return kind === 'deleteLocal' || kind === 'deleteRemote';
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 5 minutes", "now" — the largest unit that fits, rounded toward zero. */
export function relativeTime(at: number, now: number, locale: string): string {
  const diff = at - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(diff) < 10_000) return format.format(0, 'second');
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, 'second');
}

/** 90 → { value: 1.5, unit: 'minute' } style: seconds as the largest whole unit ("every 5 minutes"). */
export function intervalParts(seconds: number): { count: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  if (seconds % 86_400 === 0) return { count: seconds / 86_400, unit: 'day' };
  if (seconds % 3600 === 0) return { count: seconds / 3600, unit: 'hour' };
  if (seconds % 60 === 0) return { count: seconds / 60, unit: 'minute' };
  return { count: seconds, unit: 'second' };
}

/**
 * What the card says about the trigger: a Watch task claims to watch only
 * when its watcher really does (not while the folder is missing or the task
 * is paused).
 */
export function triggerLabelKey(task: Pick<SyncTask, 'trigger' | 'watching' | 'status'>): string {
  if (task.trigger.type === 'Manual') return 'sync.trigger.manualShort';
  if (task.trigger.type === 'Interval') return 'sync.trigger.every';
  if (task.status === 'paused') return 'sync.trigger.watchPaused';
  return task.watching ? 'sync.trigger.watching' : 'sync.trigger.notWatching';
}

/** The "Next run" fact: a Manual task runs only when asked, a paused one not at all. */
export function nextRunLabel(task: Pick<SyncTask, 'trigger' | 'status' | 'nextRunAt'>): { kind: 'manual' } | { kind: 'none' } | { kind: 'at'; at: number } {
  if (task.trigger.type === 'Manual') return { kind: 'manual' };
  if (task.status === 'paused' || task.nextRunAt === null) return { kind: 'none' };
  return { kind: 'at', at: task.nextRunAt };
}

/** Percentage (0–100) of a run's progress, or null when there is none. */
export function progressPercent(progress: SyncTask['progress']): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

/** The remote folder as a path under the package ('' → '/'). */
export function remoteFolderLabel(remotePath: string): string {
  return remotePath === '' ? '/' : `/${remotePath}`;
}

/** A remote folder's ancestors and itself: "a/b/" → ["a/", "a/b/"]. */
export function remoteCrumbs(prefix: string): string[] {
  const parts = prefix.split('/').filter(Boolean);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

/** The last segment of a folder prefix: "a/b/" → "b". */
export function folderName(prefix: string): string {
  const parts = prefix.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** The cursor for the next (older) page of a log read newest first, or undefined after the last page. */
export function olderLogCursor(page: ReadonlyArray<{ id: number }>, limit: number): number | undefined {
  if (page.length < limit) return undefined;
  return page[page.length - 1]?.id;
}
