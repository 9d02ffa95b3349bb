/**
 * The task's local folder: typed, or chosen with the system's folder dialog
 * (desktop) or a picker that browses the host's folders (headless: the
 * browser cannot see the disk of the machine that syncs). The form renders
 * that picker beside its own dialog (a nested dialog's Escape would close both).
 */
import { useTranslation } from 'react-i18next';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { useErrorMessage } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { TextField, type SectionProps } from './form-parts';

export function LocalFolderField({ onChoose, onPickOnHost, ...props }: SectionProps & { onChoose: (path: string) => void; onPickOnHost: () => void }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const describe = useErrorMessage();
  const show = useToasts((s) => s.show);

  const browse = () => {
    if (!transport.host.nativePaths) {
      onPickOnHost();
      return;
    }
    transport
      .call('dialogs.open', { kind: 'folder' })
      .then(({ paths }) => {
        if (paths[0]) onChoose(paths[0]);
      })
      .catch((error: unknown) => {
        // A desktop without dialogs (should not happen) still has the picker.
        if (error instanceof AppError && error.code === AppErrorCode.Unsupported) onPickOnHost();
        else show('error', describe(error));
      });
  };

  return (
    <TextField
      label={t('sync.form.localFolder')}
      field="localPath"
      props={props}
      placeholder={t('sync.form.localPlaceholder')}
      hint={t('sync.form.localHint')}
      className="sync-field-wide"
      testId="sync-field-local"
      suffix={
        <button type="button" className="button" onClick={browse} data-testid="sync-browse-local">
          <Icon name="folder" size={14} />
          {t('sync.form.browse')}
        </button>
      }
    />
  );
}
