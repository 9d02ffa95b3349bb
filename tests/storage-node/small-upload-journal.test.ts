/**
 * Small uploads acknowledged means durable. Since schema version 6 a
 * multi-file upload's small files are kept inline in the catalog, committed
 * with their objects (metadata/inline-blob-table.ts): an acknowledged upload
 * survives a SIGKILL right after the answer, and no blob file is made for
 * them that a power loss could take. A version 5 node group-committed them
 * through a journal (blobs/blob-journal.ts) and wrote the files unsynced: a
 * data folder it left with journal rows is migrated, and the start restores
 * those files from the journal as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/common/sqlite';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { storageNodeMigrations } from '../../src-main/storage-node/metadata/schema';
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

  it('the small files are kept inline in the catalog: no blob file is made for them, so none can be lost with the page cache', async () => {
    const dataDir = join(temp.path, 'inline');
    const c = await start(dataDir);
    const bucket = await c.createBucket('b');
    const pkg = await c.createPackage(bucket.bucketID, 'p');
    const files = manyFiles('inline');
    await c.uploadObjects(pkg.packageID, files);
    await kill();

    // Every distinct non-empty file kept in memory is a row committed with the objects; the one streamed to a synced temp file is a file.
    const small = new Set(files.filter((f) => f.body.length > 0 && f.body.length <= 64 * 1024).map((f) => blobName(f.body)));
    const large = blobName(files.find((f) => f.path.endsWith('past-limit'))!.body);
    expect(inlineBlobs(dataDir)).toEqual([...small].sort());
    const blobFile = (blob: string) => join(dataDir, 'blobs', blob.slice(0, 2), blob);
    expect([...small].filter((blob) => existsSync(blobFile(blob))), 'small files written as blob files').toEqual([]);
    expect(existsSync(blobFile(large))).toBe(true);
    expect(journaledBlobs(dataDir), 'nothing is journaled any more').toEqual([]);

    await expectAllReadable(await start(dataDir), pkg.packageID, files);
    await stop();
    expect((await new DataDirChecker(dataDir).check()).problems).toEqual([]);
  });

  it('a version 5 data folder with journal rows left (files missing, cut short, overwritten) is migrated and its files restored at start', async () => {
    const dataDir = join(temp.path, 'from-v5');
    const files = manyFiles('legacy');
    writeVersion5DataDir(dataDir, files);
    expect(journaledBlobs(dataDir).length).toBeGreaterThan(250);

    await expectAllReadable(await start(dataDir), 1, files);
    expect(journaledBlobs(dataDir), 'the start empties the journal once the files are right and synced').toEqual([]);
    await stop();
    expect(schemaVersion(dataDir)).toBe(6);
    expect((await new DataDirChecker(dataDir).check()).problems).toEqual([]);
  });

  /**
   * What a version 5 node left when it was killed (or lost power) before the
   * background sync of a small upload's files: the objects and a journal row
   * per small blob committed, the files of those blobs missing, empty or with
   * other bytes; the large file synced before the commit, intact.
   */
  function writeVersion5DataDir(dataDir: string, files: Array<{ path: string; body: Buffer }>): void {
    mkdirSync(dataDir, { recursive: true });
    const db = openDatabase(join(dataDir, 'metadata.db'), storageNodeMigrations.filter((m) => m.version <= 5));
    try {
      const now = Date.now();
      db.prepare("INSERT INTO buckets (bucket_id, name, create_time) VALUES (1, 'b', ?)").run(now);
      db.prepare("INSERT INTO packages (package_id, bucket_id, name, create_time) VALUES (1, 1, 'p', ?)").run(now);
      const blobs = new Map<string, Buffer>();
      for (const file of files) {
        const object = db
          .prepare("INSERT INTO objects (package_id, path, size, file_hash, redundancy, create_time, update_time) VALUES (1, ?, ?, ?, 'none', ?, ?) RETURNING object_id")
          .get(file.path, file.body.length, fullHashOf(file.body), now, now) as { object_id: number };
        if (file.body.length === 0) continue;
        db.prepare('INSERT INTO object_segments (object_id, seq, start_offset, size, blob) VALUES (?, 0, 0, ?, ?)').run(object.object_id, file.body.length, blobName(file.body));
        blobs.set(blobName(file.body), file.body);
      }
      let i = 0;
      for (const [blob, body] of blobs) {
        const path = join(dataDir, 'blobs', blob.slice(0, 2), blob);
        mkdirSync(dirname(path), { recursive: true });
        if (body.length > 64 * 1024) {
          writeFileSync(path, body); // streamed to a temp file, synced and renamed before the commit: no journal row
          continue;
        }
        db.prepare('INSERT INTO blob_journal (blob, data) VALUES (?, ?)').run(blob, body);
        if (i % 3 === 1) writeFileSync(path, Buffer.alloc(0));
        else if (i % 3 === 2) writeFileSync(path, randomBytes(100));
        i++; // i % 3 === 0: missing
      }
    } finally {
      db.close();
    }
  }

  function inlineBlobs(dataDir: string): string[] {
    const db = new Database(join(dataDir, 'metadata.db'));
    try {
      return (db.prepare('SELECT blob FROM inline_blobs ORDER BY blob').all() as Array<{ blob: string }>).map((r) => r.blob);
    } finally {
      db.close();
    }
  }

  function schemaVersion(dataDir: string): number {
    const db = new Database(join(dataDir, 'metadata.db'));
    try {
      return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    } finally {
      db.close();
    }
  }
});
