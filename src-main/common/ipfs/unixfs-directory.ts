/**
 * Directories as `ipfs add -r` makes them: a basic (not sharded) UnixFS
 * directory node per folder, linking its files and sub-folders by name.
 * (Kubo switches a folder to a HAMT shard once its block would pass 256 KiB,
 * about 3,000 entries; folders that large are refused here rather than given
 * a CID Kubo would not agree with.)
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCidV0 } from './cid';
import { directoryBlockNode } from './dag-pb';
import { cidOfFile, type UnixfsNode } from './unixfs-file-hasher';

export interface DirectoryLink {
  name: string;
  cid: string;
  dagSize: number;
}

/** Kubo's default sharding threshold (Import.UnixFSHAMTDirectorySizeThreshold): a basic directory block stays under it. */
export const BASIC_DIRECTORY_LIMIT = 262_144;

export function directoryNode(links: readonly DirectoryLink[]): UnixfsNode {
  const seen = new Set<string>();
  let estimate = 0;
  for (const link of links) {
    if (link.name === '' || link.name.includes('/')) throw new Error(`not a name for a directory entry: ${JSON.stringify(link.name)}`);
    if (seen.has(link.name)) throw new Error(`two entries named ${JSON.stringify(link.name)} in one directory`);
    seen.add(link.name);
    // Kubo's estimate: name length + CID byte length per link.
    estimate += Buffer.byteLength(link.name) + 34;
  }
  if (estimate >= BASIC_DIRECTORY_LIMIT) throw new Error(`a folder of ${links.length} entries would be a sharded directory in Kubo, which this app does not compute: publish its sub-folders instead`);
  const node = directoryBlockNode(links.map((link) => ({ name: link.name, multihash: parseCidV0(link.cid), tsize: link.dagSize })));
  return { cid: node.cid, dagSize: node.dagSize, size: 0 };
}

export interface FolderEntryNode extends UnixfsNode {
  /** Relative to the folder, '/'-separated. */
  path: string;
  kind: 'file' | 'dir';
}

/** `ipfs add -r <folder>`: every file and folder under it, and the folder itself. Symbolic links and other non-regular files are refused. */
export async function cidOfFolder(path: string, options: { signal?: AbortSignal } = {}): Promise<{ root: UnixfsNode; entries: FolderEntryNode[] }> {
  const entries: FolderEntryNode[] = [];
  const walk = async (dir: string, relative: string): Promise<UnixfsNode> => {
    const links: DirectoryLink[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      options.signal?.throwIfAborted();
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      let node: UnixfsNode;
      if (entry.isDirectory()) {
        node = await walk(join(dir, entry.name), childRelative);
        entries.push({ ...node, path: childRelative, kind: 'dir' });
      } else if (entry.isFile()) {
        node = await cidOfFile(join(dir, entry.name), options);
        entries.push({ ...node, path: childRelative, kind: 'file' });
      } else {
        throw new Error(`${join(dir, entry.name)} is neither a file nor a folder (links and devices are not published)`);
      }
      links.push({ name: entry.name, cid: node.cid, dagSize: node.dagSize });
    }
    return directoryNode(links);
  };
  const root = await walk(path, '');
  return { root, entries };
}
