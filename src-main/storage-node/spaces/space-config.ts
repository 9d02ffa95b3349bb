/**
 * Checks of a space's configuration and of the paths used inside a space,
 * before anything is stored or touched. Every refusal is BadArgument naming
 * the field (the spec page: "BadArgument for a malformed config").
 */
import { stat, realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, sep } from 'node:path';
import { objectPathProblem } from '@shared/jcs/object-path';
import type { SpaceCredential, SpaceStorage } from '@shared/jcs/user-space-wire';
import { badArgument } from '../node-error';

/** A path inside a space: '' (the root) where `allowRoot`, else the object path rules; a trailing `/` is dropped. */
export function requireSpacePath(field: string, path: string, { allowRoot }: { allowRoot: boolean }): string {
  const trimmed = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
  if (trimmed === '' && allowRoot) return '';
  const problem = objectPathProblem(trimmed);
  if (problem) throw badArgument(`${field}: path '${shorten(path)}' ${problem}`);
  return trimmed;
}

/** Whether `path` is `folder` or lies below it ('' holds everything). */
export function isWithin(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

/** Checks storage and credential belong together and are well formed; Local folders are checked on disk. */
export async function requireUsableConfig(storage: SpaceStorage, credential: SpaceCredential | null, workingDir: string, nodeDataDir: string): Promise<void> {
  requireSpacePath('workingDir', workingDir, { allowRoot: true });
  if (storage.type === 'Local') {
    if (credential && credential.type !== 'Local') throw badArgument(`credential.type: a Local space takes a credential of type Local or null, not ${credential.type}`);
    await requireLocalFolder(storage.localPath, nodeDataDir);
    return;
  }
  if (!credential) throw badArgument(`credential: a ${storage.type} space needs {type, accessKeyId, secretAccessKey}`);
  if (credential.type !== storage.type) throw badArgument(`credential.type: ${credential.type} does not match storage.type ${storage.type}`);
  if (!credential.accessKeyId) throw badArgument('credential.accessKeyId: required');
  if (!credential.secretAccessKey) throw badArgument('credential.secretAccessKey: required');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(storage.bucket)) {
    throw badArgument(`storage.bucket: '${shorten(storage.bucket)}' is not a bucket name (3–63 characters: lowercase letters, digits, '.' and '-')`);
  }
  if (storage.endpoint === '') {
    if (storage.type !== 'S3') throw badArgument(`storage.endpoint: required for ${storage.type} (its service's URL, e.g. https://obs.cn-north-4.myhuaweicloud.com)`);
  } else {
    let url: URL;
    try {
      url = new URL(storage.endpoint);
    } catch {
      throw badArgument(`storage.endpoint: '${shorten(storage.endpoint)}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badArgument(`storage.endpoint: '${shorten(storage.endpoint)}' must be an http or https URL`);
    if (url.username || url.password) throw badArgument('storage.endpoint: put the keys in the credential, not in the URL');
  }
  if (storage.type === 'OBS' && !storage.projectID) throw badArgument('storage.projectID: required for OBS');
}

/** A Local space's folder: absolute, existing, a folder, and apart from the node's own data folder. */
async function requireLocalFolder(localPath: string, nodeDataDir: string): Promise<void> {
  if (!isAbsolute(localPath)) throw badArgument(`storage.localPath: '${shorten(localPath)}' is relative; give an absolute folder path`);
  if (normalize(localPath).replace(/[\\/]+$/, '') !== localPath.replace(/[\\/]+$/, '') || localPath.split(/[\\/]/).includes('..')) {
    throw badArgument(`storage.localPath: '${shorten(localPath)}' is not a plain path (no '.', '..' or doubled separators)`);
  }
  const info = await stat(localPath).catch(() => undefined);
  if (!info) throw badArgument(`storage.localPath: the folder '${shorten(localPath)}' does not exist`);
  if (!info.isDirectory()) throw badArgument(`storage.localPath: '${shorten(localPath)}' is not a folder`);
  const real = await realpath(localPath);
  const dataDir = await realpath(nodeDataDir).catch(() => nodeDataDir);
  if (contains(dataDir, real)) throw badArgument(`storage.localPath: '${shorten(localPath)}' is inside the storage node's own data folder`);
  if (contains(real, dataDir)) throw badArgument(`storage.localPath: '${shorten(localPath)}' contains the storage node's own data folder`);
}

function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export function shorten(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 120 ? printable.slice(0, 120) + '…' : printable;
}
