/** Confirms removing a connection; afterwards nothing in the app points at it any more. */
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToasts } from '../../components/toasts';
import { useApiMutation } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';

export function RemoveConnectionDialog({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useApiMutation('connections.remove');
  const forgetConnection = useBrowserStore((s) => s.forgetConnection);
  const show = useToasts((s) => s.show);
  return (
    <ConfirmDialog
      open
      title={t('connections.removeTitle')}
      message={t('connections.removeMessage', { name: connection.name })}
      confirmLabel={t('connections.removeConfirm')}
      danger
      onConfirm={async () => {
        await remove.mutateAsync({ id: connection.id });
        forgetConnection(connection.id);
        show('success', t('connections.removed', { name: connection.name }));
      }}
      onClose={onClose}
      testId="remove-connection-dialog"
    />
  );
}
