import { describe, expect, it } from 'vitest';
import type { RemoteEntry } from '@shared/contract/locations';
import { compareBytes } from '@shared/paths/byte-order';
import { ListingBuilder, needsAllPages, pageEntries, pendingChildren, type Entry, type PageEntries } from './listing';
import { SortedAccumulator, mergeSorted } from './sorted-accumulator';

let nextId = 1;
function object(path: string, size = 0, modified = '2024-01-01T00:00:00Z'): RemoteEntry {
  return { path, size, modified, ref: String(nextId++), verifiable: true, extras: {} };
}

let pageIndex = 0;
function page(folders: string[], entries: RemoteEntry[]): PageEntries {
  return pageEntries({ folders, entries }, pageIndex++);
}

const names = (entries: readonly Entry[]) => entries.map((e) => (e.kind === 'folder' ? e.name + '/' : e.name));

describe('compareBytes', () => {
  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF21 (fullwidth A, 3 UTF-8 bytes EF BC A1) sorts before U+1F600 (4 bytes F0 9F 98 80),
    // although its UTF-16 unit 0xFF21 is above the surrogate 0xD83D.
    expect(compareBytes('\uFF21', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF21' < '\u{1F600}').toBe(false);
    expect(compareBytes('B', 'a')).toBeLessThan(0);
    expect(compareBytes('a', 'ab')).toBeLessThan(0);
    expect(compareBytes('same', 'same')).toBe(0);
  });

  it('agrees with sorting UTF-8 buffers', () => {
    const words = ['z', 'Z', 'é', 'e', '中', '\u{1F600}', '\uFF21', 'a b', 'a-b', 'a/b', 'ab', ''];
    const byBuffer = [...words].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...words].sort(compareBytes)).toEqual(byBuffer);
  });
});

describe('SortedAccumulator', () => {
  it('merges appended chunks to the same result as a full sort', () => {
    const compare = (a: number, b: number) => a - b;
    const acc = new SortedAccumulator(compare);
    const chunks: number[][] = [];
    for (let i = 0; i < 20; i++) {
      chunks.push(Array.from({ length: 50 }, (_, j) => (i * 7919 + j * 104729) % 1000));
      expect(acc.update([...chunks])).toEqual(chunks.flat().sort(compare));
    }
  });

  it('starts over when the chunks are replaced (a refetch)', () => {
    const acc = new SortedAccumulator<number>((a, b) => a - b);
    acc.update([[3, 1], [2]]);
    expect(acc.update([[9, 8]])).toEqual([8, 9]);
  });

  it('merges stably', () => {
    const merged = mergeSorted([{ k: 1, from: 'a' }], [{ k: 1, from: 'b' }], (x, y) => x.k - y.k);
    expect(merged.map((m) => m.from)).toEqual(['a', 'b']);
  });
});

describe('ListingBuilder', () => {
  const pages = [page(['dir/b/', 'dir/d/'], [object('dir/a.txt', 30), object('dir/c.txt', 10)]), page(['dir/f/'], [object('dir/e.txt', 20, '2023-01-01T00:00:00Z')])];

  it('puts folders first, then files, in byte order by default', () => {
    expect(names(new ListingBuilder({ key: 'name', direction: 'asc' }).build(pages, [], ''))).toEqual(['b/', 'd/', 'f/', 'a.txt', 'c.txt', 'e.txt']);
  });

  it('sorts by name descending, folders still first', () => {
    expect(names(new ListingBuilder({ key: 'name', direction: 'desc' }).build(pages, [], ''))).toEqual(['f/', 'd/', 'b/', 'e.txt', 'c.txt', 'a.txt']);
  });

  it('sorts by size and by modified time, both directions', () => {
    expect(names(new ListingBuilder({ key: 'size', direction: 'asc' }).build(pages, [], ''))).toEqual(['b/', 'd/', 'f/', 'c.txt', 'e.txt', 'a.txt']);
    expect(names(new ListingBuilder({ key: 'size', direction: 'desc' }).build(pages, [], ''))).toEqual(['b/', 'd/', 'f/', 'a.txt', 'e.txt', 'c.txt']);
    expect(names(new ListingBuilder({ key: 'modified', direction: 'asc' }).build(pages, [], '')).slice(3)).toEqual(['e.txt', 'a.txt', 'c.txt']);
    expect(names(new ListingBuilder({ key: 'modified', direction: 'desc' }).build(pages, [], '')).slice(3)).toEqual(['a.txt', 'c.txt', 'e.txt']);
  });

  it('breaks ties by the listing order (names in byte order) in both directions', () => {
    const tied = [page([], [object('x/a', 5), object('x/b', 7)]), page([], [object('x/c', 5), object('x/d', 5)])];
    expect(names(new ListingBuilder({ key: 'size', direction: 'asc' }).build(tied, [], ''))).toEqual(['a', 'c', 'd', 'b']);
    expect(names(new ListingBuilder({ key: 'size', direction: 'desc' }).build(tied, [], ''))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('keeps the view right as pages arrive one by one', () => {
    const builder = new ListingBuilder({ key: 'size', direction: 'asc' });
    const all: PageEntries[] = [];
    for (let p = 0; p < 10; p++) {
      all.push(page([], Array.from({ length: 100 }, (_, i) => object(`big/${p}-${i}`, (p * 37 + i * 13) % 97))));
      const view = builder.build([...all], [], '');
      const expected = all.flatMap((x) => x.objects).sort((a, b) => a.size - b.size || a.order - b.order);
      expect(view.map((e) => e.key)).toEqual(expected.map((e) => e.key));
    }
  });

  it('merges pending folders in order and drops them once the server lists them', () => {
    const builder = new ListingBuilder({ key: 'name', direction: 'asc' });
    const view = builder.build(pages, ['dir/c/', 'dir/b/'], '');
    expect(names(view)).toEqual(['b/', 'c/', 'd/', 'f/', 'a.txt', 'c.txt', 'e.txt']);
    expect(view.filter((e) => e.kind === 'folder' && e.pending).map((e) => e.key)).toEqual(['f:dir/c/']);
  });

  it('filters by a case-insensitive substring of the name', () => {
    const builder = new ListingBuilder({ key: 'name', direction: 'asc' });
    expect(names(builder.build(pages, ['dir/Cat/'], ' C '))).toEqual(['Cat/', 'c.txt']);
    expect(builder.build(pages, [], 'nothing')).toEqual([]);
  });
});

describe('pendingChildren', () => {
  it('shows the direct child that leads to a deeper pending folder', () => {
    expect(pendingChildren(['a/b/c/', 'a/x/', 'other/', 'a/'], 'a/').sort()).toEqual(['a/b/', 'a/x/']);
    expect(pendingChildren(['a/b/c/'], '')).toEqual(['a/']);
  });
});

describe('needsAllPages', () => {
  it('is false only for name ascending without a filter', () => {
    expect(needsAllPages({ key: 'name', direction: 'asc' }, '')).toBe(false);
    expect(needsAllPages({ key: 'name', direction: 'asc' }, '  ')).toBe(false);
    expect(needsAllPages({ key: 'name', direction: 'desc' }, '')).toBe(true);
    expect(needsAllPages({ key: 'size', direction: 'asc' }, '')).toBe(true);
    expect(needsAllPages({ key: 'name', direction: 'asc' }, 'x')).toBe(true);
  });
});
