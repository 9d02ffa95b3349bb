/**
 * The local folder's trash (trash-paths.ts): what sync replaced or deleted
 * here, and, for a service that keeps no remote trash (remote-side.ts), copies
 * of the remote versions it deleted or replaced there. Excluded from syncing,
 * listed in the UI, restorable, emptied of entries older than the task's
 * limit. Trash paths and restore targets stay inside the folder.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SyncTrashEntry } from '@shared/contract/sync';
import { requireLocalTarget, unsafeRemotePathError } from '../paths/local-target';
import { firstFreeName } from '../transfers/unique-name';
import { TRASH_FOLDER } from './path-filter';
import { stampTime, trashEntryPath, trashPathFor } from './trash-paths';

/** Trash moves rename whole files: the names stay as they are, with no temporary suffix. */
const EXACT = { platform: process.platform, names: 'exact', suffix: '' } as const;

/** `rel` (a path inside the folder), or the first `name (n).ext` beside it that nothing holds. */
async function freeLocalPath(root: string, rel: string): Promise<string> {
  const exists = async (p: string) => !!(await stat(requireLocalTarget(root, p, EXACT)).catch(() => undefined));
  if (!(await exists(rel))) return rel;
  const folder = rel.slice(0, rel.lastIndexOf('/') + 1);
  const taken = new Set<string>();
  for (;;) {
    const candidate = folder + firstFreeName(rel.slice(folder.length), (n) => taken.has(n));
    if (!(await exists(candidate))) return candidate;
    taken.add(candidate.slice(folder.length));
  }
}

/** A free place in this run's trash for `rel` (`name (n).ext` when an earlier deletion in the same second holds it). */
export function freeLocalTrashPath(root: string, stamp: string, rel: string): Promise<string> {
  return freeLocalPath(root, trashPathFor(stamp, rel));
}

export async function moveLocalToTrash(root: string, rel: string, stamp: string): Promise<string> {
  const trashRel = await freeLocalTrashPath(root, stamp, rel);
  const target = requireLocalTarget(root, trashRel, EXACT);
  await mkdir(dirname(target), { recursive: true });
  await rename(requireLocalTarget(root, rel, EXACT), target);
  return trashRel;
}

export async function listLocalTrash(root: string): Promise<SyncTrashEntry[]> {
  const out: SyncTrashEntry[] = [];
  const base = join(root, TRASH_FOLDER);
  for (const stamp of await readdir(base).catch(() => [] as string[])) {
    const deletedAt = stampTime(stamp);
    if (deletedAt === undefined) continue;
    const walk = async (dir: string, rel: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(join(dir, entry.name), childRel);
        else if (entry.isFile()) {
          const info = await stat(join(dir, entry.name)).catch(() => undefined);
          out.push({ side: 'local', path: childRel, trashPath: `${TRASH_FOLDER}/${stamp}/${childRel}`, deletedAt, size: info?.size ?? 0 });
        }
      }
    };
    await walk(join(base, stamp), '');
  }
  return out.sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Puts a local trash entry back where it was (as `name (n)` if that place is taken). Returns the restored path. */
export async function restoreLocal(root: string, trashPath: string): Promise<string> {
  const entry = trashEntryPath(trashPath);
  if (typeof entry !== 'string') throw unsafeRemotePathError(trashPath, entry, 'it cannot be restored');
  const rel = await freeLocalPath(root, entry);
  const target = requireLocalTarget(root, rel, EXACT);
  await mkdir(dirname(target), { recursive: true });
  await rename(requireLocalTarget(root, trashPath, EXACT), target);
  return rel;
}

/** Empties the local trash's folders older than `limit` (a time); returns how many went. */
export async function purgeLocalTrash(root: string, limit: number): Promise<number> {
  let purged = 0;
  for (const stamp of await readdir(join(root, TRASH_FOLDER)).catch(() => [] as string[])) {
    const at = stampTime(stamp);
    if (at !== undefined && at < limit) {
      await rm(join(root, TRASH_FOLDER, stamp), { recursive: true, force: true });
      purged++;
    }
  }
  return purged;
}
