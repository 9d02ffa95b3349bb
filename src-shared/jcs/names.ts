import { utf8ByteLength } from './object-path';

export const MAX_NAME_BYTES = 255;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Why `name` is not a valid bucket or package name, or undefined when it is.
 * Names appear as one segment of `bucket/package/path` addresses, so they
 * follow the segment rules of object paths and may not contain `/`.
 */
export function entityNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  const bytes = utf8ByteLength(name);
  if (Number.isNaN(bytes)) return 'is not valid Unicode';
  if (bytes > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`;
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/') || name.includes('\\')) return 'may not contain / or \\';
  if (CONTROL_CHARS.test(name)) return 'contains a control character';
  if (name.trim() !== name) return 'starts or ends with white space';
  return undefined;
}
