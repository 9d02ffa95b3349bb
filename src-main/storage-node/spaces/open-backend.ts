import type { SpaceCredential, SpaceStorage } from '@shared/jcs/user-space-wire';
import { badArgument } from '../node-error';
import { LocalSpaceBackend } from './local/local-backend';
import type { SpaceBackend } from './space-backend';

/**
 * The backend for a storage type: one folder per kind, as rclone has one per
 * backend. The S3 client (the AWS SDK, tens of MB once loaded) is imported the
 * first time an S3-family space is used, so a node without one never pays for it.
 */
export async function openSpaceBackend(storage: SpaceStorage, credential: SpaceCredential | null): Promise<SpaceBackend> {
  if (storage.type === 'Local') return new LocalSpaceBackend(storage.localPath);
  if (!credential || credential.type === 'Local') throw badArgument(`credential: a ${storage.type} space needs {type, accessKeyId, secretAccessKey}`);
  const { createS3Backend } = await import('./s3/s3-backend');
  return createS3Backend(storage, credential);
}
