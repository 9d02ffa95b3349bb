/** Start at login on Linux: the XDG autostart entry is written (atomically), quoted per the Desktop Entry spec, and removed. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autostartEntry, autostartEntryPath, setXdgAutostart } from '../../src-main/core/login-item/xdg-autostart';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => (temp = await makeTempDir('jcs-autostart')));
afterAll(async () => temp.remove());

describe('XDG autostart entry', () => {
  it('lives under XDG_CONFIG_HOME/autostart when that is absolute, else ~/.config/autostart', () => {
    expect(autostartEntryPath({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/autostart/jcs-desktop.desktop');
    expect(autostartEntryPath({ XDG_CONFIG_HOME: 'relative/cfg' })).toBe(join(homedir(), '.config', 'autostart', 'jcs-desktop.desktop'));
    expect(autostartEntryPath({})).toBe(join(homedir(), '.config', 'autostart', 'jcs-desktop.desktop'));
  });

  it('quotes the command so spaces, quotes, $, backslashes and % reach the program as they are', () => {
    const entry = autostartEntry('JCS Desktop', { executable: '/opt/JCS Desktop/jcs-desktop', args: ['/home/a "b"/$HOME/100%', 'back\\slash'] });
    expect(entry.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Name=JCS Desktop',
      // Exec quoting (\" \$ \\ and %%), then the string-value escaping of every backslash once more.
      'Exec="/opt/JCS Desktop/jcs-desktop" "/home/a \\\\"b\\\\"/\\\\$HOME/100%%" "back\\\\\\\\slash"',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ]);
    expect(() => autostartEntry('x', { executable: '/bin/x', args: ['a\nb'] })).toThrow(/line break/);
  });

  it('is written when turned on (leaving no temporary file), rewritten in place, and removed when turned off', async () => {
    const path = autostartEntryPath({ XDG_CONFIG_HOME: temp.path });
    await setXdgAutostart(path, true, 'JCS Desktop', { executable: '/opt/jcs/jcs-desktop', args: [] });
    expect(readFileSync(path, 'utf8')).toContain('Exec="/opt/jcs/jcs-desktop"\n');
    await setXdgAutostart(path, true, 'JCS Desktop', { executable: '/apps/jcs.AppImage', args: [] });
    expect(readFileSync(path, 'utf8')).toContain('Exec="/apps/jcs.AppImage"\n');
    expect(readdirSync(join(temp.path, 'autostart'))).toEqual(['jcs-desktop.desktop']);
    await setXdgAutostart(path, false, 'JCS Desktop', { executable: '/apps/jcs.AppImage', args: [] });
    expect(existsSync(path)).toBe(false);
    await setXdgAutostart(path, false, 'JCS Desktop', { executable: '/apps/jcs.AppImage', args: [] }); // already off: fine
  });
});
