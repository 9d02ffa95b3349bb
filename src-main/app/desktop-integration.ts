/**
 * The desktop-only parts of the contract, done the Electron way: system
 * dialogs for choosing files and folders, dragging downloaded files out of the
 * window, and a notification when a batch of transfers finishes.
 */
import { dialog, nativeImage, Notification, shell, type BrowserWindow } from 'electron';
import type { EventBus } from '../core/events/event-bus';
import type { DesktopIntegration } from '../core/desktop-integration';
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

const TEXT = {
  en: { upload: 'Upload finished', download: 'Download finished', summary: '{completed} of {total} done, {failed} failed' },
  'zh-CN': { upload: '上传完成', download: '下载完成', summary: '共 {total} 个，完成 {completed} 个，失败 {failed} 个' },
} as const;

/** A system notification when every job of a batch has finished (only when the window is not focused). */
export function notifyFinishedBatches(events: EventBus, getWindow: () => BrowserWindow | undefined, language: () => Settings['language']): () => void {
  return events.onAny((event) => {
    if (event.name !== 'transfers.batchFinished' || !Notification.isSupported()) return;
    if (getWindow()?.isFocused() || event.payload.sync) return; // the in-app toast is enough; sync reports on its page
    const text = TEXT[menuLanguage(language())];
    const { completed, failed, total, direction } = event.payload;
    new Notification({
      title: direction === 'upload' ? text.upload : text.download,
      body: text.summary.replace('{completed}', String(completed)).replace('{total}', String(total)).replace('{failed}', String(failed)),
    }).show();
  });
}
