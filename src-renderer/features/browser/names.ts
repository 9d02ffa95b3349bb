/**
 * Names the user types (new folder, rename) checked against the path rules of
 * src-shared/jcs/object-path before anything is sent, as a problem code the
 * dialogs translate. Also small helpers over prefixes.
 */
import { MAX_PATH_BYTES, MAX_SEGMENT_BYTES, utf8ByteLength } from '@shared/jcs/object-path';

export type NameProblem = 'empty' | 'slash' | 'backslash' | 'dots' | 'control' | 'segmentTooLong' | 'pathTooLong' | 'invalidUnicode' | 'exists' | 'unchanged';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Why `name` cannot be a new entry in `parentPrefix`. `taken` says whether a
 * sibling of the same kind already has that name; `current` is the entry's
 * own name when renaming. (Paths below a renamed folder may still grow too
 * long; the service reports those.)
 */
export function nameProblem(
  name: string,
  options: { parentPrefix: string; taken: (name: string) => boolean; current?: string; isFolder?: boolean },
): NameProblem | undefined {
  if (name.trim() === '') return 'empty';
  if (options.current !== undefined && name === options.current) return 'unchanged';
  if (name.includes('/')) return 'slash';
  if (name.includes('\\')) return 'backslash';
  if (name === '.' || name === '..') return 'dots';
  if (CONTROL_CHARS.test(name)) return 'control';
  const bytes = utf8ByteLength(name);
  if (Number.isNaN(bytes)) return 'invalidUnicode';
  if (bytes > MAX_SEGMENT_BYTES) return 'segmentTooLong';
  const tail = options.isFolder ? 1 : 0; // the folder's trailing '/'
  if (utf8ByteLength(options.parentPrefix) + bytes + tail > MAX_PATH_BYTES) return 'pathTooLong';
  if (options.taken(name)) return 'exists';
  return undefined;
}

/** The folder a prefix or path sits in: 'a/b/' → 'a/', 'a/b.txt' → 'a/', 'x' → ''. */
export function parentPrefix(pathOrPrefix: string): string {
  const trimmed = pathOrPrefix.endsWith('/') ? pathOrPrefix.slice(0, -1) : pathOrPrefix;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

/** The prefixes from the root to `prefix`: 'a/b/' → ['a/', 'a/b/']. */
export function prefixChain(prefix: string): string[] {
  const chain: string[] = [];
  let at = prefix.indexOf('/');
  while (at >= 0) {
    chain.push(prefix.slice(0, at + 1));
    at = prefix.indexOf('/', at + 1);
  }
  return chain;
}

/** `base`, or `base 2`, `base 3`… — the first that is not taken (Finder's "untitled folder 2"). */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} ${n}`;
    if (!taken(candidate)) return candidate;
  }
}
