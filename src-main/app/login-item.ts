/**
 * Applies the "Start at login" setting to the OS: Electron's login items on
 * macOS and Windows, an XDG autostart entry on Linux (which Electron does not
 * cover). Run from a checkout, the entry starts this Electron on this app.
 */
import { app } from 'electron';
import { autostartEntryPath, setXdgAutostart, type LaunchCommand } from '../core/login-item/xdg-autostart';

function launchCommand(): LaunchCommand {
  // An AppImage runs from a temporary mount; APPIMAGE names the file itself, which is what must be started.
  const executable = process.env.APPIMAGE ?? process.execPath;
  return { executable, args: app.isPackaged ? [] : [app.getAppPath()] };
}

export async function applyStartAtLogin(enabled: boolean): Promise<void> {
  const command = launchCommand();
  if (process.platform === 'linux') {
    await setXdgAutostart(autostartEntryPath(), enabled, app.getName(), command);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, path: command.executable, args: [...command.args] });
}
