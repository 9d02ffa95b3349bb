/**
 * Streaming multipart/form-data bodies in the shape JCS-pub expects: an `info`
 * JSON part first, then file parts whose filename is the URL-encoded object
 * path. File bytes are streamed from their source, never buffered whole; when
 * every size is known the total Content-Length is computed up front.
 *
 * The body is a sequence of chunks that the sender writes out one at a time,
 * asking for the next only once the previous one has left the process. So a
 * source may hand out the same buffer again and again (a file read into one
 * pooled buffer), which keeps large uploads from churning memory.
 */
import { randomBytes } from 'node:crypto';

/**
 * Bytes to send: a buffer, or a source that can be opened (again, on a retry)
 * with a known size. A source may reuse a buffer it yielded once the next chunk
 * is asked for (a Readable is a valid source).
 */
export type UploadBody = Buffer | { size: number; open(): AsyncIterable<Buffer> };

export interface FilePart {
  field: string;
  filename: string;
  body: UploadBody;
}

export class BodySizeMismatchError extends Error {
  constructor(filename: string, expected: number, actual: number) {
    super(`'${decodeSafe(filename)}' changed while it was being sent: expected ${expected} bytes, read ${actual}`);
    this.name = 'BodySizeMismatchError';
  }
}

/** Reading a body's source failed (a local problem, not the network's): `cause` says why. */
export class BodySourceError extends Error {
  constructor(filename: string, cause: unknown) {
    super(`could not read '${decodeSafe(filename)}' to send it: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.name = 'BodySourceError';
  }
}

/** Pieces smaller than this are gathered into chunks of GATHER_BYTES (a file read in 64 KiB chunks or more is not copied). */
const SMALL_PIECE_BYTES = 32 * 1024;
const GATHER_BYTES = 256 * 1024;

export function bodySize(body: UploadBody): number {
  return Buffer.isBuffer(body) ? body.length : body.size;
}

export interface MultipartBody {
  contentType: string;
  contentLength: number;
  /** The bytes, to be consumed once: each chunk must be written out before the next is asked for. */
  chunks: AsyncGenerator<Buffer>;
}

export function multipartBody(info: unknown, files: readonly FilePart[], onBytes?: (bytes: number) => void): MultipartBody {
  const boundary = `----jcs-desktop-${randomBytes(16).toString('hex')}`;
  const infoHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="info"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(info)}\r\n`);
  const heads = files.map((f) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  );
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  let contentLength = infoHead.length + tail.length;
  files.forEach((f, i) => (contentLength += heads[i]!.length + bodySize(f.body) + crlf.length));

  /** The body's pieces in order; `counted`: file bytes in it, told to `onBytes` once it has left. */
  async function* pieces(): AsyncGenerator<{ bytes: Buffer; counted: number }> {
    yield { bytes: infoHead, counted: 0 };
    for (const [i, file] of files.entries()) {
      yield { bytes: heads[i]!, counted: 0 };
      if (Buffer.isBuffer(file.body)) {
        yield { bytes: file.body, counted: file.body.length };
      } else {
        let sent = 0;
        try {
          for await (const buffer of file.body.open()) {
            sent += buffer.length;
            if (sent > file.body.size) throw new BodySizeMismatchError(file.filename, file.body.size, sent);
            yield { bytes: buffer, counted: buffer.length };
          }
        } catch (error) {
          if (error instanceof BodySizeMismatchError || (error instanceof Error && error.name === 'AbortError')) throw error;
          throw new BodySourceError(file.filename, error);
        }
        if (sent !== file.body.size) throw new BodySizeMismatchError(file.filename, file.body.size, sent);
      }
      yield { bytes: crlf, counted: 0 };
    }
    yield { bytes: tail, counted: 0 };
  }

  /**
   * Small pieces (a small file, its heading, the line break after it) are
   * copied into chunks of about GATHER_BYTES: a write of its own for each was
   * most of what sending a small file cost. They are copied as they come,
   * since a source may reuse its buffer once asked for the next. Bigger pieces
   * go as they are.
   */
  async function* generate(): AsyncGenerator<Buffer> {
    let gather: Buffer | undefined;
    let used = 0;
    let counted = 0;
    for await (const piece of pieces()) {
      if (piece.bytes.length >= SMALL_PIECE_BYTES || (gather && used + piece.bytes.length > gather.length)) {
        if (used > 0) {
          yield gather!.subarray(0, used);
          if (counted > 0) onBytes?.(counted);
          gather = undefined;
          used = counted = 0;
        }
      }
      if (piece.bytes.length >= SMALL_PIECE_BYTES) {
        yield piece.bytes;
        if (piece.counted > 0) onBytes?.(piece.counted);
        continue;
      }
      gather ??= Buffer.allocUnsafe(GATHER_BYTES);
      used += piece.bytes.copy(gather, used);
      counted += piece.counted;
    }
    if (used > 0) {
      yield gather!.subarray(0, used);
      if (counted > 0) onBytes?.(counted);
    }
  }

  return { contentType: `multipart/form-data; boundary=${boundary}`, contentLength, chunks: generate() };
}

function decodeSafe(filename: string): string {
  try {
    return decodeURIComponent(filename);
  } catch {
    return filename;
  }
}
