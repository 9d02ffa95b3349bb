/**
 * ConnectionService over a real app database, a real FileKeySecretBox and a
 * real EventBus. The embedded node is a real EmbeddedNode that is never
 * started (its endpoint is undefined), and remote connections point at a real
 * in-process storage node that requires signed requests.
 *
 * The rules: secrets are encrypted at rest and never leave the service (a
 * view says only which are set); `update` replaces the settings it is given
 * and keeps the secrets it is not, '' clears a secret, and a half key pair is
 * refused; the embedded connection can be neither edited nor removed; a
 * secret written by another scheme reads as `secretsReadable: false`.
 * (Connections saved before kinds existed: connection-migration.test.ts.)
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
import { ProviderError } from '../../src-main/providers/provider-errors';
import { JCS_CAPABILITIES } from '../../src-main/providers/jcs/jcs-provider';
import { storageNodeScript } from '../helpers/core';
import { generateCredentials, startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const SECRET = 'Sup3r-Secret-Key-Nobody-Should-See-0123456789';
const OTHER_SECRET = 'Another-Secret-Key-Also-Hidden-9876543210';

interface Row {
  config: string;
  /** The secret key's ciphertext, null when none is stored. */
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
    const row = statement<Row, [string]>(
      db,
      "SELECT c.config AS config, s.cipher AS secret_cipher FROM connections c LEFT JOIN connection_secrets s ON s.connection_id = c.id AND s.name = 'secretKey' WHERE c.id = ?",
    ).get(id);
    if (!row) throw new Error(`no row for ${id}`);
    return row;
  };
  const accessKeyOf = (id: string) => (JSON.parse(rowOf(id).config) as { accessKey?: string }).accessKey ?? null;
  const setCipher = (id: string, cipher: string) => statement<never, [string, string]>(db, "UPDATE connection_secrets SET cipher = ? WHERE connection_id = ? AND name = 'secretKey'").run(cipher, id);
  const signed = (name: string, secretKey = SECRET) => ({ name, kind: 'jcs', config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, secrets: { secretKey } });
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
    expect(local).toEqual({
      id: LOCAL_CONNECTION_ID,
      name: EMBEDDED_CONNECTION_NAME,
      kind: 'jcs',
      embedded: true,
      config: { baseUrl: '' },
      secretsSet: [],
      secretsReadable: true,
      capabilities: { ...JCS_CAPABILITIES },
    });
    expect(service.get(LOCAL_CONNECTION_ID)).toEqual(local);
    expect(() => service.provider(LOCAL_CONNECTION_ID)).toThrow(expect.objectContaining({ code: 'ConnectionFailed', message: expect.stringContaining('not running') as unknown }) as Error);
  });

  it('adds connections, normalizing the address and announcing the change', () => {
    const open = service.add({ name: 'Open service', kind: 'jcs', config: { baseUrl: '  http://127.0.0.1:7890/// ' } });
    expect(open).toEqual({ id: open.id, name: 'Open service', kind: 'jcs', embedded: false, config: { baseUrl: 'http://127.0.0.1:7890' }, secretsSet: [], secretsReadable: true, capabilities: { ...JCS_CAPABILITIES } });
    const withKeys = service.add({ name: 'Signed', kind: 'jcs', config: { baseUrl: node.node.url, accessKey: ' AKREMOTE0001 ' }, secrets: { secretKey: SECRET } });
    expect(withKeys).toMatchObject({ kind: 'jcs', config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'], secretsReadable: true });
    expect(service.list().map((c) => c.id)).toEqual([LOCAL_CONNECTION_ID, open.id, withKeys.id]);
    expect(changes()).toBe(2);
  });

  it('keeps the secret key encrypted at rest: neither the rows nor the database files contain it', () => {
    const view = service.add(signed('Signed'));
    const row = rowOf(view.id);
    expect(accessKeyOf(view.id)).toBe('AKREMOTE0001');
    expect(row.secret_cipher).toMatch(/^fk1:/);
    expect(row.secret_cipher).not.toContain(SECRET);
    expect(box.decrypt(row.secret_cipher!)).toBe(SECRET);

    const dump = JSON.stringify([statement<Record<string, unknown>, []>(db, 'SELECT * FROM connections').all(), statement<Record<string, unknown>, []>(db, 'SELECT * FROM connection_secrets').all()]);
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
    const view = service.add(signed('Signed'));
    service.update({ id: view.id, secrets: { secretKey: OTHER_SECRET } });
    const everything = JSON.stringify([service.list(), service.get(view.id), events]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(OTHER_SECRET);
    expect(everything).not.toContain(rowOf(view.id).secret_cipher!);
    expect(Object.keys(service.get(view.id)).sort()).toEqual(['capabilities', 'config', 'embedded', 'id', 'kind', 'name', 'secretsReadable', 'secretsSet']);
    expect(service.get(view.id)).toMatchObject({ config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'] });
  });

  it('signs requests with the stored keys, and a draft can borrow the saved secret', async () => {
    const view = service.add(signed('Signed'));
    expect(await service.provider(view.id).listRoots(null)).toEqual([]);
    // The same provider is reused while the settings stay the same.
    expect(service.provider(view.id)).toBe(service.provider(view.id));

    const borrowing = service.draftProvider({ kind: 'jcs', config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' } }, view.id);
    try {
      expect(await borrowing.listRoots(null)).toEqual([]);
    } finally {
      borrowing.close();
    }
    const wrong = service.draftProvider({ kind: 'jcs', config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, secrets: { secretKey: 'wrong' } }, view.id);
    try {
      await expect(wrong.listRoots(null)).rejects.toMatchObject({ code: 'Unauthorized' });
      await expect(wrong.listRoots(null)).rejects.toBeInstanceOf(ProviderError);
    } finally {
      wrong.close();
    }
  });

  describe('update', () => {
    let view: ConnectionView;
    let originalCipher: string;

    beforeEach(() => {
      view = service.add(signed('Signed'));
      originalCipher = rowOf(view.id).secret_cipher!;
    });

    it('replaces the settings it is given and keeps the secrets it is not', () => {
      const updated = service.update({ id: view.id, name: 'Renamed', config: { baseUrl: 'https://jcs.example.com/api/' } });
      expect(updated).toMatchObject({ name: 'Renamed', config: { baseUrl: 'https://jcs.example.com/api', accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'] });
      expect(rowOf(view.id).secret_cipher).toBe(originalCipher);
    });

    it('pairs a new access key with the saved secret when no secret is given', () => {
      const updated = service.update({ id: view.id, config: { accessKey: 'AKNEW' } });
      expect(updated).toMatchObject({ config: { accessKey: 'AKNEW' }, secretsSet: ['secretKey'] });
      expect(rowOf(view.id).secret_cipher).toBe(originalCipher);
    });

    it('replaces the secret (re-encrypted) when one is given, keeping the access key', () => {
      service.update({ id: view.id, secrets: { secretKey: OTHER_SECRET } });
      const row = rowOf(view.id);
      expect(accessKeyOf(view.id)).toBe('AKREMOTE0001');
      expect(row.secret_cipher).not.toBe(originalCipher);
      expect(box.decrypt(row.secret_cipher!)).toBe(OTHER_SECRET);
    });

    it("clears the pair with accessKey: '' and secretKey: ''", async () => {
      const updated = service.update({ id: view.id, config: { accessKey: '' }, secrets: { secretKey: '' } });
      expect(updated).toMatchObject({ config: { baseUrl: node.node.url }, secretsSet: [], secretsReadable: true });
      expect(updated.config).not.toHaveProperty('accessKey');
      expect(rowOf(view.id).secret_cipher).toBeNull();
      expect(accessKeyOf(view.id)).toBeNull();
      // Unsigned now, so the node turns it away: the old provider was dropped, not reused.
      await expect(service.provider(view.id).listRoots(null)).rejects.toMatchObject({ code: 'Unauthorized' });
    });

    it("refuses to clear one half of a pair ('' for the secret alone, or the access key alone), changing nothing", async () => {
      const before = changes();
      expect(() => service.update({ id: view.id, secrets: { secretKey: '' } })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^secretKey:/) as unknown }) as Error);
      expect(() => service.update({ id: view.id, config: { accessKey: '' } })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^accessKey:/) as unknown }) as Error);
      expect(rowOf(view.id).secret_cipher).toBe(originalCipher);
      expect(service.get(view.id)).toMatchObject({ config: { accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'] });
      expect(changes()).toBe(before);
      expect(await service.provider(view.id).listRoots(null)).toEqual([]);
    });

    it('refuses half a key pair on a connection without keys', () => {
      const open = service.add({ name: 'Open', kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:7890' } });
      const before = changes();
      expect(() => service.update({ id: open.id, config: { accessKey: 'AKONLY' } })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^secretKey:/) as unknown }) as Error);
      expect(() => service.update({ id: open.id, secrets: { secretKey: 'only-a-secret' } })).toThrow(expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(/^accessKey:/) as unknown }) as Error);
      expect(service.get(open.id)).toMatchObject({ config: { baseUrl: 'http://127.0.0.1:7890' }, secretsSet: [] });
      expect(service.get(open.id).config).not.toHaveProperty('accessKey');
      expect(changes()).toBe(before);
    });

    it('refuses settings and secrets the kind does not have, and a bad address', () => {
      const before = changes();
      const attempts: Array<{ config?: Record<string, string>; secrets?: Record<string, string> }> = [{ config: { region: 'x' } }, { secrets: { token: 'x' } }, { config: { baseUrl: 'ftp://x' } }];
      for (const change of attempts) {
        expect(() => service.update({ id: view.id, ...change })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
      }
      expect(service.get(view.id)).toMatchObject({ config: { baseUrl: node.node.url, accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'] });
      expect(changes()).toBe(before);
    });

    it('announces every change', () => {
      const before = changes();
      service.update({ id: view.id, name: 'Again' });
      service.update({ id: view.id, config: { accessKey: '' }, secrets: { secretKey: '' } });
      expect(changes()).toBe(before + 2);
    });
  });

  it('refuses half a key pair, an unknown kind and settings of another kind when adding', () => {
    expect(() => service.add({ name: 'x', kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:1', accessKey: 'AK' } })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
    expect(() => service.add({ name: 'x', kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:1' }, secrets: { secretKey: 'sk' } })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
    expect(() => service.add({ name: 'x', kind: 'nosuch', config: { baseUrl: 'http://127.0.0.1:1' } })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
    expect(() => service.add({ name: 'x', kind: 'jcs', config: { bucket: 'b' } })).toThrow(expect.objectContaining({ code: 'InvalidInput' }) as Error);
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
    const view = service.add(signed('Signed'));
    service.remove(view.id);
    expect(service.list().map((c) => c.id)).toEqual([LOCAL_CONNECTION_ID]);
    expect(statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM connections').get()).toMatchObject({ n: 0 });
    expect(statement<{ n: number }, []>(db, 'SELECT COUNT(*) AS n FROM connection_secrets').get()).toMatchObject({ n: 0 });
    expect(() => service.get(view.id)).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
    expect(() => service.remove(view.id)).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
    expect(() => service.update({ id: view.id, name: 'ghost' })).toThrow(expect.objectContaining({ code: 'NotFound' }) as Error);
  });

  it('reports secretsReadable: false for a secret saved under another scheme, and asks for it again', async () => {
    const view = service.add(signed('From the desktop app'));
    // What the desktop app's safeStorage box would have written.
    setCipher(view.id, 'ss1:' + Buffer.from('opaque to this box').toString('base64'));

    expect(service.get(view.id)).toMatchObject({ config: { accessKey: 'AKREMOTE0001' }, secretsSet: ['secretKey'], secretsReadable: false });
    expect(service.list()[1]).toMatchObject({ secretsReadable: false });
    expect(() => service.provider(view.id)).toThrow(expect.objectContaining({ code: 'ConnectionFailed', message: expect.stringContaining('cannot be read here') as unknown }) as Error);
    // Other edits keep the unreadable secret as it is.
    expect(service.update({ id: view.id, name: 'Still unreadable' })).toMatchObject({ secretsSet: ['secretKey'], secretsReadable: false });

    // Entering the secret again makes it readable (and usable) here.
    const fixed = service.update({ id: view.id, secrets: { secretKey: SECRET } });
    expect(fixed).toMatchObject({ secretsSet: ['secretKey'], secretsReadable: true });
    expect(await service.provider(view.id).listRoots(null)).toEqual([]);
  });

  it('reports secretsReadable: false for a secret encrypted under another key file', async () => {
    const stranger = await makeTempDir('jcs-connections-other');
    try {
      const view = service.add({ name: 'Moved', kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK' }, secrets: { secretKey: SECRET } });
      setCipher(view.id, new FileKeySecretBox(stranger.path).encrypt(SECRET));
      expect(service.get(view.id)).toMatchObject({ secretsSet: ['secretKey'], secretsReadable: false });
    } finally {
      await stranger.remove();
    }
  });

  it('survives a restart: connections and readable secrets are still there', () => {
    const credentials = generateCredentials();
    const view = service.add({ name: 'Signed', kind: 'jcs', config: { baseUrl: node.node.url, accessKey: credentials.accessKey }, secrets: { secretKey: credentials.secretKey } });
    service.close();
    db.close();
    db = openAppDatabase(temp.path);
    box = new FileKeySecretBox(temp.path);
    service = new ConnectionService(db, box, new EventBus(), new EmbeddedNode({ script: storageNodeScript, dataDir: temp.path, onStatus: () => {} }));
    expect(service.get(view.id)).toEqual(view);
    expect(box.decrypt(rowOf(view.id).secret_cipher!)).toBe(credentials.secretKey);
  });
});
