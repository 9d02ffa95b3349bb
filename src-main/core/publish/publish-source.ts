/**
 * What a publish sends: one object, or every object under a folder prefix,
 * read through the connection's provider (any kind of storage); or a file or
 * folder on this machine's disk. Each file's bytes are hashed into its UnixFS
 * CID as they stream to the IPFS node, so the CID the node returns can be
 * checked against ours without a second read.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { directoryNode, type DirectoryLink } from '../../common/ipfs/unixfs-directory';
import { UnixfsFileHasher, type UnixfsNode } from '../../common/ipfs/unixfs-file-hasher';
import type { StorageProvider } from '../../providers/storage-provider';
import type { KuboAddEntry } from './kubo/kubo-client';

/** A folder publish reads at most this many objects (a Kubo add of more is better done from a real node). */
export const MAX_PUBLISH_FILES = 100_000;

export interface PublishFile {
  /** Where it goes in the IPFS tree: the published name first ('photos/2024/a.jpg'; a file alone: 'a.jpg'). */
  ipfsPath: string;
  size: number;
  /** Opens its bytes (once per attempt). */
  open(signal?: AbortSignal): Promise<Readable>;
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
    return { name, files: [{ ipfsPath: name, size: entry.size, open: remoteOpener(provider, root, entry) }], dirs: [], size: entry.size };
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
      files.push({ ipfsPath: `${name}/${relative}`, size: entry.size, open: remoteOpener(provider, root, entry) });
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
export function kuboEntries(plan: PublishPlan, folder: boolean, onBytes: (bytes: number) => void, signal?: AbortSignal): { entries: KuboAddEntry[]; expected: () => UnixfsNode } {
  const fileNodes = new Map<string, UnixfsNode>();
  const entries: KuboAddEntry[] = [
    ...plan.dirs.map((dir): KuboAddEntry => ({ path: dir, kind: 'dir' })),
    ...plan.files.map(
      (file): KuboAddEntry => ({
        path: file.ipfsPath,
        kind: 'file',
        size: file.size,
        open: async () => {
          const hasher = new UnixfsFileHasher();
          const source = await file.open(signal);
          const hashed = hashing(hasher, onBytes, () => fileNodes.set(file.ipfsPath, hasher.digest()));
          source.once('error', (error) => hashed.destroy(error)); // pipe() does not pass a source's failure on
          return source.pipe(hashed);
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

/**
 * What a publish of a file or folder on this machine sends: a folder's files
 * and sub-folders (hidden ones too, as `ipfs add -r --hidden`); a link or
 * anything else that is not a file or folder is refused by name, never followed.
 */
export async function planLocalPublish(path: string, signal?: AbortSignal): Promise<PublishPlan> {
  const top = await statLocal(path);
  const name = basename(path);
  if (top.isFile()) return { name, files: [{ ipfsPath: name, size: top.size, open: localOpener(path) }], dirs: [], size: top.size };
  if (!top.isDirectory()) throw notPublishable(path);
  const files: PublishFile[] = [];
  const dirs: string[] = [name];
  let size = 0;
  const walk = async (dir: string, ipfsDir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      signal?.throwIfAborted();
      const full = join(dir, entry.name);
      const ipfsPath = `${ipfsDir}/${entry.name}`;
      if (entry.isDirectory()) {
        dirs.push(ipfsPath);
        await walk(full, ipfsPath);
      } else if (entry.isFile()) {
        const stat = await statLocal(full);
        files.push({ ipfsPath, size: stat.size, open: localOpener(full) });
        size += stat.size;
        if (files.length > MAX_PUBLISH_FILES) throw new AppError(AppErrorCode.InvalidInput, `${path} holds more than ${MAX_PUBLISH_FILES} files: publish its sub-folders one by one`);
      } else throw notPublishable(full);
    }
  };
  await walk(path, name);
  return { name, files, dirs, size };
}

async function statLocal(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError(AppErrorCode.NotFound, `${path} does not exist (any more)`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError(AppErrorCode.Forbidden, `cannot read ${path}: permission denied`);
    throw new AppError(AppErrorCode.ReadFailed, `cannot read ${path}: ${(error as Error).message}`);
  }
}

function notPublishable(path: string): AppError {
  return new AppError(AppErrorCode.InvalidInput, `${path} is neither a file nor a folder (links and devices are not published)`);
}

function localOpener(path: string): PublishFile['open'] {
  return (signal) => Promise.resolve(createReadStream(path, { highWaterMark: 1024 * 1024, signal }));
}

function remoteOpener(provider: StorageProvider, root: string, entry: Parameters<StorageProvider['read']>[1]): PublishFile['open'] {
  return async (signal) => (await provider.read(root, entry, undefined, { signal })).stream;
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
