/** Where a task syncs to: connection › the root's names from the top (JCS: bucket › package) › /folder. */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Icon } from '../../components/Icon';
import { useConnection } from '../connections/display-name';
import { remoteFolderLabel } from './sync-display';
import { useRootChain } from './use-root-chain';

export function RemoteLabel({ task }: { task: Pick<SyncTask, 'connectionId' | 'root' | 'remotePath'> }) {
  const { t } = useTranslation();
  const { name: connectionName } = useConnection(task.connectionId);
  const chain = useRootChain(task.connectionId, task.root);
  // A root that cannot be looked up (gone, or the service unreachable) is shown by its id.
  const roots = chain.data?.map((node) => node.name) ?? [t('sync.unknownRoot', { id: task.root })];
  const parts = [connectionName || task.connectionId, ...roots];
  const full = `${parts.join(' › ')} ${remoteFolderLabel(task.remotePath)}`;
  return (
    <span className="sync-route-end" title={full} data-testid="sync-remote">
      <Icon name="server" size={14} />
      <span className="sync-route-remote">
        {parts.map((part, i) => (
          <span key={i} className="sync-route-part">
            {part}
            <Icon name="chevronRight" size={10} />
          </span>
        ))}
        <span className="mono sync-route-path">{remoteFolderLabel(task.remotePath)}</span>
      </span>
    </span>
  );
}
