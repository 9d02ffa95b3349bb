/**
 * Keeps the sorted union of chunks that arrive one after another (pages of a
 * listing). When the chunks it is given extend the ones it has seen (same
 * arrays, more of them), only the new chunks are sorted and merged in: O(n)
 * per page instead of re-sorting everything, which keeps a 100,000-entry
 * folder responsive while it loads in the background. Any other change (a
 * refetch replaces the pages) rebuilds from scratch.
 */
export type Comparator<T> = (a: T, b: T) => number;

export function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: Comparator<T>): T[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  // Whatever in `a` sorts before b's first element keeps its place: found by
  // binary search, copied in one go. Pages of a listing in name order arrive
  // in order, so then nothing is left to merge element by element.
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(a[mid]!, b[0]!) <= 0) lo = mid + 1;
    else hi = mid;
  }
  const out = a.slice(0, lo);
  out.length = a.length + b.length;
  let i = lo;
  let j = 0;
  let k = lo;
  while (i < a.length && j < b.length) {
    // `<= 0` keeps the earlier chunk first on ties, so the merge is stable.
    if (compare(a[i]!, b[j]!) <= 0) out[k++] = a[i++]!;
    else out[k++] = b[j++]!;
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

export class SortedAccumulator<T> {
  private seen: ReadonlyArray<readonly T[]> = [];
  private sorted: readonly T[] = [];

  constructor(private readonly compare: Comparator<T>) {}

  update(chunks: ReadonlyArray<readonly T[]>): readonly T[] {
    const isExtension = chunks.length >= this.seen.length && this.seen.every((chunk, i) => chunks[i] === chunk);
    if (!isExtension) {
      this.seen = [];
      this.sorted = [];
    }
    if (chunks.length === this.seen.length) return this.sorted;
    const fresh = chunks.slice(this.seen.length).flat().sort(this.compare);
    this.sorted = mergeSorted(this.sorted, fresh, this.compare);
    this.seen = chunks.slice();
    return this.sorted;
  }
}
