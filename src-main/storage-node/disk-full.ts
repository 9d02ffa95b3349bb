/** Recognizing a full disk, whichever layer ran into it, and saying so plainly. */
import { statfsSync } from 'node:fs';

/** SQLite reports SQLITE_FULL ("database or disk is full"); the file system ENOSPC or EDQUOT. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

/** Bytes an unprivileged process may still write on the file system holding `dir`; NaN when unknown. */
export function freeBytes(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return NaN;
  }
}

export function diskFullMessage(dataDir: string): string {
  const free = freeBytes(dataDir);
  const shown = Number.isNaN(free) ? '' : ` (${Math.floor(free / 1024)} KiB free)`;
  return `the disk holding ${dataDir} is full${shown}`;
}
