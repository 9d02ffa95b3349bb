import { describe, expect, it } from 'vitest';
import type { RemoteEntry } from '@shared/contract/locations';
import { objectEntry, type ObjectEntry } from './listing';
import { OffsetRows, pagesForRange, samePages } from './offset-pages';

function file(ref: string, name = `file-${ref}.jpg`): RemoteEntry {
  return { path: name, size: 1, modified: '2026-01-01T00:00:00Z', ref, verifiable: false, extras: {} };
}
function page(from: number, count: number): ObjectEntry[] {
  return Array.from({ length: count }, (_, i) => objectEntry(file(String(from + i)), from + i));
}

describe('pagesForRange', () => {
  it('asks for the first page only until the total is known', () => {
    expect(pagesForRange({ first: 500, last: 540 }, undefined, 100, 10)).toEqual([0]);
    expect(pagesForRange({ first: 0, last: -1 }, 0, 100, 10)).toEqual([0]);
  });

  it('covers the rows in view plus the margin on each side, clipped to the listing', () => {
    expect(pagesForRange({ first: 0, last: 30 }, 20_000, 100, 10)).toEqual([0]);
    expect(pagesForRange({ first: 0, last: 95 }, 20_000, 100, 10)).toEqual([0, 100]);
    expect(pagesForRange({ first: 205, last: 250 }, 20_000, 100, 10)).toEqual([100, 200]);
    expect(pagesForRange({ first: 19_990, last: 19_999 }, 20_000, 100, 10)).toEqual([19_900]);
    // A range past the end (the listing shrank while the view was there) asks for the last page.
    expect(pagesForRange({ first: 5_000, last: 5_040 }, 150, 100, 10)).toEqual([100]);
  });

  it('gives the same pages while the view moves inside them (no new request, no new state)', () => {
    const a = pagesForRange({ first: 120, last: 150 }, 20_000, 100, 10);
    const b = pagesForRange({ first: 130, last: 160 }, 20_000, 100, 10);
    expect(samePages(a, b)).toBe(true);
    expect(samePages(a, pagesForRange({ first: 185, last: 215 }, 20_000, 100, 10))).toBe(false);
  });
});

describe('OffsetRows', () => {
  it('places each page at its offset and leaves the rows of missing pages empty', () => {
    const rows = new OffsetRows(
      new Map([
        [0, page(0, 100)],
        [200, page(200, 100)],
      ]),
      1_000,
    );
    expect(rows.total).toBe(1_000);
    expect(rows.rowAt(0)?.key).toBe('o:0');
    expect(rows.rowAt(99)?.key).toBe('o:99');
    expect(rows.rowAt(100)).toBeUndefined();
    expect(rows.rowAt(250)?.key).toBe('o:250');
    expect(rows.entries.map((e) => e.key)).toEqual([...page(0, 100), ...page(200, 100)].map((e) => e.key));
    expect(rows.indexOf('o:250')).toBe(250);
    expect(rows.indexOf('o:150')).toBe(-1);
    expect(rows.indexOf(null)).toBe(-1);
  });

  it('keys rows by ref, so files with the same name stay apart', () => {
    const same = [objectEntry(file('a', 'photo.jpg'), 0), objectEntry(file('b', 'photo.jpg'), 1)];
    const rows = new OffsetRows(new Map([[0, same]]), 2);
    expect(rows.entries.map((e) => e.key)).toEqual(['o:a', 'o:b']);
    expect(rows.indexOf('o:b')).toBe(1);
  });

  it('keeps an entry that two pages both list (the listing shifted between them) at its first row only', () => {
    // A file deleted before page 100 was fetched: its first entry moved up into the previous page's last row.
    const first = page(0, 100);
    const second = page(99, 100).map((e, i) => objectEntry(e.entry, 100 + i));
    const rows = new OffsetRows(
      new Map([
        [0, first],
        [100, second],
      ]),
      199,
    );
    expect(rows.indexOf('o:99')).toBe(99);
    expect(rows.rowAt(100)).toBeUndefined();
    expect(new Set(rows.entries.map((e) => e.key)).size).toBe(rows.entries.length);
  });

  it('drops rows beyond the total (a page from before the listing shrank)', () => {
    const rows = new OffsetRows(new Map([[0, page(0, 100)]]), 40);
    expect(rows.entries).toHaveLength(40);
    expect(rows.rowAt(40)).toBeUndefined();
  });
});
