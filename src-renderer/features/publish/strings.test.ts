import { describe, expect, it } from 'vitest';
import type { Strings } from '../../i18n/string-table';
import { publishSettingsStrings } from '../settings/publish-settings-strings';
import { publishStrings } from './strings';

/** Every key of a table, plural forms (`_one`, `_other`) folded into their base key. */
function keys(table: Strings, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));
}

describe('publish strings', () => {
  it.each([
    ['publish', publishStrings],
    ['publish settings', publishSettingsStrings],
  ])('%s say the same things in English and Chinese', (_name, table) => {
    const en = new Set(keys(table.en));
    const zh = new Set(keys(table['zh-CN']));
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });
});
