/**
 * Each side of a sync task keeps what sync replaced or deleted in its trash:
 * `.jcs-trash/<YYYY-MM-DD HHMMSS>/<path>` inside the local folder, and the same
 * under the task's remote path. The trash is excluded from syncing, listed in
 * the UI, restorable, and emptied of entries older than the task's limit.
 *
 * Remote trash entries are paths a service gave: an entry whose path fails the
 * remote path rules is left out of the list (reported through `rejected`) and
 * cannot be restored; local trash and restore targets stay inside the folder.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SyncTrashEntry } from '@shared/contract/sync';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { requireLocalTarget, unsafeRemotePathError } from '../paths/local-target';
import type { RejectedRemoteEntry } from './remote-scan';
import { firstFreeName } from '../transfers/unique-name';
import { TRASH_FOLDER } from './path-filter';

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2})(\d{2})(\d{2})$/;

export function trashStamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

function stampTime(stamp: string): number | undefined {
  const m = STAMP.exec(stamp);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime() : undefined;
}

/** Relative trash path for a file (forward slashes), unique among what is there. */
export function trashPathFor(stamp: string, rel: string): string {
  return `${TRASH_FOLDER}/${stamp}/${rel}`;
}

export async function moveLocalToTrash(root: string, rel: string, stamp: string): Promise<string> {
  let trashRel = trashPathFor(stamp, rel);
  const exists = async (p: string) => !!(await stat(join(root, p)).catch(() => undefined));
  if (await exists(trashRel)) {
    const folder = trashRel.slice(0, trashRel.lastIndexOf('/') + 1);
    const taken = new Set<string>();
    for (;;) {
      const candidate = folder + firstFreeName(trashRel.slice(folder.length), (n) => taken.has(n));
      if (!(await exists(candidate))) {
        trashRel = candidate;
        break;
      }
      taken.add(candidate.slice(folder.length));
    }
  }
  const target = requireLocalTarget(root, trashRel, EXACT);
  await mkdir(dirname(target), { recursive: true });
  await rename(requireLocalTarget(root, rel, EXACT), target);
  return trashRel;
}

/** Trash moves rename whole files: the names stay as they are, with no temporary suffix. */
const EXACT = { platform: process.platform, names: 'exact', suffix: '' } as const;

/** The path inside the trash a trash path names (`.jcs-trash/<stamp>/<path>`), or the reason it does not name one. */
function trashEntryPath(trashPath: string): string | RemotePathProblem {
  const problem = remotePathProblem(trashPath);
  if (problem) return problem;
  const m = /^\.jcs-trash\/[^/]+\/(.+)$/.exec(trashPath);
  return m ? m[1]! : { reason: 'notUnderFolder', detail: 'is not a trash entry' };
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

export async function listRemoteTrash(client: JcsClient, packageId: number, remotePath: string, rejected?: (entry: RejectedRemoteEntry) => void): Promise<SyncTrashEntry[]> {
  const out: SyncTrashEntry[] = [];
  const prefix = `${remotePath}${TRASH_FOLDER}/`;
  for await (const page of client.listAllByPath({ packageID: packageId, path: prefix, maxKeys: 1000 })) {
    for (const o of page.objects) {
      const entry = o.path.startsWith(prefix) ? trashEntryPath(o.path.slice(remotePath.length)) : { reason: 'notUnderFolder' as const, detail: "is not inside the task's remote trash" };
      if (typeof entry !== 'string') {
        rejected?.({ path: o.path, problem: entry, message: unsafeRemotePathError(o.path, entry).message });
        continue;
      }
      const rest = o.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const deletedAt = slash > 0 ? stampTime(rest.slice(0, slash)) : undefined;
      if (deletedAt === undefined) continue;
      out.push({ side: 'remote', path: rest.slice(slash + 1), trashPath: `${TRASH_FOLDER}/${rest}`, deletedAt, size: o.size });
    }
  }
  return out.sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Puts a local trash entry back where it was (as `name (n)` if that place is taken). Returns the restored path. */
export async function restoreLocal(root: string, trashPath: string): Promise<string> {
  const entry = trashEntryPath(trashPath);
  if (typeof entry !== 'string') throw unsafeRemotePathError(trashPath, entry, 'it cannot be restored');
  let rel = entry;
  const exists = async (p: string) => !!(await stat(requireLocalTarget(root, p, EXACT)).catch(() => undefined));
  if (await exists(rel)) {
    const folder = rel.slice(0, rel.lastIndexOf('/') + 1);
    const taken = new Set<string>();
    let candidate: string;
    do {
      candidate = folder + firstFreeName(rel.slice(folder.length), (n) => taken.has(n));
      taken.add(candidate.slice(folder.length));
    } while (await exists(candidate));
    rel = candidate;
  }
  const target = requireLocalTarget(root, rel, EXACT);
  await mkdir(dirname(target), { recursive: true });
  await rename(requireLocalTarget(root, trashPath, EXACT), target);
  return rel;
}

export async function restoreRemote(client: JcsClient, packageId: number, remotePath: string, trashPath: string): Promise<string> {
  const entry = trashEntryPath(trashPath);
  if (typeof entry !== 'string') throw unsafeRemotePathError(trashPath, entry, 'it cannot be restored');
  const page = await client.listByPath({ packageID: packageId, path: remotePath + trashPath, isPrefix: false });
  const object = page.objects[0];
  if (!object || object.path !== remotePath + trashPath) throw new AppError(AppErrorCode.NotFound, `'${trashPath}' is no longer in the remote trash`, { params: { path: showRemotePath(trashPath) } });
  let rel = entry;
  const taken = new Set<string>();
  for (;;) {
    const existing = await client.listByPath({ packageID: packageId, path: remotePath + rel, isPrefix: false });
    if (existing.objects.length === 0) break;
    const folder = entry.slice(0, entry.lastIndexOf('/') + 1);
    taken.add(rel.slice(folder.length));
    rel = folder + firstFreeName(entry.slice(folder.length), (n) => taken.has(n));
  }
  const moved = await client.moveObjects([{ objectID: object.objectID, packageID: packageId, path: remotePath + rel }]);
  if (!moved.includes(object.objectID)) throw new AppError(AppErrorCode.OperationFailed, `could not restore '${rel}'`, { params: { path: rel } });
  return rel;
}

/** Empties trash entries older than `days` on both sides. */
export async function purgeTrash(root: string, client: JcsClient, packageId: number, remotePath: string, days: number, now: number): Promise<number> {
  const limit = now - days * 24 * 3600 * 1000;
  let purged = 0;
  for (const stamp of await readdir(join(root, TRASH_FOLDER)).catch(() => [] as string[])) {
    const at = stampTime(stamp);
    if (at !== undefined && at < limit) {
      await rm(join(root, TRASH_FOLDER, stamp), { recursive: true, force: true });
      purged++;
    }
  }
  const old = (await listRemoteTrash(client, packageId, remotePath)).filter((e) => e.deletedAt < limit);
  if (old.length) {
    const ids: number[] = [];
    for (const entry of old) {
      const page = await client.listByPath({ packageID: packageId, path: remotePath + entry.trashPath, isPrefix: false });
      if (page.objects[0]) ids.push(page.objects[0].objectID);
    }
    for (let i = 0; i < ids.length; i += 1000) await client.deleteObjects(ids.slice(i, i + 1000));
    purged += ids.length;
  }
  return purged;
}
