/**
 * What the connection dialog asks for one kind of connection, so that it can
 * show a form per kind without knowing the kind: the settings (stored as they
 * are, shown when editing), the secrets (encrypted at rest, never sent back to
 * the renderer) and the fields in the order they are shown. The renderer
 * names each field through its string tables (`connections.form.<kind>.<name>`).
 */
import type { z } from 'zod';

export interface ConnectionFormField {
  name: string;
  /** 'secret' fields are in `secrets`, the others in `config`. */
  input: 'url' | 'text' | 'secret';
  required: boolean;
  /**
   * Fields that go together (a key pair): shown side by side, given all or
   * none, and cleared together. When every setting of a group is left blank,
   * its saved secrets go too.
   */
  group?: string;
}

export interface ConnectionFormSpec<Config = unknown, Secrets = unknown> {
  kind: string;
  config: z.ZodType<Config>;
  secrets: z.ZodType<Secrets>;
  fields: readonly ConnectionFormField[];
  /** A problem that spans fields (a key pair given by half), as the field to mark and what is wrong; undefined when none. */
  crossFieldProblem(config: Config, secrets: Secrets): { field: string; problem: string } | undefined;
}
