/**
 * Connections to storage of any kind the provider registry knows: the
 * embedded storage node ("This computer", always first, never stored or
 * removable: a JCS connection whose endpoint changes at every start) and the
 * user's own. Each is a kind, that kind's settings (JSON) and its secrets,
 * encrypted one by one by the SecretBox; secrets never leave this service:
 * views carry only which are set. Settings and secrets are validated by the
 * kind's schemas before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { LOCAL_CONNECTION_ID, type ConnectionDraft, type ConnectionView } from '@shared/contract/domain';
import type { CapabilitiesView } from '@shared/contract/locations';
import { inTransaction, statement, type Db } from '../../common/sqlite';
import { ProviderError } from '../../providers/provider-errors';
import { NO_CACHE, providerKind, type ProviderContext } from '../../providers/registry';
import type { Capabilities, StorageProvider } from '../../providers/storage-provider';
import type { EmbeddedNode } from '../embedded-node/embedded-node';
import type { EventBus } from '../events/event-bus';
import type { SecretBox } from '../secrets/secret-box';
import { RootNames } from './root-names';

interface ConnectionRow {
  id: string;
  name: string;
  kind: string;
  config: string;
  created_at: number;
  updated_at: number;
}

type Fields = Record<string, string>;

export interface ConnectionChange {
  id: string;
  name?: string;
  config?: Fields;
  /** '' clears a secret; absent keeps it. */
  secrets?: Fields;
}

/**
 * Tests only: the provider a connection id gets instead of the one its saved
 * settings make (undefined: the usual one). Lets the engines run against a
 * provider that is not registered as a kind (tests/helpers/memory-provider).
 */
export type ProviderOverride = (connectionId: string) => StorageProvider | undefined;

export const EMBEDDED_CONNECTION_NAME = 'This computer';
const EMBEDDED_KIND = 'jcs';

export class ConnectionService {
  /** Names of the roots seen through this app's connections (what failed in a root deleted since is worded with them). */
  readonly rootNames = new RootNames();
  private readonly providers = new Map<string, { provider: StorageProvider; signature: string }>();
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly events: EventBus,
    private readonly embedded: EmbeddedNode,
    private readonly now: () => number = Date.now,
    private readonly providerOverride?: ProviderOverride,
    /**
     * The folder under which each saved connection gets a cache folder of its
     * own (`<cacheRoot>/<connection id>`: downloads kept for conditional
     * requests), removed with the connection; null: providers cache nothing.
     */
    private readonly cacheRoot: string | null = null,
  ) {
    this.s = {
      all: statement<ConnectionRow, []>(db, 'SELECT id, name, kind, config, created_at, updated_at FROM connections ORDER BY created_at, id'),
      byId: statement<ConnectionRow, [string]>(db, 'SELECT id, name, kind, config, created_at, updated_at FROM connections WHERE id = ?'),
      insert: statement<never, [string, string, string, string, number, number]>(db, 'INSERT INTO connections (id, name, kind, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      update: statement<never, [string, string, number, string]>(db, 'UPDATE connections SET name = ?, config = ?, updated_at = ? WHERE id = ?'),
      remove: statement<never, [string]>(db, 'DELETE FROM connections WHERE id = ?'),
      secrets: statement<{ name: string; cipher: string }, [string]>(db, 'SELECT name, cipher FROM connection_secrets WHERE connection_id = ? ORDER BY name'),
      putSecret: statement<never, [string, string, string]>(db, 'INSERT INTO connection_secrets (connection_id, name, cipher) VALUES (?, ?, ?) ON CONFLICT (connection_id, name) DO UPDATE SET cipher = excluded.cipher'),
      dropSecret: statement<never, [string, string]>(db, 'DELETE FROM connection_secrets WHERE connection_id = ? AND name = ?'),
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
    const secrets = dropBlank(draft.secrets ?? {});
    const config = this.validated(draft.kind, draft.config, secrets);
    const id = randomUUID();
    const now = this.now();
    inTransaction(this.db, () => {
      this.s.insert.run(id, draft.name, draft.kind, JSON.stringify(config), now, now);
      for (const [name, value] of Object.entries(secrets)) this.s.putSecret.run(id, name, this.secrets.encrypt(value));
    });
    this.events.emit('connections.changed', {});
    return this.get(id);
  }

  update(change: ConnectionChange): ConnectionView {
    if (change.id === LOCAL_CONNECTION_ID) throw new AppError(AppErrorCode.Forbidden, 'the embedded storage node cannot be edited');
    const row = this.requireRow(change.id);
    const stored = this.storedSecrets(row.id);
    const config = dropBlank({ ...parseConfig(row), ...(change.config ?? {}) });
    const secrets: Fields = { ...stored.values };
    for (const [name, value] of Object.entries(change.secrets ?? {})) {
      if (value === '') delete secrets[name];
      else secrets[name] = value;
    }
    // A secret that cannot be read here and is neither replaced nor cleared stays as it is (validated as present).
    const unreadableKept = stored.unreadable.filter((name) => !(change.secrets && name in change.secrets));
    const validated = this.validated(row.kind, config, { ...secrets, ...Object.fromEntries(unreadableKept.map((n) => [n, 'unreadable'])) });
    inTransaction(this.db, () => {
      this.s.update.run(change.name ?? row.name, JSON.stringify(validated), this.now(), row.id);
      for (const [name, value] of Object.entries(change.secrets ?? {})) {
        if (value === '') this.s.dropSecret.run(row.id, name);
        else this.s.putSecret.run(row.id, name, this.secrets.encrypt(value));
      }
    });
    this.dropProvider(row.id);
    // Another address or token may be another service: what was cached for the old one is not evidence for it.
    this.removeCache(row.id);
    this.events.emit('connections.changed', {});
    return this.get(row.id);
  }

  remove(id: string): void {
    if (id === LOCAL_CONNECTION_ID) throw new AppError(AppErrorCode.Forbidden, 'the embedded storage node cannot be removed');
    this.requireRow(id);
    this.s.remove.run(id);
    this.dropProvider(id);
    this.removeCache(id);
    this.events.emit('connections.changed', {});
  }

  /** The provider for a connection, reused while its settings stay the same. */
  provider(id: string): StorageProvider {
    const overridden = this.providerOverride?.(id);
    if (overridden) return overridden;
    const { kind, config, secrets } = this.resolved(id);
    const signature = JSON.stringify([kind, config, secrets]);
    const cached = this.providers.get(id);
    if (cached?.signature === signature) return cached.provider;
    cached?.provider.close();
    const provider = this.create(kind, config, secrets, this.cacheContext(id));
    this.providers.set(id, { provider, signature });
    return provider;
  }

  /** What the connection's kind can do (known without reaching the service). */
  capabilities(id: string): Capabilities {
    const overridden = this.providerOverride?.(id);
    if (overridden) return overridden.capabilities;
    if (id === LOCAL_CONNECTION_ID) return providerKind(EMBEDDED_KIND).capabilities;
    return providerKind(this.requireRow(id).kind).capabilities;
  }

  /** A throwaway provider for testing unsaved settings (secrets the draft leaves out come from a saved connection, if named). */
  draftProvider(draft: { kind: string; config: Fields; secrets?: Fields }, reuseSecretOf?: string): StorageProvider {
    let secrets = dropBlank(draft.secrets ?? {});
    if (reuseSecretOf && reuseSecretOf !== LOCAL_CONNECTION_ID) {
      const saved = this.requireRow(reuseSecretOf);
      if (saved.kind === draft.kind) secrets = { ...this.storedSecrets(saved.id).values, ...secrets };
    }
    return this.create(draft.kind, dropBlank(draft.config), secrets);
  }

  /** A JCS connection's address and key pair, for signing share links in main (never part of a view); null without keys. */
  jcsSigning(id: string): { baseUrl: string; credentials: { accessKey: string; secretKey: string } } | null {
    const { kind, config, secrets } = this.resolved(id);
    if (kind !== EMBEDDED_KIND || !config.baseUrl || !config.accessKey || !secrets.secretKey) return null;
    return { baseUrl: config.baseUrl, credentials: { accessKey: config.accessKey, secretKey: secrets.secretKey } };
  }

  close(): void {
    for (const { provider } of this.providers.values()) provider.close();
    this.providers.clear();
  }

  /** The connection's own cache folder (the embedded node caches nothing: it is on this machine already). */
  private cacheContext(id: string): ProviderContext {
    const dir = this.cacheDir(id);
    return dir ? { cacheDir: dir } : NO_CACHE;
  }

  private cacheDir(id: string): string | null {
    // Ids are the UUIDs `add` made; anything else never names a folder.
    if (!this.cacheRoot || id === LOCAL_CONNECTION_ID || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return join(this.cacheRoot, id);
  }

  private removeCache(id: string): void {
    const dir = this.cacheDir(id);
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }

  private create(kind: string, config: Fields, secrets: Fields, context: ProviderContext = NO_CACHE): StorageProvider {
    try {
      return providerKind(kind).create(config, secrets, context);
    } catch (error) {
      if (error instanceof ProviderError) throw new AppError(AppErrorCode.InvalidInput, error.message);
      throw error;
    }
  }

  /** The kind's settings after its schemas (and its rule across fields) accepted them with these secrets. */
  private validated(kind: string, config: Fields, secrets: Fields): Fields {
    const known = providerKind(kind);
    this.create(kind, config, secrets); // validates; opens nothing
    return known.configSchema.parse(config) as Fields;
  }

  private resolved(id: string): { kind: string; config: Fields; secrets: Fields } {
    if (id === LOCAL_CONNECTION_ID) {
      const node = this.embedded.endpoint();
      if (!node) {
        const status = this.embedded.status;
        throw new AppError(AppErrorCode.ConnectionFailed, `the embedded storage node is not running (${status.state}${status.message ? `: ${status.message}` : ''})`);
      }
      return { kind: EMBEDDED_KIND, config: { baseUrl: node.url, accessKey: node.credentials.accessKey }, secrets: { secretKey: node.credentials.secretKey } };
    }
    const row = this.requireRow(id);
    const stored = this.storedSecrets(row.id);
    if (stored.unreadable.length > 0) {
      throw new AppError(AppErrorCode.ConnectionFailed, `the secrets of '${row.name}' cannot be read here (they were saved by another mode of the app); enter them again`);
    }
    return { kind: row.kind, config: parseConfig(row), secrets: stored.values };
  }

  private storedSecrets(id: string): { values: Fields; unreadable: string[] } {
    const values: Fields = {};
    const unreadable: string[] = [];
    for (const { name, cipher } of this.s.secrets.all(id)) {
      const value = this.secrets.decrypt(cipher);
      if (value === undefined) unreadable.push(name);
      else values[name] = value;
    }
    return { values, unreadable };
  }

  private requireRow(id: string): ConnectionRow {
    const row = this.s.byId.get(id);
    if (!row) throw new AppError(AppErrorCode.NotFound, 'the connection no longer exists (it was removed)');
    return row;
  }

  private dropProvider(id: string): void {
    this.providers.get(id)?.provider.close();
    this.providers.delete(id);
  }

  private view(row: ConnectionRow): ConnectionView {
    const stored = this.storedSecrets(row.id);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      embedded: false,
      config: parseConfig(row),
      secretsSet: [...Object.keys(stored.values), ...stored.unreadable].sort(),
      secretsReadable: stored.unreadable.length === 0,
      capabilities: capabilitiesView(this.capabilities(row.id)),
    };
  }

  private embeddedView(): ConnectionView {
    return {
      id: LOCAL_CONNECTION_ID,
      name: EMBEDDED_CONNECTION_NAME,
      kind: EMBEDDED_KIND,
      embedded: true,
      config: { baseUrl: this.embedded.status.url ?? '' },
      secretsSet: [],
      secretsReadable: true,
      capabilities: capabilitiesView(this.capabilities(LOCAL_CONNECTION_ID)),
    };
  }
}

function parseConfig(row: ConnectionRow): Fields {
  const parsed: unknown = JSON.parse(row.config);
  const fields: Fields = {};
  if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') fields[k] = v;
  return fields;
}

/** Blank fields mean "not given". */
function dropBlank(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
}

export function capabilitiesView(capabilities: Capabilities): CapabilitiesView {
  return {
    ...capabilities,
    rootLevels: capabilities.rootLevels.map((level) => ({ ...level })),
    reservedPrefixes: [...capabilities.reservedPrefixes],
    listQuery: capabilities.listQuery && { ...capabilities.listQuery, sortFields: [...capabilities.listQuery.sortFields], filters: [...capabilities.listQuery.filters] },
  };
}
