import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostCrumbs, hostSeparator, joinHostPath } from './host-path';
import { countActions, folderName, intervalParts, nextRunLabel, olderLogCursor, progressPercent, relativeTime, remoteCrumbs, remoteFolderLabel, statusTone, triggerLabelKey } from './sync-display';
import { throttled } from './throttled';

describe('countActions', () => {
  it('counts per kind in display order, leaving out kinds with none', () => {
    const kinds = ['deleteRemote', 'upload', 'conflict', 'upload', 'download'] as const;
    expect(countActions(kinds.map((kind) => ({ kind })))).toEqual([
      { kind: 'upload', count: 2 },
      { kind: 'download', count: 1 },
      { kind: 'deleteRemote', count: 1 },
      { kind: 'conflict', count: 1 },
    ]);
    expect(countActions([])).toEqual([]);
  });
});

describe('triggerLabelKey', () => {
  const watch = { type: 'Watch' } as const;
  it('claims to watch only while the watcher really does', () => {
    expect(triggerLabelKey({ trigger: watch, watching: 'native', status: 'idle' })).toBe('sync.trigger.watching');
    expect(triggerLabelKey({ trigger: watch, watching: 'polling', status: 'syncing' })).toBe('sync.trigger.watching');
    expect(triggerLabelKey({ trigger: watch, watching: null, status: 'idle' })).toBe('sync.trigger.notWatching');
    expect(triggerLabelKey({ trigger: watch, watching: null, status: 'error' })).toBe('sync.trigger.notWatching');
    expect(triggerLabelKey({ trigger: watch, watching: null, status: 'paused' })).toBe('sync.trigger.watchPaused');
    expect(triggerLabelKey({ trigger: { type: 'Manual' }, watching: null, status: 'idle' })).toBe('sync.trigger.manualShort');
    expect(triggerLabelKey({ trigger: { type: 'Interval', interval: 60 }, watching: null, status: 'idle' })).toBe('sync.trigger.every');
  });
});

describe('nextRunLabel', () => {
  it('never counts down to a run of a Manual task, whatever it was told', () => {
    expect(nextRunLabel({ trigger: { type: 'Manual' }, status: 'error', nextRunAt: 1234 })).toEqual({ kind: 'manual' });
    expect(nextRunLabel({ trigger: { type: 'Manual' }, status: 'idle', nextRunAt: null })).toEqual({ kind: 'manual' });
  });

  it('shows the next run of a scheduled task unless it is paused', () => {
    expect(nextRunLabel({ trigger: { type: 'Watch' }, status: 'error', nextRunAt: 1234 })).toEqual({ kind: 'at', at: 1234 });
    expect(nextRunLabel({ trigger: { type: 'Interval', interval: 60 }, status: 'paused', nextRunAt: 1234 })).toEqual({ kind: 'none' });
    expect(nextRunLabel({ trigger: { type: 'Watch' }, status: 'scanning', nextRunAt: null })).toEqual({ kind: 'none' });
  });
});

describe('statusTone', () => {
  it('marks states that need the user', () => {
    expect(statusTone('idle')).toBe('ok');
    expect(statusTone('syncing')).toBe('busy');
    expect(statusTone('waitingForConfirmation')).toBe('warning');
    expect(statusTone('offline')).toBe('warning');
    expect(statusTone('error')).toBe('danger');
    expect(statusTone('paused')).toBe('muted');
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  it('uses the largest unit that fits, in the past and the future', () => {
    expect(relativeTime(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago');
    expect(relativeTime(now + 5 * 60_000, now, 'en')).toBe('in 5 minutes');
    expect(relativeTime(now - 2 * 3600_000 - 59 * 60_000, now, 'en')).toBe('2 hours ago');
    expect(relativeTime(now - 24 * 3600_000, now, 'en')).toBe('yesterday');
    expect(relativeTime(now - 3000, now, 'en')).toBe('now');
    expect(relativeTime(now - 30_000, now, 'en')).toBe('30 seconds ago');
  });

  it('speaks Chinese', () => {
    expect(relativeTime(now - 3 * 60_000, now, 'zh-CN')).toBe('3分钟前');
  });
});

describe('small helpers', () => {
  it('names an interval by its largest whole unit', () => {
    expect(intervalParts(300)).toEqual({ count: 5, unit: 'minute' });
    expect(intervalParts(7200)).toEqual({ count: 2, unit: 'hour' });
    expect(intervalParts(86_400)).toEqual({ count: 1, unit: 'day' });
    expect(intervalParts(90)).toEqual({ count: 90, unit: 'second' });
  });

  it('computes progress, or none', () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ done: 0, total: 0 })).toBeNull();
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
  });

  it('shows remote folders and their crumbs', () => {
    expect(remoteFolderLabel('')).toBe('/');
    expect(remoteFolderLabel('a/b/')).toBe('/a/b/');
    expect(remoteCrumbs('a/b/')).toEqual(['a/', 'a/b/']);
    expect(remoteCrumbs('')).toEqual([]);
    expect(folderName('a/b/')).toBe('b');
  });

  it('pages the log by the oldest id of a full page', () => {
    expect(olderLogCursor([{ id: 9 }, { id: 8 }], 2)).toBe(8);
    expect(olderLogCursor([{ id: 9 }], 2)).toBeUndefined();
    expect(olderLogCursor([], 2)).toBeUndefined();
  });
});

describe('host paths', () => {
  it('joins and splits POSIX paths', () => {
    expect(hostSeparator('/home/me')).toBe('/');
    expect(joinHostPath('/home', 'me')).toBe('/home/me');
    expect(joinHostPath('/', 'tmp')).toBe('/tmp');
    expect(hostCrumbs('/home/me')).toEqual([
      { label: '/', path: '/' },
      { label: 'home', path: '/home' },
      { label: 'me', path: '/home/me' },
    ]);
    expect(hostCrumbs('/')).toEqual([{ label: '/', path: '/' }]);
  });

  it('joins and splits Windows paths, drive and UNC', () => {
    expect(hostSeparator('C:\\Users')).toBe('\\');
    expect(joinHostPath('C:\\', 'Users')).toBe('C:\\Users');
    expect(joinHostPath('C:\\Users', 'me')).toBe('C:\\Users\\me');
    expect(hostCrumbs('C:\\Users\\me')).toEqual([
      { label: 'C:\\', path: 'C:\\' },
      { label: 'Users', path: 'C:\\Users' },
      { label: 'me', path: 'C:\\Users\\me' },
    ]);
    expect(hostCrumbs('\\\\nas\\share\\photos').map((c) => c.path)).toEqual(['\\\\nas\\share\\', '\\\\nas\\share\\photos']);
  });
});

describe('throttled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once per window for a burst, and always after the last call', () => {
    const fn = vi.fn();
    const run = throttled(fn, 250);
    run();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) {
      run();
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(3); // at 250 and 500: one per window
    run();
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('does nothing after cancel', () => {
    const fn = vi.fn();
    const run = throttled(fn, 250);
    run();
    run.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
