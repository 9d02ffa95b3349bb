/**
 * What a publish sends: one object, or every object under a folder prefix,
 * read through the connection's provider (any kind of storage). Each file's
 * bytes are hashed into its UnixFS CID as they stream to the IPFS node, so
 * the CID the node returns can be checked against ours without a second read.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { directoryNode, type DirectoryLink } from '../../common/ipfs/unixfs-directory';
import { UnixfsFileHasher, type UnixfsNode } from '../../common/ipfs/unixfs-file-hasher';
import type { RemoteEntry, StorageProvider } from '../../providers/storage-provider';
import type { KuboAddEntry } from './kubo/kubo-client';

/** A folder publish reads at most this many objects (a Kubo add of more is better done from a real node). */
export const MAX_PUBLISH_FILES = 100_000;

export interface PublishFile {
  /** Where it goes in the IPFS tree: the published name first ('photos/2024/a.jpg'; a file alone: 'a.jpg'). */
  ipfsPath: string;
  entry: RemoteEntry;
}

export interface PublishPlan {
  name: string;
  files: PublishFile[];
  /** Every folder of the tree (for a folder publish: its name first), parents before children. */
  dirs: string[];
  size: number;
}

/** Lists what a publish of `path` (an object, or a folder prefix ending in '/', or '' for the whole root) will send. */
export async function planPublish(provider: StorageProvider, root: string, rootName: string, path: string, folder: boolean, signal?: AbortSignal): Promise<PublishPlan> {
  if (!folder) {
    const entry = await provider.stat(root, path, signal);
    if (!entry) throw new AppError(AppErrorCode.NotFound, `${path} does not exist (any more)`);
    const name = lastSegment(path);
    return { name, files: [{ ipfsPath: name, entry }], dirs: [], size: entry.size };
  }
  const name = path === '' ? rootName : lastSegment(path.slice(0, -1));
  const files: PublishFile[] = [];
  const dirs = new Set<string>([name]);
  let token: string | undefined;
  let size = 0;
  do {
    const page = await provider.listFolder(root, path, { recursive: true, token, signal });
    for (const entry of page.entries) {
      if (entry.pending) continue; // a multipart upload still being written is not content yet
      const relative = entry.path.slice(path.length);
      const segments = relative.split('/');
      for (let i = 1; i < segments.length; i++) dirs.add(`${name}/${segments.slice(0, i).join('/')}`);
      files.push({ ipfsPath: `${name}/${relative}`, entry });
      size += entry.size;
      if (files.length > MAX_PUBLISH_FILES) throw new AppError(AppErrorCode.InvalidInput, `${name} holds more than ${MAX_PUBLISH_FILES} objects: publish its sub-folders one by one`);
    }
    token = page.nextToken ?? undefined;
  } while (token);
  return { name, files, dirs: [...dirs].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1)), size };
}

/**
 * Builds the entries for KuboClient.add from a plan, hashing each file as it is
 * read; `expected()` then gives the CID of the whole (a file's, or the folder's
 * directory DAG) as `ipfs add` computes it.
 */
export function kuboEntries(
  provider: StorageProvider,
  root: string,
  plan: PublishPlan,
  folder: boolean,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): { entries: KuboAddEntry[]; expected: () => UnixfsNode } {
  const fileNodes = new Map<string, UnixfsNode>();
  const entries: KuboAddEntry[] = [
    ...plan.dirs.map((dir): KuboAddEntry => ({ path: dir, kind: 'dir' })),
    ...plan.files.map(
      (file): KuboAddEntry => ({
        path: file.ipfsPath,
        kind: 'file',
        size: file.entry.size,
        open: async () => {
          const hasher = new UnixfsFileHasher();
          const read = await provider.read(root, file.entry, undefined, { signal });
          const hashed = hashing(hasher, onBytes, () => fileNodes.set(file.ipfsPath, hasher.digest()));
          read.stream.once('error', (error) => hashed.destroy(error)); // pipe() does not pass a source's failure on
          return read.stream.pipe(hashed);
        },
      }),
    ),
  ];
  const expected = (): UnixfsNode => {
    if (!folder) {
      const node = fileNodes.get(plan.files[0]!.ipfsPath);
      if (!node) throw new AppError(AppErrorCode.Internal, 'the file was not read to its end');
      return node;
    }
    return folderNode(plan, fileNodes);
  };
  return { entries, expected };
}

/** The directory DAG of a folder plan, bottom up, from the files' nodes. */
function folderNode(plan: PublishPlan, fileNodes: ReadonlyMap<string, UnixfsNode>): UnixfsNode {
  const children = new Map<string, DirectoryLink[]>(plan.dirs.map((dir) => [dir, []]));
  for (const file of plan.files) {
    const node = fileNodes.get(file.ipfsPath);
    if (!node) throw new AppError(AppErrorCode.Internal, `${file.ipfsPath} was not read to its end`);
    children.get(parentOf(file.ipfsPath))!.push({ name: lastSegment(file.ipfsPath), cid: node.cid, dagSize: node.dagSize });
  }
  const deepestFirst = [...plan.dirs].sort((a, b) => depth(b) - depth(a));
  let top: UnixfsNode | undefined;
  for (const dir of deepestFirst) {
    const node = directoryNode(children.get(dir)!);
    if (dir === plan.name) top = node;
    else children.get(parentOf(dir))!.push({ name: lastSegment(dir), cid: node.cid, dagSize: node.dagSize });
  }
  return top!;
}

function hashing(hasher: UnixfsFileHasher, onBytes: (bytes: number) => void, onEnd: () => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      hasher.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      onEnd();
      done();
    },
  });
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function depth(path: string): number {
  return path.split('/').length;
}
