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
    const form = { ...defaultForm(''), localPath: 'relative', remotePath: 'x', triggerType: 'Interval' as const, intervalSeconds: '1', includeSize: false, includeModTime: false, minSize: 'x', guardMaxFiles: 'x', guardMaxPercent: '200', trashDays: '0', exclude: 'x'.repeat(600) };
    // Every level word the form has, one it has not, and a service without folders.
    const problems = [
      validateForm(form, { levels: ['bucket', 'package'], folders: true }),
      validateForm(form, { levels: ['space', 'somethingElse'], folders: false }),
    ].flatMap((found) => Object.values(found).filter((problem) => problem !== undefined));
    const en = new Set(keys(syncStrings.en));
    for (const problem of problems) expect(en.has(`sync.problem.${problem.key}`)).toBe(true);
    expect(problems.map((p) => p.key)).toEqual(expect.arrayContaining(['bucketRequired', 'packageRequired', 'spaceRequired', 'rootRequired', 'remoteNoFolders']));
  });
});
