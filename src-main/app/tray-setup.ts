/**
 * Wires the tray and the Start at login setting to the core: the tray's view
 * follows core/tray's TrayStatus, its actions go through the contract, and
 * the setting is applied to the OS whenever it changes.
 */
import { app } from 'electron';
import type { AppCore } from '../core/app-core';
import type { TrayAction } from '../core/tray/tray-view';
import { TrayStatus } from '../core/tray/tray-status';
import { menuLanguage } from './app-menu';
import { applyStartAtLogin } from './login-item';
import { AppTray, appIconFolder } from './tray';

export interface TraySetupOptions {
  appDir: string;
  showWindow(): void;
  quit(): void;
}

export function startTray(core: AppCore, options: TraySetupOptions): void {
  const settings = () => core.deps.settings.get();
  let tray: AppTray | undefined;
  const status = new TrayStatus({
    call: (name, input) => core.call(name, input),
    events: core.events,
    language: () => menuLanguage(settings().language),
    startAtLogin: () => settings().startAtLogin,
    onView: (view) => tray?.show(view),
  });
  const failed = (what: string) => (error: unknown) => console.error(`tray: ${what} failed`, error);
  const run = (action: TrayAction, checked?: boolean): void => {
    if (action === 'showWindow') options.showWindow();
    else if (action === 'quit') options.quit();
    else if (action === 'pauseAll') status.pauseAll().catch(failed('Pause all'));
    else if (action === 'resumeAll') status.resumeAll().catch(failed('Resume all'));
    else status.setStartAtLogin(checked ?? !settings().startAtLogin).catch(failed('Start at login'));
  };
  try {
    tray = new AppTray(appIconFolder(options.appDir, app.isPackaged), { run });
  } catch (error) {
    // A desktop without a tray area: the app works without one.
    console.error('tray: could not be created', error);
  }
  void status.start();

  // Start at login: applied once now (the executable may have moved since it was set) and on every change.
  let applied: boolean | undefined;
  const apply = (enabled: boolean) => {
    if (enabled === applied) return;
    applied = enabled;
    applyStartAtLogin(enabled).catch(failed('Start at login'));
  };
  if (settings().startAtLogin) apply(true);
  else applied = false;
  core.events.onAny((event) => {
    if (event.name === 'settings.changed') apply(event.payload.startAtLogin);
  });

  // The Electron smoke test drives the tray through this (its menu cannot be opened from a test).
  if (process.env.JCS_DESKTOP_EXPOSE_TRAY === '1') {
    (globalThis as { jcsTray?: unknown }).jcsTray = { view: () => tray?.current(), run, refresh: () => status.refresh() };
  }
  app.on('before-quit', () => {
    status.stop();
    tray?.destroy();
  });
}
