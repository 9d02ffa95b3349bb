/**
 * A Workspace Files service (seed 004; decisions in
 * /work/shared/specs/file-services.md) as a StorageProvider: one space
 * (`SINGLE_ROOT`, the service's `user_upload/` folder), folders that exist
 * by the files in them (the service has no mkdir), upload, list and
 * download, and a folder as one zip. No delete, rename, move, copy, ranges or
 * multipart.
 *
 * `put` replaces only where the service does. The seed does not say what an
 * upload over an existing name does; the engines stat first and decide
 * conflicts before writing, so `stat` is exact (the parent folder's listing,
 * matched by path). On each kind of server:
 * - one that replaces: `put` replaces, as the interface says;
 * - one that refuses (409 or 400): `put` fails with `Conflict`, nothing changed;
 * - one that keeps both ('a (1).txt'): `put` fails with `Conflict` naming
 *   where the service put the file (it cannot be deleted from here);
 * - a file where a folder of the path should be (or the reverse) cannot be
 *   on this service: the upload is refused (`BadArgument`).
 * The upload answer's `sha256` is the service's hash of what it stored: it
 * must equal the SHA-256 computed here while sending, or `put` fails.
 */
import { invalidInput, ProviderError, ProviderErrorCode, ProviderTransportError } from '../provider-errors';
import { decodePageToken, encodePageToken } from '../page-tokens';
import { parentFolder, requireFolderPrefix, requireObjectPath } from '../provider-paths';
import type { ByteRange, Capabilities, EntryRef, FolderPage, ListOptions, ReadResult, RemoteEntry, RootNode, StorageProvider, TransferOptions, UploadBody } from '../storage-provider';
import { SINGLE_ROOT } from '../storage-provider';
import { toRemoteEntry, WORKSPACE_ROOT } from './workspace-entries';
import { endpointName, WorkspaceHttp, type WorkspaceHttpOptions } from './workspace-http';
import { DEFAULT_PAGE_SIZE, FolderSnapshots, listDirectory, listLevel, listTree } from './workspace-listing';
import { readFile, readZip } from './workspace-read';
import { uploadBody } from './upload-body';
import { listAnswer, uploadAnswer } from './workspace-wire';

export const WORKSPACE_FILES_CAPABILITIES: Capabilities = {
  rootLevels: [{ key: 'workspace', create: false, delete: false }],
  // The service reports a hash only in the upload answer, never when listing: entries carry none to verify a
  // download by. The upload's hash is checked inside `put` itself.
  hash: null,
  ranges: false,
  folders: 'prefix',
  move: false,
  moveAcrossRoots: false,
  copy: false,
  copyAcrossRoots: false,
  rename: false,
  delete: false,
  batchUpload: null,
  multipart: null,
  thumbnails: false,
  folderAsZip: true,
  maxObjectSize: null,
  reservedPrefixes: [],
  listQuery: null,
  usage: false,
  userSpaces: false,
};

const UPLOAD = endpointName({ method: 'POST', route: '/upload' });

export class WorkspaceFilesProvider implements StorageProvider {
  readonly kind = 'workspace-files';
  readonly capabilities = WORKSPACE_FILES_CAPABILITIES;
  private readonly http: WorkspaceHttp;
  private readonly snapshots: FolderSnapshots;

  constructor(options: WorkspaceHttpOptions) {
    try {
      this.http = new WorkspaceHttp(options);
    } catch (error) {
      throw invalidInput(`baseUrl: ${(error as Error).message}`);
    }
    this.snapshots = new FolderSnapshots(this.http);
  }

  // Not async functions with nothing to await, but still rejecting (never throwing) on a bad argument.
  listRoots(parentId: string | null): Promise<RootNode[]> {
    return settle(() => {
      if (parentId === null) return [WORKSPACE_ROOT];
      requireRoot(parentId, 'parentId');
      throw invalidInput(`parentId: '${parentId}' holds files, not roots`);
    });
  }

  getRoot(id: string): Promise<RootNode> {
    return settle(() => {
      requireRoot(id, 'id');
      return WORKSPACE_ROOT;
    });
  }

  async listFolder(root: string, prefix: string, options: ListOptions = {}): Promise<FolderPage> {
    requireRoot(root);
    requireFolderPrefix(prefix);
    const { maxKeys = DEFAULT_PAGE_SIZE } = options;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw invalidInput(`maxKeys: ${maxKeys} is not a positive whole number`);
    if (options.sort || options.filter || options.offset !== undefined) throw invalidInput('this service lists in path order only: no sort, filter or offset');
    const recursive = options.recursive === true;
    const scope = { root, prefix, recursive };
    const after = options.token === undefined ? undefined : decodePageToken(scope, options.token);
    if (after !== undefined && !after.startsWith(prefix)) throw invalidInput('token: not a continuation token of this listing');
    options.signal?.throwIfAborted();
    const items = this.snapshots.source(after !== undefined);
    const { page, last } = recursive ? await listTree(items, prefix, maxKeys, after, options.signal) : await listLevel(items, prefix, maxKeys, after, options.signal);
    return { ...page, nextToken: last === undefined ? null : encodePageToken(scope, last) };
  }

  async stat(root: string, path: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    requireRoot(root);
    requireObjectPath(path);
    const item = (await listDirectory(this.http, parentFolder(path), signal)).find((i) => i.path === path && !i.is_dir);
    return item && toRemoteEntry(item);
  }

  async read(root: string, entry: EntryRef, range?: ByteRange, options: TransferOptions = {}): Promise<ReadResult> {
    requireRoot(root);
    requireObjectPath(entry.path);
    if (range) throw invalidInput('range: this service sends whole files only');
    return readFile(this.http, entry.path, options);
  }

  async readFolderAsZip(root: string, prefix: string, options: TransferOptions = {}): Promise<ReadResult> {
    requireRoot(root);
    requireFolderPrefix(prefix);
    return readZip(this.http, prefix === '' ? '.' : prefix.slice(0, -1), options);
  }

  async put(root: string, files: ReadonlyArray<{ path: string; body: UploadBody }>, options: TransferOptions = {}): Promise<RemoteEntry[]> {
    requireRoot(root);
    for (const file of files) requireObjectPath(file.path);
    const sent: Array<{ path: string; size: number; sha256: string }> = [];
    for (const file of files) sent.push(await this.upload(file.path, file.body, options));
    return this.storedEntries(sent, options.signal);
  }

  private async upload(path: string, body: UploadBody, options: TransferOptions): Promise<{ path: string; size: number; sha256: string }> {
    const folder = parentFolder(path);
    const filename = path.slice(folder.length);
    const request = uploadBody({ dir: folder === '' ? undefined : folder.slice(0, -1), filename }, body, options.onBytes);
    let answer;
    try {
      answer = await this.http.json({ method: 'POST', route: '/upload', body: request, signal: options.signal }, uploadAnswer);
    } catch (error) {
      if (error instanceof ProviderError && error.code === ProviderErrorCode.Conflict) {
        throw new ProviderError(ProviderErrorCode.Conflict, `'${path}' exists on the service, which does not replace files (${error.message})`, { serviceCode: error.serviceCode, route: UPLOAD });
      }
      throw error;
    }
    const local = request.sha256();
    if (answer.sha256.toLowerCase() !== local || answer.size !== body.size) {
      throw new ProviderError(
        ProviderErrorCode.OperationFailed,
        `the service stored '${answer.path}' as ${answer.size} bytes with SHA-256 ${answer.sha256.toLowerCase()}, but ${body.size} bytes with SHA-256 ${local} were sent: the stored copy is not what was sent`,
        { route: UPLOAD, serviceCode: 'sha256Mismatch' },
      );
    }
    if (answer.path !== path) {
      throw new ProviderError(ProviderErrorCode.Conflict, `the service did not store the file at '${path}' but at '${answer.path}' (it renames names that exist or that it does not accept); nothing was replaced`, {
        route: UPLOAD,
        serviceCode: 'renamed',
      });
    }
    return { path, size: answer.size, sha256: local };
  }

  /** The uploaded files as the service lists them (their times make the version `stat` gives later): one listing per folder. */
  private async storedEntries(sent: ReadonlyArray<{ path: string; size: number; sha256: string }>, signal?: AbortSignal): Promise<RemoteEntry[]> {
    const byFolder = new Map<string, Map<string, RemoteEntry>>();
    for (const folder of new Set(sent.map((s) => parentFolder(s.path)))) {
      const items = await listDirectory(this.http, folder, signal);
      byFolder.set(folder, new Map(items.filter((i) => !i.is_dir).map((i) => [i.path, toRemoteEntry(i)])));
    }
    return sent.map((s) => {
      const listed = byFolder.get(parentFolder(s.path))?.get(s.path);
      if (!listed) throw new ProviderTransportError(`the service confirmed '${s.path}' but does not list it`, true, UPLOAD);
      return { ...listed, extras: { ...listed.extras, sha256: s.sha256 } };
    });
  }

  async probe(signal?: AbortSignal): Promise<{ roots: number }> {
    // The top folder's listing: it checks the address, the token and that the workspace is set up.
    await this.http.json({ method: 'GET', route: '', signal }, listAnswer);
    return { roots: 1 };
  }

  close(): void {
    this.http.close();
  }
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function requireRoot(root: string, field = 'root'): void {
  if (root !== SINGLE_ROOT) throw new ProviderError(ProviderErrorCode.DataNotFound, `${field}: this service has one space ('${SINGLE_ROOT}'), not '${String(root)}'`);
}
