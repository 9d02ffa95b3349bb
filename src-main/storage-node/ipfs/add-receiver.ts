/**
 * The multipart body of `add`, streamed: each file part is hashed into its
 * UnixFS DAG (H1's UnixfsFileHasher: one pass, bounded memory) while it is
 * written to a temp blob (sha256, synced) — unless `only-hash`, when nothing
 * is written. Directory parts (`application/x-directory`) only name folders.
 * Field names are not read (clients send `file`, `file-1`, `dir-2`, …); the
 * part's Content-Type says what it is and its filename (URL-encoded) where.
 *
 * If anything is wrong, every temp file of the request is removed, the rest
 * of the body is drained so the connection stays usable, and the first error
 * is reported: a failed add changes nothing.
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { UnixfsFileHasher, type UnixfsNode } from '../../common/ipfs/unixfs-file-hasher';
import { discard, type BlobStore } from '../blobs/blob-store';
import type { TempBlobWriter, WrittenBlob } from '../blobs/temp-blob-writer';
import { ClientGoneError } from '../http/request-input';
import { decodeAddPath } from './add-paths';
import { kuboBadRequest } from './kubo-error';

export interface ReceivedFile {
  /** '/'-separated, relative; '' for a file sent without a name. */
  path: string;
  node: UnixfsNode;
  /** Absent for only-hash. */
  blob?: WrittenBlob;
}

export interface ReceivedAdd {
  files: ReceivedFile[];
  dirs: string[];
}

export interface ReceiveOptions {
  /** Where bytes go; undefined for only-hash (nothing is written). */
  store: BlobStore | undefined;
  /** Cumulative bytes of one file, every PROGRESS_STEP and at its end. */
  onProgress?: (path: string, bytes: number) => void;
}

/** Kubo reports progress per 256 KiB chunk. */
export const PROGRESS_STEP = 262_144;
/** Files and folders in one add, at most: each is held (path and CID) until the add is recorded. */
export const MAX_ADD_ENTRIES = 100_000;
/** Files of one request being written at the same time, at most (as for uploads). */
const MAX_UNFINISHED_FILES = 32;
const DIRECTORY_TYPE = 'application/x-directory';

export function receiveAdd(req: IncomingMessage, options: ReceiveOptions): Promise<ReceivedAdd> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        highWaterMark: 1024 * 1024,
        fileHwm: 1024 * 1024,
        limits: { fields: 0, files: MAX_ADD_ENTRIES, parts: MAX_ADD_ENTRIES },
      });
    } catch {
      req.resume();
      reject(kuboBadRequest('Content-Type: expected multipart/form-data with a boundary'));
      return;
    }

    let failure: unknown;
    let unfinished = 0;
    const writers: TempBlobWriter[] = [];
    const files: Array<Promise<ReceivedFile>> = [];
    const dirs: string[] = [];
    const fail = (error: unknown) => {
      failure ??= error;
    };

    parser.on('field', (name) => fail(kuboBadRequest(`unexpected form field '${name}': add takes file and directory parts`)));

    parser.on('file', (_field, stream, meta) => {
      if (failure) return void stream.resume();
      let path: string;
      try {
        path = decodeAddPath(meta.filename ?? '');
      } catch (error) {
        fail(error);
        return void stream.resume();
      }
      if (meta.mimeType === DIRECTORY_TYPE) {
        if (path === '') fail(kuboBadRequest('a directory part must have a name'));
        else dirs.push(path);
        return void stream.resume();
      }
      const writer = options.store?.newWriter();
      if (writer) writers.push(writer);
      if (++unfinished >= MAX_UNFINISHED_FILES && !req.isPaused()) req.pause();
      const release = () => {
        if (--unfinished < MAX_UNFINISHED_FILES && req.isPaused()) req.resume();
      };
      const received = hashAndWrite(stream, path, writer, options.onProgress);
      files.push(received);
      received.then(release, (error: unknown) => {
        release();
        fail(error);
      });
    });

    parser.on('filesLimit', () => fail(kuboBadRequest(`more than ${MAX_ADD_ENTRIES} files in one add`)));
    parser.on('partsLimit', () => fail(kuboBadRequest(`more than ${MAX_ADD_ENTRIES} parts in one add`)));
    parser.on('fieldsLimit', () => fail(kuboBadRequest('add takes no form fields, only file and directory parts')));

    let settled = false;
    const settle = async () => {
      if (settled) return;
      settled = true;
      if (failure) for (const writer of writers) if (!writer.writableFinished) writer.destroy(new Error('add failed'));
      const results = await Promise.allSettled(files);
      if (failure) {
        await Promise.all(writers.map((w) => discard(w.tempPath)));
        reject(failure instanceof Error ? failure : new Error('add failed'));
        return;
      }
      resolve({ files: results.map((r) => (r as PromiseFulfilledResult<ReceivedFile>).value), dirs });
    };
    parser.on('close', () => void settle());
    parser.on('error', (error: Error) => {
      fail(kuboBadRequest(`malformed multipart body: ${error.message}`));
      req.unpipe(parser);
      req.resume();
      if (req.complete) void settle();
      else req.once('end', () => void settle());
    });
    req.on('close', () => {
      if (!req.complete) {
        fail(new ClientGoneError());
        void settle();
      }
    });
    req.pipe(parser);
  });
}

/**
 * Feeds one part to the DAG hasher and (unless only-hash) its temp blob,
 * keeping the writer's backpressure. On a write error the rest of the part is
 * discarded so parsing goes on to the end of the body.
 */
function hashAndWrite(
  stream: NodeJS.ReadableStream,
  path: string,
  writer: TempBlobWriter | undefined,
  onProgress: ReceiveOptions['onProgress'],
): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const hasher = new UnixfsFileHasher();
    let bytes = 0;
    let reportedSteps = 0;
    let broken = false;
    const breakOff = (error: Error) => {
      if (broken) return;
      broken = true;
      stream.removeAllListeners('data');
      stream.resume();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      hasher.update(chunk);
      bytes += chunk.length;
      // Kubo reports each whole chunk, so the counts are exact multiples of the chunk size.
      while (bytes >= (reportedSteps + 1) * PROGRESS_STEP) {
        reportedSteps++;
        onProgress?.(path, reportedSteps * PROGRESS_STEP);
      }
      if (writer && !writer.write(chunk)) {
        stream.pause();
        writer.once('drain', () => stream.resume());
      }
    });
    stream.on('error', (error: Error) => {
      writer?.destroy(error);
      breakOff(error);
    });
    writer?.on('error', breakOff);
    stream.on('end', () => {
      if (broken) return;
      if (bytes !== reportedSteps * PROGRESS_STEP || bytes === 0) onProgress?.(path, bytes);
      const node = hasher.digest();
      if (!writer) return resolve({ path, node });
      writer.end(() => {
        if (!broken) resolve({ path, node, blob: writer.result() });
      });
    });
  });
}
