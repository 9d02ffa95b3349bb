/**
 * Connections to JCS-pub services: the embedded storage node ("This
 * computer", always first, never stored or removable) and the user's remote
 * services. Secret keys are encrypted at rest by the SecretBox and never leave
 * this service: views carry only whether a secret is set.
 */
import { randomUUID } from 'node:crypto';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { LOCAL_CONNECTION_ID, type ConnectionDraft, type ConnectionView } from '@shared/contract/domain';
import { statement, type Db } from '../../common/sqlite';
import { JcsClient } from '../../providers/jcs/jcs-client';
import type { Credentials } from '../../providers/jcs/sigv4';
import type { EmbeddedNode } from '../embedded-node/embedded-node';
import type { EventBus } from '../events/event-bus';
import type { SecretBox } from '../secrets/secret-box';

interface ConnectionRow {
  id: string;
  name: string;
  base_url: string;
  access_key: string | null;
  secret_cipher: string | null;
  created_at: number;
  updated_at: number;
}

export interface ConnectionChange {
  id: string;
  name?: string;
  baseUrl?: string;
  accessKey?: string;
  secretKey?: string;
}

export const EMBEDDED_CONNECTION_NAME = 'This computer';

export class ConnectionService {
  private readonly clients = new Map<string, { client: JcsClient; signature: string }>();
  private readonly s;

  constructor(
    db: Db,
    private readonly secrets: SecretBox,
    private readonly events: EventBus,
    private readonly embedded: EmbeddedNode,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      all: statement<ConnectionRow, []>(db, 'SELECT * FROM connections ORDER BY created_at, id'),
      byId: statement<ConnectionRow, [string]>(db, 'SELECT * FROM connections WHERE id = ?'),
      insert: statement<never, [string, string, string, string | null, string | null, number, number]>(
        db,
        'INSERT INTO connections (id, name, base_url, access_key, secret_cipher, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      update: statement<never, [string, string, string | null, string | null, number, string]>(
        db,
        'UPDATE connections SET name = ?, base_url = ?, access_key = ?, secret_cipher = ?, updated_at = ? WHERE id = ?',
      ),
      remove: statement<never, [string]>(db, 'DELETE FROM connections WHERE id = ?'),
    };
  }

  list(): ConnectionView[] {
    return [this.embeddedView(), ...this.s.all.all().map((row) => this.view(row))];
  }

  get(id: string): ConnectionView {
    if (id === LOCAL_CONNECTION_ID) return this.embeddedView();
    return this.view(this.requireRow(id));
  }

  add(draft: ConnectionDraft): ConnectionView {
    const keys = pairKeys(draft.accessKey, draft.secretKey);
    const id = randomUUID();
    const now = this.now();
    this.s.insert.run(id, draft.name, normalizeUrl(draft.baseUrl), keys?.accessKey ?? null, keys ? this.secrets.encrypt(keys.secretKey) : null, now, now);
    this.events.emit('connections.changed', {});
    return this.get(id);
  }

  update(change: ConnectionChange): ConnectionView {
    if (change.id === LOCAL_CONNECTION_ID) throw new AppError(AppErrorCode.Forbidden, 'the embedded storage node cannot be edited');
    const row = this.requireRow(change.id);
    let accessKey = row.access_key;
    let secretCipher = row.secret_cipher;
    if (change.accessKey !== undefined || change.secretKey !== undefined) {
      const nextAccess = change.accessKey ?? row.access_key ?? '';
      if (nextAccess === '' && !change.secretKey) {
        accessKey = null; // clearing the access key clears the pair
        secretCipher = null;
      } else if (change.secretKey) {
        const keys = pairKeys(nextAccess, change.secretKey)!;
        accessKey = keys.accessKey;
        secretCipher = this.secrets.encrypt(keys.secretKey);
      } else {
        if (!row.secret_cipher) throw new AppError(AppErrorCode.InvalidInput, 'secretKey: a secret key is needed with the access key');
        accessKey = nextAccess; // a new access key with the stored secret
      }
    }
    this.s.update.run(change.name ?? row.name, change.baseUrl !== undefined ? normalizeUrl(change.baseUrl) : row.base_url, accessKey, secretCipher, this.now(), row.id);
    this.dropClient(row.id);
    this.events.emit('connections.changed', {});
    return this.get(row.id);
  }

  remove(id: string): void {
    if (id === LOCAL_CONNECTION_ID) throw new AppError(AppErrorCode.Forbidden, 'the embedded storage node cannot be removed');
    this.requireRow(id);
    this.s.remove.run(id);
    this.dropClient(id);
    this.events.emit('connections.changed', {});
  }

  /** The client for a connection, reused while its settings stay the same. */
  client(id: string): JcsClient {
    const { baseUrl, credentials } = this.endpoint(id);
    const signature = `${baseUrl}|${credentials?.accessKey ?? ''}|${credentials?.secretKey ?? ''}`;
    const cached = this.clients.get(id);
    if (cached?.signature === signature) return cached.client;
    cached?.client.close();
    const client = new JcsClient({ baseUrl, credentials });
    this.clients.set(id, { client, signature });
    return client;
  }

  /** A throwaway client for testing unsaved settings (optionally with a saved connection's secret). */
  draftClient(draft: { baseUrl: string; accessKey?: string; secretKey?: string }, reuseSecretOf?: string): JcsClient {
    let secretKey = draft.secretKey;
    if (!secretKey && reuseSecretOf && reuseSecretOf !== LOCAL_CONNECTION_ID) secretKey = this.readSecret(this.requireRow(reuseSecretOf));
    const keys = pairKeys(draft.accessKey, secretKey);
    return new JcsClient({ baseUrl: normalizeUrl(draft.baseUrl), credentials: keys });
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private endpoint(id: string): { baseUrl: string; credentials: Credentials | undefined } {
    if (id === LOCAL_CONNECTION_ID) {
      const node = this.embedded.endpoint();
      if (!node) {
        const status = this.embedded.status;
        throw new AppError(AppErrorCode.ConnectionFailed, `the embedded storage node is not running (${status.state}${status.message ? `: ${status.message}` : ''})`);
      }
      return { baseUrl: node.url, credentials: node.credentials };
    }
    const row = this.requireRow(id);
    if (!row.access_key) return { baseUrl: row.base_url, credentials: undefined };
    const secretKey = this.readSecret(row);
    if (secretKey === undefined) {
      throw new AppError(AppErrorCode.ConnectionFailed, `the secret key of '${row.name}' cannot be read here (it was saved by another mode of the app); enter it again`);
    }
    return { baseUrl: row.base_url, credentials: { accessKey: row.access_key, secretKey } };
  }

  private readSecret(row: ConnectionRow): string | undefined {
    return row.secret_cipher ? this.secrets.decrypt(row.secret_cipher) : undefined;
  }

  private requireRow(id: string): ConnectionRow {
    const row = this.s.byId.get(id);
    if (!row) throw new AppError(AppErrorCode.NotFound, `connection ${id} not found`);
    return row;
  }

  private dropClient(id: string): void {
    this.clients.get(id)?.client.close();
    this.clients.delete(id);
  }

  private view(row: ConnectionRow): ConnectionView {
    return {
      id: row.id,
      name: row.name,
      baseUrl: row.base_url,
      kind: 'jcs',
      accessKey: row.access_key,
      hasSecretKey: row.secret_cipher !== null,
      secretsReadable: row.secret_cipher === null || this.secrets.decrypt(row.secret_cipher) !== undefined,
    };
  }

  private embeddedView(): ConnectionView {
    return {
      id: LOCAL_CONNECTION_ID,
      name: EMBEDDED_CONNECTION_NAME,
      baseUrl: this.embedded.status.url ?? '',
      kind: 'embedded',
      accessKey: null,
      hasSecretKey: true,
      secretsReadable: true,
    };
  }
}

/** Both keys or neither; blank means "not given". */
function pairKeys(accessKey: string | undefined, secretKey: string | undefined): Credentials | undefined {
  const ak = accessKey?.trim() ?? '';
  const sk = secretKey ?? '';
  if (!ak && !sk) return undefined;
  if (!ak) throw new AppError(AppErrorCode.InvalidInput, 'accessKey: an access key is needed with the secret key');
  if (!sk) throw new AppError(AppErrorCode.InvalidInput, 'secretKey: a secret key is needed with the access key');
  return { accessKey: ak, secretKey: sk };
}

function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
