/**
 * Turns the parts of one add into what `ipfs add` answers and records: the
 * folders (named by their parts, or implied by a file's path) become UnixFS
 * directory nodes built bottom-up from their children's CIDs and DAG sizes;
 * with wrap-with-directory the top-level entries go into one more directory
 * named ''. Answer order is Kubo's: files as they came, then folders deepest
 * first, the root last.
 */
import { directoryNode } from '../../common/ipfs/unixfs-directory';
import type { AddRecord } from './ipfs-catalog';
import { nameOf, parentOf } from './add-paths';
import type { ReceivedAdd } from './add-receiver';
import { kuboBadRequest } from './kubo-error';

export interface AddedEntry {
  name: string;
  cid: string;
  dagSize: number;
}

export interface AddPlan {
  /** In answer order; the last is the root (or the last top-level entry without wrapping). */
  results: AddedEntry[];
  record: Omit<AddRecord, 'pins'>;
  /** What pin=true pins: the wrapper, or every top-level entry. */
  roots: string[];
}

type Entry = { kind: 'file'; cid: string; dagSize: number } | { kind: 'dir'; cid?: string; dagSize?: number };

export function planAdd(received: ReceivedAdd, wrap: boolean): AddPlan {
  const entries = new Map<string, Entry>();
  const children = new Map<string, string[]>([['', []]]);
  const results: AddedEntry[] = [];
  const unnamedRoots: string[] = [];
  const files: AddRecord['files'][number][] = [];

  const addDir = (path: string) => {
    const existing = entries.get(path);
    if (existing?.kind === 'file') throw kuboBadRequest(`'${path}' is sent both as a file and as a folder`);
    if (existing) return;
    if (path.includes('/')) addDir(parentOf(path));
    entries.set(path, { kind: 'dir' });
    children.set(path, []);
    children.get(parentOf(path))!.push(path);
  };

  for (const dir of received.dirs) addDir(dir);
  for (const file of received.files) {
    const { cid, dagSize, size } = file.node;
    files.push({ cid, blob: file.blob?.sha256 ?? '', size, dagSize });
    if (file.path === '') {
      if (wrap) throw kuboBadRequest('a file sent without a name cannot be wrapped in a directory: give every part a filename');
      results.push({ name: cid, cid, dagSize });
      unnamedRoots.push(cid);
      continue;
    }
    if (entries.has(file.path)) throw kuboBadRequest(`'${file.path}' is sent more than once`);
    if (file.path.includes('/')) addDir(parentOf(file.path));
    entries.set(file.path, { kind: 'file', cid, dagSize });
    children.get(parentOf(file.path))!.push(file.path);
    results.push({ name: file.path, cid, dagSize });
  }
  if (received.files.length === 0 && received.dirs.length === 0) throw kuboBadRequest('add: the request has no file or directory parts');

  const dirs: AddRecord['dirs'][number][] = [];
  const dirPaths = [...children.keys()].filter((p) => p !== '').sort((a, b) => depth(b) - depth(a) || compare(a, b));
  const linksOf = (path: string) =>
    children.get(path)!.map((child) => {
      const entry = entries.get(child)!;
      return { name: nameOf(child), cid: entry.cid!, dagSize: entry.dagSize! };
    });
  for (const path of dirPaths) {
    const links = linksOf(path);
    const node = folderNode(path, links);
    entries.set(path, { kind: 'dir', cid: node.cid, dagSize: node.dagSize });
    dirs.push({ cid: node.cid, dagSize: node.dagSize, links: links.map((l) => ({ name: l.name, cid: l.cid })) });
    results.push({ name: path, cid: node.cid, dagSize: node.dagSize });
  }

  let roots: string[];
  if (wrap) {
    const links = linksOf('');
    const node = folderNode('(the wrapping directory)', links);
    dirs.push({ cid: node.cid, dagSize: node.dagSize, links: links.map((l) => ({ name: l.name, cid: l.cid })) });
    results.push({ name: '', cid: node.cid, dagSize: node.dagSize });
    roots = [node.cid];
  } else {
    roots = [...unnamedRoots, ...children.get('')!.map((p) => entries.get(p)!.cid!)];
  }
  return { results, record: { files, dirs }, roots: [...new Set(roots)] };
}

/** A folder this node cannot make as `ipfs add` would (one large enough to be sharded) is the caller's to split. */
function folderNode(path: string, links: Parameters<typeof directoryNode>[0]) {
  try {
    return directoryNode(links);
  } catch (error) {
    throw kuboBadRequest(`folder '${path}': ${(error as Error).message}`);
  }
}

function depth(path: string): number {
  let n = 0;
  for (const c of path) if (c === '/') n++;
  return n;
}

function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
