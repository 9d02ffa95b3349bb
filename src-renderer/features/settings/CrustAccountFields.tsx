/**
 * The Crust account: its SS58 address once there is one; create one, or
 * import one from its recovery phrase (typed once into a text area, sent
 * once, never shown again); export the phrase to a new file on the machine
 * running the core (typed, or a folder chosen with the host's picker); remove
 * it after a confirmation. Each answer is the new settings view.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishSettingsView } from '@shared/contract/publish';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { apiKey, useTransport } from '../../lib/api';
import { CopyButton } from '../browser/CopyButton';
import { joinHostPath } from '../sync/host-path';
import { HostFolderPicker } from '../sync/HostFolderPicker';

/** The file an export suggests in a chosen folder. */
const EXPORT_FILE_NAME = 'crust-recovery-phrase.txt';

export function CrustAccountFields({ view }: { view: PublishSettingsView }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const show = useToasts((s) => s.show);
  const [mnemonic, setMnemonic] = useState('');
  const [exportPath, setExportPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Headless: the folder is chosen by browsing the machine the core runs on.
  const [picking, setPicking] = useState(false);

  const saved = (next: PublishSettingsView) => client.setQueryData(apiKey('publish.settings.get', {}), next);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    act(async () => {
      const next = await transport.call('publish.account.create', {});
      saved(next);
      show('success', t('publishSettings.account.created', { address: next.account?.address ?? '' }));
    });
  const importPhrase = () =>
    act(async () => {
      const next = await transport.call('publish.account.import', { mnemonic });
      // Sent once: the phrase leaves this page's state as soon as the core has it.
      setMnemonic('');
      saved(next);
      show('success', t('publishSettings.account.imported', { address: next.account?.address ?? '' }));
    });
  const exportPhrase = () =>
    act(async () => {
      await transport.call('publish.account.export', { path: exportPath.trim() });
      show('success', t('publishSettings.account.exported', { path: exportPath.trim() }));
    });
  const choose = (folder: string) => setExportPath(joinHostPath(folder, EXPORT_FILE_NAME));
  const browse = () => {
    if (!transport.host.nativePaths) {
      setPicking(true);
      return;
    }
    transport.call('dialogs.open', { kind: 'folder' }).then(
      ({ paths }) => paths[0] && choose(paths[0]),
      (e: unknown) => (e instanceof AppError && e.code === AppErrorCode.Unsupported ? setPicking(true) : setError(e)),
    );
  };

  const account = view.account;
  return (
    <fieldset className="settings-group" data-testid="crust-account">
      <legend className="field-label">{t('publishSettings.account.title')}</legend>
      {account ? (
        <>
          <div className="field">
            <span className="field-label">{t('publishSettings.account.address')}</span>
            <span className="publish-field-row">
              <code className="publish-address" data-testid="crust-address">
                {account.address}
              </code>
              <CopyButton text={account.address} label={t('common.copy')} />
            </span>
          </div>
          <label className="field">
            <span className="field-label">{t('publishSettings.account.exportPath')}</span>
            <span className="publish-field-row">
              <input className="input publish-input-grow mono" value={exportPath} placeholder={t('publishSettings.account.exportPlaceholder')} onChange={(e) => setExportPath(e.target.value)} data-testid="crust-export-path" />
              <button type="button" className="button" onClick={browse} data-testid="crust-export-browse">
                {t('publishSettings.account.browse')}
              </button>
              <button type="button" className="button" disabled={busy || exportPath.trim() === ''} onClick={() => void exportPhrase()} data-testid="crust-export">
                {t('publishSettings.account.export')}
              </button>
            </span>
            <span className="field-hint">{t('publishSettings.account.exportHint')}</span>
          </label>
          <div>
            <button type="button" className="button crust-account-remove" disabled={busy} onClick={() => setConfirmRemove(true)} data-testid="crust-account-remove">
              {t('publishSettings.account.remove')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="field-hint">{t('publishSettings.account.none')}</p>
          <div>
            <button type="button" className="button" disabled={busy} onClick={() => void create()} data-testid="crust-account-create">
              {t('publishSettings.account.create')}
            </button>
          </div>
          <label className="field">
            <span className="field-label">{t('publishSettings.account.importLabel')}</span>
            <textarea className="input publish-mnemonic" rows={2} autoComplete="off" spellCheck={false} value={mnemonic} onChange={(e) => setMnemonic(e.target.value)} data-testid="crust-mnemonic" />
            <span className="field-hint">{t('publishSettings.account.importHint')}</span>
          </label>
          <div>
            <button type="button" className="button" disabled={busy || mnemonic.trim() === ''} onClick={() => void importPhrase()} data-testid="crust-account-import">
              {t('publishSettings.account.import')}
            </button>
          </div>
        </>
      )}
      <ErrorText error={error} />
      {picking && <HostFolderPicker onChoose={choose} onClose={() => setPicking(false)} />}
      <ConfirmDialog
        open={confirmRemove}
        title={t('publishSettings.account.removeTitle')}
        message={t('publishSettings.account.removeMessage')}
        confirmLabel={t('publishSettings.account.remove')}
        danger
        testId="crust-account-remove-confirm"
        onConfirm={async () => {
          saved(await transport.call('publish.account.remove', {}));
          show('info', t('publishSettings.account.removed'));
        }}
        onClose={() => setConfirmRemove(false)}
      />
    </fieldset>
  );
}
