import { beforeEach, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { useToasts, type ToastWords } from './toast-store';

let language = 'en';
const WORDS: Record<string, string> = { en: 'cannot be reached', 'zh-CN': '无法连接' };
/** Words that speak whatever `language` is now, as the Toasts component's do at each render. */
const words: ToastWords = { t: ((key: string) => `${WORDS[language]} (${key})`) as unknown as TFunction, describe: String };
const texts = () => useToasts.getState().toasts.map((t) => (typeof t.text === 'function' ? t.text(words) : t.text));

describe('toast store', () => {
  beforeEach(() => {
    language = 'en';
    useToasts.setState({ toasts: [], scope: null, language: null });
    useToasts.getState().enterScope('files:a');
    useToasts.getState().enterLanguage('en');
  });

  it('drops the toasts of a page when another is shown, but not those that outlive pages', () => {
    const { show, enterScope } = useToasts.getState();
    show('error', 'upload failed');
    show('error', 'batch failed', { global: true });
    enterScope('files:a');
    expect(texts()).toEqual(['upload failed', 'batch failed']);
    enterScope('sync');
    expect(texts()).toEqual(['batch failed']);
    show('error', 'task failed');
    enterScope('files:b');
    expect(texts()).toEqual(['batch failed']);
  });

  it('says a text that is a function again in the new language, and drops a fixed string said in the old one', () => {
    const { show, enterLanguage } = useToasts.getState();
    show('error', ({ t }) => t('test'));
    show('error', 'fixed English text');
    expect(texts()).toEqual(['cannot be reached (test)', 'fixed English text']);
    language = 'zh-CN';
    enterLanguage('zh-CN');
    expect(texts()).toEqual(['无法连接 (test)']);
    show('error', '固定的中文');
    enterLanguage('zh-CN');
    expect(texts()).toEqual(['无法连接 (test)', '固定的中文']);
  });
});
