import { describe, expect, it } from 'vitest';
import { baseName, MAX_PATH_BYTES, MAX_SEGMENT_BYTES, objectPathProblem, pathPrefixProblem, utf8ByteLength } from './object-path';

const HAN = '中'; // 3 UTF-8 bytes, 1 UTF-16 unit
const EMOJI = '😀'; // 4 UTF-8 bytes, 2 UTF-16 units (a surrogate pair)
const E_ACUTE = 'é'; // 2 UTF-8 bytes

/** A segment of exactly `bytes` UTF-8 bytes built from `unit` plus ASCII filler. */
function segmentOf(bytes: number, unit: string): string {
  const unitBytes = Buffer.byteLength(unit);
  const count = Math.floor(bytes / unitBytes);
  return unit.repeat(count) + 'x'.repeat(bytes - count * unitBytes);
}

/** A path of exactly `bytes` UTF-8 bytes whose segments are all at most 255 bytes. */
function pathOf(bytes: number, unit: string): string {
  const segments: string[] = [];
  let left = bytes;
  while (left > 0) {
    if (segments.length > 0) left -= 1; // the '/' before this segment
    const size = Math.min(200, left);
    segments.push(segmentOf(size, unit));
    left -= size;
  }
  return segments.join('/');
}

describe('utf8ByteLength', () => {
  it('matches Buffer.byteLength for well-formed text of every UTF-8 width', () => {
    for (const text of ['', 'a', 'abc', E_ACUTE, '\u07ff', '\u0800', HAN, '\uffff', EMOJI, '\u{10ffff}', `a${E_ACUTE}${HAN}${EMOJI}/z`, '\u0000\u007f\u0080']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
    expect(utf8ByteLength('\u007f')).toBe(1);
    expect(utf8ByteLength('\u0080')).toBe(2);
    expect(utf8ByteLength('\u07ff')).toBe(2);
    expect(utf8ByteLength('\u0800')).toBe(3);
    expect(utf8ByteLength(EMOJI)).toBe(4);
  });

  it('is NaN for lone surrogates anywhere in the string', () => {
    expect(utf8ByteLength('\ud800')).toBeNaN(); // high surrogate at the end
    expect(utf8ByteLength('\udfff')).toBeNaN(); // lone low surrogate
    expect(utf8ByteLength('a\ud83dz')).toBeNaN(); // high surrogate followed by a non-surrogate
    expect(utf8ByteLength('\ude00\ud83d')).toBeNaN(); // pair in the wrong order
    expect(utf8ByteLength('\ud83d\ud83d\ude00')).toBeNaN(); // two highs, one low
    expect(utf8ByteLength(EMOJI.slice(0, 1))).toBeNaN();
    expect(utf8ByteLength(EMOJI.slice(1))).toBeNaN();
    expect(utf8ByteLength(`ok${EMOJI}`)).toBe(6);
  });
});

describe('objectPathProblem', () => {
  it('accepts ordinary, nested and unicode paths', () => {
    for (const path of ['a', 'a.txt', 'a/b/c.txt', '中文/文件.txt', `${EMOJI}/${EMOJI}`, 'a b/c d', '...', '.a/..b/c..', 'a-', 'a/b0', "it's (1) [x] {y} #%&+=;,@!~`^$"]) {
      expect(objectPathProblem(path), path).toBeUndefined();
    }
  });

  it('refuses an empty path', () => {
    expect(objectPathProblem('')).toBe('is empty');
  });

  it("refuses a leading '/'", () => {
    expect(objectPathProblem('/a')).toBe("starts with '/'");
    expect(objectPathProblem('/')).toBe("starts with '/'");
  });

  it('refuses empty segments: trailing slash, double slash', () => {
    expect(objectPathProblem('a/')).toBe('has an empty segment');
    expect(objectPathProblem('a//b')).toBe('has an empty segment');
    expect(objectPathProblem('a/b/')).toBe('has an empty segment');
  });

  it("refuses '.' and '..' segments, wherever they are", () => {
    expect(objectPathProblem('.')).toBe("has a '.' segment");
    expect(objectPathProblem('..')).toBe("has a '..' segment");
    expect(objectPathProblem('a/./b')).toBe("has a '.' segment");
    expect(objectPathProblem('a/../b')).toBe("has a '..' segment");
    expect(objectPathProblem('a/..')).toBe("has a '..' segment");
    expect(objectPathProblem('../a')).toBe("has a '..' segment");
  });

  it('refuses backslashes', () => {
    expect(objectPathProblem('a\\b')).toBe('contains a backslash');
    expect(objectPathProblem('\\')).toBe('contains a backslash');
  });

  it('refuses control characters, NUL and DEL included', () => {
    for (const c of ['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f']) {
      expect(objectPathProblem(`a${c}b`), JSON.stringify(c)).toBe('contains a control character');
    }
    expect(objectPathProblem('a\u0020b')).toBeUndefined(); // space is fine
    expect(objectPathProblem('a~b')).toBeUndefined(); // 0x7e is fine
  });

  it('refuses lone surrogates (not valid Unicode)', () => {
    expect(objectPathProblem('a\ud800')).toBe('is not valid Unicode');
    expect(objectPathProblem('\udc00/b')).toBe('is not valid Unicode');
    expect(objectPathProblem(`a/${EMOJI.slice(0, 1)}x`)).toBe('is not valid Unicode');
  });

  it(`allows a segment of exactly ${MAX_SEGMENT_BYTES} UTF-8 bytes and refuses ${MAX_SEGMENT_BYTES + 1}, for every character width`, () => {
    expect(MAX_SEGMENT_BYTES).toBe(255);
    for (const unit of ['a', E_ACUTE, HAN, EMOJI]) {
      const fits = segmentOf(255, unit);
      const over = segmentOf(256, unit);
      expect(Buffer.byteLength(fits)).toBe(255);
      expect(Buffer.byteLength(over)).toBe(256);
      expect(objectPathProblem(fits), unit).toBeUndefined();
      expect(objectPathProblem(`dir/${fits}`), unit).toBeUndefined();
      expect(objectPathProblem(over), unit).toBe('has a segment longer than 255 bytes');
      expect(objectPathProblem(`dir/${over}/f`), unit).toBe('has a segment longer than 255 bytes');
    }
    // Counted in bytes, not characters: 85 CJK characters are 255 bytes, 86 are 258.
    expect(objectPathProblem(HAN.repeat(85))).toBeUndefined();
    expect(objectPathProblem(HAN.repeat(86))).toBe('has a segment longer than 255 bytes');
    // 63 emoji are 252 bytes (126 UTF-16 units); 64 are 256.
    expect(objectPathProblem(EMOJI.repeat(63) + 'abc')).toBeUndefined();
    expect(objectPathProblem(EMOJI.repeat(64))).toBe('has a segment longer than 255 bytes');
  });

  it(`allows a path of exactly ${MAX_PATH_BYTES} UTF-8 bytes and refuses ${MAX_PATH_BYTES + 1}, for every character width`, () => {
    expect(MAX_PATH_BYTES).toBe(1024);
    for (const unit of ['a', E_ACUTE, HAN, EMOJI]) {
      const fits = pathOf(1024, unit);
      const over = pathOf(1025, unit);
      expect(Buffer.byteLength(fits)).toBe(1024);
      expect(Buffer.byteLength(over)).toBe(1025);
      expect(objectPathProblem(fits), unit).toBeUndefined();
      expect(objectPathProblem(over), unit).toBe('is longer than 1024 bytes');
    }
    // A CJK path under 1024 UTF-16 units can still be over 1024 bytes.
    const cjk = pathOf(1026, HAN);
    expect(cjk.length).toBeLessThan(1024);
    expect(objectPathProblem(cjk)).toBe('is longer than 1024 bytes');
  });
});

describe('pathPrefixProblem', () => {
  it('accepts the empty prefix, folders and partial names', () => {
    for (const prefix of ['', 'a', 'a/', 'a/b', 'a/b/', 'a/b.t', '中文/', `${EMOJI}/`, 'a-']) {
      expect(pathPrefixProblem(prefix), prefix).toBeUndefined();
    }
  });

  it("refuses a leading '/', including the bare '/'", () => {
    expect(pathPrefixProblem('/')).toBe("starts with '/'");
    expect(pathPrefixProblem('/a/')).toBe("starts with '/'");
  });

  it('refuses empty segments other than the one a trailing slash implies', () => {
    expect(pathPrefixProblem('a//')).toBe('has an empty segment');
    expect(pathPrefixProblem('a//b')).toBe('has an empty segment');
  });

  it("refuses '.' and '..' segments, also as the folder named by a trailing slash", () => {
    expect(pathPrefixProblem('./')).toBe("has a '.' segment");
    expect(pathPrefixProblem('a/../')).toBe("has a '..' segment");
    expect(pathPrefixProblem('a/..')).toBe("has a '..' segment");
    expect(pathPrefixProblem('..')).toBe("has a '..' segment");
  });

  it('refuses backslashes, control characters and lone surrogates', () => {
    expect(pathPrefixProblem('a\\')).toBe('contains a backslash');
    expect(pathPrefixProblem('a\u0000/')).toBe('contains a control character');
    expect(pathPrefixProblem('a\u007f')).toBe('contains a control character');
    expect(pathPrefixProblem('a/\ud800')).toBe('is not valid Unicode');
  });

  it('applies the same byte limits as object paths', () => {
    for (const unit of ['a', E_ACUTE, HAN, EMOJI]) {
      expect(pathPrefixProblem(`${segmentOf(255, unit)}/`), unit).toBeUndefined();
      expect(pathPrefixProblem(`${segmentOf(256, unit)}/`), unit).toBe('has a segment longer than 255 bytes');
      expect(pathPrefixProblem(pathOf(1024, unit)), unit).toBeUndefined();
      expect(pathPrefixProblem(pathOf(1025, unit)), unit).toBe('is longer than 1024 bytes');
    }
    // The trailing slash counts toward the 1024 bytes.
    const almost = pathOf(1023, 'a');
    expect(pathPrefixProblem(`${almost}/`)).toBeUndefined();
    expect(pathPrefixProblem(`${pathOf(1024, 'a')}/`)).toBe('is longer than 1024 bytes');
  });
});

describe('baseName', () => {
  it('returns the last segment', () => {
    expect(baseName('a/b/c.txt')).toBe('c.txt');
    expect(baseName('c.txt')).toBe('c.txt');
    expect(baseName('中文/😀')).toBe('😀');
  });
});
