/**
 * What an object operation acts on: the targets the user chose, expanded to
 * objects (a folder is every object under its prefix, paged from the
 * provider's recursive listing, in listing order), and where each lands.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectTarget } from '@shared/contract/domain';
import { baseName, objectPathProblem } from '@shared/jcs/object-path';
import type { EntryRef, RemoteEntry, StorageProvider } from '../../providers/storage-provider';

const LIST_PAGE = 1000;

export interface ResolvedObject extends EntryRef {
  size: number;
}

/** The path a target names: an object's path, or a folder's prefix (ending in '/'). */
export const targetPath = (target: ObjectTarget): string => (target.type === 'object' ? target.path : target.prefix);

/** Every object under `prefix`, a page at a time. */
export async function* objectsUnder(provider: StorageProvider, root: string, prefix: string, signal?: AbortSignal): AsyncGenerator<RemoteEntry[]> {
  let token: string | undefined;
  do {
    const page = await provider.listFolder(root, prefix, { recursive: true, token, maxKeys: LIST_PAGE, signal });
    yield page.entries;
    token = page.nextToken ?? undefined;
  } while (token);
}

/** Every object the targets stand for, folders expanded in listing order. */
export async function resolveTargets(provider: StorageProvider, root: string, targets: readonly ObjectTarget[], signal: AbortSignal): Promise<ResolvedObject[]> {
  const out: ResolvedObject[] = [];
  for (const target of targets) {
    if (target.type === 'object') {
      out.push({ path: target.path, ...(target.ref !== undefined ? { ref: target.ref } : {}), size: target.size ?? 0 });
      continue;
    }
    for await (const entries of objectsUnder(provider, root, target.prefix, signal)) {
      for (const entry of entries) out.push({ path: entry.path, ...(entry.ref !== undefined ? { ref: entry.ref } : {}), size: entry.size });
    }
  }
  return out;
}

/** Where a target arrives when moved or copied into `targetFolder`: the object's name, or the folder's name with a '/'. */
export function arrivingPath(target: ObjectTarget, targetFolder: string): string {
  return targetFolder + (target.type === 'object' ? baseName(target.path) : baseName(target.prefix.slice(0, -1)) + '/');
}

/** The objects of a target and the path each goes to in `targetFolder`, keeping what is below a folder. */
export async function planTransfer(provider: StorageProvider, root: string, target: ObjectTarget, targetFolder: string, signal: AbortSignal): Promise<Array<{ object: ResolvedObject; to: string }>> {
  const objects = await resolveTargets(provider, root, [target], signal);
  if (target.type === 'object') return objects.map((object) => ({ object, to: targetFolder + baseName(object.path) }));
  const base = baseName(target.prefix.slice(0, -1)) + '/';
  return objects.map((object) => ({ object, to: targetFolder + base + object.path.slice(target.prefix.length) }));
}

/** Refuses a destination the service could not hold, before anything moves. */
export function requireDestinations(paths: Iterable<string>): void {
  for (const path of paths) {
    const problem = objectPathProblem(path);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `the new path '${path}' ${problem}`);
  }
}

/** `targetFolder` is '' or a folder prefix ending in '/'. */
export function requireTargetFolder(targetFolder: string): void {
  if (targetFolder !== '' && !targetFolder.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: must be empty or end with '/'`);
  const problem = targetFolder && objectPathProblem(targetFolder.slice(0, -1));
  if (problem) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${targetFolder}' ${problem}`);
}
