/**
 * A JCS-pub connection's settings: the service's base URL and, when it signs
 * requests, an access key with its secret key (both or neither; blank means
 * "not given"). The embedded storage node is a JCS connection too, whose URL
 * and key pair are only known once it runs: its settings are made at run time
 * in the same shape.
 */
import { z } from 'zod';
import { baseUrlSchema } from '../contract/domain';
import type { ConnectionFormSpec } from './connection-form-spec';

const keySchema = z.string().max(512);

export const jcsConfigSchema = z
  .object({
    // Kept without trailing slashes: the form, the views and the stored settings all show one spelling.
    baseUrl: baseUrlSchema.transform((url) => url.replace(/\/+$/, '')),
    accessKey: keySchema.trim().optional(),
  })
  .strict();
export type JcsConfig = z.infer<typeof jcsConfigSchema>;

export const jcsSecretsSchema = z
  .object({
    secretKey: keySchema.optional(),
  })
  .strict();
export type JcsSecrets = z.infer<typeof jcsSecretsSchema>;

/** Why the keys cannot be used together, or undefined (both given, or neither). */
export function jcsKeyPairProblem(config: JcsConfig, secrets: JcsSecrets): { field: 'accessKey' | 'secretKey'; problem: string } | undefined {
  const accessKey = config.accessKey ?? '';
  const secretKey = secrets.secretKey ?? '';
  if (accessKey === '' && secretKey !== '') return { field: 'accessKey', problem: 'an access key is needed with the secret key' };
  if (accessKey !== '' && secretKey === '') return { field: 'secretKey', problem: 'a secret key is needed with the access key' };
  return undefined;
}

export const JCS_CONNECTION_FORM: ConnectionFormSpec<JcsConfig, JcsSecrets> = {
  kind: 'jcs',
  config: jcsConfigSchema,
  secrets: jcsSecretsSchema,
  fields: [
    { name: 'baseUrl', input: 'url', required: true },
    { name: 'accessKey', input: 'text', required: false, group: 'keys' },
    { name: 'secretKey', input: 'secret', required: false, group: 'keys' },
  ],
  crossFieldProblem: jcsKeyPairProblem,
};
