import { compareBytes } from '@shared/paths/byte-order';

/**
 * The one order the full scan's merge reads its three streams in: UTF-8 byte
 * order, which is Unicode code point order. The remote listing comes in it
 * (listings promise byte order: provider-paths.ts), the journal too (SQLite's
 * BINARY collation compares the UTF-8 bytes), and the local walk is made to
 * (sorted-local-walk.ts). JavaScript's `<` compares UTF-16 code units, which
 * differs for characters beyond U+FFFF (surrogates, 0xD800–0xDFFF) against
 * U+E000–U+FFFF: that pair is mapped here, with no allocation per comparison.
 */
export const comparePaths = compareBytes;

/**
 * A folder entry's sort key within its folder: a folder's name followed by
 * '/', so that walking the sorted entries depth-first yields every path in
 * comparePaths order ('a-b' < 'a.b' < 'a/…' < 'a0': the folder's contents sort
 * where 'a/' does, not where 'a' does).
 */
export function entryKey(name: string, isFolder: boolean): string {
  return isFolder ? `${name}/` : name;
}
