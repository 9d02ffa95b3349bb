/**
 * Which JCS fileHash values a download can be verified by (src-shared/jcs/file-hash.ts):
 * exactly `Full` and 64 hex digits, any case, given back in lowercase; everything else
 * (a composite hash, a short or long value, a stray character, another prefix) is not checkable.
 */
import { describe, expect, it } from 'vitest';
import { expectedSha256, isVerifiableFileHash } from '../../src-shared/jcs/file-hash';

const HEX = '0123456789ABCDEFabcdef'.repeat(3).slice(0, 64);

describe('expectedSha256', () => {
  it('gives the digits of Full + 64 hex digits, lowercased', () => {
    expect(expectedSha256(`Full${HEX}`)).toBe(HEX.toLowerCase());
    expect(expectedSha256(`Full${'F'.repeat(64)}`)).toBe('f'.repeat(64));
    expect(isVerifiableFileHash(`Full${'0'.repeat(64)}`)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      undefined,
      '',
      'Full',
      `Full${HEX.slice(1)}`, // 63 digits
      `Full${HEX}0`, // 65
      `full${HEX}`, // the prefix is case-sensitive
      `Comp${HEX}`,
      `Full${HEX.slice(0, 63)}G`,
      `Full${HEX.slice(0, 63)}/`, // the characters just outside the digit ranges
      `Full${HEX.slice(0, 63)}:`,
      `Full${HEX.slice(0, 63)}@`,
      `Full${HEX.slice(0, 63)}\``,
      `Full${HEX.slice(0, 63)}g`,
      ` Full${HEX.slice(1)}`,
      `Full${HEX.slice(0, 32)}\u0660${HEX.slice(33)}`, // an Arabic-Indic zero is no hex digit
    ]) {
      expect(expectedSha256(value), String(value)).toBeUndefined();
      expect(isVerifiableFileHash(value)).toBe(false);
    }
  });
});
