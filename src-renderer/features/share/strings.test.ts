import { describe, expect, it } from 'vitest';
import type { Strings } from '../../i18n/string-table';
import { shareStrings } from './strings';

/** Every key of a table, plural forms (`_one`, `_other`) folded into their base key. */
function keys(table: Strings, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));
}

describe('share and folder-size strings', () => {
  it('say the same things in English and Chinese', () => {
    const en = new Set(keys(shareStrings.en));
    const zh = new Set(keys(shareStrings['zh-CN']));
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });
});
