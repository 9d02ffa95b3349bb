/**
 * Turns files to upload (from this machine's disk, or announced by a browser)
 * into jobs. Destinations that already exist are found here, with one lookup
 * per dropped item (and one listing per dropped folder), and the conflict
 * policy applied: skip and keep-both are settled now, 'ask' makes the job wait
 * for the user, 'overwrite' is carried to the runner. A file the service
 * cannot hold (a name it refuses, a folder on a service without folders, more
 * bytes than it takes) is a failed job saying why; the rest go ahead.
 */
import { randomUUID } from 'node:crypto';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy } from '@shared/contract/domain';
import { baseName, objectPathProblem } from '@shared/jcs/object-path';
import { uploadProblem } from '@shared/transfers/upload-problem';
import type { Capabilities, StorageProvider } from '../../../providers/storage-provider';
import type { NewJob } from '../transfer-store';
import { numberedName } from '../unique-name';
import type { UploadItem } from './local-files';

export interface PlanResult {
  batchId: string;
  jobs: NewJob[];
  conflicts: number;
}

export interface UploadPlanInput {
  provider: StorageProvider;
  connectionId: string;
  root: string;
  targetFolder: string;
  items: readonly UploadItem[];
  conflict: ConflictPolicy;
  source: 'disk' | 'browser';
}

export async function planUploads(input: UploadPlanInput): Promise<PlanResult> {
  const { capabilities } = input.provider;
  requireTargetFolder(input.targetFolder, capabilities);
  const existing = await existingRemotePaths(input);
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
      root: input.root,
      remote_path: remotePath,
      local_path: item.localPath,
      display_name: baseName(item.relative),
      size: item.size,
      conflict: input.conflict,
      source_mtime: item.mtime ?? null,
    };
    const problem = uploadProblem(remotePath, item.size, capabilities);
    if (problem) return { ...base, state: 'failed', error_message: problem };
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

/** Remote paths that already exist among the destinations: one lookup per top-level item, and a listing of each folder. */
async function existingRemotePaths(input: UploadPlanInput): Promise<Set<string>> {
  const { provider, root, targetFolder } = input;
  const found = new Set<string>();
  const tops = new Map<string, boolean>(); // top-level name → is a folder
  for (const { relative } of input.items) {
    const slash = relative.indexOf('/');
    const top = slash < 0 ? relative : relative.slice(0, slash);
    tops.set(top, (tops.get(top) ?? false) || slash >= 0);
  }
  for (const [top, isFolder] of tops) {
    const path = targetFolder + top;
    if (uploadProblem(path, 0, provider.capabilities)) continue; // its files fail anyway
    const entry = await provider.stat(root, path);
    if (entry?.path === path) found.add(path);
    if (!isFolder || provider.capabilities.folders === 'none') continue;
    let token: string | undefined;
    do {
      const page = await provider.listFolder(root, `${path}/`, { recursive: true, token });
      for (const e of page.entries) found.add(e.path);
      token = page.nextToken ?? undefined;
    } while (token !== undefined);
  }
  return found;
}

function requireTargetFolder(folder: string, capabilities: Capabilities): void {
  if (folder !== '' && (!folder.endsWith('/') || objectPathProblem(folder.slice(0, -1)))) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${folder}' is not a folder path`);
  if (folder !== '' && capabilities.folders === 'none') throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${folder}': this service has no folders`);
  const reserved = capabilities.reservedPrefixes.find((prefix) => folder.startsWith(prefix));
  if (reserved) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${folder}' is inside '${reserved}', where the service keeps its own files`);
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
