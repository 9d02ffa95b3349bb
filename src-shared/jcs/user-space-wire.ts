/**
 * User spaces (seed 001 §4) and space sync tasks (§5) on the wire, with the
 * decisions of specs/user-spaces.md: the storage types `Local` and the
 * S3-compatible family, the two list routes, node jobs for long imports and
 * exports (our extension), and secret redaction. Request schemas are what the
 * storage node validates; response schemas are what a client parses, tolerant
 * of extra fields a real JCS-pub service may send.
 */
import { z } from 'zod';
import { idSchema, packageSchema, sizeSchema } from './wire';

// ---- storage and credential ----

/** The S3-compatible family: the same protocol, different vendors (OBS needs `projectID`). */
export const S3_FAMILY_TYPES = ['S3', 'OBS', 'OSS', 'COS'] as const;
export const STORAGE_TYPES = ['Local', ...S3_FAMILY_TYPES] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];
export type S3FamilyType = (typeof S3_FAMILY_TYPES)[number];

const text = (max: number) => z.string().max(max);

export const localStorageSchema = z.object({
  type: z.literal('Local'),
  /** An absolute folder on the node's machine: the space's root. */
  localPath: text(4096),
});
export const s3StorageSchema = z.object({
  type: z.enum(S3_FAMILY_TYPES),
  region: text(128).default(''),
  /** `http(s)://host[:port]`; '' = the vendor's default for the region (AWS only). */
  endpoint: text(2048).default(''),
  bucket: text(255),
  /** OBS only (ignored by the others). */
  projectID: text(128).optional(),
});
export const storageSchema = z.discriminatedUnion('type', [localStorageSchema, s3StorageSchema]);
export type SpaceStorage = z.infer<typeof storageSchema>;
export type LocalStorage = z.infer<typeof localStorageSchema>;
export type S3Storage = z.infer<typeof s3StorageSchema>;

export const localCredentialSchema = z.object({ type: z.literal('Local') });
export const s3CredentialSchema = z.object({
  type: z.enum(S3_FAMILY_TYPES),
  accessKeyId: text(256),
  secretAccessKey: text(1024),
});
export const credentialSchema = z.discriminatedUnion('type', [localCredentialSchema, s3CredentialSchema]);
export type SpaceCredential = z.infer<typeof credentialSchema>;
export type S3Credential = z.infer<typeof s3CredentialSchema>;

/** What answers carry: a credential whose secret is redacted (`""`, as the seed's own example shows). */
export const redactedCredentialSchema = z.looseObject({
  type: z.string(),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
});

export const shardStoreSchema = z.object({ maxSize: z.number().int().min(0) }).nullable();

// ---- user spaces (§4) ----

export const userSpaceSchema = z.looseObject({
  userSpaceID: idSchema,
  name: z.string(),
  storage: z.looseObject({ type: z.string() }),
  credential: redactedCredentialSchema.nullable(),
  shardStore: z.looseObject({ maxSize: z.number() }).nullish().transform((v) => v ?? null),
  features: z.array(z.unknown()).nullish().transform((v) => v ?? []),
  workingDir: z.string(),
  revision: z.number().int(),
});
export type UserSpace = z.output<typeof userSpaceSchema>;

export const userSpaceCreateRequest = z.object({
  name: text(255),
  storage: storageSchema,
  /** `null` is allowed for `Local` only. */
  credential: credentialSchema.nullable(),
  shardStore: shardStoreSchema.optional().transform((v) => v ?? null),
  features: z.array(z.unknown()).max(32).nullish().transform((v) => v ?? []),
  workingDir: text(1024).default(''),
});
export type UserSpaceCreate = z.output<typeof userSpaceCreateRequest>;
export const userSpaceUpdateRequest = z.object({ userSpaceID: idSchema, name: text(255), credential: credentialSchema.nullable() });
export const userSpaceDeleteRequest = z.object({ userSpaceID: idSchema });
export const userSpaceTestRequest = z.object({ storage: storageSchema, credential: credentialSchema.nullable(), workingDir: text(1024).default('') });
export const createPackageRequest = z.object({
  userSpaceID: idSchema,
  /** A file or folder in the space, relative to its root; not joined to workingDir; '' = the whole space. */
  path: text(1024),
  bucketID: idSchema,
  name: text(255),
  spaceAffinity: z.number().int().min(0).nullish(),
  /** Our extension: answer at once with `{job}` instead of when the import is done (the seed's clients wait). */
  async: z.boolean().optional(),
});
export const downloadPackageRequest = z.object({
  userSpaceID: idSchema,
  packageID: idSchema,
  rootPath: text(1024),
  /** As in createPackage: answer `{job}` at once. */
  async: z.boolean().optional(),
});

export const userSpaceResponse = z.object({ userSpace: userSpaceSchema });
export const userSpaceListResponse = z.object({ userSpaces: z.array(userSpaceSchema).nullish().transform((v) => v ?? []) });
/** The seed's answer, or with `async: true` (our extension) the job doing it; a service without the extension answers `package`/null. */
export const createPackageResponse = z.object({ package: packageSchema });

/** One level of a space's folder (our extension, `GET /v1/userSpace/listPath?userSpaceID=&path=`): the folder picker's view. */
export const spaceEntrySchema = z.object({
  /** Relative to the space root. */
  path: z.string(),
  isFolder: z.boolean(),
  size: sizeSchema,
  /** ISO time; '' for folders of an S3 space (they have none). */
  modTime: z.string(),
});
export type SpaceEntry = z.output<typeof spaceEntrySchema>;
/** At most MAX_SPACE_LIST_ENTRIES entries, folders first then files by name; `truncated` says more exist. */
export const spaceListPathResponse = z.object({ entries: z.array(spaceEntrySchema), truncated: z.boolean() });
export const MAX_SPACE_LIST_ENTRIES = 5000;

// ---- node jobs: long imports and exports (our extension) ----

export const nodeJobKindSchema = z.enum(['createPackage', 'downloadPackage']);
export const nodeJobStateSchema = z.enum(['running', 'done', 'failed']);
export const nodeJobSchema = z.looseObject({
  jobID: idSchema,
  kind: nodeJobKindSchema,
  state: nodeJobStateSchema,
  userSpaceID: idSchema,
  /** createPackage: the space path; downloadPackage: rootPath. */
  path: z.string(),
  packageID: idSchema.nullable(),
  /** createPackage: the new package's bucket and name. */
  bucketID: idSchema.nullable(),
  name: z.string().nullable(),
  filesDone: z.number().int().min(0),
  /** Known once the source is listed; null before. */
  filesTotal: z.number().int().min(0).nullable(),
  bytesDone: sizeSchema,
  bytesTotal: sizeSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createTime: z.string(),
  updateTime: z.string(),
});
export type NodeJob = z.output<typeof nodeJobSchema>;
export const nodeJobResponse = z.object({ job: nodeJobSchema });
/** createPackage/downloadPackage answer: `package` (createPackage, done), `job` (with `async: true`), or null (downloadPackage, done). */
export const spaceJobAnswer = z.object({ package: packageSchema.optional(), job: nodeJobSchema.optional() }).nullable();
export const nodeJobListResponse = z.object({ jobs: z.array(nodeJobSchema).nullish().transform((v) => v ?? []) });

// ---- space sync tasks (§5) ----

export const syncTriggerSchema = z.object({ type: z.literal('Interval'), interval: z.number().int().min(1).max(366 * 86_400) });
export const syncModeSchema = z.object({ type: z.literal('Diff'), includeSize: z.boolean().default(false), includeModTime: z.boolean().default(false) });
export const syncFilterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Size'), minSize: z.number().int().min(0).default(0), maxSize: z.number().int().min(0).default(0) }),
]);
export const syncOptionsSchema = z.object({ noEmptyDirectories: z.boolean().default(false) });

/** What the seed's createTask takes (the same fields come back in `task`). */
export const syncTaskConfigSchema = z.object({
  trigger: syncTriggerSchema,
  mode: syncModeSchema,
  filters: z.array(syncFilterSchema).max(16).nullish().transform((v) => v ?? []),
  options: syncOptionsSchema.default({ noEmptyDirectories: false }),
  srcUserSpaceID: idSchema,
  srcPath: text(1024),
  destUserSpaceIDs: z.array(idSchema).min(1).max(16),
  destPathes: z.array(text(1024)).min(1).max(16),
});
export type SyncTaskConfig = z.output<typeof syncTaskConfigSchema>;
export const syncTaskCreateRequest = syncTaskConfigSchema.refine((t) => t.destUserSpaceIDs.length === t.destPathes.length, {
  message: 'destUserSpaceIDs and destPathes must have the same length (one destination path per destination space)',
  path: ['destPathes'],
});
export const syncTaskCancelRequest = z.object({ taskID: idSchema });

/** `idle`: waiting for its next interval; `running`: a pass is going; `cancelled` is final. */
export const syncTaskStatusSchema = z.enum(['idle', 'running', 'cancelled']);
export const syncCountsSchema = z.object({
  checked: z.number().int().min(0),
  copied: z.number().int().min(0),
  skipped: z.number().int().min(0),
  failed: z.number().int().min(0),
  bytes: sizeSchema,
});
export type SyncCounts = z.output<typeof syncCountsSchema>;

/** The seed's task fields plus the state this product reports (status, last run, counts, last error). */
export const syncTaskSchema = z.looseObject({
  taskID: idSchema,
  trigger: z.looseObject({ type: z.string(), interval: z.number().optional() }),
  mode: z.looseObject({ type: z.string() }),
  filters: z.array(z.looseObject({ type: z.string() })).nullish().transform((v) => v ?? []),
  options: z.looseObject({}).nullish(),
  srcUserSpaceID: idSchema,
  srcPath: z.string(),
  destUserSpaceIDs: z.array(idSchema),
  destPathes: z.array(z.string()),
  // Absent from a service that implements only the seed's fields.
  status: syncTaskStatusSchema.optional(),
  /** When the last pass started and ended (ISO times), null before the first. */
  lastRunStart: z.string().nullish(),
  lastRunEnd: z.string().nullish(),
  nextRun: z.string().nullish(),
  /** The last finished pass (the running one while a pass is going: `current`). */
  lastCounts: syncCountsSchema.nullish(),
  current: syncCountsSchema.nullish(),
  lastError: z.string().nullish(),
});
export type SyncTask = z.output<typeof syncTaskSchema>;
export const syncTaskResponse = z.object({ task: syncTaskSchema });
export const syncTaskListResponse = z.object({ tasks: z.array(syncTaskSchema).nullish().transform((v) => v ?? []) });

/**
 * The routes (after `/v1`). The list, listPath and job routes are our
 * extensions (the seed has no way to list spaces, tasks or a space's files).
 */
export const USER_SPACE_ROUTES = {
  create: '/userSpace/create',
  update: '/userSpace/update',
  delete: '/userSpace/delete',
  get: '/userSpace/get',
  list: '/userSpace/list',
  test: '/userSpace/test',
  listPath: '/userSpace/listPath',
  createPackage: '/userSpace/createPackage',
  downloadPackage: '/userSpace/downloadPackage',
  getJob: '/userSpace/getJob',
  listJobs: '/userSpace/listJobs',
  createTask: '/spaceSyncer/createTask',
  getTask: '/spaceSyncer/getTask',
  listTasks: '/spaceSyncer/listTasks',
  cancelTask: '/spaceSyncer/cancelTask',
} as const;
