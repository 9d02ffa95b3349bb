/**
 * The sandboxed preload: exposes one function per contract operation and an
 * event subscription, nothing else. The renderer never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { eventNames, isEventName, type EventName } from '@shared/contract/events';
import { operationNames } from '@shared/contract/operations';
import { IPC_EVENT_CHANNEL, ipcCallChannel, PRELOAD_GLOBAL, type PreloadApi } from '@shared/contract/preload-api';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>(eventNames.map((name) => [name, new Set()]));

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: { name?: unknown; payload?: unknown }) => {
  if (typeof message?.name !== 'string' || !isEventName(message.name)) return;
  for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
});

const api: PreloadApi = {
  operations: Object.fromEntries(operationNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcCallChannel(name), input)])) as PreloadApi['operations'],
  subscribe(name, listener) {
    if (!isEventName(name)) throw new Error(`unknown event '${String(name)}'`);
    const set = listeners.get(name)!;
    set.add(listener);
    return () => set.delete(listener);
  },
  // Dropped files become paths here, so main reads them from disk; the renderer never gets file-system access.
  pathForFile(file) {
    return file instanceof File ? webUtils.getPathForFile(file) : '';
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
