/**
 * The group commit of small uploads (blobs/blob-journal.ts): an acknowledged
 * multi-file upload survives a SIGKILL that lands before the background sync
 * of its files, and survives the loss of those unsynced files too (what a
 * power loss would do to them): the start restores them from the journal.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { DataDirChecker } from '../helpers/node-inspection';
import { generateCredentials, spawnNodeProcess, type NodeProcess } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const fullHashOf = (data: Buffer) => 'Full' + createHash('sha256').update(data).digest('hex').toUpperCase();
const blobName = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('small uploads: acknowledged means durable (SIGKILL right after the answer)', { timeout: 60_000 }, () => {
  const credentials = generateCredentials();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let proc: NodeProcess | undefined;
  let client: JcsClient | undefined;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-small-journal');
  });

  afterAll(async () => {
    client?.close();
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await temp?.remove();
  });

  async function start(dataDir: string): Promise<JcsClient> {
    proc = await spawnNodeProcess(['--data', dataDir, '--port', '0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
    client = new JcsClient({ baseUrl: proc.url, credentials });
    return client;
  }

  async function kill(): Promise<void> {
    proc!.child.kill('SIGKILL');
    expect(await proc!.exited).toBe('SIGKILL');
    client?.close();
    client = undefined;
  }

  async function stop(): Promise<void> {
    client?.close();
    client = undefined;
    proc!.child.kill('SIGTERM');
    expect(await proc!.exited, proc!.output()).toBe(0);
  }

  /** Small files of many sizes (empty, duplicates, the largest kept in memory and one past it), uploaded in one request. */
  function manyFiles(prefix: string): Array<{ path: string; body: Buffer }> {
    const shared = randomBytes(3000);
    const files = Array.from({ length: 300 }, (_, i) => ({ path: `${prefix}/f-${String(i).padStart(3, '0')}.bin`, body: randomBytes(1 + ((i * 997) % 8192)) }));
    files.push(
      { path: `${prefix}/empty`, body: Buffer.alloc(0) },
      { path: `${prefix}/dup-a`, body: shared },
      { path: `${prefix}/dup-b`, body: shared },
      { path: `${prefix}/at-limit`, body: randomBytes(64 * 1024) },
      { path: `${prefix}/past-limit`, body: randomBytes(64 * 1024 + 1) },
    );
    return files;
  }

  /** Every file reads back whole and with its hash, by listing and by download. */
  async function expectAllReadable(c: JcsClient, packageID: number, files: Array<{ path: string; body: Buffer }>): Promise<void> {
    const listed = new Map((await c.getPackageObjects(packageID)).map((o) => [o.path, o]));
    for (const file of files) {
      const object = listed.get(file.path);
      expect(object, `acknowledged '${file.path}' is missing after the crash`).toBeDefined();
      expect({ size: Number(object!.size), fileHash: object!.fileHash }).toEqual({ size: file.body.length, fileHash: fullHashOf(file.body) });
      const download = await c.download({ objectID: object!.objectID });
      const chunks: Buffer[] = [];
      for await (const chunk of download.stream) chunks.push(chunk as Buffer);
      expect(fullHashOf(Buffer.concat(chunks)), `bytes of '${file.path}'`).toBe(fullHashOf(file.body));
    }
  }

  function journaledBlobs(dataDir: string): string[] {
    const db = new Database(join(dataDir, 'metadata.db'));
    try {
      return (db.prepare('SELECT blob FROM blob_journal ORDER BY blob').all() as Array<{ blob: string }>).map((r) => r.blob);
    } finally {
      db.close();
    }
  }

  it('every file of the acknowledged request is there, with its bytes, after a SIGKILL and a restart', async () => {
    const dataDir = join(temp.path, 'kill');
    const c = await start(dataDir);
    const bucket = await c.createBucket('b');
    const pkg = await c.createPackage(bucket.bucketID, 'p');
    const files = manyFiles('kill');
    const uploaded = await c.uploadObjects(pkg.packageID, files);
    await kill(); // at once: before the background sync of the files
    expect(uploaded.map((o) => o.fileHash)).toEqual(files.map((f) => fullHashOf(f.body)));

    await expectAllReadable(await start(dataDir), pkg.packageID, files);
    await stop();
    const report = await new DataDirChecker(dataDir).check({ collected: false });
    expect(report.problems).toEqual([]);
    expect(journaledBlobs(dataDir), 'a clean stop leaves the journal empty').toEqual([]);
  });

  it('unsynced files lost with the page cache (missing, cut short, overwritten) are restored from the journal at start', async () => {
    const dataDir = join(temp.path, 'lost');
    const c = await start(dataDir);
    const bucket = await c.createBucket('b');
    const pkg = await c.createPackage(bucket.bucketID, 'p');
    const files = manyFiles('lost');
    await c.uploadObjects(pkg.packageID, files);
    await kill();

    // What the journal covers: every distinct non-empty file kept in memory, none of the one streamed to a synced temp file.
    const journaled = journaledBlobs(dataDir);
    const small = new Set(files.filter((f) => f.body.length > 0 && f.body.length <= 64 * 1024).map((f) => blobName(f.body)));
    expect(journaled, 'the kill landed before the background sync (journal rows are left)').toEqual([...small].sort());
    expect(journaled).not.toContain(blobName(files.find((f) => f.path.endsWith('past-limit'))!.body));

    // A power loss can leave an unsynced file missing, empty or with other bytes.
    const blobFile = (blob: string) => join(dataDir, 'blobs', blob.slice(0, 2), blob);
    journaled.forEach((blob, i) => {
      expect(existsSync(blobFile(blob))).toBe(true);
      if (i % 3 === 0) rmSync(blobFile(blob));
      else if (i % 3 === 1) truncateSync(blobFile(blob), 0);
      else writeFileSync(blobFile(blob), randomBytes(100));
    });

    await expectAllReadable(await start(dataDir), pkg.packageID, files);
    expect(journaledBlobs(dataDir), 'the start empties the journal once the files are right and synced').toEqual([]);
    await stop();
    expect((await new DataDirChecker(dataDir).check({ collected: false })).problems).toEqual([]);
  });
});
