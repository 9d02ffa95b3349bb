/**
 * The synced folder walked in comparePaths order (path-order.ts), one file at
 * a time, for the full scan's merge (scan-merge.ts): each folder's entries are
 * sorted (a folder's by its name and '/'), and a folder is entered where it
 * sorts, so the whole walk yields one globally sorted sequence and nothing is
 * held but the folders on the way down. What it reports per file, and what it
 * leaves out, is what scanLocal (local-scan.ts) reports.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import { beingWritten, statFile, type LocalFile } from './local-scan';
import { comparePaths, entryKey } from './path-order';
import type { PathFilter } from './path-filter';

export type WalkedFile =
  | { path: string; state: 'file'; file: LocalFile }
  /** Present, but the filter hides it: never to be read as deleted. */
  | { path: string; state: 'filtered' }
  /** Changed too recently to be trusted as complete. */
  | { path: string; state: 'unstable' };

interface Level {
  dir: string;
  /** The folder's absolute path and a separator, to which a name is appended (one `join` per folder, not per file). */
  absPrefix: string;
  entries: Dirent[];
  next: number;
}

function sortedEntries(root: string, dir: string): Dirent[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir ? join(root, dir) : root, { withFileTypes: true });
  } catch {
    return []; // vanished or unreadable meanwhile; the next scan sees it
  }
  const keyed = entries.map((entry) => ({ entry, key: entryKey(entry.name, entry.isDirectory()) }));
  keyed.sort((a, b) => comparePaths(a.key, b.key));
  return keyed.map((k) => k.entry);
}

/** The caller has checked that `root` is a folder (scanLocal's LocalFolderMissing). */
export function* walkLocalSorted(root: string, filter: PathFilter, options: { stableMs: number; now: number }): Generator<WalkedFile> {
  const absPrefix = (dir: string) => {
    const abs = dir ? join(root, dir) : root;
    return abs.endsWith(sep) ? abs : abs + sep; // a root like '/' or 'C:\\' ends in one already
  };
  const stack: Level[] = [{ dir: '', absPrefix: absPrefix(''), entries: sortedEntries(root, ''), next: 0 }];
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!;
    if (level.next >= level.entries.length) {
      stack.pop();
      continue;
    }
    const entry = level.entries[level.next++]!;
    const rel = level.dir ? `${level.dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (filter.folderIncluded(rel)) stack.push({ dir: rel, absPrefix: absPrefix(rel), entries: sortedEntries(root, rel), next: 0 });
      continue;
    }
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const info = statFile(level.absPrefix + entry.name, entry.isSymbolicLink());
    if (!info) continue;
    if (!filter.fileIncluded(rel, info.size)) {
      yield { path: rel, state: 'filtered' };
      continue;
    }
    const mtime = Math.floor(info.mtimeMs);
    if (beingWritten(mtime, options)) yield { path: rel, state: 'unstable' };
    else yield { path: rel, state: 'file', file: { size: info.size, mtime } };
  }
}
