/**
 * ConnectionService over a real app database, a real FileKeySecretBox and a
 * real EventBus. The embedded node is a real EmbeddedNode that is never
 * started (its endpoint is undefined), and remote connections point at a real
 * in-process storage node that requires signed requests.
 *
 * The rules: secret keys are encrypted at rest and never leave the service;
 * `update` keeps keys unless told otherwise and `accessKey: ''` clears the
 * pair; the embedded connection can be neither edited nor removed; a secret
 * written by another scheme reads as `secretsReadable: false`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/contract/define';
import { LOCAL_CONNECTION_ID, type ConnectionView } from '../../src-shared/contract/domain';
import { statement, type Db } from '../../src-main/common/sqlite';
import { openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService, EMBEDDED_CONNECTION_NAME } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus, type AnyEvent } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import { storageNodeScript } from '../helpers/core';
import { generateCredentials, startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const SECRET = 'Sup3r-Secret-Key-Nobody-Should-See-0123456789';
const OTHER_SECRET = 'Another-Secret-Key-Also-Hidden-9876543210';

interface Row {
  id: string;
  access_key: string | null;
  secret_cipher: string | null;
}

let node: TestNode;

beforeAll(async () => {
  // A remote service that accepts only requests signed with its key pair.
  node = await startTestNode({ credentials: { accessKey: 'AKREMOTE0001', secretKey: SECRET } });
});

afterAll(async () => {
  await node?.dispose();
});

describe('ConnectionService', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db;
  let box: FileKeySecretBox;
  let service: ConnectionService;
  let events: AnyEvent[];

  const rowOf = (id: string): Row => {
    const row = statement<Row, [string]>(db, 'SELECT id, access_key, secret_cipher FROM connections WHERE id = ?').get(id);
    if (!row) throw new Error(`no row for ${id}`);
    return row;
  };
  const setCipher = (id: string, cipher: string) => statement<never, [string, string]>(db, 'UPDATE connections SET secret_cipher = ? WHERE id = ?').run(cipher, id);
  const changes = () => events.filter((e) => e.name === 'connections.changed').length;

  beforeEach(async () => {
    temp = await makeTempDir('jcs-connections');
    db = openAppDatabase(temp.path);
    box = new FileKeySecretBox(temp.path);
    const bus = new EventBus();
    events = [];
    bus.onAny((event) => events.push(event));
    const embedded = new EmbeddedNode({ script: storageNodeScript, dataDir: temp.path, onStatus: () => {} });
    let clock = 1_000;
    service = new ConnectionService(db, box, bus, embedded, () => clock++);
  });

  afterEach(async () => {
    service.close();
    db.close();
    await temp.remove();
  });

  it('lists the embedded node first, under its fixed id, even when it is not running', () => {
    const [local, ...rest] = service.list();
    expect(rest).toEqual([]);
    expect(local).toEqual({ id: LOCAL_CONNECTION_ID, name: EMBEDDED_CONNECTION_NAME, baseUrl: '', kind: 'embedded', accessKey: null, hasSecretKey: true, secretsReadable: true });
    expect(service.get(LOCAL_CONNECTION_ID)).toEqual(local);
    expect(() => service.client(LOCAL_CONNECTION_ID)).toThrow(expect.objectContaining({ code: 'ConnectionFailed', message: expect.stringContaining('not running') as unknown }) as Error);
  });

  it('adds connections, normalizing the address and announcing the change', () => {
    const open = service.add({ name: 'Open service', baseUrl: '  http://127.0.0.1:7890/// ' });
    expect(open).toEqual({ id: open.id, name: 'Open service', baseUrl: 'http://127.0.0.1:7890', kind: 'jcs', accessKey: null, hasSecretKey: false, secretsReadable: true });
    const signed = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: ' AKREMOTE0001 ', secretKey: SECRET });
    expect(signed).toMatchObject({ kind: 'jcs', accessKey: 'AKREMOTE0001', hasSecretKey: true, secretsReadable: true });
    expect(service.list().map((c) => c.id)).toEqual([LOCAL_CONNECTION_ID, open.id, signed.id]);
    expect(changes()).toBe(2);
  });

  it('keeps the secret key encrypted at rest: neither the rows nor the database files contain it', () => {
    const view = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
    const row = rowOf(view.id);
    expect(row.access_key).toBe('AKREMOTE0001');
    expect(row.secret_cipher).toMatch(/^fk1:/);
    expect(row.secret_cipher).not.toContain(SECRET);
    expect(box.decrypt(row.secret_cipher!)).toBe(SECRET);

    const dump = JSON.stringify(statement<Record<string, unknown>, []>(db, 'SELECT * FROM connections').all());
    expect(dump).not.toContain(SECRET);
    // The bytes on disk, WAL included (the row may not be checkpointed into app.db yet).
    const files = readdirSync(temp.path).filter((name) => name.startsWith('app.db'));
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(temp.path, name))));
    expect(bytes.includes(Buffer.from('AKREMOTE0001'))).toBe(true); // the row really is in these bytes
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(temp.path, 'app.db')).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('never puts a secret key in list(), get() or the events', () => {
    const view = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
    service.update({ id: view.id, secretKey: OTHER_SECRET });
    const everything = JSON.stringify([service.list(), service.get(view.id), events]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(OTHER_SECRET);
    expect(everything).not.toContain(rowOf(view.id).secret_cipher!);
    expect(Object.keys(service.get(view.id)).sort()).toEqual(['accessKey', 'baseUrl', 'hasSecretKey', 'id', 'kind', 'name', 'secretsReadable']);
  });

  it('signs requests with the stored keys, and a draft can borrow the saved secret', async () => {
    const view = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
    expect(await service.client(view.id).listBuckets()).toEqual([]);
    // The same client is reused while the settings stay the same.
    expect(service.client(view.id)).toBe(service.client(view.id));

    const borrowing = service.draftClient({ baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, view.id);
    try {
      expect(await borrowing.listBuckets()).toEqual([]);
    } finally {
      borrowing.close();
    }
    const wrong = service.draftClient({ baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: 'wrong' }, view.id);
    try {
      await expect(wrong.listBuckets()).rejects.toMatchObject({ code: 'Unauthorized' });
      await expect(wrong.listBuckets()).rejects.toBeInstanceOf(JcsError);
    } finally {
      wrong.close();
    }
  });

  describe('update', () => {
    let view: ConnectionView;
    let originalCipher: string;

    beforeEach(() => {
      view = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
      originalCipher = rowOf(view.id).secret_cipher!;
    });

    it('keeps both keys when neither is given', () => {
      const updated = service.update({ id: view.id, name: 'Renamed', baseUrl: 'https://jcs.example.com/api/' });
      expect(updated).toMatchObject({ name: 'Renamed', baseUrl: 'https://jcs.example.com/api', accessKey: 'AKREMOTE0001', hasSecretKey: true });
      expect(rowOf(view.id).secret_cipher).toBe(originalCipher);
    });

    it('pairs a new access key with the saved secret when no secret is given', () => {
      const updated = service.update({ id: view.id, accessKey: 'AKNEW' });
      expect(updated).toMatchObject({ accessKey: 'AKNEW', hasSecretKey: true });
      expect(rowOf(view.id).secret_cipher).toBe(originalCipher);
    });

    it('replaces the secret (re-encrypted) when one is given, keeping the access key', () => {
      service.update({ id: view.id, secretKey: OTHER_SECRET });
      const row = rowOf(view.id);
      expect(row.access_key).toBe('AKREMOTE0001');
      expect(row.secret_cipher).not.toBe(originalCipher);
      expect(box.decrypt(row.secret_cipher!)).toBe(OTHER_SECRET);
    });

    it("clears the pair with accessKey: ''", async () => {
      const updated = service.update({ id: view.id, accessKey: '' });
      expect(updated).toMatchObject({ accessKey: null, hasSecretKey: false, secretsReadable: true });
      expect(rowOf(view.id)).toMatchObject({ access_key: null, secret_cipher: null });
      // Unsigned now, so the node turns it away: the old client was dropped, not reused.
      await expect(service.client(view.id).listBuckets()).rejects.toMatchObject({ code: 'Unauthorized' });
    });

    it('refuses half a key pair on a connection without keys', () => {
      const open = service.add({ name: 'Open', baseUrl: 'http://127.0.0.1:7890' });
      const before = changes();
      expect(() => service.update({ id: open.id, accessKey: 'AKONLY' })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^secretKey:/) as unknown }) as Error);
      expect(() => service.update({ id: open.id, secretKey: 'only-a-secret' })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^accessKey:/) as unknown }) as Error);
      expect(service.get(open.id)).toMatchObject({ accessKey: null, hasSecretKey: false });
      expect(changes()).toBe(before);
    });

    it('announces every change', () => {
      const before = changes();
      service.update({ id: view.id, name: 'Again' });
      service.update({ id: view.id, accessKey: '' });
      expect(changes()).toBe(before + 2);
    });
  });

  it('refuses half a key pair when adding', () => {
    expect(() => service.add({ name: 'x', baseUrl: 'http://127.0.0.1:1', accessKey: 'AK' })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
    expect(() => service.add({ name: 'x', baseUrl: 'http://127.0.0.1:1', secretKey: 'sk' })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
    expect(service.list()).toHaveLength(1);
  });

  it('forbids editing or removing the embedded connection', () => {
    for (const attempt of [() => service.update({ id: LOCAL_CONNECTION_ID, name: 'Mine' }), () => service.remove(LOCAL_CONNECTION_ID)]) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'Forbidden' });
    }
    expect(service.list()[0]).toMatchObject({ id: LOCAL_CONNECTION_ID, name: EMBEDDED_CONNECTION_NAME });
    expect(changes()).toBe(0);
  });

  it('removes a connection and its stored secret; unknown ids are NotFound', () => {
    const view = service.add({ name: 'Signed', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
    service.remove(view.id);
    expect(service.list().map((c) => c.id)).toEqual([LOCAL_CONNECTION_ID]);
    expect(statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM connections').get()).toMatchObject({ n: 0 });
    expect(() => service.get(view.id)).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
    expect(() => service.remove(view.id)).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
    expect(() => service.update({ id: view.id, name: 'ghost' })).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
  });

  it('reports secretsReadable: false for a secret saved under another scheme, and asks for it again', async () => {
    const view = service.add({ name: 'From the desktop app', baseUrl: node.node.url, accessKey: 'AKREMOTE0001', secretKey: SECRET });
    // What the desktop app's safeStorage box would have written.
    setCipher(view.id, 'ss1:' + Buffer.from('opaque to this box').toString('base64'));

    expect(service.get(view.id)).toMatchObject({ accessKey: 'AKREMOTE0001', hasSecretKey: true, secretsReadable: false });
    expect(service.list()[1]).toMatchObject({ secretsReadable: false });
    expect(() => service.client(view.id)).toThrow(expect.objectContaining({ code: 'ConnectionFailed', message: expect.stringContaining('cannot be read here') as unknown }) as Error);

    // Entering the secret again makes it readable (and usable) here.
    const fixed = service.update({ id: view.id, secretKey: SECRET });
    expect(fixed).toMatchObject({ hasSecretKey: true, secretsReadable: true });
    expect(await service.client(view.id).listBuckets()).toEqual([]);
  });

  it('reports secretsReadable: false for a secret encrypted under another key file', async () => {
    const stranger = await makeTempDir('jcs-connections-other');
    try {
      const view = service.add({ name: 'Moved', baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK', secretKey: SECRET });
      setCipher(view.id, new FileKeySecretBox(stranger.path).encrypt(SECRET));
      expect(service.get(view.id)).toMatchObject({ hasSecretKey: true, secretsReadable: false });
    } finally {
      await stranger.remove();
    }
  });

  it('survives a restart: connections and readable secrets are still there', () => {
    const view = service.add({ name: 'Signed', baseUrl: node.node.url, ...generateCredentials() });
    service.close();
    db.close();
    db = openAppDatabase(temp.path);
    box = new FileKeySecretBox(temp.path);
    service = new ConnectionService(db, box, new EventBus(), new EmbeddedNode({ script: storageNodeScript, dataDir: temp.path, onStatus: () => {} }));
    expect(service.get(view.id)).toEqual(view);
  });
});
