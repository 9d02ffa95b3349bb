/**
 * The multipart/form-data body of one upload (seed 004): the `dir` and
 * `filename` fields first (so a streaming server knows where the file goes
 * before its bytes arrive), then the `file` part, streamed from the caller's
 * body and hashed on the way so the service's `sha256` can be checked
 * against what was really sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UploadBodyError } from '../provider-errors';
import type { UploadBody } from '../storage-provider';
import type { StreamedBody } from './workspace-http';

export interface HashedUpload extends StreamedBody {
  /** The SHA-256 of the file bytes, once they have all been sent. */
  sha256(): string;
}

export function uploadBody(fields: { dir?: string; filename: string }, body: UploadBody, onBytes?: (bytes: number) => void): HashedUpload {
  const boundary = `----workspace-files-${randomBytes(16).toString('hex')}`;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8');
  const heads = [...(fields.dir === undefined ? [] : [field('dir', fields.dir)]), field('filename', fields.filename)];
  const fileHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(fields.filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const contentLength = heads.reduce((n, b) => n + b.length, 0) + fileHead.length + body.size + tail.length;
  const hash = createHash('sha256');
  let digest: string | undefined;

  async function* chunks(): AsyncGenerator<Buffer> {
    yield* heads;
    yield fileHead;
    let sent = 0;
    try {
      for await (const chunk of body.open()) {
        sent += chunk.length;
        if (sent > body.size) throw new UploadBodyError('sizeChanged', `'${fields.filename}' changed while it was being sent: expected ${body.size} bytes, read more`);
        hash.update(chunk);
        yield chunk;
        onBytes?.(chunk.length);
      }
    } catch (error) {
      if (error instanceof UploadBodyError || (error instanceof Error && error.name === 'AbortError')) throw error;
      throw new UploadBodyError('unreadable', `could not read '${fields.filename}' to send it: ${(error as Error | undefined)?.message ?? String(error)}`, { cause: error });
    }
    if (sent !== body.size) throw new UploadBodyError('sizeChanged', `'${fields.filename}' changed while it was being sent: expected ${body.size} bytes, read ${sent}`);
    digest = hash.digest('hex');
    yield tail;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    chunks: chunks(),
    sha256() {
      if (digest === undefined) throw new Error('the body has not been sent whole');
      return digest;
    },
  };
}

/** A name inside a quoted header parameter: quotes and backslashes escaped, line breaks cannot occur (paths have no control characters). */
function quoted(name: string): string {
  return name.replace(/["\\]/g, (c) => `\\${c}`);
}
