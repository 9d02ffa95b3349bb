/**
 * A failed or waiting job's error in the user's words: the code's title, the
 * core's message as it came (it names the endpoint and what it answered),
 * the code's one-sentence explanation, and the endpoint when the core sent
 * it as a param. Pure, unit-tested in Node.
 */
import type { TFunction } from 'i18next';
import type { AppErrorShape } from '@shared/contract/define';

export interface JobErrorWords {
  code: string;
  /** "Token refused: pin.example refused the token (401)". */
  line: string;
  /** What the code means ('' for a code we have no words for: a service's own). */
  explanation: string;
  /** The endpoint the core named (`params.endpoint`), or null. */
  endpoint: string | null;
}

export function jobErrorWords(t: TFunction, error: AppErrorShape): JobErrorWords {
  const title = t(`errors.${error.code}`, { defaultValue: error.code });
  const endpoint = typeof error.params?.endpoint === 'string' && error.params.endpoint !== '' ? error.params.endpoint : null;
  return {
    code: error.code,
    line: `${title}: ${error.message}`,
    explanation: t(`errors.explain.${error.code}`, { defaultValue: '' }),
    endpoint,
  };
}
