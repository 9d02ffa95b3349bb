import { createHash } from 'node:crypto';
import { fileChunks } from './file-chunks';

/** SHA-256 (lowercase hex) of a file's bytes. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fileChunks(path, { signal })) hash.update(chunk);
  return hash.digest('hex');
}

export function fullHashOf(sha256Hex: string): string {
  return 'Full' + sha256Hex.toUpperCase();
}
