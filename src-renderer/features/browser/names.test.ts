import { describe, expect, it } from 'vitest';
import { nameProblem, parentPrefix, prefixChain, uniqueName } from './names';

const none = () => false;

describe('nameProblem', () => {
  it('accepts ordinary names, spaces and non-ASCII included', () => {
    expect(nameProblem('report 2024.pdf', { parentPrefix: 'a/', taken: none })).toBeUndefined();
    expect(nameProblem('资料', { parentPrefix: '', taken: none, isFolder: true })).toBeUndefined();
  });

  it('refuses what object paths cannot hold', () => {
    expect(nameProblem('', { parentPrefix: '', taken: none })).toBe('empty');
    expect(nameProblem('   ', { parentPrefix: '', taken: none })).toBe('empty');
    expect(nameProblem('a/b', { parentPrefix: '', taken: none })).toBe('slash');
    expect(nameProblem('a\\b', { parentPrefix: '', taken: none })).toBe('backslash');
    expect(nameProblem('..', { parentPrefix: '', taken: none })).toBe('dots');
    expect(nameProblem('a\tb', { parentPrefix: '', taken: none })).toBe('control');
    expect(nameProblem('\uD800', { parentPrefix: '', taken: none })).toBe('invalidUnicode');
    expect(nameProblem('x'.repeat(256), { parentPrefix: '', taken: none })).toBe('segmentTooLong');
    expect(nameProblem('中'.repeat(86), { parentPrefix: '', taken: none })).toBe('segmentTooLong'); // 258 bytes
    expect(nameProblem('x'.repeat(200), { parentPrefix: 'p/'.repeat(413), taken: none })).toBe('pathTooLong');
  });

  it('reports a taken name and an unchanged one', () => {
    expect(nameProblem('b', { parentPrefix: '', taken: (n) => n === 'b' })).toBe('exists');
    expect(nameProblem('same', { parentPrefix: '', taken: () => true, current: 'same' })).toBe('unchanged');
  });

  it('counts the trailing slash of a folder against the path limit', () => {
    const parent = ('p'.repeat(255) + '/').repeat(3) + 'q/'; // 770 bytes
    expect(nameProblem('x'.repeat(254), { parentPrefix: parent, taken: none })).toBeUndefined(); // 1,024
    expect(nameProblem('x'.repeat(254), { parentPrefix: parent, taken: none, isFolder: true })).toBe('pathTooLong'); // 1,025 with its '/'
    expect(nameProblem('x'.repeat(253), { parentPrefix: parent, taken: none, isFolder: true })).toBeUndefined();
  });
});

describe('prefix helpers', () => {
  it('finds the parent folder', () => {
    expect(parentPrefix('a/b/')).toBe('a/');
    expect(parentPrefix('a/b.txt')).toBe('a/');
    expect(parentPrefix('a/')).toBe('');
    expect(parentPrefix('x')).toBe('');
  });

  it('lists the chain of prefixes', () => {
    expect(prefixChain('')).toEqual([]);
    expect(prefixChain('a/b/c/')).toEqual(['a/', 'a/b/', 'a/b/c/']);
  });
});

describe('uniqueName', () => {
  it('numbers the name until it is free', () => {
    expect(uniqueName('untitled folder', () => false)).toBe('untitled folder');
    const taken = new Set(['untitled folder', 'untitled folder 2']);
    expect(uniqueName('untitled folder', (n) => taken.has(n))).toBe('untitled folder 3');
  });
});
