/**
 * How the renderer reaches main. Features never know which transport they
 * have (Electron IPC through the preload, or HTTP + WebSocket in headless
 * mode: only main.tsx and this folder do); they ask `host` what the host can
 * do. Both validate results and event payloads against the contract.
 */
import { AppError, AppErrorCode, resultSchema } from '@shared/contract/define';
import { events, type EventName, type EventPayload } from '@shared/contract/events';
import { operations, type OperationInput, type OperationName, type OperationOutput } from '@shared/contract/operations';
import type { ThumbnailRequest } from '@shared/thumbnails/thumbnail-request';
import type { PreviewRequest } from '@shared/preview/preview-request';

export type { ThumbnailRequest } from '@shared/thumbnails/thumbnail-request';

/**
 * What a browser download link fetches (headless mode): one object (by its
 * path, which also names the file and lets the server find the hash to check,
 * and its `ref` from the listing so it is that very object), or a folder
 * (prefix '' = the whole root) as a zip.
 */
export type BrowserDownload =
  | { kind: 'object'; connectionId: string; root: string; path: string; ref?: string }
  | { kind: 'folder'; connectionId: string; root: string; prefix: string };

/**
 * Headless mode only: the page itself holds the bytes of a browser upload and
 * receives downloads as links, so it talks to the server's file routes.
 */
export interface BrowserFiles {
  /**
   * Sends chunk `index` of a browser upload's file. Answers the chunk wanted
   * next and whether the file is complete; throws AppError otherwise (code
   * 'Paused' while the job is paused, Conflict while it waits for a decision).
   */
  uploadChunk(jobId: string, index: number, bytes: Blob, signal?: AbortSignal): Promise<{ next: number; done: boolean }>;
  /** The address that downloads this object or folder (same origin; the session cookie authorizes it). */
  downloadUrl(download: BrowserDownload): string;
}

/** What the machine main runs on can do for this window. */
export interface TransportHost {
  /**
   * Main runs beside this window with the system's dialogs and reads files by
   * their paths: pickers are the system's (`dialogs.open`), dropped files go
   * as paths, and the host's folders are the user's own. False in a browser:
   * the page picks and sends files itself, and a folder on the host is chosen
   * by browsing it (`fs.browse`).
   */
  readonly nativePaths: boolean;
  /** The path on the host's disk of a file dropped into this window, or undefined when it has none (a browser, a file from another app). */
  pathForFile(file: File): string | undefined;
  /** Rows can be dragged out of the window as files (`desktop.dragOut`). */
  readonly dragOut: boolean;
}

export interface Transport {
  readonly host: TransportHost;
  /** Present when the page itself holds the bytes of uploads and receives downloads as links (headless mode). */
  readonly browserFiles?: BrowserFiles;
  /**
   * The image URL of an object's thumbnail (for an <img>): the headless
   * server's route, or the desktop app's own scheme. Stable for the same
   * request, so the browser's cache answers when the image shows again.
   */
  thumbnailUrl(request: ThumbnailRequest): string;
  /** The URL of an object's bytes for a preview (<img>, <audio>, <video>, a PDF's frame, a text fetch): ranged, never run (src-main/core/preview/). */
  previewUrl(request: PreviewRequest): string;
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Called with true when the event channel (re)connects, false when it drops: refetch after a reconnect. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** Checks a raw call result against the operation's output; throws AppError for failures. */
export function unwrapResult<N extends OperationName>(name: N, raw: unknown): OperationOutput<N> {
  const parsed = resultSchema(operations[name].output).safeParse(raw);
  if (!parsed.success) throw new AppError(AppErrorCode.Internal, `malformed answer to ${name}`);
  if (!parsed.data.ok) throw AppError.fromShape(parsed.data.error);
  return parsed.data.value as OperationOutput<N>;
}

/** Checks an event payload; undefined when it does not match (the event is dropped). */
export function parsePayload<E extends EventName>(name: E, raw: unknown): EventPayload<E> | undefined {
  const parsed = events[name].safeParse(raw);
  return parsed.success ? (parsed.data as EventPayload<E>) : undefined;
}
