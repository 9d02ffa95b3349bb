/**
 * Bytes in and out of the in-memory provider the way they cross a network:
 * an upload body is read chunk by chunk and each chunk copied at once (the
 * caller may reuse its buffer for the next), its size checked; a read is a
 * stream of copies in small chunks, so nothing the caller does to what it got
 * can change what is stored.
 */
import { Readable } from 'node:stream';
import { UploadBodyError } from '../../../src-main/providers/provider-errors';
import type { ReadResult, TransferOptions, UploadBody } from '../../../src-main/providers/storage-provider';

const READ_CHUNK = 64 * 1024;

export async function receiveBody(body: UploadBody, name: string, options: TransferOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body.open()) {
      options.signal?.throwIfAborted();
      chunks.push(Buffer.from(chunk));
      received += chunk.length;
      if (received > body.size) break;
      options.onBytes?.(chunk.length);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new UploadBodyError('unreadable', `could not read '${name}' to send it: ${(error as Error).message}`, { cause: error });
  }
  if (received !== body.size) throw new UploadBodyError('sizeChanged', `'${name}' changed while it was being sent: expected ${body.size} bytes, read ${received}`);
  return Buffer.concat(chunks, received);
}

export function sendBytes(bytes: Buffer, options: TransferOptions = {}): ReadResult {
  const copy = Buffer.from(bytes);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < copy.length; offset += READ_CHUNK) {
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      const chunk = copy.subarray(offset, offset + READ_CHUNK);
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), length: copy.length };
}
