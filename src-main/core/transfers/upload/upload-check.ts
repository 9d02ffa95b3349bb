/**
 * Whether what the service stored is what was sent. The bytes were hashed
 * here as they went out (a local SHA-256); the service's answer must agree:
 * - its size must be the number of bytes sent, always;
 * - its hash, when the entry has one, must be that SHA-256. A trusted hash
 *   (computed by the service over what it stores) proves the bytes; an
 *   untrusted one is compared too: it disagreeing means the service holds, or
 *   claims, other bytes, and an upload must not be called done then. An entry
 *   without a hash is not a failure (the service gives none, or none it can
 *   compute for this object): the size is what can be checked.
 * Returns the reason they differ, or undefined when they agree.
 */
import type { RemoteEntry } from '../../../providers/storage-provider';

export function storedDifference(entry: RemoteEntry, sent: { size: number; sha256: string }): string | undefined {
  if (entry.size !== sent.size) return `${sent.size} bytes were sent, the service holds ${entry.size}`;
  if (entry.hash && entry.hash.value.toLowerCase() !== sent.sha256) return `local ${sent.sha256.slice(0, 12)}…, service ${entry.hash.value.toLowerCase().slice(0, 12)}…`;
  return undefined;
}
