/**
 * Start at login on Linux desktops: an XDG autostart entry
 * (~/.config/autostart/<name>.desktop, per the freedesktop.org Desktop
 * Application Autostart spec). Electron's app.setLoginItemSettings covers
 * macOS and Windows only.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LaunchCommand {
  /** The executable (for an AppImage: the AppImage file, not the binary inside its temporary mount). */
  executable: string;
  args: readonly string[];
}

export function autostartEntryPath(env: NodeJS.ProcessEnv = process.env, fileName = 'jcs-desktop.desktop'): string {
  // XDG_CONFIG_HOME counts only as an absolute path (the spec says relative ones are invalid).
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(configHome, 'autostart', fileName);
}

/** One Exec argument, quoted as the Desktop Entry spec asks (inside double quotes, `"`, `` ` ``, `$` and `\` are escaped; `%` is doubled). */
function quoteArgument(argument: string): string {
  if (/[\n\r]/.test(argument)) throw new Error('a desktop entry cannot hold a line break in its command');
  const escaped = argument.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/%/g, '%%');
  return `"${escaped}"`;
}

export function autostartEntry(name: string, command: LaunchCommand): string {
  const exec = [command.executable, ...command.args].map(quoteArgument).join(' ');
  // In a desktop file's string values, a backslash is itself escaped once more.
  return ['[Desktop Entry]', 'Type=Application', `Name=${name}`, `Exec=${exec.replace(/\\/g, '\\\\')}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/** Writes the entry (atomically: a reader never sees half a file) or removes it. */
export async function setXdgAutostart(path: string, enabled: boolean, name: string, command: LaunchCommand): Promise<void> {
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, autostartEntry(name, command), { mode: 0o644 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
