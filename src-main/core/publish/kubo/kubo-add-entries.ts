/**
 * What `KuboClient.add` sends, checked before a byte goes out, and the
 * multipart body Kubo's `add` reads: one part per entry, named "file", with
 * the URL-encoded relative path as its filename; folders as
 * `application/x-directory` parts with no body, each before what it holds
 * (Kubo builds the tree in arrival order and refuses a child whose parent it
 * has not seen).
 */
import { LocalSourceError } from '../endpoint-http';

export interface KuboAddEntry {
  /** '/'-separated, relative: `photo.jpg`, `album/photo.jpg`. */
  path: string;
  kind: 'file' | 'dir';
  /** The file's size when known: the bytes sent must match it (a file that changes while it is sent would get a CID nobody computed). */
  size?: number;
  open?: () => Promise<NodeJS.ReadableStream>;
}

/** Refuses entries Kubo would read differently from what the caller meant; returns the top-level paths. */
export function checkAddEntries(entries: readonly KuboAddEntry[], wrapWithDirectory: boolean): string[] {
  if (entries.length === 0) throw new Error('nothing to add: no entries');
  const kinds = new Map<string, 'file' | 'dir'>();
  const tops: string[] = [];
  for (const entry of entries) {
    const problem = pathProblem(entry.path);
    if (problem) throw new Error(`cannot add '${entry.path}': ${problem}`);
    if (kinds.has(entry.path)) throw new Error(`cannot add '${entry.path}' twice`);
    if (entry.kind === 'file' && !entry.open) throw new Error(`cannot add '${entry.path}': a file entry needs open()`);
    if (entry.kind === 'dir' && entry.open) throw new Error(`cannot add '${entry.path}': a folder entry has no content`);
    if (entry.size !== undefined && (!Number.isSafeInteger(entry.size) || entry.size < 0)) throw new Error(`cannot add '${entry.path}': size must be a whole number of bytes`);
    const slash = entry.path.lastIndexOf('/');
    if (slash === -1) tops.push(entry.path);
    else {
      const parent = entry.path.slice(0, slash);
      if (kinds.get(parent) !== 'dir') throw new Error(`cannot add '${entry.path}': its folder '${parent}' must come before it as a folder entry`);
    }
    kinds.set(entry.path, entry.kind);
  }
  if (!wrapWithDirectory && tops.length !== 1) throw new Error(`without wrap-with-directory an add has one top-level file or folder, not ${tops.length}`);
  return tops;
}

function pathProblem(path: string): string | null {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path must be relative';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path has a control character';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `the segment '${segment}' is not a name`;
    if (Buffer.byteLength(segment) > 255) return 'a name is longer than 255 bytes';
  }
  return null;
}

/** The multipart body, streamed: at most one chunk of a file in memory at a time. */
export async function* multipartBody(entries: readonly KuboAddEntry[], boundary: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    signal?.throwIfAborted();
    const type = entry.kind === 'dir' ? 'application/x-directory' : 'application/octet-stream';
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(entry.path)}"\r\nContent-Type: ${type}\r\n\r\n`);
    if (entry.kind === 'file' && entry.open) yield* fileContent(entry, entry.open, signal);
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

/** `signal` ends the read even while the stream waits for data: the stream is destroyed then. */
async function* fileContent(entry: KuboAddEntry, open: () => Promise<NodeJS.ReadableStream>, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await open();
  } catch (error) {
    throw new LocalSourceError(`cannot read '${entry.path}': ${(error as Error).message}`, { cause: error });
  }
  const stop = () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  let sent = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sent += bytes.length;
      if (entry.size !== undefined && sent > entry.size) throw new LocalSourceError(`'${entry.path}' grew while it was being sent (more than ${entry.size} bytes)`);
      yield bytes;
    }
  } catch (error) {
    if (error instanceof LocalSourceError) throw error;
    throw new LocalSourceError(`cannot read '${entry.path}': ${(error as Error).message}`, { cause: error });
  } finally {
    signal?.removeEventListener('abort', stop);
    // Stopped early (the endpoint answered, a cancel): the file is closed now, not when collected.
    stop();
  }
  if (entry.size !== undefined && sent !== entry.size) throw new LocalSourceError(`'${entry.path}' shrank while it was being sent (${sent} of ${entry.size} bytes)`);
}
