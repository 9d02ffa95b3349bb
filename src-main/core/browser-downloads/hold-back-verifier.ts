/**
 * Checks an object's bytes on their way to someone who cannot check them (a
 * browser in headless mode) without a second pass or a temporary copy: every
 * chunk is hashed and passed on, except the last one seen, which is held back
 * until the stream ends. Only when the count equals the size and the SHA-256
 * equals the hash the service gave does the held chunk go out; otherwise the stream fails
 * and its last bytes never leave. A response with a Content-Length then ends
 * short of it, and the browser marks the download failed instead of saving
 * damaged bytes as a complete file. (An empty object has no last chunk to
 * hold: its hash is checked before the response starts.)
 *
 * Bytes without a hash to check them against (`expected` undefined) still get
 * the size check.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { showRemotePath } from '@shared/paths/remote-path';

export const EMPTY_SHA256 = createHash('sha256').digest('hex');

export class HoldBackVerifier extends Transform {
  private readonly hash = createHash('sha256');
  private held: Buffer | undefined;
  private received = 0;

  constructor(
    private readonly object: { path: string; size: number },
    /** Lowercase hex, or undefined when there is no hash to check against. */
    private readonly expected: string | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.object.size) {
      callback(new AppError(AppErrorCode.HashMismatch, `the service sent more than the ${this.object.size} bytes of '${showRemotePath(this.object.path)}'`));
      return;
    }
    if (this.expected !== undefined) this.hash.update(chunk);
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    if (this.received !== this.object.size) {
      callback(new AppError(AppErrorCode.HashMismatch, `the service sent ${this.received} of the ${this.object.size} bytes of '${showRemotePath(this.object.path)}'`));
      return;
    }
    if (this.expected !== undefined && this.hash.digest('hex') !== this.expected) {
      callback(new AppError(AppErrorCode.HashMismatch, `'${showRemotePath(this.object.path)}' arrived damaged from the service (its bytes do not match its hash)`));
      return;
    }
    if (this.held) this.push(this.held);
    callback();
  }
}
