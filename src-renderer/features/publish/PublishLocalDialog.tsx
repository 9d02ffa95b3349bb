/**
 * "Publish from this computer…": a file or folder on the disk of the machine
 * running the core, by its path — chosen with the system's dialog on the
 * desktop, by browsing the host's folders in headless mode, or typed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { HostFolderPicker } from '../sync/HostFolderPicker';
import { invalidatePublish } from './use-publish';

export function PublishLocalDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const show = useToasts((s) => s.show);
  const client = useQueryClient();
  const [path, setPath] = useState('');
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const browse = (kind: 'files' | 'folder') => {
    if (!transport.host.nativePaths) {
      setPicking(true);
      return;
    }
    transport.call('dialogs.open', { kind }).then(
      ({ paths }) => paths[0] && setPath(paths[0]),
      (e: unknown) => (e instanceof AppError && e.code === AppErrorCode.Unsupported ? setPicking(true) : setError(e)),
    );
  };
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const { jobs } = await transport.call('publish.startLocal', { paths: [path.trim()] });
      show('success', t('publish.started', { count: jobs.length, name: path.trim().split(/[\\/]/).filter(Boolean).pop() ?? path.trim(), formatted: String(jobs.length) }));
      invalidatePublish(client);
      setPath('');
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('publish.local.title')}
      open={open}
      onClose={onClose}
      testId="publish-local-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-primary" disabled={busy || path.trim() === ''} onClick={() => void publish()} data-testid="publish-local-start">
            {t('publish.actionShort')}
          </button>
        </>
      }
    >
      <p className="crust-muted">{t('publish.local.intro')}</p>
      <label className="field">
        <span className="field-label">{t('publish.local.path')}</span>
        <input className="input mono" value={path} placeholder={t('publish.local.placeholder')} onChange={(e) => setPath(e.target.value)} data-testid="publish-local-path" />
      </label>
      <div className="publish-buttons">
        {transport.host.nativePaths && (
          <button type="button" className="button" onClick={() => browse('files')} data-testid="publish-local-file">
            {t('publish.local.chooseFile')}
          </button>
        )}
        <button type="button" className="button" onClick={() => browse('folder')} data-testid="publish-local-folder">
          {t('publish.local.chooseFolder')}
        </button>
      </div>
      {error !== null && <ErrorText error={error} />}
      {picking && <HostFolderPicker initialPath={path || undefined} onChoose={(folder) => setPath(folder)} onClose={() => setPicking(false)} />}
    </Dialog>
  );
}
