import type { Settings } from '@shared/contract/domain';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Sets `data-theme` on <html>; 'system' follows the OS and keeps following it. Returns a cleanup. */
export function applyTheme(theme: Settings['theme']): () => void {
  const set = () => {
    document.documentElement.dataset.theme = theme === 'system' ? (darkQuery().matches ? 'dark' : 'light') : theme;
  };
  set();
  if (theme !== 'system') return () => {};
  const query = darkQuery();
  query.addEventListener('change', set);
  return () => query.removeEventListener('change', set);
}
