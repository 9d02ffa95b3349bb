/**
 * Confirmations for deleting a bucket or a package. Both name what they delete
 * and say that everything inside goes too (the service deletes recursively);
 * afterwards the user is moved out if they were inside.
 */
import { useTranslation } from 'react-i18next';
import type { Bucket, Package } from '@shared/contract/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToasts } from '../../components/toasts';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { leaveDeletedBucket, leaveDeletedPackage } from './leave-deleted';

interface DeleteBucketDialogProps {
  connectionId: string;
  /** The bucket to delete; the dialog is open while it is set. */
  bucket: Pick<Bucket, 'bucketID' | 'name'> | null;
  onClose: () => void;
}

export function DeleteBucketDialog({ connectionId, bucket, onClose }: DeleteBucketDialogProps) {
  const { t } = useTranslation();
  const remove = useApiMutation('buckets.delete');
  const show = useToasts((s) => s.show);
  // How much goes with it, when it is cheap to know (usually cached by the tree or the view).
  const packages = useApiQuery('packages.list', { connectionId, bucketId: bucket?.bucketID ?? 0 }, { enabled: bucket !== null });
  return (
    <ConfirmDialog
      open={bucket !== null}
      title={t('storage.deleteBucketTitle')}
      message={
        bucket && (
          <>
            <p className="storage-confirm-line">{t('storage.deleteBucketMessage', { name: bucket.name })}</p>
            {packages.data && packages.data.length > 0 && <p className="storage-confirm-line">{t('storage.bucketHolds', { count: packages.data.length })}</p>}
          </>
        )
      }
      confirmLabel={t('common.delete')}
      danger
      onConfirm={async () => {
        if (!bucket) return;
        await remove.mutateAsync({ connectionId, bucketId: bucket.bucketID });
        leaveDeletedBucket(connectionId, bucket.bucketID);
        show('success', t('storage.bucketDeleted', { name: bucket.name }));
      }}
      onClose={onClose}
      testId="delete-bucket-dialog"
    />
  );
}

interface DeletePackageDialogProps {
  connectionId: string;
  pkg: Pick<Package, 'packageID' | 'bucketID' | 'name'> | null;
  onClose: () => void;
}

export function DeletePackageDialog({ connectionId, pkg, onClose }: DeletePackageDialogProps) {
  const { t } = useTranslation();
  const remove = useApiMutation('packages.delete');
  const show = useToasts((s) => s.show);
  return (
    <ConfirmDialog
      open={pkg !== null}
      title={t('storage.deletePackageTitle')}
      message={pkg && <p className="storage-confirm-line">{t('storage.deletePackageMessage', { name: pkg.name })}</p>}
      confirmLabel={t('common.delete')}
      danger
      onConfirm={async () => {
        if (!pkg) return;
        await remove.mutateAsync({ connectionId, packageId: pkg.packageID });
        leaveDeletedPackage(connectionId, pkg.bucketID, pkg.packageID);
        show('success', t('storage.packageDeleted', { name: pkg.name }));
      }}
      onClose={onClose}
      testId="delete-package-dialog"
    />
  );
}
