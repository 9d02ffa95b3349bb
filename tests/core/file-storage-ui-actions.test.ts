/**
 * What the browser offers on a File Storage connection, from the adapter's
 * real capabilities (not a copy of them): files can be renamed and deleted;
 * folders, moves and copies are refused with their reasons, which exist in
 * both languages.
 */
import { describe, expect, it } from 'vitest';
import { capabilitiesSchema } from '../../src-shared/contract/locations';
import { FILE_STORAGE_CAPABILITIES } from '../../src-main/providers/file-storage/fs-provider';
import { actionRefusals } from '../../src-renderer/features/browser/allowed-actions';
import { objectEntry } from '../../src-renderer/features/browser/listing';
import { pagesByOffset } from '../../src-renderer/features/browser/list-query';
import { fileServiceStrings } from '../../src-renderer/features/browser/file-service-strings';
import { testI18n } from '../../src-renderer/i18n/test-i18n';
import type { Strings } from '../../src-renderer/i18n/string-table';

function leafKeys(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key.replace(/_(one|other)$/, '')}`] : leafKeys(value, `${prefix}${key}.`)));
}

// What the renderer receives: the capabilities as the contract carries them.
const asSent = capabilitiesSchema.parse(FILE_STORAGE_CAPABILITIES);

describe('the browser on a File Storage connection', () => {
  const file = objectEntry({ path: 'photo.jpg', size: 1, modified: '2026-01-01T00:00:00Z', ref: 'f1', verifiable: false, extras: {} }, 0);

  it('renames and deletes files, and refuses folders, moves and copies with a reason in both languages', async () => {
    const r = actionRefusals(asSent);
    expect([r.rename(file), r.remove([file])]).toEqual([undefined, undefined]);
    const refused = [r.newFolder, r.transfer('move'), r.transfer('copy')];
    expect(refused).toEqual(['browser.cannot.folders', 'browser.cannot.move', 'browser.cannot.copy']);
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await testI18n(language);
      for (const key of refused) expect(i18n.exists(key!), `${language}: ${key}`).toBe(true);
    }
  });

  it('has every string of its views in both languages', async () => {
    for (const [language, table] of [['en', fileServiceStrings.en], ['zh-CN', fileServiceStrings['zh-CN']]] as const) {
      const i18n = await testI18n(language);
      const missing = [...new Set([...leafKeys(fileServiceStrings.en), ...leafKeys(table)])].filter((key) => !i18n.exists(key, { count: 2 }));
      expect(missing, language).toEqual([]);
    }
  });

  it('lists it as a flat listing paged by offset, sized from its total', () => {
    expect(pagesByOffset(asSent)).toBe(true);
  });
});
