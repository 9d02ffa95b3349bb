import { describe, expect, it } from 'vitest';
import { readRangeHeader } from './range-header';

describe('readRangeHeader', () => {
  it('reads one range, an open end and a suffix, clamped to the size', () => {
    expect(readRangeHeader('bytes=0-99', 1000)).toEqual({ kind: 'range', offset: 0, length: 100 });
    expect(readRangeHeader('bytes=900-', 1000)).toEqual({ kind: 'range', offset: 900, length: 100 });
    expect(readRangeHeader('bytes=900-5000', 1000)).toEqual({ kind: 'range', offset: 900, length: 100 });
    expect(readRangeHeader('bytes=-10', 1000)).toEqual({ kind: 'range', offset: 990, length: 10 });
    expect(readRangeHeader('bytes=-5000', 1000)).toEqual({ kind: 'range', offset: 0, length: 1000 });
  });

  it('sends the whole object for no header, several ranges, other units or nonsense', () => {
    for (const header of [undefined, null, '', 'bytes=0-1,5-9', 'items=0-1', 'bytes=-', 'bytes=9-3', 'bytes=a-b']) expect(readRangeHeader(header, 1000), String(header)).toEqual({ kind: 'whole' });
  });

  it('calls a range past the end, or an empty suffix, unsatisfiable', () => {
    expect(readRangeHeader('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(readRangeHeader('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
  });
});
