/** Buckets and packages in the sidebar tree; expanding a bucket loads its packages. */
import { useTranslation } from 'react-i18next';
import type { Bucket, Package } from '@shared/contract/domain';
import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { sortByName } from '../storage/sort-by-name';
import { useSidebarActions, type MenuEntries } from './sidebar-actions';
import { treeKey, useTreeStore } from './tree-store';
import { TreeEmpty, TreeError, TreeLoading } from './TreeGroupState';
import { TreeItem } from './TreeItem';

export function BucketNode({ connectionId, bucket }: { connectionId: string; bucket: Bucket }) {
  const { t } = useTranslation();
  const key = treeKey.bucket(connectionId, bucket.bucketID);
  const expanded = useTreeStore((s) => !!s.expanded[key]);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  const selected = useBrowserStore((s) => s.location?.connectionId === connectionId && s.location.bucketId === bucket.bucketID && s.location.packageId === null);
  const navigate = useBrowserStore((s) => s.navigate);
  const actions = useSidebarActions();
  const open = () => navigate({ connectionId, bucketId: bucket.bucketID, packageId: null, prefix: '' });
  const remove = () => actions.openDialog({ kind: 'delete-bucket', connectionId, bucket });
  const menu = (): MenuEntries => [
    { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: open },
    { id: 'new-package', label: t('storage.newPackageMenu'), onSelect: () => actions.openDialog({ kind: 'new-package', connectionId, bucket }) },
    'separator',
    { id: 'delete-bucket', label: t('storage.deleteBucket'), shortcut: 'Del', danger: true, onSelect: remove },
  ];
  return (
    <TreeItem
      itemKey={key}
      level={2}
      label={bucket.name}
      icon="bucket"
      expanded={expanded}
      selected={selected}
      onToggle={(isOpen) => setExpanded(key, isOpen)}
      onActivate={open}
      onMenu={(x, y, origin) => actions.openMenu(x, y, menu(), origin)}
      onDelete={remove}
      testId="tree-bucket"
    >
      <PackagesGroup connectionId={connectionId} bucketId={bucket.bucketID} />
    </TreeItem>
  );
}

function PackagesGroup({ connectionId, bucketId }: { connectionId: string; bucketId: number }) {
  const { t, i18n } = useTranslation();
  const packages = useApiQuery('packages.list', { connectionId, bucketId });
  if (packages.isPending) return <TreeLoading level={3} />;
  if (packages.isError && !packages.data) return <TreeError level={3} error={packages.error} onRetry={() => void packages.refetch()} />;
  if (packages.data.length === 0) return <TreeEmpty level={3} text={t('connections.noPackages')} />;
  return sortByName(packages.data, i18n.language).map((pkg) => <PackageNode key={pkg.packageID} connectionId={connectionId} pkg={pkg} />);
}

function PackageNode({ connectionId, pkg }: { connectionId: string; pkg: Package }) {
  const { t } = useTranslation();
  const selected = useBrowserStore((s) => s.location?.connectionId === connectionId && s.location.packageId === pkg.packageID);
  const navigate = useBrowserStore((s) => s.navigate);
  const actions = useSidebarActions();
  const open = () => navigate({ connectionId, bucketId: pkg.bucketID, packageId: pkg.packageID, prefix: '' });
  const remove = () => actions.openDialog({ kind: 'delete-package', connectionId, pkg });
  const menu = (): MenuEntries => [
    { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: open },
    'separator',
    { id: 'delete-package', label: t('storage.deletePackage'), shortcut: 'Del', danger: true, onSelect: remove },
  ];
  return (
    <TreeItem
      itemKey={treeKey.package(connectionId, pkg.packageID)}
      level={3}
      label={pkg.name}
      icon="package"
      selected={selected}
      onActivate={open}
      onMenu={(x, y, origin) => actions.openMenu(x, y, menu(), origin)}
      onDelete={remove}
      testId="tree-package"
    />
  );
}
