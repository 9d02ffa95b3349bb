import { describe, expect, it } from 'vitest';
import { AppErrorCode } from '@shared/contract/error-codes';
import { testI18n } from '../../i18n/test-i18n';
import { jobErrorWords } from './job-error';

describe('jobErrorWords', () => {
  it('gives the code’s title, the core’s message, the explanation and the endpoint', async () => {
    const en = await testI18n('en');
    const words = jobErrorWords(en.t, { code: AppErrorCode.TokenRefused, message: 'http://127.0.0.1:9/psa refused the token (401)', params: { endpoint: 'http://127.0.0.1:9/psa' } });
    expect(words.line).toBe('Token refused: http://127.0.0.1:9/psa refused the token (401)');
    expect(words.explanation).toContain('refused the token');
    expect(words.endpoint).toBe('http://127.0.0.1:9/psa');
    const zh = await testI18n('zh-CN');
    expect(jobErrorWords(zh.t, { code: AppErrorCode.CidMismatch, message: 'Kubo returned QmA, computed QmB' }).line).toBe('CID 不一致: Kubo returned QmA, computed QmB');
  });

  it('shows a code it has no words for as it came, with no explanation', async () => {
    const en = await testI18n('en');
    const words = jobErrorWords(en.t, { code: 'SomethingNew', message: 'the service said so' });
    expect(words).toEqual({ code: 'SomethingNew', line: 'SomethingNew: the service said so', explanation: '', endpoint: null });
  });
});
