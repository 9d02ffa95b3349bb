/**
 * Lists a task's remote path page by page: every complete object under it,
 * keyed by path relative to the task's remote path, minus what the filter
 * leaves out (the same filter as the local side) and the engine's own objects.
 */
import type { JcsClient } from '../../providers/jcs/jcs-client';
import type { PathFilter } from './path-filter';

export interface RemoteFile {
  objectId: number;
  size: number;
  fileHash: string;
  /** Not kept by scans (a 100,000-file rescan holds one entry per file); informational only. */
  updateTime?: string;
}

/** Objects the filter leaves out are reported in `filtered` (if given): present, never to be read as deleted. */
export async function scanRemote(client: JcsClient, packageId: number, remotePath: string, filter: PathFilter, signal?: AbortSignal, filtered?: Set<string>): Promise<Map<string, RemoteFile>> {
  const files = new Map<string, RemoteFile>();
  for await (const page of client.listAllByPath({ packageID: packageId, path: remotePath, maxKeys: 1000 }, signal)) {
    for (const o of page.objects) {
      if (o.redundancy.type === 'multipartUpload') continue; // still being uploaded by someone
      const rel = o.path.slice(remotePath.length);
      if (!rel) continue;
      if (!filter.fileIncluded(rel, o.size)) {
        filtered?.add(rel);
        continue;
      }
      files.set(rel, { objectId: o.objectID, size: o.size, fileHash: o.fileHash });
    }
  }
  return files;
}

/** One remote path's state (for runs triggered by a few local changes). */
export async function statRemote(client: JcsClient, packageId: number, remotePath: string, rel: string, signal?: AbortSignal): Promise<RemoteFile | undefined> {
  const page = await client.listByPath({ packageID: packageId, path: remotePath + rel, isPrefix: false }, signal);
  const o = page.objects[0];
  if (!o || o.redundancy.type === 'multipartUpload') return undefined;
  return { objectId: o.objectID, size: o.size, fileHash: o.fileHash, updateTime: o.updateTime };
}
