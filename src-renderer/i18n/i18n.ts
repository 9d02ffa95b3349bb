/**
 * All UI text goes through i18next, in English and Simplified Chinese. Each
 * feature keeps its strings next to its code (`features/<f>/strings.ts`) and
 * registers them here, so features never edit one shared file.
 * 'system' follows the browser/OS language: Chinese → zh-CN, anything else → en.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '@shared/contract/domain';
import { commonStrings } from './common-strings';
import { featureStrings } from './feature-strings';

import type { Strings, StringTable } from './string-table';

export type { Strings, StringTable } from './string-table';
export type Language = 'en' | 'zh-CN';

export function systemLanguage(): Language {
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function resolveLanguage(setting: Settings['language']): Language {
  return setting === 'system' ? systemLanguage() : setting;
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  const tables: StringTable[] = [commonStrings, ...featureStrings];
  const merged = { en: {} as Strings, 'zh-CN': {} as Strings };
  for (const table of tables) {
    Object.assign(merged.en, table.en);
    Object.assign(merged['zh-CN'], table['zh-CN']);
  }
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: merged.en }, 'zh-CN': { translation: merged['zh-CN'] } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setLanguage(language: Language): Promise<void> {
  if (i18next.language === language) return;
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
