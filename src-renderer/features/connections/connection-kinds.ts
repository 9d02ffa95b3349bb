/**
 * The kinds of connection the dialog offers, each with its form (the same
 * spec main validates with: src-shared/providers/) and the key of its top
 * root level, which words a test's result ("3 buckets") before any
 * connection of the kind exists. A new kind adds one entry here and its
 * strings under `connections.form.<kind>` (tests/core/connection-kinds-ui
 * checks the entries against main's registry).
 */
import type { ConnectionFormSpec } from '@shared/providers/connection-form-spec';
import { JCS_CONNECTION_FORM } from '@shared/providers/jcs-config';
import { FILE_STORAGE_CONNECTION_FORM } from '@shared/providers/file-storage-config';

/** What a form holds: a kind's settings or secrets by field name (absent: not given). */
export type FormFields = Record<string, string | undefined>;

export interface ConnectionKindUi {
  readonly form: ConnectionFormSpec<FormFields, FormFields>;
  readonly topLevelKey: string;
}

export const CONNECTION_KINDS: readonly ConnectionKindUi[] = [
  { form: JCS_CONNECTION_FORM, topLevelKey: 'bucket' },
  { form: FILE_STORAGE_CONNECTION_FORM, topLevelKey: 'space' },
];

export function connectionKindUi(kind: string): ConnectionKindUi | undefined {
  return CONNECTION_KINDS.find((k) => k.form.kind === kind);
}
