/**
 * One pass of a space sync task: the source path's files, filtered by size,
 * compared with each destination path and copied where the destination lacks
 * them or (by the task's mode) differs. Nothing is ever deleted at a
 * destination. Each copy is an atomic write, so a pass cut short leaves whole
 * files only, and the next pass (a restart runs one at once) finds them and
 * copies nothing twice.
 *
 * The mode's comparisons: `includeSize` copies when the sizes differ;
 * `includeModTime` when the source is newer than the destination's copy (an
 * S3 object's time is when it was written, so "differs" would copy every
 * file on every pass); a missing file is always copied.
 */
import { objectPathProblem } from '@shared/jcs/object-path';
import type { SyncCounts, SyncTaskConfig } from '@shared/jcs/user-space-wire';
import { SpaceBackendError, type SpaceBackend, type SpaceFile } from '../space-backend';
import { isWithin } from '../space-config';
import { mapLimited } from '../jobs/import-job';

const PARALLEL_COPIES = 4;
/**
 * Times closer than this count as equal (rclone's --modify-window): a time set
 * on a copy comes back a hair off (utimes takes seconds as a double), and a
 * copy that looks older by a fraction would be copied again on every pass.
 */
const MODIFY_WINDOW_MS = 1;

export interface PassEndpoint {
  backend: SpaceBackend;
  /** The folder in the space ('' = its root). */
  path: string;
  /** The space's workingDir: the node's own files there are neither copied nor compared. */
  workingDir: string;
}

export interface PassReport {
  counts: SyncCounts;
  /** The first failures, worded with their paths (the task's last error). */
  errors: string[];
}

/** Failures that stop the whole pass: the next file would fail the same way. */
const FATAL = new Set(['AccessDenied', 'Unreachable', 'BadConfig']);

export async function runSyncPass(
  config: SyncTaskConfig,
  source: PassEndpoint,
  destinations: readonly PassEndpoint[],
  onProgress: (counts: SyncCounts) => void,
  signal: AbortSignal,
): Promise<PassReport> {
  const counts: SyncCounts = { checked: 0, copied: 0, skipped: 0, failed: 0, bytes: 0 };
  const errors: string[] = [];
  const unsafe: string[] = [];
  const listed = await listAll(source, signal);
  const { emptyFolders } = listed;
  // A name the source gives that is no safe relative path (an S3 key with '..' or '//', a backslash) is
  // never joined onto a destination: it is counted as failed and named, and the rest go on.
  const files = listed.files.filter((file) => {
    const problem = objectPathProblem(file.path);
    if (!problem) return true;
    unsafe.push(`${join(source.path, file.path)}: skipped, the name ${problem}`);
    return false;
  });
  const wanted = new Set(files.filter((f) => passesFilters(config, f.size)));
  for (const dest of destinations) {
    const existing = new Map<string, SpaceFile>();
    for (const file of (await listAll(dest, signal)).files) existing.set(file.path, file);
    const todo: SpaceFile[] = [];
    counts.checked += unsafe.length;
    counts.failed += unsafe.length;
    for (const message of unsafe) if (errors.length < 5) errors.push(message);
    for (const file of files) {
      counts.checked++;
      if (!wanted.has(file) || !needsCopy(config, file, existing.get(file.path))) counts.skipped++;
      else todo.push(file);
    }
    onProgress({ ...counts });
    await mapLimited(todo, PARALLEL_COPIES, async (file) => {
      signal.throwIfAborted();
      try {
        const read = await source.backend.read(join(source.path, file.path), signal);
        await dest.backend.write(join(dest.path, file.path), read.body, { size: read.size, modTime: file.modTime, expectedSha256: read.sha256, signal });
        counts.copied++;
        counts.bytes += read.size;
      } catch (error) {
        if (signal.aborted || (error instanceof SpaceBackendError && FATAL.has(error.code))) throw error;
        counts.failed++;
        if (errors.length < 5) errors.push(`${join(source.path, file.path)}: ${(error as Error).message}`);
      }
      onProgress({ ...counts });
    });
    if (!config.options.noEmptyDirectories) {
      for (const folder of emptyFolders) {
        signal.throwIfAborted();
        await dest.backend.makeFolder(join(dest.path, folder), signal);
      }
    }
  }
  return { counts, errors };
}

/** Every file below the endpoint's path, relative to it, the space's workingDir left out. */
async function listAll(end: PassEndpoint, signal: AbortSignal): Promise<{ files: SpaceFile[]; emptyFolders: string[] }> {
  const files: SpaceFile[] = [];
  const emptyFolders: string[] = [];
  const strip = (p: string) => (end.path === '' ? p : p.slice(end.path.length + 1));
  for await (const page of end.backend.list(end.path, signal)) {
    for (const file of page.files) if (!(end.workingDir && isWithin(file.path, end.workingDir))) files.push({ ...file, path: strip(file.path) });
    for (const folder of page.emptyFolders) if (!(end.workingDir && isWithin(folder, end.workingDir)) && folder !== end.path) emptyFolders.push(strip(folder));
  }
  return { files, emptyFolders };
}

function passesFilters(config: SyncTaskConfig, size: number): boolean {
  return config.filters.every((f) => size >= f.minSize && (f.maxSize === 0 || size <= f.maxSize));
}

function needsCopy(config: SyncTaskConfig, file: SpaceFile, there: SpaceFile | undefined): boolean {
  if (!there) return true;
  if (config.mode.includeSize && there.size !== file.size) return true;
  if (config.mode.includeModTime && file.modTime > there.modTime + MODIFY_WINDOW_MS) return true;
  return false;
}

function join(folder: string, rel: string): string {
  return folder === '' ? rel : `${folder}/${rel}`;
}
