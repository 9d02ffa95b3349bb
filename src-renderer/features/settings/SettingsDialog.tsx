import { useTranslation } from 'react-i18next';
import type { Settings } from '@shared/contract/domain';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { TransferSettingsFields } from './TransferSettingsFields';
import { PublishSettingsSection } from './PublishSettingsSection';

/** Language and theme, start at login (desktop only: headless mode runs no window to start), transfers (changes apply at once: main broadcasts settings.changed), and publishing (saved with its own button). */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useApiQuery('settings.get', {});
  const update = useApiMutation('settings.update');
  const info = useApiQuery('app.info', {});
  const change = (patch: Partial<Settings>) => update.mutate(patch);
  return (
    <Dialog open={open} title={t('settings.title')} onClose={onClose} testId="settings-dialog" wide footer={<button type="button" className="button" onClick={onClose}>{t('common.close')}</button>}>
      {settings.data && (
        <div className="form">
          <label className="field">
            <span className="field-label">{t('settings.language')}</span>
            <select className="input" data-testid="settings-language" value={settings.data.language} onChange={(e) => change({ language: e.target.value as Settings['language'] })}>
              <option value="system">{t('settings.followSystem')}</option>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('settings.theme')}</span>
            <select className="input" data-testid="settings-theme" value={settings.data.theme} onChange={(e) => change({ theme: e.target.value as Settings['theme'] })}>
              <option value="system">{t('settings.followSystem')}</option>
              <option value="light">{t('settings.light')}</option>
              <option value="dark">{t('settings.dark')}</option>
            </select>
          </label>
          {info.data?.mode === 'desktop' && (
            <label className="field settings-check">
              <span className="settings-check-row">
                <input type="checkbox" data-testid="settings-startAtLogin" checked={settings.data.startAtLogin} onChange={(e) => change({ startAtLogin: e.target.checked })} />
                <span>{t('settings.startAtLogin')}</span>
              </span>
              <span className="field-hint">{t('settings.startAtLoginHint')}</span>
            </label>
          )}
          <TransferSettingsFields value={settings.data.transfers} onSave={(transfers) => change({ transfers })} />
          <PublishSettingsSection />
          {info.data && (
            <p className="field-hint">
              {t('settings.dataFolder')}: <code>{info.data.dataDir}</code>
            </p>
          )}
        </div>
      )}
      <ErrorText error={settings.error ?? update.error} />
    </Dialog>
  );
}
