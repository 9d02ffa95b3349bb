/** An i18next instance with the app's string tables, for unit tests in Node (no DOM, no React). */
import i18next, { type i18n as I18n } from 'i18next';
import { commonStrings } from './common-strings';
import { featureStrings } from './feature-strings';
import type { Strings } from './string-table';

export async function testI18n(language: 'en' | 'zh-CN'): Promise<I18n> {
  const merged = { en: {} as Strings, 'zh-CN': {} as Strings };
  for (const table of [commonStrings, ...featureStrings]) {
    Object.assign(merged.en, table.en);
    Object.assign(merged['zh-CN'], table['zh-CN']);
  }
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: false, // a key missing in one language must show up as missing, not as the other's text
    resources: { en: { translation: merged.en }, 'zh-CN': { translation: merged['zh-CN'] } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
