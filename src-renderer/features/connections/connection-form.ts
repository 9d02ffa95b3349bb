/**
 * The connection form's rules, apart from its rendering. Secret keys never
 * come back from main, so when editing, an empty secret field means "keep the
 * saved secret" — as long as an access key is still there for it to pair with
 * and the user has not cleared the keys. An empty access key means "no keys"
 * (on edit: remove the saved pair), matching `connections.update`.
 */
import { baseUrlSchema, type ConnectionView } from '@shared/contract/domain';
import type { OperationInput } from '@shared/contract/operations';

export interface ConnectionForm {
  name: string;
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** The user chose "Clear keys": the saved secret no longer applies. */
  keysCleared: boolean;
}

export type FormField = 'name' | 'baseUrl' | 'accessKey' | 'secretKey';
/** Field → i18n key of its problem. */
export type FormProblems = Partial<Record<FormField, string>>;

export const DEFAULT_BASE_URL = 'http://127.0.0.1:7890';

export function initialForm(existing: ConnectionView | undefined): ConnectionForm {
  return { name: existing?.name ?? '', baseUrl: existing?.baseUrl ?? '', accessKey: existing?.accessKey ?? '', secretKey: '', keysCleared: false };
}

/** Whether the form's access key goes with the secret saved for `existing`. */
export function usesSavedSecret(form: ConnectionForm, existing: ConnectionView | undefined): boolean {
  return !!existing?.hasSecretKey && !form.keysCleared && form.secretKey === '' && form.accessKey.trim() !== '';
}

export function formProblems(form: ConnectionForm, existing: ConnectionView | undefined): FormProblems {
  const problems: FormProblems = {};
  if (form.name.trim() === '') problems.name = 'connections.form.nameRequired';
  if (!baseUrlSchema.safeParse(form.baseUrl).success) problems.baseUrl = 'connections.form.urlInvalid';
  const accessKey = form.accessKey.trim();
  if (accessKey === '' && form.secretKey !== '') problems.accessKey = 'connections.form.accessKeyNeeded';
  if (accessKey !== '' && form.secretKey === '' && !usesSavedSecret(form, existing)) problems.secretKey = 'connections.form.secretKeyNeeded';
  return problems;
}

/** Problems that stop a test (the name is not needed to test). */
export function blocksTest(problems: FormProblems): boolean {
  return !!(problems.baseUrl ?? problems.accessKey ?? problems.secretKey);
}

export function addInput(form: ConnectionForm): OperationInput<'connections.add'> {
  const accessKey = form.accessKey.trim();
  return {
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim(),
    ...(accessKey ? { accessKey, secretKey: form.secretKey } : {}),
  };
}

export function updateInput(form: ConnectionForm, existing: ConnectionView): OperationInput<'connections.update'> {
  const change: OperationInput<'connections.update'> = { id: existing.id, name: form.name.trim(), baseUrl: form.baseUrl.trim() };
  const accessKey = form.accessKey.trim();
  if (accessKey === '') {
    if (existing.accessKey !== null || existing.hasSecretKey) change.accessKey = ''; // removes the saved pair
  } else if (form.secretKey !== '') {
    change.accessKey = accessKey;
    change.secretKey = form.secretKey;
  } else if (accessKey !== existing.accessKey) {
    change.accessKey = accessKey; // a new access key with the saved secret
  }
  return change;
}

export function testInput(form: ConnectionForm, existing: ConnectionView | undefined): OperationInput<'connections.test'> {
  const accessKey = form.accessKey.trim();
  const draft = {
    baseUrl: form.baseUrl.trim(),
    ...(accessKey ? { accessKey } : {}),
    ...(accessKey && form.secretKey ? { secretKey: form.secretKey } : {}),
  };
  return existing && usesSavedSecret(form, existing) ? { draft, reuseSecretOf: existing.id } : { draft };
}
