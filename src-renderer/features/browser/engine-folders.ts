/**
 * Folders the app's engines, or the service's adapter, write into a root.
 * They are listed like any other folder (users must see everything stored),
 * but muted and with a tooltip saying what they are:
 * - the adapter's own folders (its capabilities' `reservedPrefixes`: JCS
 *   stages multipart uploads under `.jcs-uploads/` and moves each file into
 *   place once it is complete and verified);
 * - `.jcs-trash/` at any depth: a sync task keeps what it replaced or deleted
 *   on the service's side in the trash under its remote path (main's TRASH_FOLDER).
 */
export type EngineFolder = 'staging' | 'trash';

const TRASH_NAME = '.jcs-trash/';

export function engineFolder(prefix: string, reserved: readonly string[]): EngineFolder | null {
  if (reserved.includes(prefix)) return 'staging';
  if (prefix === TRASH_NAME || prefix.endsWith(`/${TRASH_NAME}`)) return 'trash';
  return null;
}
