/**
 * Downloads to a browser (headless mode): one object as a file, or a folder
 * (or a whole root) as a zip. Bytes stream from the connection's provider
 * through the core and are checked on the way without being held in memory
 * or on disk: the last chunk of each object is held back until its SHA-256
 * matches the hash the provider vouches for (HoldBackVerifier), so on a
 * mismatch the transport can end the response short of its length and the
 * browser marks the download failed rather than saving damaged bytes.
 *
 * Everything that can be checked before the first byte is: the object must
 * be at the path asked for (and be the object asked for, when a `ref` is
 * given), not still being uploaded, and sent with the size it is listed
 * with; an empty object's hash is checked outright; with
 * requireVerifiedDownloads an object that cannot be checked is refused with
 * UnverifiableHash before it is even read. `verified` says whether the bytes
 * are checked (only by a trusted hash the entry has: see verifiable.ts).
 */
import type { Readable } from 'node:stream';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { baseName, pathPrefixProblem } from '@shared/jcs/object-path';
import { remotePathProblem, showRemotePath } from '@shared/paths/remote-path';
import type { RemoteEntry, StorageProvider } from '../../providers/storage-provider';
import { FolderZip } from './folder-zip';
import { EMPTY_SHA256, HoldBackVerifier } from './hold-back-verifier';
import { hashIsTrusted, trustedSha256 } from './verifiable';
import { zipListing } from './zip-listing';

export interface DownloadDeps {
  provider(connectionId: string): StorageProvider;
  /** The setting requireVerifiedDownloads, as it is now. */
  requireVerified(): boolean;
}

export interface BrowserDownload {
  /** The file name to offer (one safe name). */
  fileName: string;
  contentType: string;
  /** Bytes the body delivers when complete; undefined when not known up front. */
  length: number | undefined;
  /** The bytes are checked against a hash the service computed. */
  verified: boolean;
  /** Fails (never ends) when the bytes turn out damaged. */
  body: Readable;
  /** Stops everything behind `body` (the receiver went away). */
  fail(error: Error): void;
}

const LIST_PAGE = 1000;

export async function openObjectDownload(deps: DownloadDeps, request: { connectionId: string; root: string; path: string; ref?: string }): Promise<BrowserDownload> {
  const provider = deps.provider(request.connectionId);
  const { path, ref } = request;
  const entry = await provider.stat(request.root, path);
  if (!entry || entry.path !== path || (ref !== undefined && entry.ref !== ref)) throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(path)}' no longer exists`);
  if (entry.pending) throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(path)}' is still being uploaded`);
  const expected = trustedSha256(entry, hashIsTrusted(provider.capabilities));
  if (expected === undefined && deps.requireVerified()) {
    throw new AppError(AppErrorCode.UnverifiableHash, `'${showRemotePath(path)}' has no hash that can be checked, and the settings require verified downloads`);
  }
  // Nothing is held back of an empty body: its hash is checked before the response starts.
  if (entry.size === 0 && expected !== undefined && expected !== EMPTY_SHA256) throw new AppError(AppErrorCode.HashMismatch, `'${showRemotePath(path)}' is listed as empty but with the hash of other content`);
  const download = await provider.read(request.root, { path: entry.path, ref: entry.ref });
  // A length the service does not state is left to the verifier's count.
  if (download.length !== null && download.length !== entry.size) {
    download.stream.destroy();
    throw new AppError(AppErrorCode.HashMismatch, `the service sends ${download.length} bytes for the ${entry.size}-byte '${showRemotePath(path)}'`);
  }
  const verifier = new HoldBackVerifier({ path, size: entry.size }, expected);
  download.stream.on('error', (error) => verifier.destroy(error));
  verifier.on('close', () => download.stream.destroy());
  download.stream.pipe(verifier);
  return {
    fileName: objectFileName(entry),
    contentType: 'application/octet-stream',
    length: entry.size,
    verified: expected !== undefined,
    body: verifier,
    fail: (error) => verifier.destroy(error),
  };
}

export async function openFolderDownload(deps: DownloadDeps, request: { connectionId: string; root: string; prefix: string }): Promise<BrowserDownload> {
  const { root, prefix } = request;
  if (prefix !== '' && (!prefix.endsWith('/') || pathPrefixProblem(prefix))) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' is not a folder`);
  const provider = deps.provider(request.connectionId);
  const reserved = provider.capabilities.reservedPrefixes;
  const entries: RemoteEntry[] = [];
  let token: string | undefined;
  do {
    const page = await provider.listFolder(root, prefix, { recursive: true, token, maxKeys: LIST_PAGE });
    // Objects still being uploaded are not content yet, and the adapter's own folders (multipart staging) are not the user's.
    for (const entry of page.entries) if (!entry.pending && !reserved.some((r) => entry.path.startsWith(r))) entries.push(entry);
    token = page.nextToken ?? undefined;
  } while (token);
  const folderName = await zipFolderName(provider, root, prefix);
  const listing = zipListing(entries, prefix, folderName, hashIsTrusted(provider.capabilities), deps.requireVerified());
  const zip = new FolderZip(provider, root, listing);
  const length = await zip.end();
  return {
    fileName: `${folderName}.zip`,
    contentType: 'application/zip',
    length,
    verified: listing.unverified.length === 0,
    body: zip.output,
    fail: (error) => zip.fail(error),
  };
}

/** The object's name, or `object-<ref>` when the name the service gives is not one safe name. */
function objectFileName(entry: RemoteEntry): string {
  const name = baseName(entry.path);
  if (remotePathProblem(name) === undefined) return name;
  return entry.ref !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(entry.ref) ? `object-${entry.ref}` : 'object';
}

/**
 * The folder's name, or the root's for a whole root: both come from the
 * service, so one that is not a single safe name gives way to the root
 * level's word and the root's id (`package-p12`).
 */
async function zipFolderName(provider: StorageProvider, root: string, prefix: string): Promise<string> {
  let listed: string;
  let level = 0;
  if (prefix) listed = baseName(prefix.slice(0, -1));
  else {
    const node = await provider.getRoot(root);
    listed = node.name;
    level = node.level;
  }
  if (remotePathProblem(listed) === undefined && !listed.includes('/')) return listed;
  const key = provider.capabilities.rootLevels[level]?.key ?? 'folder';
  const fallback = `${key}-${root}`;
  return remotePathProblem(fallback) === undefined && !fallback.includes('/') ? fallback : key;
}
