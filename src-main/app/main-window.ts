/**
 * The main window, locked down: context isolation, sandbox, no Node in the
 * renderer, a preload that exposes only the contract, no navigation away from
 * our page, no new windows (http/https links open in the system browser), no
 * webviews, no permissions except writing to the clipboard.
 */
import { BrowserWindow, shell, type Session } from 'electron';
import { join } from 'node:path';
import { loadWindowState, trackWindowState } from './window-state';

export interface MainWindowOptions {
  appDir: string;
  userData: string;
  /** The dev server URL under `electron-vite dev`; undefined for built files. */
  devServerUrl: string | undefined;
  /** The window's icon (Linux shows it; Windows and macOS take the executable's or bundle's). */
  iconPath?: string;
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(options.userData);
  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'JCS Desktop',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    backgroundColor: '#1b1e22',
    webPreferences: {
      preload: join(options.appDir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  trackWindowState(window, options.userData);
  window.once('ready-to-show', () => window.show());

  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadFile(join(options.appDir, '../renderer/index.html'));
  return window;
}
