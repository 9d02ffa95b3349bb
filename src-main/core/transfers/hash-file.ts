import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (lowercase hex) of a file's bytes, or of its first `length` bytes. */
export async function hashFile(path: string, signal?: AbortSignal, length?: number): Promise<string> {
  const hash = createHash('sha256');
  if (length === 0) return hash.digest('hex');
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024, signal, ...(length !== undefined ? { end: length - 1 } : {}) });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function fullHashOf(sha256Hex: string): string {
  return 'Full' + sha256Hex.toUpperCase();
}
