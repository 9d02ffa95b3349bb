/**
 * Rules for object paths inside a package (shared by the storage node, the
 * client and the UI so that all three refuse the same names):
 * `/`-separated, no leading `/`, no empty, `.` or `..` segment, no backslash,
 * no control character (NUL included), valid Unicode, at most 1,024 UTF-8
 * bytes in all and 255 per segment.
 */
export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

/** UTF-8 length of a string; NaN when it holds a lone surrogate (not encodable). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return NaN;
      bytes += 4;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return NaN;
    else bytes += 3;
  }
  return bytes;
}

/** C0 controls (NUL included) and DEL: never part of a path. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'has an empty segment';
  if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  if (utf8ByteLength(segment) > MAX_SEGMENT_BYTES) return `has a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  return undefined;
}

function commonProblem(path: string): string | undefined {
  const bytes = utf8ByteLength(path);
  if (Number.isNaN(bytes)) return 'is not valid Unicode';
  if (bytes > MAX_PATH_BYTES) return `is longer than ${MAX_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return "starts with '/'";
  if (path.includes('\\')) return 'contains a backslash';
  if (CONTROL_CHARS.test(path)) return 'contains a control character';
  return undefined;
}

/** Why `path` is not a valid object path, or undefined when it is. */
export function objectPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  const common = commonProblem(path);
  if (common) return common;
  for (const segment of path.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why `prefix` is not a valid listing prefix, or undefined when it is. A
 * prefix is a path that may be empty and may end in `/` (a "folder"), or end
 * in a partial name (`a/b` matches `a/b.txt` and `a/b/c`).
 */
export function pathPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const common = commonProblem(prefix);
  if (common) return common;
  const segments = prefix.split('/');
  if (prefix.endsWith('/')) segments.pop();
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return undefined;
}

/** Last segment of an object path (its file name). */
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
