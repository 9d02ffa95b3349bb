/**
 * The connection form's rules, apart from its rendering, for any kind: the
 * fields come from the kind's form spec and are checked with the same
 * schemas main applies (src-shared/providers/). Secrets never come back from
 * main, so when editing, an empty secret field means "keep the saved one" —
 * unless the user cleared its group, or left every setting of its group
 * blank (JCS: no access key means no key pair, and the saved secret key
 * goes). Problems are i18n keys: `connections.form.<kind>.problem.<field>`
 * for a field its schema refuses, `connections.form.<kind>.across.<field>`
 * for fields that do not go together (a half key pair).
 */
import type { ConnectionView } from '@shared/contract/domain';
import type { OperationInput } from '@shared/contract/operations';
import type { ConnectionFormField } from '@shared/providers/connection-form-spec';
import type { ConnectionKindUi, FormFields } from './connection-kinds';

export interface ConnectionForm {
  name: string;
  kind: string;
  /** Every field's text as typed, settings and secrets alike. */
  values: Readonly<Record<string, string>>;
  /** Groups whose saved secrets the user chose to clear. */
  cleared: readonly string[];
}

/** 'name', or a field of the kind. */
export type FormProblems = Readonly<Record<string, string>>;

const isSecret = (field: ConnectionFormField) => field.input === 'secret';

export function initialForm(ui: ConnectionKindUi, existing: ConnectionView | undefined): ConnectionForm {
  const values: Record<string, string> = {};
  for (const field of ui.form.fields) values[field.name] = isSecret(field) ? '' : (existing?.config[field.name] ?? '');
  return { name: existing?.name ?? '', kind: ui.form.kind, values, cleared: [] };
}

/** The fields of a group (or the field alone when it has none). */
export function groupOf(ui: ConnectionKindUi, field: ConnectionFormField): ConnectionFormField[] {
  return field.group === undefined ? [field] : ui.form.fields.filter((f) => f.group === field.group);
}

/** The group's settings are all blank: it is "not given", saved secrets included. */
function groupLeftBlank(ui: ConnectionKindUi, form: ConnectionForm, field: ConnectionFormField): boolean {
  const settings = groupOf(ui, field).filter((f) => !isSecret(f));
  return settings.length > 0 && settings.every((f) => (form.values[f.name] ?? '').trim() === '');
}

/** Whether the saved value of secret `field` is what the form means (it is saved, left empty, and neither cleared nor orphaned). */
export function usesSavedSecret(ui: ConnectionKindUi, form: ConnectionForm, existing: ConnectionView | undefined, field: ConnectionFormField): boolean {
  if (!existing || !isSecret(field) || !existing.secretsSet.includes(field.name)) return false;
  if (field.group !== undefined && form.cleared.includes(field.group)) return false;
  return (form.values[field.name] ?? '') === '' && !groupLeftBlank(ui, form, field);
}

/** The settings and secrets the form gives (blank fields left out). */
function given(ui: ConnectionKindUi, form: ConnectionForm): { config: Record<string, string>; secrets: Record<string, string> } {
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of ui.form.fields) {
    const value = form.values[field.name] ?? '';
    if (isSecret(field)) {
      if (value !== '') secrets[field.name] = value;
    } else if (value.trim() !== '') config[field.name] = value.trim();
  }
  return { config, secrets };
}

export function formProblems(ui: ConnectionKindUi, form: ConnectionForm, existing: ConnectionView | undefined): FormProblems {
  const { kind } = form;
  const problems: Record<string, string> = {};
  if (form.name.trim() === '') problems.name = 'connections.form.nameRequired';
  const { config, secrets } = given(ui, form);
  const fieldProblem = (field: string) => (problems[field] ??= `connections.form.${kind}.problem.${field}`);
  for (const field of ui.form.fields) if (field.required && !(field.name in config) && !(field.name in secrets) && !usesSavedSecret(ui, form, existing, field)) fieldProblem(field.name);
  const parsedConfig = ui.form.config.safeParse(config);
  if (!parsedConfig.success) for (const issue of parsedConfig.error.issues) fieldProblem(String(issue.path[0] ?? ''));
  const parsedSecrets = ui.form.secrets.safeParse(secrets);
  // A required secret the form keeps from the saved connection is missing here only because its value never reaches the renderer.
  const keptSecrets = new Set(ui.form.fields.filter((f) => usesSavedSecret(ui, form, existing, f)).map((f) => f.name));
  const secretIssues = parsedSecrets.success ? [] : parsedSecrets.error.issues.filter((issue) => !keptSecrets.has(String(issue.path[0] ?? '')));
  for (const issue of secretIssues) fieldProblem(String(issue.path[0] ?? ''));
  if (parsedConfig.success && secretIssues.length === 0) {
    // A saved secret the form keeps counts as given (its value never reaches the renderer).
    const withSaved: FormFields = { ...(parsedSecrets.success ? parsedSecrets.data : secrets) };
    for (const field of ui.form.fields) if (usesSavedSecret(ui, form, existing, field)) withSaved[field.name] = 'saved';
    const across = ui.form.crossFieldProblem(parsedConfig.data, withSaved);
    if (across) problems[across.field] ??= `connections.form.${kind}.across.${across.field}`;
  }
  return problems;
}

/** Problems that stop a test (the name is not needed to test). */
export function blocksTest(problems: FormProblems): boolean {
  return Object.keys(problems).some((field) => field !== 'name');
}

export function addInput(ui: ConnectionKindUi, form: ConnectionForm): OperationInput<'connections.add'> {
  const { config, secrets } = given(ui, form);
  return { name: form.name.trim(), kind: form.kind, config, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}

/** Settings replace the saved ones ('' removes one); secrets are sent only when typed, or as '' to clear them. */
export function updateInput(ui: ConnectionKindUi, form: ConnectionForm, existing: ConnectionView): OperationInput<'connections.update'> {
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of ui.form.fields) {
    const value = form.values[field.name] ?? '';
    if (!isSecret(field)) {
      if (value.trim() !== '' || field.name in existing.config) config[field.name] = value.trim();
    } else if (value !== '') secrets[field.name] = value;
    else if (existing.secretsSet.includes(field.name) && !usesSavedSecret(ui, form, existing, field)) secrets[field.name] = '';
  }
  return { id: existing.id, name: form.name.trim(), config, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}

export function testInput(ui: ConnectionKindUi, form: ConnectionForm, existing: ConnectionView | undefined): OperationInput<'connections.test'> {
  const draft = { kind: form.kind, ...given(ui, form) };
  const reuse = existing && ui.form.fields.some((field) => usesSavedSecret(ui, form, existing, field));
  return reuse ? { draft, reuseSecretOf: existing.id } : { draft };
}
