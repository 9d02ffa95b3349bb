/**
 * The one job of a folder download as a zip (or unpacked): checked here,
 * before anything is queued — the connection's kind can send a folder as a
 * zip, the folder prefix is well formed, the local folder is a folder, and
 * the name the result gets there is one this system can hold.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy } from '@shared/contract/domain';
import { pathPrefixProblem } from '@shared/jcs/object-path';
import type { StorageProvider } from '../../../providers/storage-provider';
import { requireLocalTarget } from '../../paths/local-target';
import type { NewJob } from '../transfer-store';

export interface FolderZipRequest {
  connectionId: string;
  root: string;
  prefix: string;
  localFolder: string;
  unpack: boolean;
  conflict: ConflictPolicy;
}

export async function planFolderZip(provider: StorageProvider, request: FolderZipRequest, platform: NodeJS.Platform): Promise<NewJob> {
  if (!provider.capabilities.folderAsZip || !provider.readFolderAsZip) throw new AppError(AppErrorCode.Unsupported, 'this kind of connection cannot send a folder as one zip; download its files instead');
  const { prefix } = request;
  if (prefix !== '' && !prefix.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `prefix: a folder is '' or ends with '/' ('${prefix}')`);
  const problem = prefix === '' ? undefined : pathPrefixProblem(prefix);
  if (problem) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' ${problem}`);
  const localFolder = resolve(request.localFolder);
  const info = await stat(localFolder).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AppError(AppErrorCode.InvalidInput, `'${localFolder}' is not a folder`);
  const folderName = prefix === '' ? (await provider.getRoot(request.root)).name : prefix.slice(0, -1).split('/').pop()!;
  const fileName = request.unpack ? folderName : `${folderName}.zip`;
  // The root's name comes from the service: gated like any remote name.
  const localPath = requireLocalTarget(localFolder, fileName, { platform, names: 'map', suffix: '.part' }, fileName);
  return {
    id: randomUUID(),
    batch_id: randomUUID(),
    direction: 'download',
    source: 'disk',
    kind: request.unpack ? 'folderUnpack' : 'folderZip',
    connection_id: request.connectionId,
    root: request.root,
    remote_path: prefix,
    local_path: localPath,
    local_root: localFolder,
    display_name: request.unpack ? `${fileName}/` : fileName,
    size: 0,
    conflict: request.conflict,
  };
}
