/** A connection in the sidebar tree; expanding it loads its buckets. */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConnectionView, NodeStatus } from '@shared/contract/domain';
import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { sortByName } from '../storage/sort-by-name';
import { ConnectionStatusBadge, ConnectionStatusDetail } from './ConnectionStatus';
import { connectionDisplayName } from './display-name';
import { useSidebarActions, type MenuEntries } from './sidebar-actions';
import { BucketNode } from './StorageNodes';
import { treeKey, useTreeStore } from './tree-store';
import { TreeEmpty, TreeError, TreeLoading } from './TreeGroupState';
import { TreeItem } from './TreeItem';

export function ConnectionNode({ connection, node }: { connection: ConnectionView; node: NodeStatus | undefined }) {
  const { t } = useTranslation();
  const key = treeKey.connection(connection.id);
  const expanded = useTreeStore((s) => !!s.expanded[key]);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  const selected = useBrowserStore((s) => s.location?.connectionId === connection.id && s.location.bucketId === null);
  const navigate = useBrowserStore((s) => s.navigate);
  const actions = useSidebarActions();
  const client = useQueryClient();
  const name = connectionDisplayName(connection, t);
  const embedded = connection.kind === 'embedded';

  const refresh = () => {
    // Partial keys: every bucket list and package list of this connection.
    void client.invalidateQueries({ queryKey: ['buckets.list', { connectionId: connection.id }] });
    void client.invalidateQueries({ queryKey: ['packages.list', { connectionId: connection.id }] });
  };
  const menu = (): MenuEntries => {
    const newBucket = () => actions.openDialog({ kind: 'new-bucket', connectionId: connection.id, connectionName: name });
    const items: Array<MenuEntries[number]> = [
      { id: 'new-bucket', label: t('storage.newBucketMenu'), onSelect: newBucket },
      'separator',
      { id: 'test-connection', label: t('connections.test'), onSelect: () => actions.testConnection(connection) },
    ];
    if (!embedded) items.push({ id: 'edit-connection', label: t('connections.edit'), onSelect: () => actions.openDialog({ kind: 'edit-connection', connection }) });
    items.push({ id: 'refresh', label: t('connections.refresh'), onSelect: refresh });
    if (!embedded) items.push('separator', { id: 'remove-connection', label: t('connections.remove'), shortcut: 'Del', danger: true, onSelect: () => actions.openDialog({ kind: 'remove-connection', connection }) });
    return items;
  };

  return (
    <TreeItem
      itemKey={key}
      level={1}
      label={name}
      icon={embedded ? 'computer' : 'server'}
      expanded={expanded}
      selected={selected}
      onToggle={(open) => setExpanded(key, open)}
      onActivate={() => navigate({ connectionId: connection.id, bucketId: null, packageId: null, prefix: '' })}
      onMenu={(x, y, origin) => actions.openMenu(x, y, menu(), origin)}
      onDelete={embedded ? undefined : () => actions.openDialog({ kind: 'remove-connection', connection })}
      badge={<ConnectionStatusBadge connection={connection} node={node} />}
      detail={<ConnectionStatusDetail connection={connection} node={node} level={1} />}
      testId="tree-connection"
    >
      <BucketsGroup connectionId={connection.id} />
    </TreeItem>
  );
}

/** Rendered only while the connection is expanded, so buckets load lazily. */
function BucketsGroup({ connectionId }: { connectionId: string }) {
  const { t, i18n } = useTranslation();
  const buckets = useApiQuery('buckets.list', { connectionId });
  if (buckets.isPending) return <TreeLoading level={2} />;
  if (buckets.isError && !buckets.data) return <TreeError level={2} error={buckets.error} onRetry={() => void buckets.refetch()} />;
  if (buckets.data.length === 0) return <TreeEmpty level={2} text={t('connections.noBuckets')} />;
  return sortByName(buckets.data, i18n.language).map((bucket) => <BucketNode key={bucket.bucketID} connectionId={connectionId} bucket={bucket} />);
}
