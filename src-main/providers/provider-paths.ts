/**
 * The path rules every provider applies to what its caller passes in, before
 * anything is sent: `/`-separated, no leading '/', no empty, '.' or '..'
 * segment, no backslash or control character, valid Unicode, at most 1,024
 * UTF-8 bytes and 255 per segment (the rules of src-shared/jcs/object-path.ts,
 * which are what any of our services can hold). A service with tighter rules
 * adds its own on top.
 */
import { objectPathProblem, pathPrefixProblem } from '@shared/jcs/object-path';
import { invalidInput } from './provider-errors';

/** `path` names an object (or a folder, without its trailing '/'). */
export function requireObjectPath(path: string, field = 'path'): string {
  const problem = typeof path === 'string' ? objectPathProblem(path) : 'is not a string';
  if (problem) throw invalidInput(`${field}: '${String(path)}' ${problem}`);
  return path;
}

/** `prefix` names a folder to list: '' (the root's top) or a path ending in '/'. */
export function requireFolderPrefix(prefix: string, field = 'prefix'): string {
  if (typeof prefix !== 'string') throw invalidInput(`${field}: is not a string`);
  if (prefix !== '' && !prefix.endsWith('/')) throw invalidInput(`${field}: a folder must be '' or end with '/' ('${prefix}')`);
  const problem = pathPrefixProblem(prefix);
  if (problem) throw invalidInput(`${field}: '${prefix}' ${problem}`);
  return prefix;
}

/** `name` is one path segment (a new name for an object in its folder). */
export function requireSegment(name: string, field = 'name'): string {
  if (typeof name === 'string' && name.includes('/')) throw invalidInput(`${field}: '${name}' may not contain '/'`);
  return requireObjectPath(name, field);
}

/** The folder part of a path, with its trailing '/' ('' at the top). */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** Byte-wise UTF-8 order: the order listings promise. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
