/** Big files from disk go in about 16 parts of up to 64 MiB; small ones, browser chunks and the services' limits are as before. */
import { describe, expect, it } from 'vitest';
import { multipartPartSize } from '../../src-main/core/transfers/part-size';
import { filePartSize } from '../../src-main/core/transfers/upload/file-part-size';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const limits = { minPartSize: 5 * MiB, maxPartSize: 5 * GiB, maxParts: 10_000, listParts: true, staged: true };

describe('filePartSize', () => {
  it('sends a 1 GiB file in 16 parts of 64 MiB', () => {
    expect(filePartSize(GiB, 8 * MiB, limits)).toBe(64 * MiB);
  });

  it('keeps the plain size where 16 parts would be smaller (files up to 128 MiB)', () => {
    for (const size of [9 * MiB, 100 * MiB, 128 * MiB]) expect(filePartSize(size, 8 * MiB, limits)).toBe(multipartPartSize(size, 8 * MiB, limits));
    expect(filePartSize(200 * MiB, 8 * MiB, limits)).toBe(13 * MiB);
  });

  it('never goes past 64 MiB for its own sake, but past it where 10,000 parts need it', () => {
    expect(filePartSize(100 * GiB, 8 * MiB, limits)).toBe(64 * MiB);
    expect(filePartSize(1024 * GiB, 8 * MiB, limits)).toBe(multipartPartSize(1024 * GiB, 8 * MiB, limits));
    expect(filePartSize(1024 * GiB, 8 * MiB, limits)).toBeGreaterThan(64 * MiB);
  });

  it('stays within what the service takes', () => {
    expect(filePartSize(GiB, 8 * MiB, { ...limits, maxPartSize: 16 * MiB })).toBe(16 * MiB);
    expect(filePartSize(GiB, 128 * MiB, limits)).toBe(128 * MiB); // a threshold above 64 MiB still sets the least
  });
});
