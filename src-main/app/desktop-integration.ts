/**
 * The desktop-only parts of the contract, done the Electron way: system
 * dialogs for choosing files and folders, dragging downloaded files out of the
 * window, and a notification when a batch of transfers finishes.
 */
import { dialog, nativeImage, Notification, shell, type BrowserWindow } from 'electron';
import type { EventBus } from '../core/events/event-bus';
import type { DesktopIntegration } from '../core/desktop-integration';
import { batchNotice } from '../core/transfers/batch-notice';
import { menuLanguage } from './app-menu';
import type { Settings } from '@shared/contract/domain';

// A 16×16 transparent image: startDrag requires an icon; the OS shows the file's own.
const DRAG_ICON = nativeImage.createFromDataURL('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAEklEQVR4nGNgGAWjYBSMAggAAAQQAAFVN1rQAAAAAElFTkSuQmCC');

export function createDesktopIntegration(getWindow: () => BrowserWindow | undefined): DesktopIntegration {
  return {
    async openDialog(kind) {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = {
        properties: kind === 'files' ? ['openFile', 'multiSelections'] : kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openDirectory', 'createDirectory', 'promptToCreate'],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    startDrag(files) {
      const window = getWindow();
      if (!window || files.length === 0) return;
      window.webContents.startDrag({ file: files[0]!, files: [...files], icon: DRAG_ICON });
    },
    revealPath(path) {
      shell.showItemInFolder(path);
    },
  };
}

/** A system notification when every job of a batch has finished or failed (only when the window is not focused: the in-app toast is enough then). */
export function notifyFinishedBatches(events: EventBus, getWindow: () => BrowserWindow | undefined, language: () => Settings['language']): () => void {
  return events.onAny((event) => {
    if (event.name !== 'transfers.batchFinished' || !Notification.isSupported() || getWindow()?.isFocused()) return;
    const notice = batchNotice(event.payload, menuLanguage(language()));
    if (notice) new Notification(notice).show();
  });
}
