import { describe, expect, it } from 'vitest';
import type { Strings } from '../../i18n/string-table';
import { syncStrings } from './strings';

/** Every key of a table, plural forms (`_one`, `_other`) folded into their base key. */
function keys(table: Strings, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));
}

describe('sync strings', () => {
  it('say the same things in English and Chinese', () => {
    const en = new Set(keys(syncStrings.en));
    const zh = new Set(keys(syncStrings['zh-CN']));
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('have a message for every problem the form can report', async () => {
    const { validateForm, defaultForm } = await import('./sync-form');
    const problems = validateForm({ ...defaultForm(''), localPath: 'relative', remotePath: 'x', triggerType: 'Interval', intervalSeconds: '1', includeSize: false, includeModTime: false, minSize: 'x', guardMaxFiles: 'x', guardMaxPercent: '200', trashDays: '0', exclude: 'x'.repeat(600) });
    const en = new Set(keys(syncStrings.en));
    for (const problem of Object.values(problems)) expect(en.has(`sync.problem.${problem.key}`)).toBe(true);
  });
});
