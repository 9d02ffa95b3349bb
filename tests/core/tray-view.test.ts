/** What the tray shows for a given transfer and sync state (core/tray/tray-view.ts), in both languages. */
import { describe, expect, it } from 'vitest';
import type { TransferTotals } from '../../src-shared/contract/domain';
import { trayView, type TrayMenuItem, type TrayState } from '../../src-main/core/tray/tray-view';

const idle: TransferTotals = { queued: 0, running: 0, paused: 0, failed: 0, completed: 0, cancelled: 0, waiting: 0, skipped: 0, bytesDone: 0, bytesTotal: 0, speed: 0 };
const state = (change: Partial<TrayState> = {}): TrayState => ({ transfers: idle, syncTasks: [], startAtLogin: false, language: 'en', ...change });
const status = (menu: TrayMenuItem[]) => menu.filter((item) => item.kind === 'status').map((item) => item.label);
const enabled = (menu: TrayMenuItem[], action: string) => menu.some((item) => item.kind === 'action' && item.action === action && item.enabled);

describe('trayView', () => {
  it('with nothing going on: says so, and neither Pause all nor Resume all has anything to do', () => {
    const view = trayView(state());
    expect(status(view.menu)).toEqual(['No transfers', 'No sync tasks']);
    expect(view.tooltip).toBe('JCS Desktop\nNo transfers\nNo sync tasks');
    expect(enabled(view.menu, 'pauseAll')).toBe(false);
    expect(enabled(view.menu, 'resumeAll')).toBe(false);
  });

  it('counts transfers by state, leaving out the empty ones; completed ones are not news', () => {
    const view = trayView(state({ transfers: { ...idle, running: 2, queued: 5, failed: 1, completed: 40 } }));
    expect(status(view.menu)[0]).toBe('Transfers: 2 running · 5 queued · 1 failed');
    expect(enabled(view.menu, 'pauseAll')).toBe(true);
    expect(enabled(view.menu, 'resumeAll')).toBe(false);
  });

  it('counts sync tasks by status, with their conflicts', () => {
    const view = trayView(
      state({
        syncTasks: [
          { status: 'syncing', conflicts: 0 },
          { status: 'paused', conflicts: 2 },
          { status: 'error', conflicts: 0 },
          { status: 'waitingForConfirmation', conflicts: 0 },
          { status: 'idle', conflicts: 1 },
        ],
      }),
    );
    expect(status(view.menu)[1]).toBe('Sync: 5 tasks · 1 syncing · 1 paused · 1 with errors · 1 need confirmation · 3 conflicts');
    expect(enabled(view.menu, 'pauseAll')).toBe(true);
    expect(enabled(view.menu, 'resumeAll')).toBe(true);
  });

  it('all paused: only Resume all has something to do', () => {
    const view = trayView(state({ transfers: { ...idle, paused: 3 }, syncTasks: [{ status: 'paused', conflicts: 0 }] }));
    expect(status(view.menu)).toEqual(['Transfers: 3 paused', 'Sync: 1 task · 1 paused']);
    expect(enabled(view.menu, 'pauseAll')).toBe(false);
    expect(enabled(view.menu, 'resumeAll')).toBe(true);
  });

  it('an idle task is up to date; Start at login shows the setting; the menu ends with show and quit', () => {
    const view = trayView(state({ syncTasks: [{ status: 'idle', conflicts: 0 }], startAtLogin: true }));
    expect(status(view.menu)[1]).toBe('Sync: 1 task · up to date');
    expect(view.menu.find((item) => item.kind === 'checkbox')).toEqual({ kind: 'checkbox', action: 'toggleStartAtLogin', label: 'Start at login', checked: true });
    expect(view.menu.filter((item) => item.kind === 'action').map((item) => item.kind === 'action' && item.action)).toEqual(['pauseAll', 'resumeAll', 'showWindow', 'quit']);
  });

  it('speaks 简体中文', () => {
    const view = trayView(state({ language: 'zh-CN', transfers: { ...idle, running: 1, waiting: 2 }, syncTasks: [{ status: 'offline', conflicts: 0 }] }));
    expect(status(view.menu)).toEqual(['传输：1 个进行中 · 2 个等待处理', '同步：1 个任务 · 1 个出错']);
    expect(view.menu.flatMap((item) => ('label' in item ? [item.label] : []))).toEqual(expect.arrayContaining(['全部暂停', '全部继续', '登录时启动', '退出', '显示 JCS Desktop']));
  });
});
