/** The main pane for a connection: its buckets, to open, create and delete. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bucket } from '@shared/contract/domain';
import { Icon } from '../../components/Icon';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useBrowserStore } from '../../stores/browser-store';
import { useConnection } from '../connections/display-name';
import { CreateBucketDialog, CreatePackageDialog } from './CreateDialogs';
import { DeleteBucketDialog } from './DeleteDialogs';
import { EntityTable, type Column } from './EntityTable';
import { sortByName } from './sort-by-name';
import { ViewHeader } from './ViewHeader';
import { EmptyState, ErrorState, LoadingState } from './ViewStates';
import './storage.css';

export function BucketsView({ connectionId }: { connectionId: string }) {
  // A fresh view (selection, open dialogs) per connection.
  return <BucketsList key={connectionId} connectionId={connectionId} />;
}

const bucketKey = (bucket: Bucket) => String(bucket.bucketID);

function BucketsList({ connectionId }: { connectionId: string }) {
  const { t, i18n } = useTranslation();
  const { name: connectionName } = useConnection(connectionId);
  const buckets = useApiQuery('buckets.list', { connectionId });
  const navigate = useBrowserStore((s) => s.navigate);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newPackageIn, setNewPackageIn] = useState<Bucket | null>(null);
  const [deleting, setDeleting] = useState<Bucket | null>(null);
  const rows = useMemo(() => sortByName(buckets.data ?? [], i18n.language), [buckets.data, i18n.language]);

  const open = (bucket: Bucket) => navigate({ connectionId, bucketId: bucket.bucketID, packageId: null, prefix: '' });
  const columns: Array<Column<Bucket>> = [
    { id: 'name', label: t('common.name'), render: (b) => b.name },
    { id: 'created', label: t('common.created'), render: (b) => (b.createTime ? formatDateTime(b.createTime, i18n.language) : '—'), className: 'col-time' },
  ];
  const createButton = (testId: string) => (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid={testId}>
      <Icon name="plus" size={14} />
      {t('storage.newBucket')}
    </button>
  );

  let body;
  if (buckets.isPending) body = <LoadingState />;
  else if (buckets.isError && !buckets.data) body = <ErrorState error={buckets.error} onRetry={() => void buckets.refetch()} />;
  else if (rows.length === 0) body = <EmptyState icon="bucket" title={t('storage.noBucketsTitle')} text={t('storage.noBucketsText')} action={createButton('empty-new-bucket')} />;
  else
    body = (
      <EntityTable
        label={t('storage.buckets')}
        icon="bucket"
        rows={rows}
        columns={columns}
        rowKey={bucketKey}
        rowName={(b) => b.name}
        selectedKey={selected}
        onSelect={setSelected}
        onOpen={open}
        onDelete={setDeleting}
        rowMenu={(b) => [
          { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: () => open(b) },
          { id: 'new-package', label: t('storage.newPackageMenu'), onSelect: () => setNewPackageIn(b) },
          'separator',
          { id: 'delete-bucket', label: t('storage.deleteBucket'), shortcut: 'Del', danger: true, onSelect: () => setDeleting(b) },
        ]}
        backgroundMenu={() => [{ id: 'new-bucket', label: t('storage.newBucketMenu'), onSelect: () => setCreating(true) }]}
        testId="buckets-table"
      />
    );

  return (
    <section className="storage-view" data-testid="buckets-view" aria-label={t('storage.buckets')}>
      <ViewHeader
        icon="server"
        title={connectionName}
        crumbs={[{ label: t('storage.buckets') }]}
        summary={buckets.data ? t('storage.count', { count: buckets.data.length }) : undefined}
        onRefresh={() => void buckets.refetch()}
        refreshing={buckets.isFetching}
        actions={createButton('new-bucket')}
      />
      {buckets.isError && buckets.data && <ErrorText error={buckets.error} />}
      {body}
      <CreateBucketDialog open={creating} connectionId={connectionId} connectionName={connectionName} onClose={() => setCreating(false)} onCreated={(b) => setSelected(bucketKey(b))} />
      {newPackageIn && <CreatePackageDialog open connectionId={connectionId} bucket={newPackageIn} onClose={() => setNewPackageIn(null)} />}
      <DeleteBucketDialog connectionId={connectionId} bucket={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}
