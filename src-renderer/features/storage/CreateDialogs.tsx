/**
 * "New bucket" and "New package": a name prompt that checks the name as it is
 * typed (the same rules the service applies) and creates the entity. Used by
 * the main-pane views and the sidebar's context menus.
 */
import { useTranslation } from 'react-i18next';
import type { Bucket, Package } from '@shared/contract/domain';
import { PromptDialog } from '../../components/PromptDialog';
import { useToasts } from '../../components/toasts';
import { useApiMutation } from '../../lib/api';
import { localizedNameProblem } from './name-problem';

interface CreateBucketDialogProps {
  open: boolean;
  connectionId: string;
  connectionName: string;
  onClose: () => void;
  onCreated?: (bucket: Bucket) => void;
}

export function CreateBucketDialog({ open, connectionId, connectionName, onClose, onCreated }: CreateBucketDialogProps) {
  const { t } = useTranslation();
  const create = useApiMutation('buckets.create');
  const show = useToasts((s) => s.show);
  return (
    <PromptDialog
      open={open}
      title={t('storage.newBucketTitle', { connection: connectionName })}
      label={t('storage.bucketName')}
      confirmLabel={t('common.create')}
      validate={(name) => localizedNameProblem(name, t)}
      onSubmit={async (name) => {
        const bucket = await create.mutateAsync({ connectionId, name });
        show('success', t('storage.bucketCreated', { name: bucket.name }));
        onCreated?.(bucket);
      }}
      onClose={onClose}
      testId="create-bucket-dialog"
    />
  );
}

interface CreatePackageDialogProps {
  open: boolean;
  connectionId: string;
  bucket: Pick<Bucket, 'bucketID' | 'name'>;
  onClose: () => void;
  onCreated?: (pkg: Package) => void;
}

export function CreatePackageDialog({ open, connectionId, bucket, onClose, onCreated }: CreatePackageDialogProps) {
  const { t } = useTranslation();
  const create = useApiMutation('packages.create');
  const show = useToasts((s) => s.show);
  return (
    <PromptDialog
      open={open}
      title={t('storage.newPackageTitle', { bucket: bucket.name })}
      label={t('storage.packageName')}
      confirmLabel={t('common.create')}
      validate={(name) => localizedNameProblem(name, t)}
      onSubmit={async (name) => {
        const pkg = await create.mutateAsync({ connectionId, bucketId: bucket.bucketID, name });
        show('success', t('storage.packageCreated', { name: pkg.name }));
        onCreated?.(pkg);
      }}
      onClose={onClose}
      testId="create-package-dialog"
    />
  );
}
