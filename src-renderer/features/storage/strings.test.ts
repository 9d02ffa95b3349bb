import { describe, expect, it } from 'vitest';
import type { Strings } from '../../i18n/string-table';
import { connectionsStrings } from '../connections/strings';
import { storageStrings } from './strings';

/** Every key of a table, plural forms (`_one`, `_other`) folded into their base key. */
function keys(table: Strings, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));
}

describe('storage and connection strings', () => {
  for (const [name, table] of [
    ['storage', storageStrings],
    ['connections', connectionsStrings],
  ] as const) {
    it(`say the same things in English and Chinese (${name})`, () => {
      const en = new Set(keys(table.en));
      const zh = new Set(keys(table['zh-CN']));
      expect([...en].filter((k) => !zh.has(k))).toEqual([]);
      expect([...zh].filter((k) => !en.has(k))).toEqual([]);
    });
  }

  it('word every level the same way: each known level has what the fallback has', () => {
    const levels = (storageStrings.en.storage as Strings).levels as Strings;
    const fallback = keys(levels.other as Strings);
    for (const [key, table] of Object.entries(levels)) expect(keys(table as Strings), key).toEqual(fallback);
  });
});
