import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES } from '@shared/contract/error-codes';
import { REMOTE_PATH_REASONS } from '@shared/paths/remote-path';
import { testI18n } from './test-i18n';

describe('error strings', () => {
  it('give every code we produce a title and an explanation, in English and Chinese', async () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await testI18n(language);
      const missing = APP_ERROR_CODES.flatMap((code) => [`errors.${code}`, `errors.explain.${code}`]).filter((key) => !i18n.exists(key));
      expect(missing, language).toEqual([]);
    }
  });

  it('word every remote path problem in both languages', async () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await testI18n(language);
      expect(REMOTE_PATH_REASONS.filter((reason) => !i18n.exists(`remotePath.${reason}`)), language).toEqual([]);
    }
  });
});
