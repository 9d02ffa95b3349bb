/**
 * The desktop app's main process: thin glue between Electron and the
 * plain-Node core. One instance at a time; the core (with its embedded storage
 * node) starts after `ready` and stops cleanly before the app quits.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppCore, type AppCore } from '../core/app-core';
import { removeStaleDragFolders } from '../core/transfers/drag-out';
import { buildAppMenu, menuLanguage } from './app-menu';
import { registerIpc } from './ipc';
import { createMainWindow, hardenSession } from './main-window';
import { createDesktopSecretBox } from './safe-storage-secret-box';
import { createDesktopIntegration, notifyFinishedBatches } from './desktop-integration';
import { handleThumbnails, registerThumbnailScheme } from './thumbnail-protocol';
import { handlePreviews } from './preview-protocol';
import { appIconFolder } from './tray';
import { startTray } from './tray-setup';

const appDir = dirname(fileURLToPath(import.meta.url)); // out/main
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// Tests and portable setups may point the app at another data folder.
if (process.env.JCS_DESKTOP_USER_DATA) app.setPath('userData', process.env.JCS_DESKTOP_USER_DATA);

// Privileged schemes must be known before `ready`.
registerThumbnailScheme();

let core: AppCore | undefined;
let mainWindow: BrowserWindow | undefined;
let quitting = false;

function openWindow(): void {
  mainWindow = createMainWindow({ appDir, userData: app.getPath('userData'), devServerUrl, iconPath: join(appIconFolder(appDir, app.isPackaged), '256x256.png') });
  mainWindow.on('closed', () => (mainWindow = undefined));
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  const userData = app.getPath('userData');
  core = await createAppCore({
    dataDir: userData,
    mode: 'desktop',
    version: app.getVersion(),
    storageNodeScript: join(appDir, 'storage-node.js'),
    secretBox: createDesktopSecretBox,
    desktop: createDesktopIntegration(() => mainWindow),
  });
  notifyFinishedBatches(core.events, () => mainWindow, () => core!.deps.settings.get().language);
  void removeStaleDragFolders();
  const rendererUrlPrefix = devServerUrl ?? pathToFileURL(join(appDir, '../renderer')).href;
  registerIpc(core, () => mainWindow, rendererUrlPrefix);
  handleThumbnails(session.defaultSession, core);
  handlePreviews(session.defaultSession, core);
  const applyMenu = () => buildAppMenu(menuLanguage(core!.deps.settings.get().language), core!.events);
  applyMenu();
  core.events.onAny((event) => {
    if (event.name === 'settings.changed') applyMenu();
  });
  startTray(core, { appDir, showWindow, quit: () => app.quit() });
  openWindow();
}

function showWindow(): void {
  if (!mainWindow) return openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces for any web contents, not only the main window.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('JCS Desktop could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
      app.exit(1);
    });
}
