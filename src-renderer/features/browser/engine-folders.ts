/**
 * Folders the app's own engines write into a package. They are listed like
 * any other folder (users must see everything stored), but muted and with a
 * tooltip saying what they are:
 * - `.jcs-uploads/` at the package root: the transfer engine stages multipart
 *   uploads there (main's STAGING_FOLDER) and moves each file into place once
 *   it is complete and verified;
 * - `.jcs-trash/` at any depth: a sync task keeps what it replaced or deleted
 *   on the package side in the trash under its remote path (main's TRASH_FOLDER).
 */
export type EngineFolder = 'staging' | 'trash';

const STAGING_PREFIX = '.jcs-uploads/';
const TRASH_NAME = '.jcs-trash/';

export function engineFolder(prefix: string): EngineFolder | null {
  if (prefix === STAGING_PREFIX) return 'staging';
  if (prefix === TRASH_NAME || prefix.endsWith(`/${TRASH_NAME}`)) return 'trash';
  return null;
}
