/**
 * What the tray shows for a given state: its tooltip and its menu, as plain
 * data. src-main/app/tray.ts turns this into Electron's Tray and Menu; keeping
 * the decisions here lets them be tested without Electron.
 */
import type { TransferTotals } from '@shared/contract/domain';
import type { SyncTask } from '@shared/contract/sync';
import { TRAY_TEXT, type TrayLanguage } from './tray-text';

export type TrayAction = 'showWindow' | 'pauseAll' | 'resumeAll' | 'toggleStartAtLogin' | 'quit';

export type TrayMenuItem =
  | { kind: 'status'; id: 'transfers' | 'sync'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: Exclude<TrayAction, 'toggleStartAtLogin'>; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: 'toggleStartAtLogin'; label: string; checked: boolean };

export interface TrayState {
  transfers: TransferTotals;
  syncTasks: ReadonlyArray<Pick<SyncTask, 'status' | 'conflicts'>>;
  startAtLogin: boolean;
  language: TrayLanguage;
}

export interface TrayView {
  tooltip: string;
  menu: TrayMenuItem[];
}

const count = (template: string, n: number) => template.replace('{n}', String(n));

function transferLine(totals: TransferTotals, text: (typeof TRAY_TEXT)[TrayLanguage]): string {
  const parts = [
    totals.running && count(text.running, totals.running),
    totals.queued && count(text.queued, totals.queued),
    totals.paused && count(text.paused, totals.paused),
    totals.waiting && count(text.waiting, totals.waiting),
    totals.failed && count(text.failed, totals.failed),
  ].filter((part): part is string => !!part);
  return parts.length ? `${text.transfers}${text.colon}${parts.join(' · ')}` : text.noTransfers;
}

function syncLine(tasks: TrayState['syncTasks'], text: (typeof TRAY_TEXT)[TrayLanguage]): string {
  if (tasks.length === 0) return text.noSync;
  const by = (statuses: readonly SyncTask['status'][]) => tasks.filter((task) => statuses.includes(task.status)).length;
  const syncing = by(['scanning', 'syncing']);
  const paused = by(['paused']);
  const errors = by(['error', 'offline']);
  const confirm = by(['waitingForConfirmation']);
  const conflicts = tasks.reduce((sum, task) => sum + task.conflicts, 0);
  const parts = [
    syncing && count(text.syncing, syncing),
    paused && count(text.paused, paused),
    errors && count(text.syncErrors, errors),
    confirm && count(text.needsConfirmation, confirm),
    conflicts && count(text.conflicts, conflicts),
  ].filter((part): part is string => !!part);
  const size = tasks.length === 1 ? text.oneTask : count(text.tasks, tasks.length);
  return `${text.sync}${text.colon}${size} · ${parts.length ? parts.join(' · ') : text.upToDate}`;
}

export function trayView(state: TrayState): TrayView {
  const text = TRAY_TEXT[state.language];
  const { transfers, syncTasks } = state;
  const transfersLine = transferLine(transfers, text);
  const syncsLine = syncLine(syncTasks, text);
  // Pause all has something to do while a transfer could still move or a task is not paused; Resume all while anything is paused.
  const canPause = transfers.running + transfers.queued > 0 || syncTasks.some((task) => task.status !== 'paused');
  const canResume = transfers.paused > 0 || syncTasks.some((task) => task.status === 'paused');
  return {
    tooltip: `${text.appName}\n${transfersLine}\n${syncsLine}`,
    menu: [
      { kind: 'status', id: 'transfers', label: transfersLine },
      { kind: 'status', id: 'sync', label: syncsLine },
      { kind: 'separator' },
      { kind: 'action', action: 'pauseAll', label: text.pauseAll, enabled: canPause },
      { kind: 'action', action: 'resumeAll', label: text.resumeAll, enabled: canResume },
      { kind: 'separator' },
      { kind: 'action', action: 'showWindow', label: text.show, enabled: true },
      { kind: 'checkbox', action: 'toggleStartAtLogin', label: text.startAtLogin, checked: state.startAtLogin },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: text.quit, enabled: true },
    ],
  };
}
