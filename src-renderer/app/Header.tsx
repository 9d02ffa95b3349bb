import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { useAppUi } from '../stores/app-store';

export function Header() {
  const { t } = useTranslation();
  const { settingsOpen, setSettingsOpen } = useAppUi();
  return (
    <header className="header">
      <div className="header-title">
        <Icon name="package" size={18} />
        <span>{t('common.appName')}</span>
      </div>
      <div className="header-actions">
        <button type="button" className="icon-button" onClick={() => setSettingsOpen(true)} title={t('common.settings')} aria-label={t('common.settings')} data-testid="open-settings">
          <Icon name="settings" />
        </button>
      </div>
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </header>
  );
}
