/**
 * The identity of a task's local folder (device + inode + birth time), and writes that
 * never create it. A synced folder that vanishes (an unmounted drive, a
 * deleted folder) or is replaced by another one (an empty mount point, a
 * restored copy) must never read as "every file was deleted": a run records
 * the folder it started on, checks it before each local write, and folders
 * are only ever created *below* it, one level at a time, so that a write
 * racing the folder's removal fails instead of bringing back an empty
 * folder in its place.
 */
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';

/** `dev:ino[:birth time]` of a folder (exact: read as bigints). */
export type RootIdentity = string;

let realBirthTimes: boolean | undefined;

/**
 * Whether this system reports birth times. Where it cannot (no statx), libuv
 * reports the change time in their place, which moves with every file added
 * to a folder and would make a folder look replaced all the time. A real
 * birth time (or 0, for a file system that does not keep one: stable too)
 * differs from the change time of any folder changed since its creation, as
 * the temp folder and home always are.
 */
function birthTimesAreReal(): boolean {
  realBirthTimes ??= [tmpdir(), homedir()].some((path) => {
    try {
      const info = statSync(path, { bigint: true });
      return info.birthtimeNs !== info.ctimeNs;
    } catch {
      return false;
    }
  });
  return realBirthTimes;
}

/**
 * The folder's identity, or undefined when it is missing or not a folder.
 * The birth time is part of it because file systems reuse inode numbers: on
 * ext4 a folder deleted and made again at once usually gets the same one.
 */
export function rootIdentity(root: string): RootIdentity | undefined {
  try {
    const info = statSync(root, { bigint: true });
    if (!info.isDirectory()) return undefined;
    return birthTimesAreReal() ? `${info.dev}:${info.ino}:${info.birthtimeNs}` : `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/** The task's folder vanished or was replaced under a run: the run stops, and nothing writes into (or recreates) it. */
export class SyncRootLost extends AppError {
  constructor(
    readonly root: string,
    readonly replaced: boolean,
  ) {
    super(AppErrorCode.SyncFolderLost, replaced ? `the local folder '${root}' was replaced by another folder during the run` : `the local folder '${root}' disappeared during the run`);
    this.name = 'SyncRootLost';
  }
}

/** Throws SyncRootLost unless `root` is still the folder `expected` names. */
export function checkRoot(root: string, expected: RootIdentity): void {
  const now = rootIdentity(root);
  if (now !== expected) throw new SyncRootLost(root, now !== undefined);
}

/**
 * Creates `dir` (an absolute path inside `root`) and its missing parents, but
 * never `root` itself: each level is made without `recursive`, so if the root
 * goes away meanwhile the next level fails with ENOENT instead of recreating it.
 */
export async function makeFolderBelowRoot(root: string, expected: RootIdentity, dir: string): Promise<void> {
  checkRoot(root, expected);
  const rel = relative(root, dir);
  if (rel === '') return;
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new AppError(AppErrorCode.InvalidInput, `'${dir}' is not inside the synced folder '${root}'`);
  let current = root;
  for (const part of rel.split(sep)) {
    current = join(current, part);
    try {
      await mkdir(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') throw new SyncRootLost(root, rootIdentity(root) !== undefined);
      throw error;
    }
  }
  checkRoot(root, expected); // made inside the folder the run started on, not a new one
}
