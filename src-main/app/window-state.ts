/**
 * Remembers the main window's size, position and maximized state in
 * `<userData>/window-state.json`, and only restores a position that is still
 * on a connected display.
 */
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1200, height: 780 };

export function loadWindowState(userData: string): { bounds: Partial<Rectangle>; maximized: boolean } {
  try {
    const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    const b = saved.bounds;
    if (b && [b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n)) && b.width >= 400 && b.height >= 300) {
      const visible = screen.getAllDisplays().some((d) => intersects(d.workArea, b));
      return { bounds: visible ? b : { width: b.width, height: b.height }, maximized: saved.maximized === true };
    }
  } catch {
    // first start, or an unreadable file: use defaults
  }
  return { bounds: DEFAULT_SIZE, maximized: false };
}

/** Saves the state whenever the window settles, and when it closes. */
export function trackWindowState(window: BrowserWindow, userData: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const file = join(userData, 'window-state.json');
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch {
      // not worth interrupting the user over
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
