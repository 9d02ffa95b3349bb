/**
 * Localized bucket/package name validation. The rules live in one place,
 * src-shared/jcs/names.ts (the service checks the same ones); this only turns
 * its English problem into the user's language, falling back to the English
 * text for a rule added there later.
 */
import type { TFunction } from 'i18next';
import { entityNameProblem } from '@shared/jcs/names';

const PROBLEM_KEYS: ReadonlyArray<[RegExp, string]> = [
  [/^is empty$/, 'empty'],
  [/valid Unicode/, 'unicode'],
  [/longer than/, 'tooLong'],
  [/^may not be '/, 'dots'],
  [/may not contain/, 'slash'],
  [/control character/, 'control'],
  [/white space/, 'space'],
];

export function localizedNameProblem(name: string, t: TFunction): string | undefined {
  const problem = entityNameProblem(name);
  if (problem === undefined) return undefined;
  const key = PROBLEM_KEYS.find(([pattern]) => pattern.test(problem))?.[1];
  return key ? t(`storage.nameProblem.${key}`) : problem;
}
