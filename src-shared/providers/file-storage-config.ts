/**
 * A File Storage (API V2.1, seed 002) connection's settings: the service's
 * base URL, and an optional bearer token for deployments that put one in
 * front of it (the seed itself has no auth). The token is a secret: encrypted
 * at rest, never sent back to the renderer. Blank means "not given".
 */
import { z } from 'zod';
import { baseUrlSchema } from '../contract/domain';
import type { ConnectionFormSpec } from './connection-form-spec';

export const fileStorageConfigSchema = z
  .object({
    baseUrl: baseUrlSchema.transform((url) => url.replace(/\/+$/, '')),
  })
  .strict();
export type FileStorageConfig = z.infer<typeof fileStorageConfigSchema>;

export const fileStorageSecretsSchema = z
  .object({
    // Sent as `Authorization: Bearer <token>`: visible ASCII only, so it cannot split or forge a header.
    token: z
      .string()
      .max(4096)
      .regex(/^[\x21-\x7e]*$/, 'letters, digits and punctuation only (no spaces)')
      .optional(),
  })
  .strict();
export type FileStorageSecrets = z.infer<typeof fileStorageSecretsSchema>;

export const FILE_STORAGE_CONNECTION_FORM: ConnectionFormSpec<FileStorageConfig, FileStorageSecrets> = {
  kind: 'file-storage',
  config: fileStorageConfigSchema,
  secrets: fileStorageSecretsSchema,
  fields: [
    { name: 'baseUrl', input: 'url', required: true },
    { name: 'token', input: 'secret', required: false },
  ],
  crossFieldProblem: () => undefined,
};
