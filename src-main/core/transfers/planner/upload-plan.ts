/**
 * Turns what the user dropped or chose into jobs: local files and folders
 * (walked recursively, relative paths kept), files a browser will send, or
 * remote objects, folders and whole packages to download. Destinations that
 * already exist are found here, in one listing per dropped item, and the
 * conflict policy applied: skip and keep-both are settled now, 'ask' makes the
 * job wait for the user, 'overwrite' is carried to the runner.
 */
import { randomUUID } from 'node:crypto';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy, ObjectTarget } from '@shared/contract/domain';
import { baseName, objectPathProblem } from '@shared/jcs/object-path';
import { remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { localTarget, unsafeRemotePathError, type LocalTarget } from '../paths/local-target';
import { PARTIAL_SUFFIX } from './download/ranged-download';
import type { NewJob } from './transfer-store';
import { numberedName } from './unique-name';
import { STAGING_FOLDER } from './upload/multipart-upload';

export interface UploadItem {
  /** Object path relative to the target folder. */
  relative: string;
  size: number;
  localPath: string;
  mtime?: number;
}

export interface PlanResult {
  batchId: string;
  jobs: NewJob[];
  conflicts: number;
}

/** Every file under the given paths (folders walked; symbolic links to folders are not followed, to avoid loops). */
export async function collectLocalFiles(paths: readonly string[]): Promise<UploadItem[]> {
  const items: UploadItem[] = [];
  for (const input of paths) {
    const root = resolve(input);
    const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
      throw new AppError(AppErrorCode.NotFound, `'${input}' cannot be read (${error.code ?? error.message})`);
    });
    if (info.isFile()) items.push({ relative: basename(root), size: info.size, localPath: root, mtime: Math.floor(info.mtimeMs) });
    else if (info.isDirectory()) await walk(root, basename(root), items);
  }
  return items;
}

async function walk(dir: string, prefix: string, out: UploadItem[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await walk(full, rel, out);
    else if (entry.isFile()) {
      const info = await stat(full);
      out.push({ relative: rel, size: info.size, localPath: full, mtime: Math.floor(info.mtimeMs) });
    } else if (entry.isSymbolicLink()) {
      const info = await stat(full).catch(() => undefined); // a link to a file uploads its target
      if (info?.isFile()) out.push({ relative: rel, size: info.size, localPath: full, mtime: Math.floor(info.mtimeMs) });
    }
  }
}

export interface UploadPlanInput {
  client: JcsClient;
  connectionId: string;
  packageId: number;
  targetFolder: string;
  items: readonly UploadItem[];
  conflict: ConflictPolicy;
  source: 'disk' | 'browser';
}

export async function planUploads(input: UploadPlanInput): Promise<PlanResult> {
  requireFolder(input.targetFolder);
  const existing = await existingRemotePaths(input.client, input.packageId, input.targetFolder, input.items.map((i) => i.relative));
  const assigned = new Set<string>();
  const batchId = randomUUID();
  let conflicts = 0;
  const jobs = input.items.map((item): NewJob => {
    let remotePath = input.targetFolder + item.relative;
    const base: NewJob = {
      id: randomUUID(),
      batch_id: batchId,
      direction: 'upload',
      source: input.source,
      connection_id: input.connectionId,
      package_id: input.packageId,
      remote_path: remotePath,
      local_path: item.localPath,
      display_name: baseName(item.relative),
      size: item.size,
      conflict: input.conflict,
      source_mtime: item.mtime ?? null,
    };
    const problem = objectPathProblem(remotePath);
    if (problem) return { ...base, state: 'failed', error_message: `the name cannot be stored: path '${remotePath}' ${problem}` };
    if (existing.has(remotePath) || assigned.has(remotePath)) {
      conflicts++;
      if (input.conflict === 'skip') return { ...base, state: 'completed', error_code: AppErrorCode.Skipped, error_message: `'${remotePath}' already exists; skipped` };
      if (input.conflict === 'ask') return { ...base, waiting: 'conflict' };
      if (input.conflict === 'keepBoth') {
        remotePath = freeName(remotePath, (p) => existing.has(p) || assigned.has(p));
        base.remote_path = remotePath;
      }
    }
    assigned.add(remotePath);
    return base;
  });
  return { batchId, jobs, conflicts };
}

/** Remote paths that already exist among the destinations: one listing per top-level item. */
async function existingRemotePaths(client: JcsClient, packageId: number, targetFolder: string, relatives: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const tops = new Map<string, boolean>(); // top-level name → is a folder
  for (const rel of relatives) {
    const slash = rel.indexOf('/');
    const top = slash < 0 ? rel : rel.slice(0, slash);
    tops.set(top, (tops.get(top) ?? false) || slash >= 0);
  }
  for (const [top, isFolder] of tops) {
    if (objectPathProblem(targetFolder + top)) continue;
    const page = await client.listByPath({ packageID: packageId, path: targetFolder + top, isPrefix: false });
    for (const o of page.objects) found.add(o.path);
    if (isFolder) for await (const p of client.listAllByPath({ packageID: packageId, path: `${targetFolder}${top}/`, maxKeys: 1000 })) for (const o of p.objects) found.add(o.path);
  }
  return found;
}

export interface DownloadPlanInput {
  client: JcsClient;
  connectionId: string;
  packageId: number;
  /** Undefined: the whole package, into a folder named after it. */
  targets: readonly ObjectTarget[] | undefined;
  localFolder: string;
  conflict: ConflictPolicy;
  platform: NodeJS.Platform;
}

/** One remote object to download: its path on the service, and where it goes relative to the chosen folder. */
interface WantedObject {
  path: string;
  relative: string;
  objectId: number;
  size: number;
  fileHash: string;
  /** Set when the listing put it where it cannot have a place (outside the listed folder). */
  misplaced?: RemotePathProblem;
}

const NOT_UNDER_FOLDER: RemotePathProblem = { reason: 'notUnderFolder', detail: 'is not inside the folder that was listed' };

/**
 * Every path a listing gives goes through `localTarget` (src-main/core/paths):
 * an entry that would land outside the chosen folder, or cannot be a file
 * name here, becomes a failed job with the code UnsafeRemotePath and its path
 * in the message; the rest of the batch downloads as usual.
 */
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
      package_id: input.packageId,
      remote_path: w.path,
      object_id: w.objectId,
      local_path: localFolder,
      local_root: localFolder,
      display_name: showRemotePath(baseName(w.path)),
      size: w.size,
      expected_hash: w.fileHash,
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
 * folder: a whole package goes into a folder named after it, a folder into
 * one named after it. Those names come from the service too: one that is not
 * a single safe name gives way to `package-<id>` / `folder`.
 */
async function listWanted(input: DownloadPlanInput): Promise<WantedObject[]> {
  const { client } = input;
  const wanted: WantedObject[] = [];
  const addAll = async (prefix: string, relativeBase: string) => {
    for await (const page of client.listAllByPath({ packageID: input.packageId, path: prefix, maxKeys: 1000 })) {
      for (const o of page.objects) {
        if (o.redundancy.type === 'multipartUpload' || o.path.startsWith(`${STAGING_FOLDER}/`)) continue; // unfinished uploads
        const misplaced = o.path.startsWith(prefix) ? undefined : NOT_UNDER_FOLDER;
        wanted.push({ path: o.path, relative: relativeBase + o.path.slice(prefix.length), objectId: o.objectID, size: o.size, fileHash: o.fileHash, misplaced });
      }
    }
  };
  if (!input.targets) {
    const pkg = await client.getPackage(input.packageId);
    await addAll('', `${singleName(pkg.name, `package-${input.packageId}`)}/`);
  } else {
    for (const target of input.targets) {
      if (target.type === 'folder') await addAll(target.prefix, `${singleName(baseName(target.prefix.slice(0, -1)), 'folder')}/`);
      else {
        const page = await client.listByPath({ packageID: input.packageId, path: target.path, isPrefix: false });
        const o = page.objects[0];
        if (!o) throw new AppError(AppErrorCode.DataNotFound, `'${target.path}' no longer exists`);
        const misplaced = o.path === target.path ? undefined : { reason: 'notUnderFolder' as const, detail: `was the answer to a lookup of '${showRemotePath(target.path)}'` };
        wanted.push({ path: o.path, relative: baseName(o.path), objectId: o.objectID, size: o.size, fileHash: o.fileHash, misplaced });
      }
    }
  }
  return wanted;
}

function singleName(name: string, fallback: string): string {
  return remotePathProblem(name) === undefined && !name.includes('/') ? name : fallback;
}

function requireFolder(folder: string): void {
  if (folder !== '' && (!folder.endsWith('/') || objectPathProblem(folder.slice(0, -1)))) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${folder}' is not a folder path`);
}

async function freeLocalPath(path: string, assigned: ReadonlySet<string>): Promise<string> {
  const folder = dirname(path);
  const name = basename(path);
  for (let n = 1; ; n++) {
    const candidate = join(folder, numberedName(name, n));
    if (!assigned.has(candidate) && !(await lstat(candidate).then(() => true, () => false))) return candidate;
  }
}

function freeName(path: string, taken: (path: string) => boolean): string {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  for (let n = 1; ; n++) {
    const candidate = folder + numberedName(name, n);
    if (!taken(candidate)) return candidate;
  }
}

