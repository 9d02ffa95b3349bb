/**
 * The app shell: header, sidebar (connections → buckets → packages), the main
 * pane for the current location, the transfers drawer, and a status bar. `data-app-state="loaded"`
 * marks the moment the app has talked to main once (tests wait for it).
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Toasts } from '../components/toasts';
import { useApiQuery } from '../lib/api';
import { resolveLanguage, setLanguage } from '../i18n/i18n';
import { Sidebar } from '../features/connections/Sidebar';
import { ConflictDialog, TransferEvents, TransfersPanel } from '../features/transfers';
import { PublishEvents } from '../features/publish/PublishEvents';
import { useLocationUrl } from '../features/location/use-location-url';
import { MainPane } from './MainPane';
import { Header } from './Header';
import { StatusBar } from './StatusBar';
import { applyTheme } from './theme';
import { useAppCommands } from './use-app-commands';

export function App() {
  const settings = useApiQuery('settings.get', {});
  const info = useApiQuery('app.info', {});
  const { t } = useTranslation();
  useAppCommands();
  useLocationUrl();

  useEffect(() => {
    if (!settings.data) return;
    void setLanguage(resolveLanguage(settings.data.language));
    return applyTheme(settings.data.theme);
  }, [settings.data]);

  useEffect(() => {
    document.title = t('common.appName');
  }, [t]);

  return (
    <div className="app" data-app-state={info.data && settings.data ? 'loaded' : info.error ? 'error' : 'loading'}>
      <Header />
      <div className="workspace">
        <Sidebar />
        <MainPane />
      </div>
      <TransfersPanel />
      <StatusBar />
      <Toasts />
      <TransferEvents />
      <PublishEvents />
      <ConflictDialog />
    </div>
  );
}
