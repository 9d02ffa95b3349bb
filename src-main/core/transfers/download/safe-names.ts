/**
 * Object names that cannot exist as file names on the target OS are made safe
 * segment by segment; the job keeps both paths so the UI can show the mapping.
 * Windows: no <>:"\|?* or control characters, no trailing dots or spaces, no
 * reserved device names (CON, NUL, COM1, ... also with an extension).
 * macOS: ':' is the Finder's path separator. Linux: every name we can receive
 * is already valid (object paths have no NUL and use '/' only as separator).
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const WINDOWS_FORBIDDEN = /[<>:"\\|?*\u0000-\u001f]/g;

export function safeSegment(segment: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    let safe = segment.replace(WINDOWS_FORBIDDEN, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
    if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
    return safe || '_';
  }
  if (platform === 'darwin') return segment.replace(/:/g, '_');
  return segment;
}

/** A relative object path as a relative local path (segments joined with '/'). */
export function safeRelativePath(path: string, platform: NodeJS.Platform): string {
  // Sync checks every listed path with this (100,000 on a rescan): skip the split where no segment can change.
  if (platform !== 'win32' && (platform !== 'darwin' || !path.includes(':'))) return path;
  return path
    .split('/')
    .map((segment) => safeSegment(segment, platform))
    .join('/');
}
