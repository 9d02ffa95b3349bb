/**
 * Jobs saved by the app before its transfer jobs spoke in provider terms
 * (database version 7: JCS package and object ids, a staging path and object,
 * a fileHash) keep working after the upgrade: a paused multipart upload
 * continues from the parts the node acknowledged (the same staging object,
 * no part sent twice) and is placed; a download a crash interrupted fetches
 * only the ranges not on disk; finished downloads still say whether they
 * were verified. A real storage node behind a counting proxy, a real app
 * database written the way version 7 wrote it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/common/sqlite';
import { appMigrations, openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import { TransferEngine } from '../../src-main/core/transfers/transfer-engine';
import { jobView, TransferStore } from '../../src-main/core/transfers/transfer-store';
import { storageNodeScript, waitFor } from '../helpers/core';
import { CountingProxy } from '../helpers/counting-proxy';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { MiB, TEST_RETRY, TEST_SETTINGS, fullHash, packageRoot, writeRandomFile } from '../helpers/transfers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const V7_JOB = `INSERT INTO transfer_jobs (id, batch_id, direction, source, state, connection_id, package_id, remote_path, object_id, local_path, display_name, size, bytes_done,
  part_size, source_mtime, staging_path, staging_object, expected_hash, conflict, error_code, created_at, updated_at, finished_at, local_root)
  VALUES (@id, 'old-batch', @direction, 'disk', @state, 'old-connection', @package, @remote, @object, @local, @name, @size, @done, @part, @mtime, @staging, @stagingObject, @hash, 'ask', @code, 1, 1, @finished, @localRoot)`;

describe('transfer jobs saved before database version 8', () => {
  it('resume after the upgrade: a paused multipart upload from its acknowledged parts, an interrupted download from its ranges on disk', async () => {
    const temp = await makeTempDir('jcs-migration');
    cleanups.push(() => temp.remove());
    const node: TestNode = await startTestNode({ credentials: null });
    cleanups.push(() => node.dispose());
    const proxy = await CountingProxy.start(node.node.url);
    cleanups.push(() => proxy.close());
    const bucket = await node.client.createBucket('old');
    const pkg = await node.client.createPackage(bucket.bucketID, 'files');
    const localDir = join(temp.path, 'local');

    // An upload of 4 MiB + 100 bytes in 1 MiB parts, paused after parts 1 and 2 (the staging object the app made then).
    const uploadId = randomUUID();
    const big = await writeRandomFile(join(localDir, 'big.bin'), 4 * MiB + 100);
    const { mtimeMs } = await stat(join(localDir, 'big.bin'));
    const staging = await node.client.newMultipartUpload(pkg.packageID, `.jcs-uploads/${uploadId}/big.bin`);
    for (const index of [1, 2]) await node.client.uploadPart(staging.objectID, index, big.subarray((index - 1) * MiB, index * MiB));
    // A download of 3 MiB interrupted by a crash with its first range on disk.
    const downloadId = randomUUID();
    const report = randomBytes(3 * MiB);
    const [reportObject] = await node.client.uploadObjects(pkg.packageID, [{ path: 'docs/report.pdf', body: report }]);
    const target = join(localDir, 'down', 'report.pdf');
    await mkdir(join(localDir, 'down'), { recursive: true });
    await writeFile(`${target}.jcs-download`, report.subarray(0, MiB));
    // Two finished downloads: one checked against its fileHash, one whose fileHash could not be checked.
    const [checked] = await node.client.uploadObjects(pkg.packageID, [{ path: 'checked.txt', body: Buffer.from('checked') }]);

    const dataDir = join(temp.path, 'app');
    await mkdir(dataDir, { recursive: true });
    const old = openDatabase(join(dataDir, 'app.db'), appMigrations.filter((m) => m.version <= 7));
    old.prepare(`INSERT INTO connections (id, name, kind, config, created_at, updated_at) VALUES ('old-connection', 'old', 'jcs', json_object('baseUrl', ?), 1, 1)`).run(proxy.url);
    const insert = old.prepare(V7_JOB);
    const row = { object: null, staging: null, stagingObject: null, hash: null, code: null, finished: null, localRoot: null, part: null, mtime: null, done: 0, package: pkg.packageID };
    insert.run({ ...row, id: uploadId, direction: 'upload', state: 'paused', remote: 'in/big.bin', local: join(localDir, 'big.bin'), name: 'big.bin', size: big.length, done: 2 * MiB, part: MiB, mtime: Math.floor(mtimeMs), staging: `.jcs-uploads/${uploadId}/big.bin`, stagingObject: staging.objectID });
    insert.run({ ...row, id: downloadId, direction: 'download', state: 'running', remote: 'docs/report.pdf', object: reportObject!.objectID, local: target, name: 'report.pdf', size: report.length, done: MiB, part: MiB, hash: reportObject!.fileHash, localRoot: join(localDir, 'down') });
    insert.run({ ...row, id: 'done-checked', direction: 'download', state: 'completed', remote: 'checked.txt', object: checked!.objectID, local: join(localDir, 'checked.txt'), name: 'checked.txt', size: 7, done: 7, hash: checked!.fileHash, finished: 2 });
    insert.run({ ...row, id: 'done-unchecked', direction: 'download', state: 'completed', remote: 'comp.bin', object: 99, local: join(localDir, 'comp.bin'), name: 'comp.bin', size: 7, done: 7, hash: `Comp${'AB'.repeat(32)}`, finished: 2 });
    const units = old.prepare('INSERT INTO transfer_units (job_id, idx, offset, size) VALUES (?, ?, ?, ?)');
    for (const index of [1, 2]) units.run(uploadId, index, (index - 1) * MiB, MiB);
    units.run(downloadId, 1, 0, MiB);
    old.close();

    // The app starts on the upgraded database.
    const db = openAppDatabase(dataDir);
    const events = new EventBus();
    const connections = new ConnectionService(db, new FileKeySecretBox(dataDir), events, new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: () => {} }));
    const settings = new SettingsService(db, events);
    settings.update({ transfers: TEST_SETTINGS });
    const store = new TransferStore(db);
    const engine = new TransferEngine({ store, connections, events, settings: () => settings.get().transfers, retry: TEST_RETRY, snapshotIntervalMs: 50 });
    cleanups.push(async () => {
      await engine.stop(200);
      connections.close();
      db.close();
    });
    engine.start();
    expect(engine.resume([uploadId])).toBe(1);
    await waitFor('both to finish', () => [uploadId, downloadId].every((id) => ['completed', 'failed'].includes(store.get(id)!.state)), 20_000);

    expect(store.get(uploadId)).toMatchObject({ state: 'completed', error_message: null, upload_handle: null });
    expect(proxy.seen('/object/uploadPart').map((q) => q.partIndex).sort()).toEqual([3, 4, 5]);
    expect(proxy.count('/object/newMultipartUpload')).toBe(0); // the same staging object, continued
    const placed = (await node.client.listByPath({ packageID: pkg.packageID, path: 'in/big.bin', isPrefix: false })).objects[0];
    expect(placed?.fileHash).toBe(fullHash(big));
    expect((await node.client.listByPath({ packageID: pkg.packageID, path: '.jcs-uploads/', isPrefix: true })).objects).toEqual([]);

    expect(store.get(downloadId)).toMatchObject({ state: 'completed', error_message: null });
    const fetched = proxy.seen('/object/download');
    expect(fetched.map((q) => Number(q.query.get('offset'))).sort((a, b) => a - b)).toEqual([MiB, 2 * MiB]);
    expect((await readFile(target)).equals(report)).toBe(true);
    expect(jobView(store.get(downloadId)!).verified).toBe(true);

    expect(jobView(store.get('done-checked')!).verified).toBe(true);
    expect(jobView(store.get('done-unchecked')!).verified).toBe(false);
    // Every job names the package by the root id its provider lists it under.
    const provider = connections.provider('old-connection');
    const rootId = await packageRoot((parentId) => provider.listRoots(parentId), 'old', 'files');
    expect(new Set(store.page(0, 10).rows.map((r) => r.root))).toEqual(new Set([rootId]));
  });
});
