/**
 * Folder sync tasks. The configuration follows the vocabulary of JCS-pub's
 * space sync tasks (seed 001 §5): a trigger (`Watch`, `Interval` in seconds,
 * `Manual`), a `Diff` mode comparing size and/or modification time (plus an
 * optional content-hash check), filters (`Size`, and glob `Include`/`Exclude`)
 * and options (`noEmptyDirectories`, ...). A task pairs a local folder with a
 * path in a package, in one direction or both.
 */
import { z } from 'zod';
import { messageParamsSchema } from './define';
import { connectionIdSchema } from './domain';
import { rootIdSchema } from './locations';
import { syncBlockCodeSchema, syncReasonCodeSchema, syncStatusCodeSchema } from './sync-codes';

export { syncStatusCodeSchema, type SyncStatusCode } from './sync-codes';

export const syncTriggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Watch') }),
  z.object({ type: z.literal('Interval'), interval: z.number().int().min(10).max(7 * 24 * 3600) }),
  z.object({ type: z.literal('Manual') }),
]);

export const syncModeSchema = z.object({
  type: z.literal('Diff'),
  includeSize: z.boolean(),
  includeModTime: z.boolean(),
  /** Also compare content hashes when size and time say equal (slower: reads every file). */
  checkHash: z.boolean(),
});

const patternSchema = z.string().min(1).max(512);
export const syncFilterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Size'), minSize: z.number().int().min(0).optional(), maxSize: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('Include'), patterns: z.array(patternSchema).max(200) }),
  z.object({ type: z.literal('Exclude'), patterns: z.array(patternSchema).max(200) }),
]);
export type SyncFilter = z.infer<typeof syncFilterSchema>;

export const syncOptionsSchema = z.object({
  noEmptyDirectories: z.boolean(),
  /** Deleting a file on one side deletes it on the other (into that side's trash). */
  propagateDeletions: z.boolean(),
  /** A run that would delete more than this many files, or this share of the tree, stops and asks. */
  deletionGuard: z.object({ maxFiles: z.number().int().min(0), maxPercent: z.number().min(0).max(100) }),
  /** Plan only: every run reports what it would do and does nothing. */
  dryRun: z.boolean(),
  /** Days that replaced and deleted files stay in .jcs-trash. */
  trashDays: z.number().int().min(1).max(3650),
});

export const syncDirectionSchema = z.enum(['upload', 'download', 'twoWay']);
export type SyncDirection = z.infer<typeof syncDirectionSchema>;

export const syncTaskConfigSchema = z.object({
  name: z.string().trim().min(1).max(100),
  localPath: z.string().min(1).max(4096),
  connectionId: connectionIdSchema,
  /** The root the task syncs with (JCS: a package). */
  root: rootIdSchema,
  /** '' for the root itself, or a folder path ending in '/'. */
  remotePath: z.string().max(1024),
  direction: syncDirectionSchema,
  trigger: syncTriggerSchema,
  mode: syncModeSchema,
  filters: z.array(syncFilterSchema).max(20),
  options: syncOptionsSchema,
});
export type SyncTaskConfig = z.infer<typeof syncTaskConfigSchema>;

export const DEFAULT_SYNC_OPTIONS: z.infer<typeof syncOptionsSchema> = {
  noEmptyDirectories: true,
  propagateDeletions: true,
  deletionGuard: { maxFiles: 100, maxPercent: 25 },
  dryRun: false,
  trashDays: 30,
};

export const syncStatusSchema = z.enum(['idle', 'scanning', 'syncing', 'paused', 'waitingForConfirmation', 'offline', 'error']);
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** `sync.create`: a task's settings, and whether it starts paused (so a first run can be previewed before it happens). */
export const syncCreateInputSchema = syncTaskConfigSchema.extend({ startPaused: z.boolean().optional() }).strict();

export const syncTaskSchema = syncTaskConfigSchema.extend({
  id: z.string(),
  status: syncStatusSchema,
  /** The status's explanation in English (for logs and older clients); the renderer words `statusCode` instead. */
  statusMessage: z.string().nullable(),
  /** Why the task is in its status (sync-codes.ts), with the values it is worded with. */
  statusCode: syncStatusCodeSchema.nullable(),
  statusParams: messageParamsSchema,
  /** The folder watcher's real state: watching natively, by polling (the OS watch limit was hit), or not at all (no Watch trigger, the folder is missing, not started yet). */
  watching: z.enum(['native', 'polling']).nullable(),
  lastRunAt: z.number().nullable(),
  lastRunResult: z.enum(['ok', 'error', 'blocked']).nullable(),
  nextRunAt: z.number().nullable(),
  /** Files the journal knows as in sync. */
  files: z.number().int(),
  /** Transfers of the current run: finished / planned. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  conflicts: z.number().int(),
  /**
   * One-way tasks: files changed on the receiving side (here for a download
   * task, in the package for an upload task) that sync keeps as they are
   * instead of overwriting them, as the last full run found them. `sync.revert`
   * replaces them with the sending side's version.
   */
  keptChanges: z.number().int(),
});
export type SyncTask = z.infer<typeof syncTaskSchema>;

/** `keep`: a one-way task leaves a file changed on its receiving side as it is (see `keptChanges`). */
export const syncActionKindSchema = z.enum(['upload', 'download', 'deleteRemote', 'deleteLocal', 'moveRemote', 'moveLocal', 'conflict', 'keep']);
export const syncActionSchema = z.object({
  kind: syncActionKindSchema,
  path: z.string(),
  /** For moves: the new path. For conflicts: where the other version is kept. */
  toPath: z.string().nullable(),
  size: z.number(),
  /** Why, in English (for logs and older clients); the renderer words `reasonCode`. */
  reason: z.string(),
  reasonCode: syncReasonCodeSchema,
});
export type SyncAction = z.infer<typeof syncActionSchema>;

export const syncPlanSchema = z.object({
  actions: z.array(syncActionSchema),
  /** Set when the plan deletes more than the deletion guard allows, or from a replaced folder: in English (see `blocked`). */
  blockedBy: z.string().nullable(),
  /** The same as a code: `{deletions, maxFiles, maxPercent}`. */
  blocked: z.object({ code: syncBlockCodeSchema, params: messageParamsSchema }).nullable(),
  localFiles: z.number().int(),
  remoteFiles: z.number().int(),
});
export type SyncPlan = z.infer<typeof syncPlanSchema>;

export const syncLogEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  /** In English; the renderer words `code` (with `params`) when it knows it, and shows this otherwise (lines written before codes existed). */
  message: z.string(),
  /** A SyncLogCode (sync-codes.ts); a string on the wire, null on lines written before codes existed. */
  code: z.string().nullable(),
  params: messageParamsSchema,
  path: z.string().nullable(),
});
export type SyncLogEntry = z.infer<typeof syncLogEntrySchema>;

/** `renamed`: whose version is kept under `keptAs` (the package's in two-way and upload tasks, this computer's in download tasks). */
export const syncConflictSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  path: z.string(),
  keptAs: z.string(),
  renamed: z.enum(['local', 'remote']),
  /** Both names on both sides as they are now (a fingerprint): a resolution made on what was shown is refused if they changed since. */
  version: z.string(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

/**
 * How the user settles a conflict: `mine` (this computer's version takes the path, the package's goes to the
 * trash), `theirs` (the package's version takes the path, this computer's goes to the trash), `both` (both names
 * stay as they are). `version`: the fingerprint the choice was made on (see syncConflictSchema).
 */
export const syncConflictChoiceSchema = z.enum(['mine', 'theirs', 'both']);
export type SyncConflictChoice = z.infer<typeof syncConflictChoiceSchema>;
export const syncResolveInputSchema = z
  .object({
    id: z.string().min(1).max(64),
    choice: syncConflictChoiceSchema,
    conflicts: z.array(z.object({ id: z.number().int(), version: z.string().max(128) }).strict()).min(1).max(1000),
  })
  .strict();
export const syncResolveOutputSchema = z.object({
  resolved: z.number().int(),
  failed: z.array(z.object({ id: z.number().int(), path: z.string(), code: z.string(), message: z.string(), params: messageParamsSchema.optional() })),
});
/** `sync.conflictFolder`: the absolute local folder holding a conflict's files; `revealed` when the desktop showed it in the file manager. */
export const syncConflictFolderOutputSchema = z.object({ folder: z.string(), revealed: z.boolean() });

export const syncTrashEntrySchema = z.object({
  side: z.enum(['local', 'remote']),
  /** Where the file was. */
  path: z.string(),
  /** Where it is kept now (relative to the task's folder). */
  trashPath: z.string(),
  deletedAt: z.number(),
  size: z.number(),
});
export type SyncTrashEntry = z.infer<typeof syncTrashEntrySchema>;

export const taskIdInput = z.object({ id: z.string().min(1).max(64) }).strict();

export const fsEntrySchema = z.object({ name: z.string(), isDirectory: z.boolean() });
