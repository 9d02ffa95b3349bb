/**
 * Renderer entry: picks the transport (the preload's IPC API in the desktop
 * app, HTTP + WebSocket in a browser), applies the saved language and theme
 * before the first paint, and renders the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_TRANSFER_SETTINGS, type Settings } from '@shared/contract/domain';
import { App } from './app/App';
import { applyTheme } from './app/theme';
import { initI18n, resolveLanguage } from './i18n/i18n';
import { ApiProvider } from './lib/api';
import { createHttpTransport } from './lib/transport/http-transport';
import { createIpcTransport } from './lib/transport/ipc-transport';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

async function start(): Promise<void> {
  const transport = window.jcs ? createIpcTransport(window.jcs) : createHttpTransport();
  let settings: Settings = { language: 'system', theme: 'system', transfers: DEFAULT_TRANSFER_SETTINGS, startAtLogin: false };
  try {
    settings = await transport.call('settings.get', {});
  } catch {
    // Main unreachable for now: start with defaults; the app shows the failure.
  }
  await initI18n(resolveLanguage(settings.language));
  applyTheme(settings.theme);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApiProvider transport={transport}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}

void start();
