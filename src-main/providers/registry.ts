/**
 * The kinds of connection the app knows, each with the form its dialog shows
 * (shared with the renderer: src-shared/providers/) and the factory that
 * turns saved settings into a StorageProvider. Settings and secrets are
 * validated here, at the boundary, whatever stored or sent them.
 *
 * A connection whose endpoint is only known at run time (the embedded storage
 * node: its URL and key pair change at every start) is created the same way,
 * with the resolved settings: `createProvider('jcs', { baseUrl: node.url,
 * accessKey }, { secretKey })`.
 */
import type { z } from 'zod';
import type { ConnectionFormSpec } from '@shared/providers/connection-form-spec';
import { JCS_CONNECTION_FORM, type JcsConfig, type JcsSecrets } from '@shared/providers/jcs-config';
import { describeZodError } from '@shared/jcs/wire';
import { invalidInput } from './provider-errors';
import type { Capabilities, StorageProvider } from './storage-provider';
import { JCS_CAPABILITIES, JcsProvider } from './jcs/jcs-provider';
import { FILE_STORAGE_CONNECTION_FORM, type FileStorageConfig, type FileStorageSecrets } from '@shared/providers/file-storage-config';
import { FILE_STORAGE_CAPABILITIES, FileStorageProvider } from './file-storage/fs-provider';

/** What the app gives every provider it makes, beyond the connection's settings. */
export interface ProviderContext {
  /**
   * A folder of this connection's own for cached downloads and thumbnails
   * (the adapter may create it, and keeps what it puts there bounded); null
   * when nothing may be cached (a throwaway provider testing a draft).
   */
  cacheDir: string | null;
}

export const NO_CACHE: ProviderContext = { cacheDir: null };

export interface ProviderKind {
  readonly kind: string;
  readonly configSchema: z.ZodType;
  readonly secretsSchema: z.ZodType;
  /** The fields that are secrets: encrypted at rest, never sent to the renderer. */
  readonly secretFields: readonly string[];
  /** What every provider of this kind can do (known before any connection is made). */
  readonly capabilities: Capabilities;
  /** Validates the settings and secrets, then makes the provider (it opens no connection yet). */
  create(config: unknown, secrets: unknown, context?: ProviderContext): StorageProvider;
}

function defineKind<Config, Secrets>(
  form: ConnectionFormSpec<Config, Secrets>,
  capabilities: Capabilities,
  make: (config: Config, secrets: Secrets, context: ProviderContext) => StorageProvider,
): ProviderKind {
  return {
    kind: form.kind,
    capabilities,
    configSchema: form.config,
    secretsSchema: form.secrets,
    secretFields: form.fields.filter((f) => f.input === 'secret').map((f) => f.name),
    create(config, secrets, context = NO_CACHE) {
      const parsedConfig = form.config.safeParse(config);
      if (!parsedConfig.success) throw invalidInput(describeZodError(parsedConfig.error, 'config'));
      const parsedSecrets = form.secrets.safeParse(secrets);
      // The message names the field, never the value: it may be a secret.
      if (!parsedSecrets.success) throw invalidInput(`secrets: ${parsedSecrets.error.issues.map((i) => i.path.join('.') || 'value').join(', ')} not valid`);
      const across = form.crossFieldProblem(parsedConfig.data, parsedSecrets.data);
      if (across) throw invalidInput(`${across.field}: ${across.problem}`);
      return make(parsedConfig.data, parsedSecrets.data, context);
    },
  };
}

const jcsKind = defineKind<JcsConfig, JcsSecrets>(JCS_CONNECTION_FORM, JCS_CAPABILITIES, (config, secrets) => {
  // crossFieldProblem has made sure the keys come in pairs.
  const credentials = config.accessKey && secrets.secretKey ? { accessKey: config.accessKey, secretKey: secrets.secretKey } : undefined;
  return new JcsProvider({ baseUrl: config.baseUrl.replace(/\/+$/, ''), credentials });
});

const fileStorageKind = defineKind<FileStorageConfig, FileStorageSecrets>(FILE_STORAGE_CONNECTION_FORM, FILE_STORAGE_CAPABILITIES, (config, secrets, context) =>
  new FileStorageProvider({ baseUrl: config.baseUrl, token: secrets.token || undefined, cacheDir: context.cacheDir }),
);

const KINDS: ReadonlyMap<string, ProviderKind> = new Map([
  [jcsKind.kind, jcsKind],
  [fileStorageKind.kind, fileStorageKind],
]);

/** The kinds, in the order the "add connection" dialog offers them. */
export function providerKinds(): ProviderKind[] {
  return [...KINDS.values()];
}

export function providerKind(kind: string): ProviderKind {
  const found = KINDS.get(kind);
  if (!found) throw invalidInput(`kind: '${kind}' is not a kind of connection this app knows (${[...KINDS.keys()].join(', ')})`);
  return found;
}

export function createProvider(kind: string, config: unknown, secrets: unknown, context: ProviderContext = NO_CACHE): StorageProvider {
  return providerKind(kind).create(config, secrets, context);
}
