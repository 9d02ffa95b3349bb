import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'JCS Desktop';

/**
 * The platform's per-user data folder for the app, the same place Electron's
 * `app.getPath('userData')` gives the desktop app, so headless mode and the
 * desktop app find the same connections and storage by default.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_DIR_NAME);
}
