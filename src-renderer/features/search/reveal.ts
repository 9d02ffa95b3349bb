/**
 * Where a search result lives and how to show it: the folder that holds it
 * (an object's folder; a folder's parent) and its key in that folder's list,
 * so opening a result goes there with the result selected and focused.
 * Pure: unit-tested.
 */
import type { SearchMatch } from '@shared/contract/search';
import { folderKey, folderName, objectKey } from '../browser/listing';
import type { EntryKey } from '../../stores/browser-store';

export interface ResultPlace {
  /** The folder to open ('' or a prefix ending in '/'). */
  folder: string;
  key: EntryKey;
  name: string;
}

/** The folder above `path` (an object path, or a folder prefix ending in '/'): '' at the top. */
export function folderAbove(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

export function resultPlace(match: SearchMatch): ResultPlace {
  if (match.kind === 'folder') return { folder: folderAbove(match.prefix), key: folderKey(match.prefix), name: folderName(match.prefix) };
  const { path } = match.entry;
  return { folder: folderAbove(path), key: objectKey(match.entry), name: path.slice(path.lastIndexOf('/') + 1) };
}

export function resultKey(match: SearchMatch): string {
  return match.kind === 'folder' ? `f:${match.prefix}` : `o:${match.entry.path}`;
}
