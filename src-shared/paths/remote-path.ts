/**
 * The one gate for paths that come from a remote service — listings, trash
 * entries, conflict copies, sync, downloads, zip entries — before they name a
 * place on this machine. A remote service is not trusted: whatever it lists,
 * the path relative to the local target folder must stay inside that folder.
 *
 * Refused (each with a reason code):
 * - empty; absolute (`/…`); a Windows drive (`C:…` as the first segment, which
 *   `path.resolve` on Windows reads as another drive);
 * - a backslash (a separator on Windows), NUL or another control character;
 * - an empty, `.` or `..` segment;
 * - a segment over 255 UTF-8 bytes (the longest file name ext4, APFS and NTFS
 *   hold; 255 UTF-8 bytes are never more than 255 UTF-16 units);
 * - text that is not valid Unicode.
 * These are the object path rules of `../jcs/object-path.ts` (which a
 * conforming service follows anyway) plus the drive letter. The total length
 * depends on the local folder and the platform, and the resolved path, its
 * symbolic links and the platform's name rules need the file system: the core
 * checks those (src-main/core/paths/local-target.ts) with the reasons below.
 */
import { CONTROL_CHARS, MAX_SEGMENT_BYTES, utf8ByteLength } from '../jcs/object-path';

export const REMOTE_PATH_REASONS = [
  'empty',
  'absolute',
  'driveLetter',
  'backslash',
  'controlCharacter',
  'invalidUnicode',
  'emptySegment',
  'dotSegment',
  'nameTooLong',
  // Checked by the core, against a real local folder:
  'pathTooLong',
  'outsideTarget',
  'symlinkOutside',
  'notPortable',
  'notUnderFolder',
] as const;
export type RemotePathReason = (typeof REMOTE_PATH_REASONS)[number];

export interface RemotePathProblem {
  reason: RemotePathReason;
  /** What is wrong, for people: "has a '..' segment". */
  detail: string;
}

const DRIVE = /^[A-Za-z]:/;

/** Why `rel` (a remote path relative to a local target folder) may not be used, or undefined when it may. */
export function remotePathProblem(rel: string): RemotePathProblem | undefined {
  if (rel === '') return { reason: 'empty', detail: 'is empty' };
  if (Number.isNaN(utf8ByteLength(rel))) return { reason: 'invalidUnicode', detail: 'is not valid Unicode' };
  if (rel.startsWith('/')) return { reason: 'absolute', detail: 'is an absolute path' };
  if (DRIVE.test(rel)) return { reason: 'driveLetter', detail: 'starts with a drive letter' };
  if (rel.includes('\\')) return { reason: 'backslash', detail: 'contains a backslash' };
  if (CONTROL_CHARS.test(rel)) return { reason: 'controlCharacter', detail: 'contains a control character' };
  // Segment by segment without splitting: sync checks every listed path (100,000 on a rescan).
  for (let start = 0; start <= rel.length; ) {
    let end = rel.indexOf('/', start);
    if (end < 0) end = rel.length;
    const length = end - start;
    if (length === 0) return { reason: 'emptySegment', detail: 'has an empty segment' };
    if (rel.charCodeAt(start) === 46 && (length === 1 || (length === 2 && rel.charCodeAt(start + 1) === 46))) {
      return { reason: 'dotSegment', detail: `has a '${rel.slice(start, end)}' segment` };
    }
    // A UTF-16 unit is at most 3 UTF-8 bytes: only a segment of more than 85 units can be too long.
    if (length * 3 > MAX_SEGMENT_BYTES && utf8ByteLength(rel.slice(start, end)) > MAX_SEGMENT_BYTES) {
      return { reason: 'nameTooLong', detail: `has a name longer than ${MAX_SEGMENT_BYTES} bytes` };
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The path a lenient file system or service might take `rel` for (`a/./b`,
 * `a//b` and `a/x/../b` all read as `a/b`), when that differs from `rel`, is
 * itself acceptable and stays inside. Sync leaves that path alone in a run
 * that skipped `rel`: a refused entry must never make its look-alike read as
 * deleted on the other side.
 */
export function lexicalAlias(rel: string): string | undefined {
  const out: string[] = [];
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined; // leaves the folder: no look-alike inside
      out.pop();
    } else out.push(segment);
  }
  const alias = out.join('/');
  return alias !== rel && remotePathProblem(alias) === undefined ? alias : undefined;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_TO_SHOW = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const SHOWN_LIMIT = 200;

/**
 * A remote path as it may appear in a message or a log line: control and
 * bidirectional-override characters escaped (they could fake a log line or
 * reverse how a name reads), long paths cut in the middle.
 */
export function showRemotePath(path: string): string {
  const escaped = path.replace(UNSAFE_TO_SHOW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped.length <= SHOWN_LIMIT) return escaped;
  return `${escaped.slice(0, SHOWN_LIMIT / 2)}…${escaped.slice(-SHOWN_LIMIT / 2)}`;
}

/** The sentence every refusal uses: "'../x' has a '..' segment". */
export function describeRemotePathProblem(path: string, problem: RemotePathProblem): string {
  return `'${showRemotePath(path)}' ${problem.detail}`;
}
