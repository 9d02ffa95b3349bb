import type { S3Credential } from '@shared/jcs/user-space-wire';
import { operationFailed } from '../node-error';
import { LocalSpaceBackend } from './local/local-backend';
import type { SpaceBackend } from './space-backend';
import type { SpaceCredential, SpaceStorage } from '@shared/jcs/user-space-wire';

/** The backend for a storage type: one folder per kind, as rclone has one per backend. */
export function openSpaceBackend(storage: SpaceStorage, credential: SpaceCredential | null): SpaceBackend {
  if (storage.type === 'Local') return new LocalSpaceBackend(storage.localPath);
  const s3Credential = credential as S3Credential;
  void s3Credential;
  throw operationFailed(`${storage.type} spaces are not available in this build`);
}
