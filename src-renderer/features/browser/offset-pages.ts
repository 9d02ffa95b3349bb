/**
 * The rows of a listing the service sorts, filters and pages itself
 * (`capabilities.listQuery`): a list of `total` rows of which only the pages
 * around the view are fetched, each by its offset. Which pages a view needs,
 * and how the pages that have arrived become rows, is decided here. Pure: no
 * React, no DOM, so it is unit-tested in Node.
 */
import type { EntryKey } from '../../stores/browser-store';
import type { ObjectEntry } from './listing';

/** Rows per page: a few screens, so a scroll of a screen or two needs no request. */
export const OFFSET_PAGE_SIZE = 200;
/** Rows beyond each edge of the view that are fetched too, so a short scroll finds them there. */
export const OFFSET_MARGIN = 50;

export interface RowRange {
  /** First and last row index in view (inclusive); last < first when nothing is. */
  first: number;
  last: number;
}

/**
 * The offsets of the pages that cover the rows in view plus `margin` on each
 * side, ascending. Before the total is known only the first page is asked for
 * (it brings the total); a total of 0 needs the first page only, to learn
 * when something appears.
 */
export function pagesForRange(range: RowRange, total: number | undefined, pageSize = OFFSET_PAGE_SIZE, margin = OFFSET_MARGIN): number[] {
  if (total === undefined || total <= 0) return [0];
  const first = Math.max(0, Math.min(range.first, total - 1) - margin);
  const last = Math.min(total - 1, Math.max(range.last, range.first) + margin);
  const out: number[] = [];
  for (let page = Math.floor(first / pageSize); page * pageSize <= last; page++) out.push(page * pageSize);
  return out;
}

/** True when two page lists name the same pages (the view's range moved within them: no new request, no re-render). */
export function samePages(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((offset, i) => offset === b[i]);
}

/** The rows of the pages that have arrived, addressed by their row index in the whole listing. */
export class OffsetRows {
  private readonly byIndex = new Map<number, ObjectEntry>();
  private readonly indexByKey = new Map<EntryKey, number>();
  /** The loaded rows, in row order (what selection, menus and the details panel work on). */
  readonly entries: readonly ObjectEntry[];

  /**
   * `pages`: offset → the page's entries, for the pages of the window that
   * have arrived (pages start at multiples of the page size, so they never
   * claim the same row). An entry that shows up in two pages (the listing
   * shifted between their requests) is kept at its first row, so keys stay
   * unique; the next refetch puts it right.
   */
  constructor(pages: ReadonlyMap<number, readonly ObjectEntry[]>, readonly total: number) {
    const offsets = [...pages.keys()].sort((a, b) => a - b);
    for (const offset of offsets) {
      const page = pages.get(offset)!;
      for (let i = 0; i < page.length; i++) {
        const index = offset + i;
        if (index >= total) break;
        const entry = page[i]!;
        if (this.indexByKey.has(entry.key)) continue;
        this.byIndex.set(index, entry);
        this.indexByKey.set(entry.key, index);
      }
    }
    this.entries = [...this.byIndex.keys()].sort((a, b) => a - b).map((index) => this.byIndex.get(index)!);
  }

  rowAt(index: number): ObjectEntry | undefined {
    return this.byIndex.get(index);
  }

  /** The row index of an entry's key, or -1 when it is not loaded. */
  indexOf(key: EntryKey | null): number {
    return key === null ? -1 : (this.indexByKey.get(key) ?? -1);
  }
}
