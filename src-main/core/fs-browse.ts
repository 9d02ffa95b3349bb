/**
 * Folders on the machine that runs the core, for headless mode's folder
 * picker (the browser cannot see the host's disk). Read-only: names and kinds.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';

export async function listDirectory(path?: string): Promise<{ path: string; parent: string | null; entries: Array<{ name: string; isDirectory: boolean }> }> {
  const target = path ? resolve(path) : homedir();
  if (path && !isAbsolute(path)) throw new AppError(AppErrorCode.InvalidInput, `path: '${path}' must be absolute`);
  let entries;
  try {
    entries = await readdir(target, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError(AppErrorCode.NotFound, `'${target}' is not a folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError(AppErrorCode.Forbidden, `'${target}' cannot be read (permission denied)`);
    throw error;
  }
  const parent = dirname(target);
  return {
    path: target,
    parent: parent === target ? null : parent,
    entries: entries
      .filter((e) => e.isDirectory() || e.isFile())
      .map((e) => ({ name: e.name, isDirectory: e.isDirectory() }))
      .sort((a, b) => (a.isDirectory !== b.isDirectory ? (a.isDirectory ? -1 : 1) : a.name.localeCompare(b.name))),
  };
}
