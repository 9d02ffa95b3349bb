/**
 * The headless transport: calls are `POST /api/call/<name>` (the token travels
 * in the HttpOnly cookie the server set on the first visit); events arrive on
 * a WebSocket at /api/events that reconnects with backoff. Subscribers are told
 * about reconnects so they can refetch what they may have missed.
 */
import { z } from 'zod';
import { AppError, AppErrorCode, resultSchema } from '@shared/contract/define';
import { isEventName, type EventName } from '@shared/contract/events';
import { backoffDelay, type Backoff } from '@shared/retry/backoff';
import { THUMBNAIL_ROUTE, thumbnailQuery } from '@shared/thumbnails/thumbnail-request';
import { PREVIEW_ROUTE, previewQuery } from '@shared/preview/preview-request';
import { parsePayload, unwrapResult, type BrowserFiles, type Transport } from './transport';

/** The event channel reconnects after 0.5, 1, 2, 4 … s, at most 30 s apart. */
const RECONNECT: Backoff = { baseDelayMs: 500, maxDelayMs: 30_000 };

const chunkAnswerSchema = resultSchema(z.object({ next: z.number().int().min(0), done: z.boolean() }));

/** Headless file routes: `POST /api/transfers/chunk?job=&index=` (raw bytes) and `GET /api/download/{object,folder}?…`. */
function browserFiles(origin: string): BrowserFiles {
  return {
    async uploadChunk(jobId, index, bytes, signal) {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/transfers/chunk?${new URLSearchParams({ job: jobId, index: String(index) }).toString()}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' },
          body: bytes,
          credentials: 'same-origin',
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw new AppError(AppErrorCode.Cancelled, 'the chunk was not sent (stopped)');
        throw new AppError(AppErrorCode.ConnectionFailed, `the JCS Desktop server cannot be reached (${(error as Error).message})`);
      }
      let raw: unknown;
      try {
        raw = await response.json();
      } catch {
        throw new AppError(AppErrorCode.Internal, `unexpected answer to a file chunk (HTTP ${response.status})`);
      }
      const parsed = chunkAnswerSchema.safeParse(raw);
      if (!parsed.success) throw new AppError(AppErrorCode.Internal, 'malformed answer to a file chunk');
      if (!parsed.data.ok) throw AppError.fromShape(parsed.data.error);
      return parsed.data.value;
    },
    downloadUrl(download) {
      const query = new URLSearchParams({ connection: download.connectionId, root: download.root });
      if (download.kind === 'object') {
        query.set('path', download.path); // names the file and lets the server check its hash
        if (download.ref !== undefined) query.set('ref', download.ref);
      } else {
        query.set('prefix', download.prefix);
      }
      return `${origin}/api/download/${download.kind}?${query.toString()}`;
    },
  };
}

export function createHttpTransport(origin: string = window.location.origin): Transport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | undefined;
  let attempt = 0;

  const connect = () => {
    const ws = new WebSocket(origin.replace(/^http/, 'ws') + '/api/events');
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      for (const l of connectionListeners) l(true);
    };
    ws.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (typeof data !== 'object' || data === null) return;
      const { name, payload } = data as { name?: unknown; payload?: unknown };
      if (typeof name !== 'string' || !isEventName(name)) return;
      for (const listener of listeners.get(name) ?? []) listener(payload);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      for (const l of connectionListeners) l(false);
      setTimeout(connect, backoffDelay(attempt++, RECONNECT));
    };
  };
  connect();

  return {
    // The host is another machine (or this one, seen through a browser): its paths are not the page's.
    host: { nativePaths: false, pathForFile: () => undefined, dragOut: false },
    browserFiles: browserFiles(origin),
    // Same origin: the session cookie authorizes it, and the CSP's img-src 'self' allows it.
    thumbnailUrl: (request) => `${origin}${THUMBNAIL_ROUTE}?${thumbnailQuery(request)}`,
    previewUrl: (request) => `${origin}${PREVIEW_ROUTE}?${previewQuery(request)}`,
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
          credentials: 'same-origin',
        });
      } catch (error) {
        throw new AppError(AppErrorCode.ConnectionFailed, `the JCS Desktop server cannot be reached (${(error as Error).message})`);
      }
      let raw: unknown;
      try {
        raw = await response.json();
      } catch {
        throw new AppError(AppErrorCode.Internal, `unexpected answer to ${name} (HTTP ${response.status})`);
      }
      return unwrapResult(name, raw);
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = (raw: unknown) => {
        const payload = parsePayload(name, raw);
        if (payload !== undefined) listener(payload);
      };
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
