/**
 * Whether a service can hold an uploaded file at a path: the path rules every
 * provider keeps (src-shared/jcs/object-path.ts), no folders on a service
 * without them, nothing inside a prefix the service keeps for itself, and no
 * more bytes than it takes. Main fails the upload job of such a file saying
 * why (the transfer planner), so a browser page sends no bytes for it.
 */
import { objectPathProblem } from '../jcs/object-path';
import type { CapabilitiesView } from '../contract/locations';

export type StorageRules = Pick<CapabilitiesView, 'folders' | 'maxObjectSize'> & { readonly reservedPrefixes: readonly string[] };

/** Why the service cannot hold `size` bytes at `path`, or undefined when it can (or, without its rules, when the path is one). */
export function uploadProblem(path: string, size: number, rules: StorageRules | null): string | undefined {
  const problem = objectPathProblem(path);
  if (problem) return `the name cannot be stored: path '${path}' ${problem}`;
  if (!rules) return undefined;
  if (rules.folders === 'none' && path.includes('/')) return `the name cannot be stored: '${path}' is in a folder, and this service has no folders`;
  const reserved = rules.reservedPrefixes.find((prefix) => path.startsWith(prefix));
  if (reserved) return `the name cannot be stored: '${reserved}' is where the service keeps its own files`;
  if (rules.maxObjectSize !== null && size > rules.maxObjectSize) return `the file cannot be stored: it has ${size} bytes, and this service takes at most ${rules.maxObjectSize}`;
  return undefined;
}
