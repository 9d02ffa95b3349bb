/**
 * Migration 7 (connections of a kind): an app database whose connections
 * were saved the old way — a base URL, an access key and the secret key's
 * ciphertext in the row — is built at version 6 with the migrations of the
 * time, then opened by today's app. Every connection is there, of kind jcs,
 * with its settings; the secret key's ciphertext moved as it was (nothing was
 * decrypted or re-encrypted), still decrypts, and the connection signs its
 * requests with it against a real node that refuses unsigned ones.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import { openDatabase, scalar, statement, type Db } from '../../src-main/common/sqlite';
import { appMigrations, openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { storageNodeScript } from '../helpers/core';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const SECRET = 'Old-Row-Secret-Key-0123456789-abcdef';

let node: TestNode;

beforeAll(async () => {
  node = await startTestNode({ credentials: { accessKey: 'AKOLDROW0001', secretKey: SECRET } });
});

afterAll(async () => {
  await node?.dispose();
});

describe('migration 7: connections saved before kinds', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db | undefined;
  let service: ConnectionService | undefined;
  let box: FileKeySecretBox;
  let oldCipher: string;

  beforeEach(async () => {
    temp = await makeTempDir('jcs-migration-7');
    box = new FileKeySecretBox(temp.path);
    oldCipher = box.encrypt(SECRET);
    // The database as the app before migration 7 left it.
    const old = openDatabase(join(temp.path, 'app.db'), appMigrations.filter((m) => m.version <= 6), { synchronous: 'NORMAL' });
    const insert = statement<never, [string, string, string, string | null, string | null, number, number]>(
      old,
      'INSERT INTO connections (id, name, base_url, access_key, secret_cipher, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('signed-id', 'Signed service', node.node.url, 'AKOLDROW0001', oldCipher, 1_000, 1_000);
    insert.run('open-id', 'Open service', 'http://127.0.0.1:7890', null, null, 2_000, 2_000);
    expect(scalar<number>(old, 'PRAGMA user_version')).toBe(6);
    old.close();
  });

  afterEach(async () => {
    service?.close();
    db?.close();
    await temp.remove();
  });

  it('opens with every connection of kind jcs, its settings kept and its secret moved as it was', async () => {
    db = openAppDatabase(temp.path);
    expect(scalar<number>(db, 'PRAGMA user_version')).toBeGreaterThanOrEqual(7);
    service = new ConnectionService(db, box, new EventBus(), new EmbeddedNode({ script: storageNodeScript, dataDir: temp.path, onStatus: () => {} }));

    const [local, signed, open] = service.list();
    expect(local!.id).toBe(LOCAL_CONNECTION_ID);
    expect(signed).toMatchObject({ id: 'signed-id', name: 'Signed service', kind: 'jcs', embedded: false, config: { baseUrl: node.node.url, accessKey: 'AKOLDROW0001' }, secretsSet: ['secretKey'], secretsReadable: true });
    expect(open).toMatchObject({ id: 'open-id', name: 'Open service', kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:7890' }, secretsSet: [], secretsReadable: true });
    expect(open!.config).not.toHaveProperty('accessKey');

    const moved = statement<{ cipher: string }, [string]>(db, "SELECT cipher FROM connection_secrets WHERE connection_id = ? AND name = 'secretKey'").get('signed-id');
    expect(moved?.cipher).toBe(oldCipher);
    expect(box.decrypt(moved!.cipher)).toBe(SECRET);
    expect(statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM connection_secrets').get()).toMatchObject({ n: 1 });

    // The node refuses unsigned requests: listing works only with the migrated key pair.
    expect(await service.provider('signed-id').listRoots(null)).toEqual([]);
    const unsigned = service.draftProvider({ kind: 'jcs', config: { baseUrl: node.node.url } });
    try {
      await expect(unsigned.listRoots(null)).rejects.toMatchObject({ code: 'Unauthorized' });
    } finally {
      unsigned.close();
    }
  });

  it('keeps the migrated connections editable: a new secret replaces the moved one, and removing drops it', () => {
    db = openAppDatabase(temp.path);
    service = new ConnectionService(db, box, new EventBus(), new EmbeddedNode({ script: storageNodeScript, dataDir: temp.path, onStatus: () => {} }));
    service.update({ id: 'signed-id', secrets: { secretKey: 'replaced-secret' } });
    const cipher = statement<{ cipher: string }, [string]>(db, "SELECT cipher FROM connection_secrets WHERE connection_id = ? AND name = 'secretKey'").get('signed-id')!.cipher;
    expect(box.decrypt(cipher)).toBe('replaced-secret');
    service.remove('signed-id');
    expect(statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM connection_secrets').get()).toMatchObject({ n: 0 });
  });
});
