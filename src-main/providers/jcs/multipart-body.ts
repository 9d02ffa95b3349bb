/**
 * Streaming multipart/form-data bodies in the shape JCS-pub expects: an `info`
 * JSON part first, then file parts whose filename is the URL-encoded object
 * path. File bytes are streamed from their source, never buffered whole; when
 * every size is known the total Content-Length is computed up front.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** Bytes to send: a buffer, or a source that can be opened (again, on a retry) with a known size. */
export type UploadBody = Buffer | { size: number; open(): Readable };

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

export function bodySize(body: UploadBody): number {
  return Buffer.isBuffer(body) ? body.length : body.size;
}

export interface MultipartBody {
  contentType: string;
  contentLength: number;
  stream: Readable;
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

  async function* generate(): AsyncGenerator<Buffer> {
    yield infoHead;
    for (const [i, file] of files.entries()) {
      yield heads[i]!;
      if (Buffer.isBuffer(file.body)) {
        yield file.body;
        onBytes?.(file.body.length);
      } else {
        let sent = 0;
        try {
          for await (const chunk of file.body.open()) {
            const buffer = chunk as Buffer;
            sent += buffer.length;
            if (sent > file.body.size) throw new BodySizeMismatchError(file.filename, file.body.size, sent);
            yield buffer;
            onBytes?.(buffer.length);
          }
        } catch (error) {
          if (error instanceof BodySizeMismatchError || (error instanceof Error && error.name === 'AbortError')) throw error;
          throw new BodySourceError(file.filename, error);
        }
        if (sent !== file.body.size) throw new BodySizeMismatchError(file.filename, file.body.size, sent);
      }
      yield crlf;
    }
    yield tail;
  }

  return { contentType: `multipart/form-data; boundary=${boundary}`, contentLength, stream: Readable.from(generate(), { objectMode: false }) };
}

function decodeSafe(filename: string): string {
  try {
    return decodeURIComponent(filename);
  } catch {
    return filename;
  }
}
