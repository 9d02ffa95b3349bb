import type { SpaceCredential, SpaceStorage } from '@shared/jcs/user-space-wire';
import { badArgument } from '../node-error';
import { LocalSpaceBackend } from './local/local-backend';
import { createS3Backend } from './s3/s3-backend';
import type { SpaceBackend } from './space-backend';

/** The backend for a storage type: one folder per kind, as rclone has one per backend. */
export function openSpaceBackend(storage: SpaceStorage, credential: SpaceCredential | null): SpaceBackend {
  if (storage.type === 'Local') return new LocalSpaceBackend(storage.localPath);
  if (!credential || credential.type === 'Local') throw badArgument(`credential: a ${storage.type} space needs {type, accessKeyId, secretAccessKey}`);
  return createS3Backend(storage, credential);
}
