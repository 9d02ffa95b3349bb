/**
 * A streamed multipart/form-data body of `files` parts, as the seed's upload
 * expects (FormData with one `files` entry per file). Bytes come from each
 * file's body as they are sent, never buffered whole; the total length is
 * known up front. A body that fails to read or delivers another size than it
 * promised is an UploadBodyError (the caller's problem, not the network's).
 */
import { randomBytes } from 'node:crypto';
import { UploadBodyError } from '../provider-errors';
import type { UploadBody } from '../storage-provider';
import { mimeTypeOf } from './fs-entries';

export interface MultipartFile {
  name: string;
  body: UploadBody;
}

export function multipartFiles(files: readonly MultipartFile[], onBytes?: (bytes: number) => void): { contentType: string; length: number; chunks: AsyncIterable<Buffer> } {
  const boundary = `----jcs-desktop-${randomBytes(16).toString('hex')}`;
  // Raw UTF-8 in the quoted filename, as browsers send FormData; names with '"' or control characters are refused before this.
  const heads = files.map((f) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${mimeTypeOf(f.name)}\r\n\r\n`, 'utf8'));
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  let length = tail.length;
  files.forEach((f, i) => (length += heads[i]!.length + f.body.size + crlf.length));

  async function* generate(): AsyncGenerator<Buffer> {
    for (const [i, file] of files.entries()) {
      yield heads[i]!;
      let sent = 0;
      const source = (() => {
        try {
          return file.body.open();
        } catch (error) {
          throw new UploadBodyError('unreadable', `could not read '${file.name}' to send it: ${(error as Error).message}`, { cause: error });
        }
      })();
      const iterator = source[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw new UploadBodyError('unreadable', `could not read '${file.name}' to send it: ${(error as Error).message}`, { cause: error });
        }
        if (next.done) break;
        sent += next.value.length;
        if (sent > file.body.size) throw new UploadBodyError('sizeChanged', `'${file.name}' changed while it was being sent: expected ${file.body.size} bytes, read more`);
        yield next.value;
        onBytes?.(next.value.length);
      }
      if (sent !== file.body.size) throw new UploadBodyError('sizeChanged', `'${file.name}' changed while it was being sent: expected ${file.body.size} bytes, read ${sent}`);
      yield crlf;
    }
    yield tail;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, length, chunks: generate() };
}
