/** What the user chose on this machine to upload: every file under the given paths, with its path relative to what was chosen. */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';

export interface UploadItem {
  /** Object path relative to the target folder. */
  relative: string;
  size: number;
  localPath: string;
  mtime?: number;
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
