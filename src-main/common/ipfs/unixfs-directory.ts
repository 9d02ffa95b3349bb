/**
 * UnixFS directories as `ipfs add -r` builds them (basic, not HAMT-sharded),
 * and the CID of a whole folder on disk.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { base58btcEncode, cidV0Bytes, CID_V0_BYTES, parseCid } from './cid';
import { encodeDirectoryData, encodePbNode } from './dag-pb';
import { cidOfFile, type UnixfsNode } from './unixfs-file-hasher';

export interface DirectoryLink {
  name: string;
  cid: string;
  dagSize: number;
}

/**
 * Kubo switches a directory to a HAMT shard once the sum of its links'
 * name + binary CID lengths passes 256 KiB; such directories would get a
 * different CID, so they are refused instead of answered wrongly.
 */
const SHARDING_THRESHOLD_BYTES = 262_144;

/** A basic (not sharded) UnixFS directory node: links sorted by name bytes, as go's dag-pb encoder does. */
export function directoryNode(links: readonly DirectoryLink[]): UnixfsNode {
  const named = links.map((link) => ({ ...link, nameBytes: Buffer.from(link.name, 'utf8') }));
  named.sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));
  let estimate = 0;
  for (let i = 0; i < named.length; i++) {
    const link = named[i]!;
    if (link.name === '' || link.name.includes('/')) throw new Error(`"${link.name}" is not a valid directory entry name`);
    if (i > 0 && named[i - 1]!.name === link.name) throw new Error(`the directory has two entries named "${link.name}"`);
    if (!Number.isSafeInteger(link.dagSize) || link.dagSize < 0) throw new Error(`entry "${link.name}" has an invalid DAG size ${link.dagSize}`);
    estimate += link.nameBytes.length + CID_V0_BYTES;
  }
  if (estimate > SHARDING_THRESHOLD_BYTES) {
    throw new Error(`a directory of ${named.length} entries is too large for a basic UnixFS directory (ipfs add would shard it); sharded directories are not supported`);
  }
  const block = encodePbNode(
    named.map((link) => ({ hash: parseCid(link.cid).multihash, name: link.name, tsize: link.dagSize })),
    encodeDirectoryData(),
  );
  const dagSize = named.reduce((sum, link) => sum + link.dagSize, block.length);
  return { cid: base58btcEncode(cidV0Bytes(createHash('sha256').update(block).digest())), dagSize, size: 0 };
}

export type FolderEntry = { path: string; kind: 'file' | 'dir' } & UnixfsNode;

/**
 * `ipfs add -r --hidden <folder>`: every file and folder under `path`
 * (relative, '/'-separated, children before their folder, names in byte order)
 * and the root. Hidden files are included because the app shows them; symbolic
 * links and special files are refused (ipfs would store links as symlink nodes).
 */
export async function cidOfFolder(path: string, options: { signal?: AbortSignal } = {}): Promise<{ root: UnixfsNode; entries: FolderEntry[] }> {
  const info = await lstat(path);
  if (!info.isDirectory()) throw new Error(`${path} is not a folder`);
  const entries: FolderEntry[] = [];
  const root = await hashFolder(path, '', entries, options.signal);
  return { root, entries };
}

async function hashFolder(absolute: string, relative: string, entries: FolderEntry[], signal: AbortSignal | undefined): Promise<UnixfsNode> {
  signal?.throwIfAborted();
  const children = await readdir(absolute, { withFileTypes: true });
  children.sort((a, b) => Buffer.compare(Buffer.from(a.name, 'utf8'), Buffer.from(b.name, 'utf8')));
  const links: DirectoryLink[] = [];
  for (const child of children) {
    const childAbsolute = join(absolute, child.name);
    const childRelative = relative === '' ? child.name : `${relative}/${child.name}`;
    let node: UnixfsNode;
    let kind: 'file' | 'dir';
    if (child.isDirectory()) {
      node = await hashFolder(childAbsolute, childRelative, entries, signal);
      kind = 'dir';
    } else if (child.isFile()) {
      node = await cidOfFile(childAbsolute, { signal });
      kind = 'file';
    } else {
      throw new Error(`${childAbsolute} is ${child.isSymbolicLink() ? 'a symbolic link' : 'not a regular file or folder'}; only files and folders can be added`);
    }
    entries.push({ path: childRelative, kind, ...node });
    links.push({ name: child.name, cid: node.cid, dagSize: node.dagSize });
  }
  return directoryNode(links);
}
