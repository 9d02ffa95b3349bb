/**
 * Streaming multipart/form-data for upload and uploadPart: a JSON `info`
 * field first, then file parts streamed straight into temp blob writers
 * (nothing is buffered whole). If any part is bad, every temp file of the
 * request is removed, the rest of the body is drained so the connection stays
 * usable, and the first error is reported: the request changes nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import busboy from 'busboy';
import { badArgument, NodeError } from '../node-error';
import { discard } from '../blobs/blob-store';
import { SizeLimitError, type WrittenBlob } from '../blobs/temp-blob-writer';
import { ClientGoneError } from './request-input';

/** Where a file part's bytes go: a temp blob writer, or an upload sink that keeps small files in memory. */
export interface BlobSink<Blob> extends Writable {
  /** The temp file holding the bytes, if any (removed when the request fails). */
  readonly tempPath: string | undefined;
  result(): Blob;
  /** Gives back memory the sink holds (when the request fails). */
  release?(): void;
}

export interface MultipartSpec<Info, Blob = WrittenBlob> {
  /** Validates the `info` JSON (throws a NodeError naming the field). */
  parseInfo(value: unknown): Info;
  /** Names accepted for file parts (`files` for upload, `file` for uploadPart). */
  fileFieldNames: readonly string[];
  /** Checks a file part's filename and returns the writer for its bytes; throws to refuse it. */
  openFile(info: Info, filename: string, index: number): BlobSink<Blob>;
  maxFiles: number;
}

export interface ReceivedFile<Blob = WrittenBlob> {
  filename: string;
  blob: Blob;
}

const MAX_INFO_BYTES = 1024 * 1024;
/** Files of one request being written at the same time, at most. */
const MAX_UNFINISHED_FILES = 32;

export function receiveMultipart<Info, Blob = WrittenBlob>(req: IncomingMessage, spec: MultipartSpec<Info, Blob>): Promise<{ info: Info; files: Array<ReceivedFile<Blob>> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        highWaterMark: 1024 * 1024,
        fileHwm: 1024 * 1024,
        limits: { fieldSize: MAX_INFO_BYTES, fields: 8, files: spec.maxFiles, parts: spec.maxFiles + 8 },
      });
    } catch {
      req.resume();
      reject(badArgument('Content-Type: expected multipart/form-data with a boundary'));
      return;
    }

    let info: Info | undefined;
    let failure: unknown;
    let unfinished = 0;
    let index = 0;
    const writers: Array<BlobSink<Blob>> = [];
    const received: Array<Promise<ReceivedFile<Blob>>> = [];
    const fail = (error: unknown) => {
      failure ??= error;
    };

    parser.on('field', (name, value, meta) => {
      if (failure) return;
      if (name !== 'info') return fail(badArgument(`unexpected form field '${name}'`));
      if (info !== undefined) return fail(badArgument('info: given more than once'));
      if (meta.valueTruncated) return fail(badArgument(`info: larger than ${MAX_INFO_BYTES} bytes`));
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch (error) {
        return fail(badArgument(`info: not valid JSON: ${(error as Error).message}`));
      }
      try {
        info = spec.parseInfo(json);
      } catch (error) {
        fail(error);
      }
    });

    parser.on('file', (name, stream, meta) => {
      const refuse = (error: NodeError) => {
        fail(error);
        stream.resume();
      };
      if (failure) return void stream.resume();
      if (!spec.fileFieldNames.includes(name)) return refuse(badArgument(`unexpected file part '${name}' (expected '${spec.fileFieldNames.join("' or '")}')`));
      if (info === undefined) return refuse(badArgument("the first part must be 'info'"));
      let writer: BlobSink<Blob>;
      try {
        writer = spec.openFile(info, meta.filename ?? '', index++);
      } catch (error) {
        fail(error);
        stream.resume();
        return;
      }
      writers.push(writer);
      // Many tiny files parse far faster than each can be written and synced:
      // hold the request while too many are unfinished, so memory stays bounded.
      if (++unfinished >= MAX_UNFINISHED_FILES && !req.isPaused()) req.pause();
      const release = () => {
        if (--unfinished < MAX_UNFINISHED_FILES && req.isPaused()) req.resume();
      };
      received.push(
        new Promise<ReceivedFile<Blob>>((done, broken) => {
          writer.on('error', (error) => {
            stream.unpipe(writer);
            stream.resume(); // discard the rest of this part, keep parsing
            broken(error);
          });
          stream.on('error', (error) => writer.destroy(error));
          writer.on('finish', () => done({ filename: meta.filename ?? '', blob: writer.result() }));
          stream.pipe(writer);
        }),
      );
      received[received.length - 1]!.then(release, (error: unknown) => {
        release();
        fail(writeError(error));
      });
    });

    parser.on('filesLimit', () => fail(badArgument(`files: more than ${spec.maxFiles} files in one request`)));
    parser.on('partsLimit', () => fail(badArgument('too many parts in one request')));
    parser.on('fieldsLimit', () => fail(badArgument('too many form fields in one request')));

    let settled = false;
    const settle = async () => {
      if (settled) return;
      settled = true;
      if (failure) for (const writer of writers) if (!writer.writableFinished) writer.destroy(new Error('request failed'));
      const results = await Promise.allSettled(received);
      if (!failure && info === undefined) fail(badArgument("the first part must be 'info'"));
      if (failure) {
        for (const w of writers) w.release?.();
        await Promise.all(writers.flatMap((w) => (w.tempPath === undefined ? [] : [discard(w.tempPath)])));
        reject(failure instanceof Error ? failure : new Error('upload failed'));
        return;
      }
      resolve({ info: info!, files: results.map((r) => (r as PromiseFulfilledResult<ReceivedFile<Blob>>).value) });
    };

    feedParser(req, parser, fail, settle, badArgument);
  });
}

/**
 * Pipes the request into the parser. A malformed body fails the upload (the
 * rest of the request is read and dropped, so the answer can be sent), a
 * client that hangs up fails it too; either way the upload settles once,
 * after the request has ended.
 */
export function feedParser(req: IncomingMessage, parser: NodeJS.WritableStream & NodeJS.EventEmitter, fail: (error: unknown) => void, settle: () => Promise<void>, malformed: (message: string) => Error): void {
  parser.on('close', () => void settle());
  parser.on('error', (error: Error) => {
    fail(malformed(`malformed multipart body: ${error.message}`));
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
}

function writeError(error: unknown): unknown {
  if (error instanceof NodeError) return error;
  if (error instanceof SizeLimitError) return badArgument(error.message);
  return error; // a full disk among them: answered as such by sendFailure
}
