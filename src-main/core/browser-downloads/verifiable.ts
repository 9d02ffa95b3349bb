/**
 * When a download can be checked: only against a hash the provider says it
 * computed itself over the bytes it stores (`capabilities.hash.trusted`), and
 * only when the entry came with one. Anything else arrives "not verified".
 */
import type { Capabilities, RemoteEntry } from '../../providers/storage-provider';

export function hashIsTrusted(capabilities: Capabilities): boolean {
  return capabilities.hash?.trusted === true;
}

/** The SHA-256 (lowercase hex) the entry's bytes must have, or undefined when they cannot be checked. */
export function trustedSha256(entry: Pick<RemoteEntry, 'hash'>, trusted: boolean): string | undefined {
  if (!trusted || entry.hash?.algorithm !== 'sha256') return undefined;
  return /^[0-9a-f]{64}$/.test(entry.hash.value) ? entry.hash.value : undefined;
}
