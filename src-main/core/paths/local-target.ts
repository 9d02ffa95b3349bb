/**
 * Maps a path a remote service gave (relative to a local target folder) to a
 * local path under that folder, or says why it may not be one. Everything
 * that writes a remote entry to disk — downloads, sync, trash, conflict
 * copies — asks here first; the pure rules are in
 * src-shared/paths/remote-path.ts, this adds what needs the platform and the
 * file system:
 * - names the platform cannot hold: downloads make them safe (safe-names.ts,
 *   after validation); sync refuses them (`notPortable`), since its two sides
 *   must hold the same names;
 * - the resolved path must be inside the root (`outsideTarget`): a check
 *   after `resolve`, whatever the segments looked like;
 * - length: each name at most 255 bytes with the app's temporary suffix
 *   (`.jcs-download`, written next to the file) appended; the whole path at
 *   most 4,095 bytes on Linux (PATH_MAX is 4,096 with its NUL), 1,023 on
 *   macOS (1,024), and 259 UTF-16 units on Windows (MAX_PATH, 260 with its
 *   NUL). Windows can hold longer paths when long paths are enabled, but
 *   Explorer and most programs still cannot open, move or delete them, so a
 *   download does not create files the user cannot handle;
 * - symbolic links (`checkRealPathInside`): a folder on the way that is a
 *   link leading outside the root (a hostile listing naming `docs/x` where
 *   the user's `docs` links elsewhere) is refused (`symlinkOutside`). A link
 *   that stays inside the root is followed. The file itself being a link is
 *   harmless: downloads rename over it (they replace the link, never write
 *   through it).
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { MAX_SEGMENT_BYTES } from '@shared/jcs/object-path';
import { describeRemotePathProblem, remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import { safeRelativePath } from '../transfers/download/safe-names';

/** The suffix of a download's temporary file (ranged-download.ts), kept here so names leave room for it. */
export const PARTIAL_SUFFIX = '.jcs-download';

export interface LocalTargetOptions {
  platform: NodeJS.Platform;
  /** 'map': names the platform cannot hold are made safe (downloads); 'exact': they are refused (sync). */
  names: 'map' | 'exact';
  /** What the app appends to the file's name while writing it (default: a download's temporary suffix); '' for moves. */
  suffix?: string;
}

export type LocalTarget = { ok: true; path: string } | { ok: false; problem: RemotePathProblem };

export function localPathLimit(platform: NodeJS.Platform): { max: number; unit: 'bytes' | 'characters' } {
  if (platform === 'win32') return { max: 259, unit: 'characters' };
  if (platform === 'darwin') return { max: 1023, unit: 'bytes' };
  return { max: 4095, unit: 'bytes' };
}

function localLength(path: string, platform: NodeJS.Platform): number {
  return platform === 'win32' ? path.length : Buffer.byteLength(path);
}

/** Where `rel` (a remote path relative to `root`) goes under `root`, or why it may not. `root` must be absolute. */
export function localTarget(root: string, rel: string, options: LocalTargetOptions): LocalTarget {
  const base = remotePathProblem(rel);
  if (base) return { ok: false, problem: base };
  const mapped = safeRelativePath(rel, options.platform);
  if (options.names === 'exact' && mapped !== rel) return { ok: false, problem: { reason: 'notPortable', detail: `has a name this system cannot hold (${options.platform})` } };
  const suffix = options.suffix ?? PARTIAL_SUFFIX;
  const segments = mapped.split('/');
  const last = segments[segments.length - 1]!;
  if (Buffer.byteLength(last + suffix) > MAX_SEGMENT_BYTES || segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    return { ok: false, problem: { reason: 'nameTooLong', detail: `has a name too long for this system (at most ${MAX_SEGMENT_BYTES - suffix.length} bytes for a file, ${MAX_SEGMENT_BYTES} for a folder)` } };
  }
  const absoluteRoot = resolve(root);
  const path = resolve(absoluteRoot, ...segments);
  const inside = relative(absoluteRoot, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return { ok: false, problem: { reason: 'outsideTarget', detail: 'would land outside the target folder' } };
  const limit = localPathLimit(options.platform);
  if (localLength(path + suffix, options.platform) > limit.max) {
    return { ok: false, problem: { reason: 'pathTooLong', detail: `would make a local path longer than this system allows (${limit.max} ${limit.unit})` } };
  }
  return { ok: true, path };
}

/** The refusal as an error (code UnsafeRemotePath), naming the remote path safely and what became of it. */
export function unsafeRemotePathError(remotePath: string, problem: RemotePathProblem, outcome = 'it was skipped'): AppError {
  return new AppError(AppErrorCode.UnsafeRemotePath, `${describeRemotePathProblem(remotePath, problem)} (${problem.reason}); ${outcome}`, {
    params: { path: showRemotePath(remotePath), problem: problem.reason },
  });
}

/** `localTarget`, throwing the refusal. */
export function requireLocalTarget(root: string, rel: string, options: LocalTargetOptions, remotePath: string = rel): string {
  const target = localTarget(root, rel, options);
  if (!target.ok) throw unsafeRemotePathError(remotePath, target.problem);
  return target.path;
}

/**
 * Refuses `target` when the deepest folder on its way that exists (the root
 * or below) resolves, through symbolic links, to a place outside the root's
 * own real location. Called right before a file is written, so a link made
 * after the plan counts too. A root that does not exist yet holds no links.
 */
export async function checkRealPathInside(root: string, target: string): Promise<RemotePathProblem | undefined> {
  const absoluteRoot = resolve(root);
  let realRoot: string;
  try {
    realRoot = await realpath(absoluteRoot);
  } catch {
    return undefined;
  }
  for (let dir = dirname(resolve(target)); ; dir = dirname(dir)) {
    const fromRoot = relative(absoluteRoot, dir);
    if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) return { reason: 'outsideTarget', detail: 'would land outside the target folder' };
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && fromRoot !== '') continue; // not there yet: look at its parent
      return undefined; // the root vanished or cannot be read: writing fails on its own, with its own error
    }
    const fromRealRoot = relative(realRoot, real);
    if (fromRealRoot === '..' || fromRealRoot.startsWith(`..${sep}`) || isAbsolute(fromRealRoot)) {
      return { reason: 'symlinkOutside', detail: `goes through a symbolic link that leads outside the target folder (to '${real}')` };
    }
    return undefined;
  }
}

/** `checkRealPathInside`, throwing the refusal. */
export async function requireRealPathInside(root: string, target: string, remotePath: string): Promise<void> {
  const problem = await checkRealPathInside(root, target);
  if (problem) throw unsafeRemotePathError(remotePath, problem);
}
