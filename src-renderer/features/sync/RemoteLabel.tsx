/** Where a task syncs to: connection › bucket › package › /folder, by name where the lists are at hand. */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { useConnection } from '../connections/display-name';
import { remoteFolderLabel } from './sync-display';

export function RemoteLabel({ task }: { task: Pick<SyncTask, 'connectionId' | 'bucketId' | 'packageId' | 'remotePath'> }) {
  const { t } = useTranslation();
  const { name: connectionName } = useConnection(task.connectionId);
  const buckets = useApiQuery('buckets.list', { connectionId: task.connectionId });
  const packages = useApiQuery('packages.list', { connectionId: task.connectionId, bucketId: task.bucketId });
  const bucket = buckets.data?.find((b) => b.bucketID === task.bucketId)?.name ?? t('sync.unknownBucket', { id: task.bucketId });
  const pkg = packages.data?.find((p) => p.packageID === task.packageId)?.name ?? t('sync.unknownPackage', { id: task.packageId });
  const parts = [connectionName || task.connectionId, bucket, pkg];
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
