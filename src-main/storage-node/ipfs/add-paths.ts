/**
 * Names of add's parts: the filename is the URL-encoded path of the file or
 * folder, '/'-separated and relative. Each name becomes a link name in a
 * directory node, so it must be one a directory can hold: not empty, not `.`
 * or `..`, no NUL, at most 255 bytes (a common file system limit, and what
 * `ipfs get` must be able to write back).
 */
import { kuboBadRequest } from './kubo-error';

const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4096;

/** '' stays '' (a file sent without a name: Kubo names it by its CID). */
export function decodeAddPath(filename: string): string {
  if (filename === '') return '';
  let path: string;
  try {
    path = decodeURIComponent(filename);
  } catch {
    throw kuboBadRequest(`filename '${shorten(filename)}' is not valid URL encoding`);
  }
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw kuboBadRequest(`path '${shorten(path)}' is longer than ${MAX_PATH_BYTES} bytes`);
  const names = path.split('/');
  for (const name of names) {
    if (name === '' || name === '.' || name === '..') throw kuboBadRequest(`path '${shorten(path)}': empty, '.' and '..' names are not allowed (paths are relative, '/'-separated)`);
    if (name.includes('\0')) throw kuboBadRequest(`path '${shorten(path)}' contains a NUL character`);
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw kuboBadRequest(`name '${shorten(name)}' is longer than ${MAX_NAME_BYTES} bytes`);
  }
  return path;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
