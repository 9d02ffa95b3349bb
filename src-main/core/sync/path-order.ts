/**
 * The one order the full scan's merge reads its three streams in: UTF-8 byte
 * order, which is Unicode code point order. The remote listing comes in it
 * (listings promise byte order: provider-paths.ts), the journal too (SQLite's
 * BINARY collation compares the UTF-8 bytes), and the local walk is made to
 * (sorted-local-walk.ts). JavaScript's `<` compares UTF-16 code units, which
 * differs for characters beyond U+FFFF (surrogates, 0xD800–0xDFFF) against
 * U+E000–U+FFFF: that pair is mapped here, with no allocation per comparison.
 */
export function comparePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Orders a UTF-16 code unit as the code point it begins: surrogates (astral characters) after all of the BMP. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/**
 * A folder entry's sort key within its folder: a folder's name followed by
 * '/', so that walking the sorted entries depth-first yields every path in
 * comparePaths order ('a-b' < 'a.b' < 'a/…' < 'a0': the folder's contents sort
 * where 'a/' does, not where 'a' does).
 */
export function entryKey(name: string, isFolder: boolean): string {
  return isFolder ? `${name}/` : name;
}
