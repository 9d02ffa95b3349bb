/**
 * The tray icon: transfer and sync status in its tooltip and menu, Pause all /
 * Resume all, Start at login, show the window, quit. What it shows is decided
 * by core/tray (plain Node, tested); this file only draws it with Electron.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrayAction, TrayMenuItem, TrayView } from '../core/tray/tray-view';

export interface TrayHandlers {
  run(action: TrayAction, checked?: boolean): void;
}

/** The icon folder (tray and window): packaged, electron-builder's extraResources put it in resources/icons; from a checkout, resources/icons/png. */
export function appIconFolder(appDir: string, packaged: boolean): string {
  return packaged ? join(process.resourcesPath, 'icons') : join(appDir, '..', '..', 'resources', 'icons', 'png');
}

/** Tray icons are drawn at 16 points: the 16 px image, with the 32 px one for 2× screens. */
function trayImage(folder: string): Electron.NativeImage {
  const image = nativeImage.createFromPath(join(folder, '16x16.png'));
  image.addRepresentation({ scaleFactor: 2, buffer: readFileSync(join(folder, '32x32.png')) });
  return image;
}

function toTemplate(item: TrayMenuItem, handlers: TrayHandlers): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'status':
      return { id: `status-${item.id}`, label: item.label, enabled: false };
    case 'checkbox':
      return { id: item.action, type: 'checkbox', label: item.label, checked: item.checked, click: (menuItem) => handlers.run(item.action, menuItem.checked) };
    case 'action':
      return { id: item.action, label: item.label, enabled: item.enabled, click: () => handlers.run(item.action) };
  }
}

export class AppTray {
  private readonly tray: Tray;
  private lastView: TrayView | undefined;

  constructor(
    iconFolder: string,
    private readonly handlers: TrayHandlers,
  ) {
    this.tray = new Tray(trayImage(iconFolder));
    this.tray.setToolTip('JCS Desktop');
    // Where the platform reports clicks on the icon itself (Windows, some Linux panels), a click shows the window.
    this.tray.on('click', () => handlers.run('showWindow'));
  }

  show(view: TrayView): void {
    // Rebuilt only when it changed: progress events come several times a second, and an open menu rebuilt under the pointer flickers (Linux panels).
    if (this.lastView && JSON.stringify(this.lastView) === JSON.stringify(view)) return;
    this.lastView = view;
    this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(view.menu.map((item) => toTemplate(item, this.handlers))));
  }

  /** The view on screen now (the Electron smoke test reads it). */
  current(): TrayView | undefined {
    return this.lastView;
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
