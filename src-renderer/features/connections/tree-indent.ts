/** Horizontal layout of tree rows, shared by items and the notes between them (CSS cannot see the level). */
const INDENT_PX = 14;
/** Twisty (16) + gap (4): where a row's icon starts relative to its padding. */
const TWISTY_PX = 20;

/** Padding before a row's twisty at `level` (1 = connections). */
export function rowIndent(level: number): number {
  return 6 + (level - 1) * INDENT_PX;
}

/** Padding that lines text up with the icons of the rows at `level`. */
export function iconIndent(level: number): number {
  return rowIndent(level) + TWISTY_PX;
}
