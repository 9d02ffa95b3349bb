/**
 * User spaces (seed 001 §4) and space sync tasks (§5) as the renderer sees
 * them, on any connection whose provider has them (`capabilities.userSpaces`:
 * the embedded node and remote JCS-pub services).
 *
 * Secrets go one way. A secret key typed in a form travels in `spaces.create`,
 * `spaces.update` and `spaces.test` to the service, and no view has a field
 * for it: the views are strict, so not even an empty `secretAccessKey` can
 * cross. `hasSecret` says a space's credential has one (shown as "set").
 *
 * Packages and buckets are named by the connection's root ids (as in the
 * browser), so an imported package opens where every package opens.
 */
import { z } from 'zod';
import { objectPathProblem } from '../jcs/object-path';
import { idSchema } from '../jcs/wire';
import { S3_FAMILY_TYPES } from '../jcs/user-space-wire';
import { connectionIdSchema } from './domain';
import { rootIdSchema } from './locations';

export { S3_FAMILY_TYPES, STORAGE_TYPES, type S3FamilyType, type StorageType } from '../jcs/user-space-wire';

/** Why `path` cannot name a place in a space ('' is the space's root), or undefined. Paths are relative to the root. */
export function spacePathProblem(path: string): string | undefined {
  return path === '' ? undefined : objectPathProblem(path);
}

const spacePathSchema = z
  .string()
  .max(1024)
  .superRefine((path, ctx) => {
    const problem = spacePathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: `'${path}' ${problem}` });
  });

export const spaceIdSchema = idSchema;
export const spaceTaskIdSchema = idSchema;
const onConnection = { connectionId: connectionIdSchema };

// ---- spaces ----

export const spaceViewSchema = z
  .object({
    id: spaceIdSchema,
    name: z.string(),
    /** Local, S3, OBS, OSS, COS; or a type of a real JCS-pub service this app does not know (shown, not editable). */
    type: z.string(),
    /** Local: the absolute folder on the service's machine that is the space's root. */
    localPath: z.string().optional(),
    /** S3-compatible: where the bucket is. */
    endpoint: z.string().optional(),
    region: z.string().optional(),
    bucket: z.string().optional(),
    /** OBS only. */
    projectID: z.string().optional(),
    /** Not a secret: shown and kept in the edit form. */
    accessKeyId: z.string().optional(),
    /** The credential carries a secret the service keeps (this app never sees it). */
    hasSecret: z.boolean(),
    workingDir: z.string(),
    revision: z.number().int(),
    shardStoreMaxSize: z.number().nullable(),
  })
  .strict();
export type SpaceView = z.infer<typeof spaceViewSchema>;

const s3Fields = {
  /** `http(s)://host[:port]`; '' = AWS's endpoint for the region (S3 only). */
  endpoint: z
    .string()
    .max(2048)
    .refine((value) => value === '' || /^https?:\/\/[^\s/]+(\/\S*)?$/i.test(value), 'must be an http:// or https:// address'),
  region: z.string().max(128),
  bucket: z.string().min(1).max(255),
  projectID: z.string().max(128).optional(),
};

/** What the create form sends: the storage and its credential together, per type. */
export const spaceConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Local'), localPath: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      type: z.enum(S3_FAMILY_TYPES),
      ...s3Fields,
      accessKeyId: z.string().min(1).max(256),
      /** Typed by the user; goes to the service and nowhere else. */
      secretAccessKey: z.string().min(1).max(1024),
    })
    .strict(),
]);
export type SpaceConfig = z.infer<typeof spaceConfigSchema>;

const workingDirSchema = z
  .string()
  .max(1024)
  .superRefine((path, ctx) => {
    const problem = spacePathProblem(path.replace(/\/+$/, ''));
    if (problem) ctx.addIssue({ code: 'custom', message: `'${path}' ${problem}` });
  });

export const spaceCreateSchema = z.object({ ...onConnection, name: z.string().trim().min(1).max(255), config: spaceConfigSchema, workingDir: workingDirSchema }).strict();

/**
 * A new name and, for S3-compatible spaces, the credential. A secret is sent
 * only when typed: without one the service keeps the stored secret (it reads
 * an update whose secret is "" with the same type and access key as "keep
 * it"), so a new access key needs its secret typed too.
 */
export const spaceUpdateSchema = z
  .object({
    ...onConnection,
    id: spaceIdSchema,
    name: z.string().trim().min(1).max(255),
    accessKeyId: z.string().min(1).max(256).optional(),
    secretAccessKey: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const spaceTestSchema = z.object({ ...onConnection, config: spaceConfigSchema, workingDir: workingDirSchema }).strict();
export const spaceTestResultSchema = z.object({ latencyMs: z.number().int() });

// ---- a space's folders (the folder picker) ----

export const spaceEntryViewSchema = z.object({
  name: z.string(),
  /** Relative to the space root. */
  path: z.string(),
  isFolder: z.boolean(),
  size: z.number(),
  /** ISO time; null where the space has none (folders of an S3 space). */
  modified: z.string().nullable(),
});
export type SpaceEntryView = z.infer<typeof spaceEntryViewSchema>;
export const spaceBrowseSchema = z.object({ ...onConnection, id: spaceIdSchema, path: spacePathSchema }).strict();
export const spaceFolderSchema = z.object({
  path: z.string(),
  entries: z.array(spaceEntryViewSchema),
  /** More entries exist than the service lists at once. */
  truncated: z.boolean(),
  /** Entries skipped because the service named them with a path that is not a child of this folder (unsafe or malformed). */
  rejected: z.number().int(),
});
export type SpaceFolder = z.infer<typeof spaceFolderSchema>;

// ---- imports and exports ----

export const spaceImportSchema = z
  .object({ ...onConnection, spaceId: spaceIdSchema, path: spacePathSchema, bucketRoot: rootIdSchema, name: z.string().trim().min(1).max(255) })
  .strict();
export const spaceExportSchema = z.object({ ...onConnection, spaceId: spaceIdSchema, packageRoot: rootIdSchema, rootPath: spacePathSchema }).strict();

export const spaceJobStateSchema = z.enum(['running', 'done', 'failed']);
export const spaceJobViewSchema = z.object({
  /** `n<id>` for the service's jobs, `a<uuid>` for work this app waits on (see `tracking`). */
  id: z.string(),
  kind: z.enum(['import', 'export']),
  state: spaceJobStateSchema,
  spaceId: spaceIdSchema,
  /** Import: the space path; export: the root path in the space. */
  path: z.string(),
  /** Import: the bucket the new package goes into. */
  bucketRoot: rootIdSchema.nullable(),
  /** Import: the new package (once made); export: the package exported. */
  packageRoot: rootIdSchema.nullable(),
  /** Import: the new package's name. */
  name: z.string().nullable(),
  filesDone: z.number().int(),
  filesTotal: z.number().int().nullable(),
  bytesDone: z.number(),
  bytesTotal: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  created: z.string(),
  updated: z.string(),
  /**
   * 'service': the service runs it as a job and reports progress; 'app': a
   * service without jobs does the work before it answers, and this app waits
   * for that answer (no progress meanwhile; forgotten if the app restarts).
   */
  tracking: z.enum(['service', 'app']),
});
export type SpaceJobView = z.infer<typeof spaceJobViewSchema>;

// ---- space sync tasks ----

export const spaceSyncCountsSchema = z.object({ checked: z.number().int(), copied: z.number().int(), skipped: z.number().int(), failed: z.number().int(), bytes: z.number() });
export type SpaceSyncCounts = z.infer<typeof spaceSyncCountsSchema>;

/** 'unknown': a service that reports only the seed's fields. */
export const spaceTaskStatusSchema = z.enum(['idle', 'running', 'cancelled', 'unknown']);
export type SpaceTaskStatus = z.infer<typeof spaceTaskStatusSchema>;

export const spaceTaskViewSchema = z.object({
  id: spaceTaskIdSchema,
  srcSpaceId: spaceIdSchema,
  srcPath: z.string(),
  destinations: z.array(z.object({ spaceId: spaceIdSchema, path: z.string() })),
  /** Seconds between passes ('Interval' trigger); null for a trigger this app does not know. */
  intervalSeconds: z.number().nullable(),
  /** 'Diff' compares by what these say. */
  mode: z.object({ type: z.string(), includeSize: z.boolean(), includeModTime: z.boolean() }),
  /** The Size filter's bounds; null where there is none. */
  minSize: z.number().nullable(),
  maxSize: z.number().nullable(),
  noEmptyDirectories: z.boolean(),
  status: spaceTaskStatusSchema,
  lastRunStart: z.string().nullable(),
  lastRunEnd: z.string().nullable(),
  nextRun: z.string().nullable(),
  lastCounts: spaceSyncCountsSchema.nullable(),
  /** The pass going on now. */
  current: spaceSyncCountsSchema.nullable(),
  lastError: z.string().nullable(),
});
export type SpaceTaskView = z.infer<typeof spaceTaskViewSchema>;

/** At most this many destinations per task (the wire's limit). */
export const MAX_TASK_DESTINATIONS = 16;
export const MAX_INTERVAL_SECONDS = 366 * 86_400;

export const spaceTaskCreateSchema = z
  .object({
    ...onConnection,
    srcSpaceId: spaceIdSchema,
    srcPath: spacePathSchema,
    destinations: z
      .array(z.object({ spaceId: spaceIdSchema, path: spacePathSchema }).strict())
      .min(1)
      .max(MAX_TASK_DESTINATIONS),
    intervalSeconds: z.number().int().min(1).max(MAX_INTERVAL_SECONDS),
    includeSize: z.boolean(),
    includeModTime: z.boolean(),
    /** Only files of at least / at most this many bytes count; omitted: no bound. */
    minSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    maxSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    noEmptyDirectories: z.boolean(),
  })
  .strict()
  .refine((t) => t.minSize === undefined || t.maxSize === undefined || t.minSize <= t.maxSize, { message: 'minSize must not be larger than maxSize', path: ['maxSize'] });
export type SpaceTaskCreate = z.infer<typeof spaceTaskCreateSchema>;

export const spaceOperationsInput = {
  onConnection: z.object(onConnection).strict(),
  onSpace: z.object({ ...onConnection, id: spaceIdSchema }).strict(),
  onTask: z.object({ ...onConnection, taskId: spaceTaskIdSchema }).strict(),
};
