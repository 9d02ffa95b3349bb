/**
 * The space form (create and edit) as plain data: its fields per storage
 * type, the problems to show beside them (keys of `spaces.problem.*`), and the
 * contract inputs it becomes. A secret is never prefilled: editing starts with
 * an empty secret box, and an empty box means "keep the stored secret" (the
 * node keeps it when the type and access key stay the same), so a new access
 * key needs its secret typed.
 */
import type { SpaceConfig, SpaceView, StorageType } from '@shared/contract/spaces';
import { S3_FAMILY_TYPES, spacePathProblem } from '@shared/contract/spaces';
import { entityNameProblem } from '@shared/jcs/names';

export const SPACE_TYPES: readonly StorageType[] = ['Local', ...S3_FAMILY_TYPES];

export interface SpaceForm {
  name: string;
  type: StorageType;
  localPath: string;
  endpoint: string;
  region: string;
  bucket: string;
  projectID: string;
  accessKeyId: string;
  /** What the user typed in this dialog; '' = nothing typed. */
  secretAccessKey: string;
  workingDir: string;
}

export type SpaceField = keyof SpaceForm;
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}
export type SpaceProblems = Partial<Record<SpaceField, FieldProblem>>;

export function isS3Family(type: string): type is (typeof S3_FAMILY_TYPES)[number] {
  return (S3_FAMILY_TYPES as readonly string[]).includes(type);
}

/** A type this form can edit (a service may list spaces of types it cannot). */
export function isEditableType(type: string): type is StorageType {
  return (SPACE_TYPES as readonly string[]).includes(type);
}

export function emptySpaceForm(): SpaceForm {
  return { name: '', type: 'Local', localPath: '', endpoint: '', region: '', bucket: '', projectID: '', accessKeyId: '', secretAccessKey: '', workingDir: '' };
}

/** An existing space in the form: everything it shows, never its secret. */
export function formFromSpace(space: SpaceView): SpaceForm {
  return {
    name: space.name,
    type: isEditableType(space.type) ? space.type : 'Local',
    localPath: space.localPath ?? '',
    endpoint: space.endpoint ?? '',
    region: space.region ?? '',
    bucket: space.bucket ?? '',
    projectID: space.projectID ?? '',
    accessKeyId: space.accessKeyId ?? '',
    secretAccessKey: '',
    workingDir: space.workingDir,
  };
}

/** The node's rule for bucket names (S3's): 3–63 lowercase letters, digits, '.' and '-'. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENDPOINT = /^https?:\/\/[^\s/]+(\/\S*)?$/i;
/** An absolute folder on the node's machine: POSIX, a Windows drive, or a UNC share (the node may run on either). */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** `editing`: the space being edited (its type, root and working dir cannot change). */
export function spaceFormProblems(form: SpaceForm, editing?: SpaceView): SpaceProblems {
  const problems: SpaceProblems = {};
  const nameProblem = form.name.trim() === '' ? 'required' : entityNameProblem(form.name);
  if (nameProblem) problems.name = form.name.trim() === '' ? { key: 'nameRequired' } : { key: 'nameInvalid', values: { detail: nameProblem } };

  if (editing) {
    if (isS3Family(editing.type)) {
      if (form.accessKeyId.trim() === '') problems.accessKeyId = { key: 'accessKeyRequired' };
      else if (form.accessKeyId !== (editing.accessKeyId ?? '') && form.secretAccessKey === '') problems.secretAccessKey = { key: 'secretForNewKey' };
    }
    return problems;
  }

  if (form.type === 'Local') {
    if (form.localPath.trim() === '') problems.localPath = { key: 'localPathRequired' };
    else if (!ABSOLUTE.test(form.localPath)) problems.localPath = { key: 'localPathAbsolute' };
  } else {
    if (form.bucket === '') problems.bucket = { key: 'bucketRequired' };
    else if (!BUCKET.test(form.bucket)) problems.bucket = { key: 'bucketInvalid' };
    if (form.endpoint === '') {
      if (form.type !== 'S3') problems.endpoint = { key: 'endpointRequired' };
    } else if (!ENDPOINT.test(form.endpoint)) problems.endpoint = { key: 'endpointInvalid' };
    if (form.type === 'OBS' && form.projectID.trim() === '') problems.projectID = { key: 'projectIdRequired' };
    if (form.accessKeyId.trim() === '') problems.accessKeyId = { key: 'accessKeyRequired' };
    if (form.secretAccessKey === '') problems.secretAccessKey = { key: 'secretRequired' };
  }
  const dirProblem = spacePathProblem(form.workingDir.replace(/\/+$/, ''));
  if (dirProblem) problems.workingDir = { key: 'workingDirInvalid', values: { detail: dirProblem } };
  return problems;
}

/** The storage and credential the form describes (create and Test). */
export function configOf(form: SpaceForm): SpaceConfig {
  if (form.type === 'Local') return { type: 'Local', localPath: form.localPath };
  const config: SpaceConfig = { type: form.type, endpoint: form.endpoint, region: form.region, bucket: form.bucket, accessKeyId: form.accessKeyId.trim(), secretAccessKey: form.secretAccessKey };
  if (form.type === 'OBS') config.projectID = form.projectID.trim();
  return config;
}

export function createInput(form: SpaceForm): { name: string; config: SpaceConfig; workingDir: string } {
  return { name: form.name, config: configOf(form), workingDir: form.workingDir.replace(/\/+$/, '') };
}

/** An edit: the name, and for S3-compatible spaces the access key when changed and the secret only when typed. */
export function updateInput(form: SpaceForm, space: SpaceView): { id: number; name: string; accessKeyId?: string; secretAccessKey?: string } {
  const input: { id: number; name: string; accessKeyId?: string; secretAccessKey?: string } = { id: space.id, name: form.name };
  if (!isS3Family(space.type)) return input;
  const accessKeyId = form.accessKeyId.trim();
  if (accessKeyId !== (space.accessKeyId ?? '')) input.accessKeyId = accessKeyId;
  if (form.secretAccessKey !== '') input.secretAccessKey = form.secretAccessKey;
  return input;
}

/**
 * What Test sends while editing: the saved storage with the credential in the
 * form. The service's test takes no space id, so an S3-compatible space can
 * be tested only with its secret typed again; null until then.
 */
export function editTestInput(form: SpaceForm, space: SpaceView): { config: SpaceConfig; workingDir: string } | null {
  if (space.type === 'Local') return space.localPath ? { config: { type: 'Local', localPath: space.localPath }, workingDir: space.workingDir } : null;
  if (!isS3Family(space.type) || form.secretAccessKey === '' || form.accessKeyId.trim() === '') return null;
  const saved = formFromSpace(space);
  return { config: configOf({ ...saved, type: space.type, accessKeyId: form.accessKeyId, secretAccessKey: form.secretAccessKey }), workingDir: space.workingDir };
}
