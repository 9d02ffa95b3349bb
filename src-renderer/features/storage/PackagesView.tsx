/** The main pane for a bucket: its packages, to open, create and delete. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Package } from '@shared/contract/domain';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useBrowserStore } from '../../stores/browser-store';
import { useConnection } from '../connections/display-name';
import { CreatePackageDialog } from './CreateDialogs';
import { DeletePackageDialog } from './DeleteDialogs';
import { EntityTable, type Column } from './EntityTable';
import { sortByName } from './sort-by-name';
import { ViewHeader } from './ViewHeader';
import { EmptyState, ErrorState, LoadingState } from './ViewStates';
import './storage.css';

export function PackagesView({ connectionId, bucketId }: { connectionId: string; bucketId: number }) {
  return <PackagesList key={`${connectionId}:${bucketId}`} connectionId={connectionId} bucketId={bucketId} />;
}

const packageKey = (pkg: Package) => String(pkg.packageID);

function PackagesList({ connectionId, bucketId }: { connectionId: string; bucketId: number }) {
  const { t, i18n } = useTranslation();
  const { name: connectionName } = useConnection(connectionId);
  // The bucket's name comes from the bucket list (usually cached by the tree or the buckets view).
  const buckets = useApiQuery('buckets.list', { connectionId });
  const bucketName = buckets.data?.find((b) => b.bucketID === bucketId)?.name ?? (buckets.isPending ? '' : t('storage.unknownBucket', { id: bucketId }));
  const packages = useApiQuery('packages.list', { connectionId, bucketId });
  const navigate = useBrowserStore((s) => s.navigate);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Package | null>(null);
  const rows = useMemo(() => sortByName(packages.data ?? [], i18n.language), [packages.data, i18n.language]);

  const open = (pkg: Package) => navigate({ connectionId, bucketId, packageId: pkg.packageID, prefix: '' });
  const columns: Array<Column<Package>> = [
    { id: 'name', label: t('common.name'), render: (p) => p.name },
    { id: 'bucket', label: t('storage.bucket'), render: () => bucketName, className: 'col-muted' },
    { id: 'created', label: t('common.created'), render: (p) => formatDateTime(p.createTime, i18n.language), className: 'col-time' },
  ];
  const createButton = (testId: string) => (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid={testId}>
      <Icon name="plus" size={14} />
      {t('storage.newPackage')}
    </button>
  );

  let body;
  if (packages.isPending) body = <LoadingState />;
  else if (packages.isError && !packages.data) body = <ErrorState error={packages.error} onRetry={() => void packages.refetch()} />;
  else if (rows.length === 0) body = <EmptyState icon="package" title={t('storage.noPackagesTitle')} text={t('storage.noPackagesText')} action={createButton('empty-new-package')} />;
  else
    body = (
      <EntityTable
        label={t('storage.packages')}
        icon="package"
        rows={rows}
        columns={columns}
        rowKey={packageKey}
        rowName={(p) => p.name}
        selectedKey={selected}
        onSelect={setSelected}
        onOpen={open}
        onDelete={setDeleting}
        rowMenu={(p) => [
          { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: () => open(p) },
          'separator',
          { id: 'delete-package', label: t('storage.deletePackage'), shortcut: 'Del', danger: true, onSelect: () => setDeleting(p) },
        ]}
        backgroundMenu={() => [{ id: 'new-package', label: t('storage.newPackageMenu'), onSelect: () => setCreating(true) }]}
        testId="packages-table"
      />
    );

  return (
    <section className="storage-view" data-testid="packages-view" aria-label={t('storage.packages')}>
      <ViewHeader
        icon="bucket"
        title={bucketName}
        crumbs={[{ label: connectionName, onOpen: () => navigate({ connectionId, bucketId: null, packageId: null, prefix: '' }) }, { label: t('storage.packages') }]}
        summary={packages.data ? t('storage.count', { count: packages.data.length }) : undefined}
        onRefresh={() => void packages.refetch()}
        refreshing={packages.isFetching}
        actions={createButton('new-package')}
      />
      {packages.isError && packages.data && <ErrorText error={packages.error} />}
      {body}
      <CreatePackageDialog
        open={creating}
        connectionId={connectionId}
        bucket={{ bucketID: bucketId, name: bucketName }}
        onClose={() => setCreating(false)}
        onCreated={(p) => setSelected(packageKey(p))}
      />
      <DeletePackageDialog connectionId={connectionId} pkg={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}
