/**
 * A Workspace Files connection's settings (seed 004): the service's base URL
 * (the API lives under `<baseUrl>/api/v1/files`) and its bearer token, which
 * is a secret (encrypted at rest, never sent back to the renderer).
 */
import { z } from 'zod';
import { baseUrlSchema } from '../contract/domain';
import type { ConnectionFormSpec } from './connection-form-spec';

export const workspaceFilesConfigSchema = z
  .object({
    baseUrl: baseUrlSchema.transform((url) => url.replace(/\/+$/, '')),
  })
  .strict();
export type WorkspaceFilesConfig = z.infer<typeof workspaceFilesConfigSchema>;

export const workspaceFilesSecretsSchema = z
  .object({
    // Sent in an Authorization header: printable ASCII only, so it cannot split the header.
    token: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[\x21-\x7e]+$/, 'a token is printable characters without spaces'),
  })
  .strict();
export type WorkspaceFilesSecrets = z.infer<typeof workspaceFilesSecretsSchema>;

export const WORKSPACE_FILES_CONNECTION_FORM: ConnectionFormSpec<WorkspaceFilesConfig, WorkspaceFilesSecrets> = {
  kind: 'workspace-files',
  config: workspaceFilesConfigSchema,
  secrets: workspaceFilesSecretsSchema,
  fields: [
    { name: 'baseUrl', input: 'url', required: true },
    { name: 'token', input: 'secret', required: true },
  ],
  crossFieldProblem: () => undefined,
};
