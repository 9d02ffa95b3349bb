/** The S3 side of bench:spaces (filled in once the RGW harness lands). */
import type { S3Credential, S3Storage } from '../src-shared/jcs/user-space-wire';

export type S3Source =
  | { skipped: string }
  | { storage: S3Storage; credential: S3Credential; upload(localFolder: string, prefix: string): Promise<void>; stop(): Promise<void> };

export function s3Source(log: (message: string) => void): Promise<S3Source> {
  log('S3: not wired yet');
  return Promise.resolve({ skipped: "the RGW harness is not wired in yet" });
}
