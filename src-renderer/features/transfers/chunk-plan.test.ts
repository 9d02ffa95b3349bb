import { describe, expect, it } from 'vitest';
import { chunkCount, chunkRange, sliceChunk } from './chunk-plan';

describe('chunk planning', () => {
  it('counts chunks: an empty file is one empty chunk, a remainder makes one more', () => {
    expect(chunkCount(0, 8)).toBe(1);
    expect(chunkCount(1, 8)).toBe(1);
    expect(chunkCount(8, 8)).toBe(1);
    expect(chunkCount(9, 8)).toBe(2);
    expect(chunkCount(24, 8)).toBe(3);
    expect(() => chunkCount(10, 0)).toThrow(RangeError);
  });

  it('gives chunk i the bytes [i*chunkSize, min(size, (i+1)*chunkSize))', () => {
    expect(chunkRange(0, 20, 8)).toEqual({ start: 0, end: 8 });
    expect(chunkRange(1, 20, 8)).toEqual({ start: 8, end: 16 });
    expect(chunkRange(2, 20, 8)).toEqual({ start: 16, end: 20 });
    expect(chunkRange(0, 0, 8)).toEqual({ start: 0, end: 0 });
    expect(() => chunkRange(3, 20, 8)).toThrow(RangeError);
    expect(() => chunkRange(-1, 20, 8)).toThrow(RangeError);
    expect(() => chunkRange(0.5, 20, 8)).toThrow(RangeError);
  });

  it('slices a Blob into chunks that put the file back together in order', async () => {
    const bytes = Buffer.from(Array.from({ length: 21 }, (_, i) => i));
    const blob = new Blob([bytes]);
    const parts: Buffer[] = [];
    for (let i = 0; i < chunkCount(blob.size, 8); i++) parts.push(Buffer.from(await sliceChunk(blob, i, 8).arrayBuffer()));
    expect(parts.map((p) => p.length)).toEqual([8, 8, 5]);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });
});
