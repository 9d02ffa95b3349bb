/**
 * An optional feature of a provider (rclone's way: found by capability): the
 * user spaces and space sync tasks of JCS-pub (seed 001 §4–§5). A provider
 * whose `capabilities.userSpaces` is true has a `userSpaces` member.
 *
 * Shapes are the contract's views (src-shared/contract/spaces.ts), so nothing
 * between the adapter and the renderer restates them. Buckets and packages
 * are the provider's root ids; spaces and tasks keep the service's ids (they
 * have no other address). The adapter keeps the StorageProvider rules: input
 * is checked before anything is sent (`InvalidInput`), failures are provider
 * errors, and no view ever holds a secret.
 */
import type { SpaceConfig, SpaceEntryView, SpaceJobView, SpaceTaskCreate, SpaceTaskView, SpaceView } from '@shared/contract/spaces';

/** What an import or export answered: a job the service runs, or the work already done (a service without jobs). */
export type SpaceWorkStart = { kind: 'job'; job: SpaceJobView } | { kind: 'done'; packageRoot: string | null };

export interface SpaceCredentialChange {
  /** The access key the space will use (S3-compatible types). */
  accessKeyId?: string;
  /** Omitted: the service keeps the stored secret (allowed only with the same type and access key). */
  secretAccessKey?: string;
}

export type SpaceTaskDraft = Omit<SpaceTaskCreate, 'connectionId'>;

export interface UserSpaces {
  list(signal?: AbortSignal): Promise<SpaceView[]>;
  get(id: number, signal?: AbortSignal): Promise<SpaceView>;
  create(name: string, config: SpaceConfig, workingDir: string, signal?: AbortSignal): Promise<SpaceView>;
  /** Renames the space and sets its credential; what the space is (type, root, working dir) is fixed at creation. */
  update(id: number, name: string, credential: SpaceCredentialChange, signal?: AbortSignal): Promise<SpaceView>;
  delete(id: number, signal?: AbortSignal): Promise<void>;
  /** Resolves when the service could reach and use the storage. */
  test(config: SpaceConfig, workingDir: string, signal?: AbortSignal): Promise<void>;
  /** One level of a folder ('' = the space's root); entry paths are the service's (the caller gates them). */
  listPath(id: number, path: string, signal?: AbortSignal): Promise<{ entries: Array<Omit<SpaceEntryView, 'name'>>; truncated: boolean }>;
  /** Imports the file or folder at `path` as a new package named `name` in the bucket root `bucketRoot`. */
  importPath(id: number, path: string, bucketRoot: string, name: string, signal?: AbortSignal): Promise<SpaceWorkStart>;
  /** Writes the package's objects under `rootPath` in the space. */
  exportPackage(id: number, packageRoot: string, rootPath: string, signal?: AbortSignal): Promise<SpaceWorkStart>;
  /** The service's imports and exports (empty from a service without jobs). */
  jobs(signal?: AbortSignal): Promise<SpaceJobView[]>;
  job(jobId: string, signal?: AbortSignal): Promise<SpaceJobView>;
  tasks(signal?: AbortSignal): Promise<SpaceTaskView[]>;
  createTask(draft: SpaceTaskDraft, signal?: AbortSignal): Promise<SpaceTaskView>;
  cancelTask(id: number, signal?: AbortSignal): Promise<void>;
}
