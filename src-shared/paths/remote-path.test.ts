import { describe, expect, it } from 'vitest';
import { describeRemotePathProblem, lexicalAlias, remotePathProblem, showRemotePath } from './remote-path';

const reason = (rel: string) => remotePathProblem(rel)?.reason;

describe('remotePathProblem', () => {
  it('accepts ordinary relative paths, Unicode and names with dots, spaces and colons inside', () => {
    for (const rel of ['a.txt', 'a/b/c.txt', '中文/文件.txt', '..a', 'a..', '...', '.hidden', 'a/.b', 'name with spaces', 'ab:c', 'a/C:', 'emoji 😀', 'x'.repeat(255), `a/${'中'.repeat(85)}/b`, `${'😀'.repeat(63)}abc`, '.a/..b/b..']) {
      expect(remotePathProblem(rel), rel).toBeUndefined();
    }
  });

  it('refuses every way out of the folder and every name that cannot be a file, each with its reason', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['../victim.txt', 'dotSegment'],
      ['a/../../x', 'dotSegment'],
      ['../../../tmp/x', 'dotSegment'],
      ['a/..', 'dotSegment'],
      ['./a', 'dotSegment'],
      ['a/./b', 'dotSegment'],
      ['.', 'dotSegment'],
      ['/etc/passwd', 'absolute'],
      ['//server/share/x', 'absolute'],
      ['C:/Windows/x', 'driveLetter'],
      ['c:x', 'driveLetter'],
      ['x:y', 'driveLetter'], // drive X, relative path y
      ['a\\..\\..\\x', 'backslash'],
      ['..\\x', 'backslash'],
      ['a//b', 'emptySegment'],
      ['a/', 'emptySegment'],
      ['a\u0000b', 'controlCharacter'],
      ['a\nb', 'controlCharacter'],
      ['a\u001bb', 'controlCharacter'],
      ['a\u007fb', 'controlCharacter'],
      ['a\ud800b', 'invalidUnicode'],
      ['x'.repeat(256), 'nameTooLong'],
      [`a/${'中'.repeat(86)}`, 'nameTooLong'], // 258 UTF-8 bytes in 86 characters
      [`${'中'.repeat(86)}/a`, 'nameTooLong'], // the first segment, not only the last
      [`${'😀'.repeat(64)}`, 'nameTooLong'], // 256 bytes in 128 UTF-16 units
      ['a/b/..', 'dotSegment'],
      ['a/b/.', 'dotSegment'],
      ['a/./..', 'dotSegment'],
      ['a/b//', 'emptySegment'],
    ];
    for (const [rel, expected] of cases) expect(reason(rel), JSON.stringify(rel)).toBe(expected);
  });
});

describe('lexicalAlias', () => {
  it('gives the inside path a lenient reader would take a refused one for, and nothing for paths that leave', () => {
    expect(lexicalAlias('a/./b.txt')).toBe('a/b.txt');
    expect(lexicalAlias('a//b.txt')).toBe('a/b.txt');
    expect(lexicalAlias('a/x/../b.txt')).toBe('a/b.txt');
    expect(lexicalAlias('a/b.txt')).toBeUndefined();
    expect(lexicalAlias('../victim.txt')).toBeUndefined();
    expect(lexicalAlias('a/../../x')).toBeUndefined();
    expect(lexicalAlias('a/..')).toBeUndefined(); // the folder itself is no file
  });
});

describe('showRemotePath', () => {
  it('escapes control and direction-override characters and shortens long paths', () => {
    expect(showRemotePath('a\nb\u202etxt.exe')).toBe('a\\u000ab\\u202etxt.exe');
    const long = showRemotePath('x'.repeat(5000));
    expect(long.length).toBeLessThan(210);
    expect(long).toContain('…');
    expect(describeRemotePathProblem('../x', remotePathProblem('../x')!)).toBe("'../x' has a '..' segment");
  });
});
