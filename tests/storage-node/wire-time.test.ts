/**
 * The node's wire times (wire-format.ts): RFC 3339 with the server's offset, each
 * one the instant it was given, also when the same instant comes again (a listing
 * of a multi-file upload formats one time for many objects) or another comes between.
 */
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../src-main/storage-node/wire-format';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?[+-]\d{2}:\d{2}$/;

describe('formatTime', () => {
  it('gives each instant back exactly, whatever came before it', () => {
    const instants = [1_700_000_000_123, 1_700_000_000_123, 1_700_000_000_124, 1_700_000_000_123, 0, 1_751_000_000_000, 1_751_000_000_000, 1_700_000_000_500];
    for (const ms of instants) {
      const text = formatTime(ms);
      expect(text).toMatch(RFC3339);
      expect(Date.parse(text)).toBe(ms);
    }
    expect(formatTime(1_700_000_000_120)).toMatch(/\.12[+-]/); // trailing zeros of the fraction dropped
    expect(formatTime(1_700_000_000_000)).not.toMatch(/\./);
  });
});
