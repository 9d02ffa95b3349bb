/**
 * Lists a task's remote path page by page: every complete object under it,
 * keyed by path relative to the task's remote path (`listFolder` with
 * `recursive`), minus what the filter leaves out (the same filter as the local
 * side, which also leaves out sync's trash), the provider's reserved paths and
 * objects still being written (`pending`).
 *
 * The service is not trusted with where files go: every relative path passes
 * the remote path rules (src-shared/paths/remote-path.ts, the same gate as
 * downloads) and must be a name this system can hold unchanged (sync keeps
 * the same names on both sides). An entry that fails is reported through
 * `rejected` and skipped: it is added to `filtered` — present, never read as
 * deleted, so nothing on either side is deleted or replaced because of it —
 * together with the path it would be taken for (`a/./b` → `a/b`) unless the
 * listing has that path itself. The rest of the listing syncs as usual.
 */
import { lexicalAlias, remotePathProblem, showRemotePath, type RemotePathProblem } from '@shared/paths/remote-path';
import type { FolderPage, RemoteEntry } from '../../providers/storage-provider';
import { unsafeRemotePathError } from '../paths/local-target';
import { safeRelativePath } from '../transfers/download/safe-names';
import type { PathFilter } from './path-filter';
import type { RemoteSide } from './remote-side';
import { logText, type SyncLogText } from './sync-text';

/** An object as sync keeps it between the scan and the plan (a 100,000-file rescan holds one per file, so it stays small). */
export interface RemoteFile {
  /** The provider's handle for the object, so actions reach this object and not whatever is at the path by then; null when it gives none. */
  ref: string | null;
  /** The provider's change token for the object (RemoteEntry.version): what change detection compares with the journal. */
  version: string;
  size: number;
  /** SHA-256 (lowercase hex) of the content, only when the provider's hash is one a transfer may be verified by (trusted). */
  hash?: string;
}

/** A listed object that sync will not touch, and why (its message carries the code UnsafeRemotePath and the path, shown safely). */
export interface RejectedRemoteEntry {
  /** The object's path as the service gave it. */
  path: string;
  problem: RemotePathProblem;
  message: string;
}

const NOT_UNDER_FOLDER: RemotePathProblem = { reason: 'notUnderFolder', detail: "is not inside the task's remote folder" };

/** Why a listed object may not be synced as `rel` under the task's folder, or undefined when it may. */
export function syncPathProblem(objectPath: string, remotePath: string, platform: NodeJS.Platform = process.platform): RemotePathProblem | undefined {
  if (!objectPath.startsWith(remotePath)) return NOT_UNDER_FOLDER;
  const rel = objectPath.slice(remotePath.length);
  const problem = remotePathProblem(rel);
  if (problem) return problem;
  if (safeRelativePath(rel, platform) !== rel) return { reason: 'notPortable', detail: `has a name this system cannot hold (${platform})` };
  return undefined;
}

/** The entry as sync keeps it: the hash only when the provider's hash can be trusted (a hash anyone could have set says nothing about the bytes). */
function remoteFile(entry: RemoteEntry, trustedHash: boolean): RemoteFile {
  const file: RemoteFile = { ref: entry.ref ?? null, version: entry.version, size: entry.size };
  if (trustedHash && entry.hash?.algorithm === 'sha256') file.hash = entry.hash.value;
  return file;
}

function trustsHash(side: RemoteSide): boolean {
  return side.provider.capabilities.hash?.trusted === true;
}

/** Whether a path (from the root) is one the provider keeps for itself (JCS: its multipart staging): never synced, never read as deleted. */
export function reservedPath(side: RemoteSide, path: string): boolean {
  return side.provider.capabilities.reservedPrefixes.some((prefix) => path.startsWith(prefix));
}

/**
 * Entries asked for per listing page. Each request costs both sides the same
 * whatever its size (signing, routing, a query): 2,000 rather than 1,000 made
 * a no-change rescan of 100,000 files ~9% faster (1.16 → 1.06 s, alternating
 * rescans in one run), with less CPU in the node. 5,000 was no faster, and a
 * page in hand plus the next one asked for ahead then held ~10 MB more. The
 * spec's server maximum is 10,000; a server may answer with fewer.
 */
const LISTING_PAGE_KEYS = 2000;

/** A listed object as the scan classifies it: one to sync, or one present that sync leaves alone (`filtered`: never read as deleted). */
export type ListedRemote = { path: string; state: 'file'; file: RemoteFile } | { path: string; state: 'filtered' };

/**
 * The task's remote listing, classified, one page at a time in the service's
 * order (byte order: provider-paths.ts). Objects whose path
 * cannot be used come as `filtered` when they are under the folder, and go to
 * `rejected`; so do the provider's reserved paths. The path each rejected one
 * would be taken for (`a/./b` → `a/b`) goes to `aliases`: it is to be left
 * alone too unless the listing has that path itself (the caller checks, once
 * the listing is over).
 */
export async function* listRemote(
  side: RemoteSide,
  filter: PathFilter,
  aliases: Set<string>,
  signal?: AbortSignal,
  rejected?: (entry: RejectedRemoteEntry) => void,
): AsyncGenerator<ListedRemote[]> {
  const { remotePath } = side;
  const trusted = trustsHash(side);
  const list = (token: string | null): Promise<FolderPage> => {
    const request = side.provider.listFolder(side.root, remotePath, { recursive: true, maxKeys: side.listPageKeys ?? LISTING_PAGE_KEYS, signal, ...(token === null ? {} : { token }) });
    request.catch(() => undefined); // a page asked for ahead and never read (the caller stopped) fails unheard; one read throws where it is awaited
    return request;
  };
  let next: Promise<FolderPage> | undefined = list(null);
  while (next) {
    const page: FolderPage = await next;
    // The next page is asked for at once: the service lists it while the caller works through this one.
    next = page.nextToken === null ? undefined : list(page.nextToken);
    const out: ListedRemote[] = [];
    for (const o of page.entries) {
      if (o.pending) continue; // still being uploaded by someone
      if (o.path === remotePath) continue; // an object named like the folder itself is no file inside it
      const problem = syncPathProblem(o.path, remotePath);
      if (problem) {
        const rel = o.path.startsWith(remotePath) ? o.path.slice(remotePath.length) : undefined;
        if (rel !== undefined) {
          out.push({ path: rel, state: 'filtered' });
          const alias = lexicalAlias(rel);
          if (alias !== undefined) aliases.add(alias);
        }
        rejected?.({ path: o.path, problem, message: unsafeRemotePathError(o.path, problem).message });
        continue;
      }
      const rel = o.path.slice(remotePath.length);
      if (reservedPath(side, o.path) || !filter.fileIncluded(rel, o.size)) out.push({ path: rel, state: 'filtered' });
      else out.push({ path: rel, state: 'file', file: remoteFile(o, trusted) });
    }
    yield out;
  }
}

/**
 * Objects the filter leaves out are reported in `filtered` (if given): present, never to be read as deleted.
 * Objects whose path cannot be used go there too, and to `rejected`; so do the provider's reserved paths.
 */
export async function scanRemote(
  side: RemoteSide,
  filter: PathFilter,
  signal?: AbortSignal,
  filtered?: Set<string>,
  rejected?: (entry: RejectedRemoteEntry) => void,
): Promise<Map<string, RemoteFile>> {
  const files = new Map<string, RemoteFile>();
  const aliases = new Set<string>();
  for await (const page of listRemote(side, filter, aliases, signal, rejected)) {
    for (const item of page) {
      if (item.state === 'file') files.set(item.path, item.file);
      else filtered?.add(item.path);
    }
  }
  for (const alias of aliases) if (!files.has(alias)) filtered?.add(alias);
  return files;
}

/** Warnings one listed at a time: beyond that a hostile listing of 100,000 bad names would flood the task's log. */
export const REJECTED_LOG_LIMIT = 20;

/**
 * The activity-log lines (level warn) for a run's rejected entries: one per
 * entry up to REJECTED_LOG_LIMIT, then one line with how many more there were.
 * The path column shows the path escaped, like the message.
 */
export function rejectedLogTexts(rejected: readonly RejectedRemoteEntry[]): Array<{ text: SyncLogText; path: string | null }> {
  const lines: Array<{ text: SyncLogText; path: string | null }> = rejected.slice(0, REJECTED_LOG_LIMIT).map((r) => {
    const path = showRemotePath(r.path);
    return { text: { code: 'unsafeRemotePath', params: { path, problem: r.problem.reason, problemDetail: r.problem.detail } }, path };
  });
  const more = rejected.length - REJECTED_LOG_LIMIT;
  if (more > 0) lines.push({ text: { code: 'unsafeRemotePathMore', params: { count: more } }, path: null });
  return lines;
}

/** The same lines as they read in English (the log's `message`). */
export function rejectedLogLines(rejected: readonly RejectedRemoteEntry[]): Array<{ message: string; path: string | null }> {
  return rejectedLogTexts(rejected).map((line) => ({ message: logText(line.text), path: line.path }));
}

/** One remote path's state (for runs triggered by a few local changes). A lookup answered with another path fails the run: it says nothing about `rel`. */
export async function statRemote(side: RemoteSide, rel: string, signal?: AbortSignal): Promise<RemoteFile | undefined> {
  const path = side.remotePath + rel;
  const o = await side.provider.stat(side.root, path, signal);
  if (!o || o.pending) return undefined;
  if (o.path !== path) throw unsafeRemotePathError(o.path, { reason: 'notUnderFolder', detail: `was the answer to a lookup of '${path}'` });
  return remoteFile(o, trustsHash(side));
}
