/**
 * What a folder tree holds, to prove a hostile step wrote nothing outside its
 * target: every file (with the SHA-256 of its bytes), folder and symbolic link
 * under `root`, except the subtrees named in `exclude` (the target itself).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export type TreeSnapshot = Record<string, string>;

export function snapshotTree(root: string, exclude: readonly string[] = []): TreeSnapshot {
  const skipped = new Set(exclude.map((p) => resolve(p)));
  const out: TreeSnapshot = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (skipped.has(resolve(full))) continue;
      const rel = relative(root, full).split('\\').join('/');
      const info = lstatSync(full);
      if (info.isSymbolicLink()) out[rel] = `link → ${readlinkSync(full)}`;
      else if (info.isDirectory()) {
        out[rel] = 'folder';
        walk(full);
      } else out[rel] = `file ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(root);
  return out;
}
