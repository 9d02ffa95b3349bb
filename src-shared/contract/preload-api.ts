/**
 * What the preload exposes to the renderer as `window.jcs` (desktop only):
 * one named function per contract operation and a subscription to events.
 * Results and payloads arrive unvalidated; the renderer's IPC transport checks
 * them against the contract like any other transport does.
 */
import type { EventName } from './events';
import type { OperationName } from './operations';

export interface PreloadApi {
  readonly operations: { readonly [N in OperationName]: (input: unknown) => Promise<unknown> };
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
  /** The path on disk of a File dropped into the window (Electron's webUtils); '' when it has none. */
  pathForFile?(file: unknown): string;
}

export const PRELOAD_GLOBAL = 'jcs';
export const IPC_EVENT_CHANNEL = 'jcs:event';

export function ipcCallChannel(name: OperationName): string {
  return `jcs:call:${name}`;
}
