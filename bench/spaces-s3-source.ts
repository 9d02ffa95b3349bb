/**
 * The S3 side of bench:spaces: one Ceph RGW on loopback (scripts/rgw/, as the
 * tests start it), a bucket, and an upload of the bench's trees into it (not
 * timed: the bench measures the node's import from S3, not this upload).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Credential, S3Storage } from '../src-shared/jcs/user-space-wire';
import { rgwClient, rgwMissing, startRgw, stopRgw } from '../tests/helpers/rgw';

export type S3Source =
  | { skipped: string }
  | { storage: S3Storage; credential: S3Credential; upload(localFolder: string, prefix: string): Promise<void>; stop(): Promise<void> };

export async function s3Source(log: (message: string) => void): Promise<S3Source> {
  const missing = rgwMissing();
  if (missing) {
    log(`S3 cases skipped: ${missing}`);
    return { skipped: missing };
  }
  const dir = await mkdtemp(join(tmpdir(), 'jcs-bench-rgw-'));
  log('starting Ceph RGW on loopback');
  const server = await startRgw({ dir, memstoreMiB: 3072 });
  const client = rgwClient(server);
  const bucket = `bench-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    storage: { type: 'S3', region: '', endpoint: server.endpoint, bucket },
    credential: { type: 'S3', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    async upload(localFolder, prefix) {
      const files = await walk(localFolder);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let file = files.pop(); file; file = files.pop()) {
            const key = `${prefix}/${relative(localFolder, file).split('\\').join('/')}`;
            const size = (await stat(file)).size;
            // One PutObject even for the 1 GiB file (S3 takes up to 5 GiB so).
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }));
          }
        }),
      );
    },
    async stop() {
      client.destroy();
      await stopRgw(dir);
    },
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
