/**
 * Where publishing sends content, as one JSON document beside the app's other
 * settings, and its secrets (tokens, the Crust account's recovery phrase)
 * encrypted one by one by the SecretBox. Views carry which secrets are set,
 * never a value: the renderer types a secret once and never sees it again.
 */
import { writeFile } from 'node:fs/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import {
  DEFAULT_PUBLISH_SETTINGS,
  publishSettingsSchema,
  type PublishSecretName,
  type PublishSettings,
  type PublishSettingsUpdate,
  type PublishSettingsView,
} from '@shared/contract/publish';
import { statement, type Db } from '../../common/sqlite';
import type { SecretBox } from '../secrets/secret-box';
import { createMnemonic, crustAddress, mnemonicProblem, w3AuthToken } from './crust/crust-account';

const SETTINGS_KEY = 'publish';
const ADDRESS_KEY = 'publish.accountAddress';
const SECRET_NAMES: readonly PublishSecretName[] = ['kuboToken', 'kuboPassword', 'pinningToken', 'mnemonic'];

/** The settings with the secrets they need, for the publish runner (never for a view). */
export interface ResolvedPublishSettings extends PublishSettings {
  secrets: Partial<Record<PublishSecretName, string>>;
  accountAddress: string | null;
}

export class PublishSettingsService {
  private readonly s;
  private listeners: Array<() => void> = [];
  private token: { mnemonic: string; token: string } | undefined;

  constructor(
    db: Db,
    private readonly box: SecretBox,
  ) {
    this.s = {
      read: statement<{ value: string }, [string]>(db, 'SELECT value FROM settings WHERE key = ?'),
      write: statement<never, [string, string]>(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      drop: statement<never, [string]>(db, 'DELETE FROM settings WHERE key = ?'),
      secrets: statement<{ name: string; cipher: string }, []>(db, 'SELECT name, cipher FROM publish_secrets ORDER BY name'),
      putSecret: statement<never, [string, string]>(db, 'INSERT INTO publish_secrets (name, cipher) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET cipher = excluded.cipher'),
      dropSecret: statement<never, [string]>(db, 'DELETE FROM publish_secrets WHERE name = ?'),
    };
  }

  /** Called after every change (the runner re-reads its targets). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  settings(): PublishSettings {
    const row = this.s.read.get(SETTINGS_KEY);
    if (!row) return DEFAULT_PUBLISH_SETTINGS;
    try {
      // Field by field: one bad value (an older version's document) keeps its default, not all of them.
      const stored = JSON.parse(row.value) as Record<string, unknown>;
      const merged: Record<string, unknown> = {};
      for (const key of Object.keys(DEFAULT_PUBLISH_SETTINGS) as Array<keyof PublishSettings>) {
        const field = publishSettingsSchema.shape[key].safeParse(stored[key]);
        merged[key] = field.success ? field.data : DEFAULT_PUBLISH_SETTINGS[key];
      }
      return merged as PublishSettings;
    } catch {
      return DEFAULT_PUBLISH_SETTINGS;
    }
  }

  view(): PublishSettingsView {
    const { values, unreadable } = this.storedSecrets();
    const address = this.s.read.get(ADDRESS_KEY)?.value ?? null;
    return {
      ...this.settings(),
      account: address && (values.mnemonic !== undefined || unreadable.includes('mnemonic')) ? { address } : null,
      secretsSet: SECRET_NAMES.filter((name) => values[name] !== undefined || unreadable.includes(name)),
      secretsReadable: unreadable.length === 0,
    };
  }

  resolved(): ResolvedPublishSettings {
    const { values } = this.storedSecrets();
    return { ...this.settings(), secrets: values, accountAddress: values.mnemonic ? (this.s.read.get(ADDRESS_KEY)?.value ?? null) : null };
  }

  update(change: PublishSettingsUpdate): PublishSettingsView {
    const { secrets, ...fields } = change;
    const next = publishSettingsSchema.parse({ ...this.settings(), ...fields });
    this.s.write.run(SETTINGS_KEY, JSON.stringify(next));
    for (const [name, value] of Object.entries(secrets ?? {})) {
      if (value === '') this.s.dropSecret.run(name);
      else this.s.putSecret.run(name, this.box.encrypt(value));
    }
    this.changed();
    return this.view();
  }

  async createAccount(): Promise<PublishSettingsView> {
    return this.saveAccount(createMnemonic());
  }

  async importAccount(mnemonic: string): Promise<PublishSettingsView> {
    const normalized = mnemonic.trim().split(/\s+/).join(' ');
    const problem = await mnemonicProblem(normalized);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `recovery phrase: ${problem}`);
    return this.saveAccount(normalized);
  }

  /** Writes the recovery phrase into a NEW file (never over one), readable by the user only. */
  async exportAccount(path: string): Promise<void> {
    const mnemonic = this.resolved().secrets.mnemonic;
    if (!mnemonic) throw new AppError(AppErrorCode.NotConfigured, 'there is no Crust account (or its recovery phrase cannot be decrypted here)');
    try {
      await writeFile(path, `${mnemonic}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AppError(AppErrorCode.Conflict, `${path} exists: the recovery phrase is only written to a new file`);
      if (code === 'ENOENT') throw new AppError(AppErrorCode.NotFound, `the folder of ${path} does not exist`);
      if (code === 'EACCES' || code === 'EPERM') throw new AppError(AppErrorCode.Forbidden, `cannot write ${path}: permission denied`);
      throw new AppError(AppErrorCode.Internal, `cannot write ${path}: ${(error as Error).message}`);
    }
  }

  removeAccount(): PublishSettingsView {
    this.s.dropSecret.run('mnemonic');
    this.s.drop.run(ADDRESS_KEY);
    this.changed();
    return this.view();
  }

  /** The W3Auth token of the account (Crust gateways and Crust's pinning service), or null without one. Made once per account (signing is randomized, so each would differ). */
  async accountToken(): Promise<string | null> {
    const mnemonic = this.resolved().secrets.mnemonic;
    if (!mnemonic) return null;
    if (this.token?.mnemonic !== mnemonic) this.token = { mnemonic, token: await w3AuthToken(mnemonic) };
    return this.token.token;
  }

  private async saveAccount(mnemonic: string): Promise<PublishSettingsView> {
    const address = await crustAddress(mnemonic);
    this.s.putSecret.run('mnemonic', this.box.encrypt(mnemonic));
    this.s.write.run(ADDRESS_KEY, address);
    this.changed();
    return this.view();
  }

  private storedSecrets(): { values: Partial<Record<PublishSecretName, string>>; unreadable: PublishSecretName[] } {
    const values: Partial<Record<PublishSecretName, string>> = {};
    const unreadable: PublishSecretName[] = [];
    for (const row of this.s.secrets.all()) {
      if (!(SECRET_NAMES as readonly string[]).includes(row.name)) continue;
      const name = row.name as PublishSecretName;
      const plain = this.box.decrypt(row.cipher);
      if (plain === undefined) unreadable.push(name);
      else values[name] = plain;
    }
    return { values, unreadable };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
