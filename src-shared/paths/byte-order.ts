/**
 * Byte-wise (UTF-8) order of strings, the order the storage node lists paths
 * in. UTF-8 byte order equals code point order; JavaScript's `<` compares
 * UTF-16 code units, which disagrees for characters above U+FFFF (surrogates,
 * 0xD800–0xDFFF) against U+E000–U+FFFF. Shifting the two ranges past each
 * other restores code point order without decoding anything.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}
