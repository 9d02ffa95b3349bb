/** The one dialog the Sync page has open, if any. Task dialogs read the task from the live list. */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import type { SyncTask } from '@shared/contract/sync';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToasts } from '../../components/toasts';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { ActivityLogDialog } from './ActivityLogDialog';
import { ConflictsDialog } from './ConflictsDialog';
import { PreviewDialog } from './PreviewDialog';
import { TaskFormDialog } from './TaskFormDialog';
import { TrashDialog } from './TrashDialog';

export type SyncDialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'preview' | 'log' | 'trash' | 'conflicts' | 'delete' | 'revert'; taskId: string };

interface SyncDialogsProps {
  dialog: SyncDialog | null;
  tasks: readonly SyncTask[];
  onOpen: (dialog: SyncDialog) => void;
  onClose: () => void;
}

export function SyncDialogs({ dialog, tasks, onOpen, onClose }: SyncDialogsProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const remove = useApiMutation('sync.delete');
  const revert = useApiMutation('sync.revert');
  const show = useToasts((s) => s.show);
  const connections = useApiQuery('connections.list', {});
  if (!dialog) return null;
  if (dialog.kind === 'create') return <TaskFormDialog key="create" open task={null} onClose={onClose} />;
  const task = tasks.find((x) => x.id === dialog.taskId);
  if (!task) return null; // deleted meanwhile
  switch (dialog.kind) {
    case 'edit':
      return <TaskFormDialog key={task.id} open task={task} onClose={onClose} />;
    case 'preview':
      return <PreviewDialog task={task} onClose={onClose} />;
    case 'log':
      return <ActivityLogDialog task={task} onClose={onClose} />;
    case 'trash':
      return <TrashDialog task={task} onClose={onClose} />;
    case 'conflicts':
      return <ConflictsDialog task={task} onClose={onClose} onOpenTrash={() => onOpen({ kind: 'trash', taskId: task.id })} />;
    case 'revert':
      return (
        <ConfirmDialog
          open
          title={t('sync.revert.title')}
          message={<p>{t(task.direction === 'download' ? 'sync.revert.local' : remoteKeepsTrash(connections.data?.find((c) => c.id === task.connectionId)) ? 'sync.revert.remote' : 'sync.revert.remoteKeptHere', { count: task.keptChanges })}</p>}
          confirmLabel={t('sync.revert.confirm')}
          testId="sync-revert-dialog"
          onClose={onClose}
          onConfirm={async () => {
            await revert.mutateAsync({ id: task.id });
            await client.invalidateQueries({ queryKey: ['sync.list'] });
          }}
        />
      );
    case 'delete':
      return (
        <ConfirmDialog
          open
          danger
          title={t('sync.delete.title')}
          message={
            <>
              <p>{t('sync.delete.message', { name: task.name })}</p>
              <p className="sync-delete-safe">{t('sync.delete.filesKept', { local: task.localPath })}</p>
            </>
          }
          confirmLabel={t('sync.delete.confirm')}
          testId="sync-delete-dialog"
          onClose={onClose}
          onConfirm={async () => {
            await remove.mutateAsync({ id: task.id });
            await client.invalidateQueries({ queryKey: ['sync.list'] });
            show('success', t('sync.delete.done', { name: task.name }));
          }}
        />
      );
  }
}

/**
 * Whether what sync replaces in the package goes to a trash there: the service
 * can move objects into it and has folders to hold it (core/sync/remote-side.ts);
 * otherwise a copy goes to this computer’s trash first. While the connection
 * list loads, the usual case is assumed.
 */
function remoteKeepsTrash(connection: ConnectionView | undefined): boolean {
  return !connection || (connection.capabilities.move && connection.capabilities.folders !== 'none');
}
