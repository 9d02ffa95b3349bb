/**
 * Keeps the tray's view current: reads transfer totals and sync tasks through
 * the contract (as any client would) when an event says they changed, at most
 * a few times a second, and carries out the tray's Pause all / Resume all.
 */
import type { TransferTotals } from '@shared/contract/domain';
import type { SyncTask } from '@shared/contract/sync';
import type { CallResult } from '../dispatch';
import type { EventBus } from '../events/event-bus';
import type { TrayLanguage } from './tray-text';
import { trayView, type TrayView } from './tray-view';

export interface TrayStatusOptions {
  call: (name: string, input: unknown) => Promise<CallResult>;
  events: EventBus;
  language: () => TrayLanguage;
  startAtLogin: () => boolean;
  onView: (view: TrayView) => void;
  /** How long to gather events before reading the state again. */
  settleMs?: number;
}

const REFRESH_ON = new Set(['transfers.changed', 'transfers.progress', 'sync.changed', 'settings.changed']);

async function callOk<T>(call: TrayStatusOptions['call'], name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

export class TrayStatus {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private stopListening: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: TrayStatusOptions) {}

  /** Shows the current state, then follows the events. */
  async start(): Promise<void> {
    this.stopListening = this.options.events.onAny((event) => {
      if (REFRESH_ON.has(event.name)) this.schedule();
    });
    await this.refresh();
  }

  stop(): void {
    this.closed = true;
    this.stopListening?.();
    clearTimeout(this.timer);
  }

  /** Pauses every sync task (which pauses its transfers), then every other transfer. */
  async pauseAll(): Promise<void> {
    for (const task of await this.tasks()) {
      if (task.status !== 'paused') await callOk(this.options.call, 'sync.pause', { id: task.id });
    }
    await callOk(this.options.call, 'transfers.control', { action: 'pause', ids: null });
    await this.refresh();
  }

  /** Resumes every paused sync task and every paused transfer. */
  async resumeAll(): Promise<void> {
    for (const task of await this.tasks()) {
      if (task.status === 'paused') await callOk(this.options.call, 'sync.resume', { id: task.id });
    }
    await callOk(this.options.call, 'transfers.control', { action: 'resume', ids: null });
    await this.refresh();
  }

  async setStartAtLogin(enabled: boolean): Promise<void> {
    await callOk(this.options.call, 'settings.update', { startAtLogin: enabled });
  }

  /** Reads the state and publishes the view; calls made while one runs fold into one more read after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.read().finally(() => {
      this.refreshing = undefined;
      if (this.again && !this.closed) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.options.settleMs ?? 250);
  }

  private tasks(): Promise<SyncTask[]> {
    return callOk<SyncTask[]>(this.options.call, 'sync.list', {});
  }

  private async read(): Promise<void> {
    try {
      const [transfers, syncTasks] = await Promise.all([callOk<TransferTotals>(this.options.call, 'transfers.totals', {}), this.tasks()]);
      if (this.closed) return;
      this.options.onView(trayView({ transfers, syncTasks, startAtLogin: this.options.startAtLogin(), language: this.options.language() }));
    } catch (error) {
      // The tray keeps its last view; the next event reads again.
      console.error('tray: could not read the transfer and sync state', error);
    }
  }
}
