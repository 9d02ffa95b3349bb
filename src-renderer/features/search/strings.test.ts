import { describe, expect, it } from 'vitest';
import type { Strings } from '../../i18n/string-table';
import { searchStrings } from './strings';

function keys(strings: Strings, above = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) => (typeof value === 'string' ? [`${above}${key}`] : keys(value, `${above}${key}.`)));
}

describe('search and clipboard strings', () => {
  it('say everything in English and in 简体中文', () => {
    expect(keys(searchStrings['zh-CN']).sort()).toEqual(keys(searchStrings.en).sort());
  });
});
