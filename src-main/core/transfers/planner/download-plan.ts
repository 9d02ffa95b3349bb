/**
 * Turns remote objects, folders or a whole root the user chose into download
 * jobs, through the connection's provider: a folder is listed recursively, an
 * object looked up by its path. Local destinations that exist already are
 * found here and the conflict policy applied (skip and keep-both now, 'ask'
 * makes the job wait, 'overwrite' goes to the runner). Unfinished uploads
 * (`pending`) and the service's own folders (`reservedPrefixes`) are not
 * content and are left out.
 *
 * Every path a listing gives goes through `localTarget` (src-main/core/paths):
 * an entry that would land outside the chosen folder, or cannot be a file
 * name here, becomes a failed job with the code UnsafeRemotePath and its path
 * in the message; the rest of the batch downloads as usual.
 */
import { randomUUID } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy, ObjectTarget } from '@shared/contract/domain';
import { baseName } from '@shared/jcs/object-path';
import { remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { RemoteEntry, StorageProvider } from '../../../providers/storage-provider';
import { localTarget, unsafeRemotePathError, type LocalTarget } from '../../paths/local-target';
import { PARTIAL_SUFFIX } from '../download/ranged-download';
import type { NewJob } from '../transfer-store';
import { numberedName } from '../unique-name';
import type { PlanResult } from './upload-plan';

export interface DownloadPlanInput {
  provider: StorageProvider;
  connectionId: string;
  root: string;
  /** Undefined: the whole root, into a folder named after it. */
  targets: readonly ObjectTarget[] | undefined;
  localFolder: string;
  conflict: ConflictPolicy;
  platform: NodeJS.Platform;
}

/** One remote object to download, and where it goes relative to the chosen folder. */
interface WantedObject {
  path: string;
  relative: string;
  entry?: RemoteEntry;
  /** Set when the listing put it where it cannot have a place (outside the listed folder), or the path asked for is not one. */
  misplaced?: RemotePathProblem;
}

const NOT_UNDER_FOLDER: RemotePathProblem = { reason: 'notUnderFolder', detail: 'is not inside the folder that was listed' };

export async function planDownloads(input: DownloadPlanInput): Promise<PlanResult> {
  const localFolder = resolve(input.localFolder);
  const folderInfo = await stat(localFolder).catch(() => undefined);
  if (folderInfo && !folderInfo.isDirectory()) throw new AppError(AppErrorCode.InvalidInput, `'${localFolder}' is not a folder`);
  const wanted = await listWanted(input);

  const batchId = randomUUID();
  const assigned = new Set<string>();
  let conflicts = 0;
  const jobs: NewJob[] = [];
  for (const w of wanted) {
    const base: NewJob = {
      id: randomUUID(),
      batch_id: batchId,
      direction: 'download',
      source: 'disk',
      connection_id: input.connectionId,
      root: input.root,
      remote_path: w.path,
      object_ref: w.entry?.ref ?? null,
      remote_version: w.entry?.version ?? null,
      local_path: localFolder,
      local_root: localFolder,
      display_name: showRemotePath(baseName(w.path)),
      size: w.entry?.size ?? 0,
      conflict: input.conflict,
    };
    const target: LocalTarget = w.misplaced ? { ok: false, problem: w.misplaced } : localTarget(localFolder, w.relative, { platform: input.platform, names: 'map' });
    if (!target.ok) {
      // Never run (no Retry): it keeps the path as shown, since a NUL or control character would not survive the database.
      jobs.push({ ...base, remote_path: showRemotePath(w.path), state: 'failed', error_code: AppErrorCode.UnsafeRemotePath, error_message: unsafeRemotePathError(w.path, target.problem).message });
      continue;
    }
    let localPath = target.path;
    base.local_path = localPath;
    const exists = assigned.has(localPath) || (await lstat(localPath).then(() => true, () => false));
    if (exists) {
      conflicts++;
      if (input.conflict === 'skip') {
        jobs.push({ ...base, state: 'completed', error_code: AppErrorCode.Skipped, error_message: `'${localPath}' already exists; skipped` });
        continue;
      }
      if (input.conflict === 'ask' && !assigned.has(localPath)) {
        jobs.push({ ...base, waiting: 'conflict' });
        assigned.add(localPath);
        continue;
      }
      if (input.conflict === 'keepBoth' || assigned.has(localPath)) {
        // Two objects that map to one local name (after making names safe) keep both as well.
        localPath = await freeLocalPath(localPath, assigned);
        base.local_path = localPath;
      }
    }
    if (localPath.endsWith(PARTIAL_SUFFIX)) base.local_path = localPath + '_';
    assigned.add(base.local_path);
    jobs.push(base);
  }
  return { batchId, jobs, conflicts };
}

/**
 * The objects the user chose, each with its path relative to the chosen
 * folder: a whole root goes into a folder named after it, a folder into one
 * named after it. Those names come from the service too: one that is not a
 * single safe name gives way to `<level>-<root id>` (JCS: `package-p12`) / `folder`.
 */
async function listWanted(input: DownloadPlanInput): Promise<WantedObject[]> {
  const { provider, root } = input;
  const reserved = provider.capabilities.reservedPrefixes;
  const wanted: WantedObject[] = [];
  const addAll = async (prefix: string, relativeBase: string) => {
    let token: string | undefined;
    do {
      const page = await provider.listFolder(root, prefix, { recursive: true, token });
      for (const entry of page.entries) {
        if (entry.pending || reserved.some((r) => entry.path.startsWith(r))) continue; // not content: unfinished uploads, the service's own files
        const misplaced = entry.path.startsWith(prefix) ? undefined : NOT_UNDER_FOLDER;
        wanted.push({ path: entry.path, relative: relativeBase + entry.path.slice(prefix.length), entry, misplaced });
      }
      token = page.nextToken ?? undefined;
    } while (token !== undefined);
  };
  if (!input.targets) {
    const node = await provider.getRoot(root);
    const level = provider.capabilities.rootLevels[node.level]?.key ?? 'root';
    await addAll('', `${singleName(node.name, singleName(`${level}-${root}`, level))}/`);
  } else {
    for (const target of input.targets) {
      if (target.type === 'folder') {
        await addAll(target.prefix, `${singleName(baseName(target.prefix.slice(0, -1)), 'folder')}/`);
        continue;
      }
      // A path that is not one cannot be asked for (the service would be asked about another place).
      const problem = remotePathProblem(target.path);
      if (problem) {
        wanted.push({ path: target.path, relative: baseName(target.path), misplaced: problem });
        continue;
      }
      const entry = await provider.stat(root, target.path);
      if (!entry || entry.pending) throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(target.path)}' no longer exists`);
      const misplaced = entry.path === target.path ? undefined : { reason: 'notUnderFolder' as const, detail: `was the answer to a lookup of '${showRemotePath(target.path)}'` };
      wanted.push({ path: entry.path, relative: baseName(entry.path), entry, misplaced });
    }
  }
  return wanted;
}

function singleName(name: string, fallback: string): string {
  return remotePathProblem(name) === undefined && !name.includes('/') ? name : fallback;
}

async function freeLocalPath(path: string, assigned: ReadonlySet<string>): Promise<string> {
  const folder = dirname(path);
  const name = basename(path);
  for (let n = 1; ; n++) {
    const candidate = join(folder, numberedName(name, n));
    if (!assigned.has(candidate) && !(await lstat(candidate).then(() => true, () => false))) return candidate;
  }
}
