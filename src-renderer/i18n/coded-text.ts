/**
 * Words a coded text from main (`{code, params}`) in the user's language.
 * Params are values (paths, names, numbers) shown as they are, except those
 * that are codes themselves (a reason, an error code, a path problem): each
 * feature says which param names those are and how to word them.
 */
import type { i18n as I18n } from 'i18next';

export type Params = Readonly<Record<string, string | number>>;
/** How to word the value of a param that is a code. */
export type ParamWords = Readonly<Record<string, (value: string, i18n: I18n) => string>>;

/** Param names every coded text may use. */
export const COMMON_PARAM_WORDS: ParamWords = {
  /** An error code: its title, or the code itself when it is one we do not know (a service's own). */
  errorCode: (value, i18n) => i18n.t(`errors.${value}`, { defaultValue: value }),
  /** A remote path problem (src-shared/paths/remote-path.ts): what is wrong with the path. */
  problem: (value, i18n) => i18n.t(`remotePath.${value}`, { defaultValue: value }),
  /** A level of a connection's roots ('bucket', 'package'): its noun (storage.levels), worded for a level the tables do not know. */
  rootLevel: (value, i18n) => i18n.t([`storage.levels.${value}.noun`, 'storage.levels.other.noun'], { level: value }),
};

export function wordParams(i18n: I18n, params: Params, words: ParamWords = COMMON_PARAM_WORDS): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const word = words[name];
    out[name] = word && typeof value === 'string' ? word(value, i18n) : value;
  }
  return out;
}

/** `key` worded with `params`, or undefined when the string tables have no such key (a code another version wrote). */
export function wordCoded(i18n: I18n, key: string, params: Params, words: ParamWords = COMMON_PARAM_WORDS): string | undefined {
  const worded = wordParams(i18n, params, words);
  // i18next picks plural forms by `count` (texts that count something name it so): existence is asked with the params too.
  if (!i18n.exists(key, worded)) return undefined;
  return i18n.t(key, worded);
}
