/**
 * The desktop transport: one ipcMain handler per contract operation (the
 * channel names the preload uses), answering only our own window's top frame
 * loaded from our own files, and core events forwarded to that window.
 * Input validation happens in dispatch, exactly as for headless mode.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { AppErrorCode } from '@shared/contract/define';
import { operationNames } from '@shared/contract/operations';
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '@shared/contract/preload-api';
import type { AppCore } from '../core/app-core';

export function registerIpc(core: AppCore, getWindow: () => BrowserWindow | undefined, rendererUrlPrefix: string): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const window = getWindow();
    const frame = event.senderFrame;
    return !!window && !window.isDestroyed() && event.sender.id === window.webContents.id && !!frame && frame === event.sender.mainFrame && frame.url.startsWith(rendererUrlPrefix);
  };

  for (const name of operationNames) {
    ipcMain.handle(ipcCallChannel(name), (event, input: unknown) => {
      if (!trusted(event)) return { ok: false, error: { code: AppErrorCode.Forbidden, message: 'this frame may not call the app' } };
      return core.call(name, input);
    });
  }
  const stopEvents = core.events.onAny((event) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event);
  });

  return () => {
    stopEvents();
    for (const name of operationNames) ipcMain.removeHandler(ipcCallChannel(name));
  };
}
