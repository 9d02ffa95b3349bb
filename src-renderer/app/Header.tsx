import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { useAppUi, type AppPage } from '../stores/app-store';

const PAGES: AppPage[] = ['files', 'sync', 'spaces', 'crust'];
/** Each page's name in the string tables (the Spaces and Crust pages' belong to their features). */
const PAGE_LABELS: Readonly<Record<AppPage, string>> = { files: 'sync.nav.files', sync: 'sync.nav.sync', spaces: 'spaces.nav', crust: 'publish.nav' };

export function Header() {
  const { t } = useTranslation();
  const { settingsOpen, setSettingsOpen, page, setPage } = useAppUi();
  return (
    <header className="header">
      <div className="header-title">
        <Icon name="package" size={18} />
        <span>{t('common.appName')}</span>
      </div>
      <nav className="header-pages" aria-label={t('sync.nav.label')}>
        {PAGES.map((p) => (
          <button key={p} type="button" className="header-page" aria-current={page === p ? 'page' : undefined} onClick={() => setPage(p)} data-testid={`page-${p}`}>
            {t(PAGE_LABELS[p])}
          </button>
        ))}
      </nav>
      <div className="header-actions">
        <button type="button" className="icon-button" onClick={() => setSettingsOpen(true)} title={t('common.settings')} aria-label={t('common.settings')} data-testid="open-settings">
          <Icon name="settings" />
        </button>
      </div>
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </header>
  );
}
