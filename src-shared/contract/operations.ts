/**
 * Every operation the renderer can ask of main: name → input schema → output
 * schema. Handlers in main implement exactly this map (see
 * src-main/core/handlers), the preload exposes one function per name, and the
 * headless server one HTTP route per name.
 */
import { z } from 'zod';
import { syncResolveOperations } from './sync-resolve';
import { messageParamsSchema, noInput, nothing, operation } from './define';
import { HOLD_MAX_IDS } from '../transfers/browser-hold';
import {
  appInfoSchema,
  browserFileSchema,
  conflictPolicySchema,
  conflictResolutionSchema,
  connectionDraftSchema,
  connectionIdSchema,
  connectionTestResultSchema,
  connectionTestSchema,
  connectionUpdateSchema,
  connectionViewSchema,
  objectOpResultSchema,
  objectPageSchema,
  objectSummarySchema,
  objectTargetSchema,
  operationIdSchema,
  settingsSchema,
  transferJobSchema,
  transferTotalsSchema,
} from './domain';
import { listFilterSchema, listSortSchema, rootIdSchema, rootNodeSchema, storageUsageSchema } from './locations';
import {
  publishBadgeSchema,
  publishEndpointSchema,
  publishJobSchema,
  publishListInputSchema,
  publishSettingsUpdateSchema,
  publishSettingsViewSchema,
  publishTestResultSchema,
  orderLabelSchema,
  registryRecordSchema,
} from './publish';
import { transferBatchOperations } from './transfer-batches';
import {
  spaceBrowseSchema,
  spaceCreateSchema,
  spaceExportSchema,
  spaceFolderSchema,
  spaceImportSchema,
  spaceJobViewSchema,
  spaceOperationsInput,
  spaceTaskCreateSchema,
  spaceTaskViewSchema,
  spaceTestResultSchema,
  spaceTestSchema,
  spaceUpdateSchema,
  spaceViewSchema,
} from './spaces';
import { shareOperations } from './share';
import { sizeOperations } from './sizes';
import { searchOperations } from './search';
import { fsEntrySchema, syncConflictSchema, syncCreateInputSchema, syncLogEntrySchema, syncPlanSchema, syncTaskConfigSchema, syncTaskSchema, syncTrashEntrySchema, taskIdInput } from './sync';

const onConnection = { connectionId: connectionIdSchema };
const targets = z.array(objectTargetSchema).min(1).max(100_000);
const batchResultSchema = z.object({ batchId: z.string(), jobs: z.number().int(), conflicts: z.number().int() });

/** At most this many objects per `desktop.dragOut`. */
export const DRAG_OUT_MAX_OBJECTS = 100;
/**
 * `desktop.dragOut` stages the objects in a fresh temporary folder whose name
 * starts with this. Files from such a folder dropped back into the window are
 * that same drag coming home, not something to upload.
 */
export const DRAG_OUT_FOLDER_PREFIX = 'jcs-desktop-drag-';

export const operations = {
  'app.info': operation(noInput, appInfoSchema),

  'settings.get': operation(noInput, settingsSchema),
  'settings.update': operation(settingsSchema.partial().strict(), settingsSchema),

  'connections.list': operation(noInput, z.array(connectionViewSchema)),
  'connections.add': operation(connectionDraftSchema, connectionViewSchema),
  'connections.update': operation(connectionUpdateSchema, connectionViewSchema),
  'connections.remove': operation(z.object({ id: connectionIdSchema }).strict(), nothing),
  'connections.test': operation(connectionTestSchema, connectionTestResultSchema),

  /** The roots under `parentId` (null: the top level; JCS: buckets, then a bucket's packages). */
  'roots.list': operation(z.object({ ...onConnection, parentId: rootIdSchema.nullable() }).strict(), z.array(rootNodeSchema)),
  'roots.get': operation(z.object({ ...onConnection, rootId: rootIdSchema }).strict(), rootNodeSchema),
  /** Where the level below `parentId` can be created (its `create` capability). */
  'roots.create': operation(z.object({ ...onConnection, parentId: rootIdSchema.nullable(), name: z.string() }).strict(), rootNodeSchema),
  /** Deletes a root and everything in it (where its level's `delete` capability allows). */
  'roots.delete': operation(z.object({ ...onConnection, rootId: rootIdSchema }).strict(), nothing),

  /** One page of a folder: objects directly in it and its sub-folders. */
  'objects.list': operation(
    z
      .object({
        ...onConnection,
        root: rootIdSchema,
        prefix: z.string().max(1024),
        continuationToken: z.string().max(4096).optional(),
        maxKeys: z.number().int().min(1).max(10_000).optional(),
        /** Only where the connection's `capabilities.listQuery` names the fields. */
        sort: listSortSchema.optional(),
        filter: listFilterSchema.optional(),
        /** Only with `capabilities.listQuery.offsets`, and never with a continuation token. */
        offset: z.number().int().min(0).max(100_000_000).optional(),
      })
      .strict(),
    objectPageSchema,
  ),
  /** How much the service holds, by type (where `capabilities.usage`). */
  'objects.usage': operation(z.object({ ...onConnection }).strict(), storageUsageSchema),
  /** Counts the objects and bytes an operation on these targets would touch (for confirmations). */
  'objects.summarize': operation(z.object({ ...onConnection, root: rootIdSchema, targets }).strict(), objectSummarySchema),
  'objects.delete': operation(z.object({ ...onConnection, operationId: operationIdSchema, root: rootIdSchema, targets }).strict(), objectOpResultSchema),
  /** Renames one object or one folder (every object under it) within its root. */
  'objects.rename': operation(
    z.object({ ...onConnection, operationId: operationIdSchema, root: rootIdSchema, target: objectTargetSchema, newName: z.string() }).strict(),
    objectOpResultSchema,
  ),
  /** Moves or copies objects and folders into a folder of a root (the same or another, on this connection). */
  'objects.transfer': operation(
    z
      .object({
        ...onConnection,
        operationId: operationIdSchema,
        mode: z.enum(['move', 'copy']),
        root: rootIdSchema,
        targets,
        targetRoot: rootIdSchema,
        targetFolder: z.string().max(1024),
        /**
         * Destinations already taken: 'ask' changes nothing and returns them (the UI asks once, then
         * runs again with the answer); 'overwrite' replaces them (the old object is set aside until the
         * new one is in, so a failure restores it); 'skip' leaves them; 'keepBoth' uses "name (1).ext".
         * Omitted: each taken destination is that item's Conflict failure, the rest goes on.
         */
        conflict: conflictPolicySchema.optional(),
        /** Answers for single destinations (the user stepping through), before `conflict` applies to the rest; needs `conflict`. */
        decisions: z.array(z.object({ to: z.string().max(1024), resolution: conflictResolutionSchema }).strict()).max(10_000).optional(),
      })
      .strict(),
    objectOpResultSchema,
  ),
  'operations.cancel': operation(z.object({ operationId: operationIdSchema }).strict(), nothing),

  /** A page of the transfer queue, oldest first. */
  'transfers.list': operation(z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(), z.object({ jobs: z.array(transferJobSchema), total: z.number().int() })),
  'transfers.totals': operation(noInput, transferTotalsSchema),
  /** Uploads files and folders from this machine's disk (desktop: dropped or chosen paths). */
  'transfers.uploadPaths': operation(
    z.object({ ...onConnection, root: rootIdSchema, targetFolder: z.string().max(1024), paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000), conflict: conflictPolicySchema }).strict(),
    batchResultSchema,
  ),
  /** Announces files a browser will send in chunks (headless drag and drop); returns one job id per file, in order. */
  'transfers.uploadBrowserFiles': operation(
    z.object({ ...onConnection, root: rootIdSchema, targetFolder: z.string().max(1024), files: z.array(browserFileSchema).min(1).max(10_000), conflict: conflictPolicySchema }).strict(),
    // `next`: the chunk to send first (0, or past those acknowledged when the file takes up an upload whose page went away).
    batchResultSchema.extend({ files: z.array(z.object({ jobId: z.string(), chunkSize: z.number().int(), next: z.number().int().min(0) })) }),
  ),
  /** Downloads objects, folders or a whole root into a folder on this machine. */
  'transfers.download': operation(
    z
      .object({
        ...onConnection,
        root: rootIdSchema,
        /** Omit to download the whole root (into a folder named after it). */
        targets: z.array(objectTargetSchema).min(1).max(100_000).optional(),
        localFolder: z.string().min(1).max(4096),
        conflict: conflictPolicySchema,
      })
      .strict(),
    batchResultSchema,
  ),
  /**
   * Downloads a folder as ONE job, from a service that sends a folder as one zip (`capabilities.folderAsZip`):
   * saved as `<folder>.zip` in `localFolder`, or unpacked safely into `<folder>/` there.
   */
  'transfers.downloadFolderZip': operation(
    z
      .object({
        ...onConnection,
        root: rootIdSchema,
        /** The folder: '' (the whole root) or a path ending in '/'. */
        prefix: z.string().max(1024),
        localFolder: z.string().min(1).max(4096),
        unpack: z.boolean(),
        conflict: conflictPolicySchema,
      })
      .strict(),
    batchResultSchema,
  ),
  'transfers.control': operation(
    z.object({ action: z.enum(['pause', 'resume', 'cancel', 'retry']), ids: z.array(z.string()).max(100_000).nullable() }).strict(),
    z.object({ affected: z.number().int() }),
  ),
  'transfers.clearFinished': operation(noInput, z.object({ removed: z.number().int() })),
  /** Jobs waiting because their destination exists (for the conflict dialog). */
  'transfers.conflicts': operation(z.object({ limit: z.number().int().min(1).max(100) }).strict(), z.object({ jobs: z.array(transferJobSchema), total: z.number().int() })),
  /** Desktop only: the system's open dialog (files, a folder to upload, or a folder to download into). */
  'dialogs.open': operation(z.object({ kind: z.enum(['files', 'folder', 'downloadTarget']) }).strict(), z.object({ paths: z.array(z.string()) })),
  /** Desktop only: downloads objects to a temporary folder and starts dragging them out of the window. */
  'desktop.dragOut': operation(z.object({ ...onConnection, root: rootIdSchema, objects: z.array(z.object({ path: z.string(), ref: z.string().max(200).optional() })).min(1).max(DRAG_OUT_MAX_OBJECTS) }).strict(), nothing),
  'sync.list': operation(noInput, z.array(syncTaskSchema)),
  'sync.create': operation(syncCreateInputSchema, syncTaskSchema),
  'sync.update': operation(syncTaskConfigSchema.partial().extend({ id: z.string() }).strict(), syncTaskSchema),
  /** Removes the task and its journal; never touches files on either side. */
  'sync.delete': operation(taskIdInput, nothing),
  /** What a run would do now (a dry run). */
  'sync.preview': operation(taskIdInput, syncPlanSchema),
  'sync.runNow': operation(taskIdInput, nothing),
  'sync.pause': operation(taskIdInput, nothing),
  'sync.resume': operation(taskIdInput, nothing),
  /** Runs once more, allowing the deletions the guard stopped. */
  'sync.confirmDeletions': operation(taskIdInput, nothing),
  /** One-way tasks: runs once, replacing the files changed on the receiving side (kept until now) with the sending side's version; the replaced ones go to that side's trash. */
  'sync.revert': operation(taskIdInput, nothing),
  'sync.log': operation(z.object({ id: z.string(), limit: z.number().int().min(1).max(1000), beforeId: z.number().int().optional() }).strict(), z.array(syncLogEntrySchema)),
  'sync.conflicts': operation(taskIdInput, z.array(syncConflictSchema)),
  'sync.trash': operation(taskIdInput, z.array(syncTrashEntrySchema)),
  'sync.restore': operation(z.object({ id: z.string(), entries: z.array(z.object({ side: z.enum(['local', 'remote']), trashPath: z.string() })).min(1).max(10_000) }).strict(), z.object({ restored: z.number().int(), failed: z.array(z.object({ trashPath: z.string(), code: z.string(), message: z.string(), params: messageParamsSchema.optional() })) })),
  /** Folders on the machine running the core (headless mode's folder picker). */
  'fs.listDir': operation(z.object({ path: z.string().max(4096).optional() }).strict(), z.object({ path: z.string(), parent: z.string().nullable(), entries: z.array(fsEntrySchema) })),
  /** Publish settings: targets and routes, with which secrets are set (never their values). */
  'publish.settings.get': operation(noInput, publishSettingsViewSchema),
  'publish.settings.update': operation(publishSettingsUpdateSchema, publishSettingsViewSchema),
  /** Makes a new Crust account (sr25519); its recovery phrase is kept encrypted, never sent here. */
  'publish.account.create': operation(noInput, publishSettingsViewSchema),
  /** Imports a Crust account from its recovery phrase (checked before it is saved). */
  'publish.account.import': operation(z.object({ mnemonic: z.string().trim().min(1).max(1000) }).strict(), publishSettingsViewSchema),
  /** Writes the account's recovery phrase to a new file on the machine running the core (readable by the user only). */
  'publish.account.export': operation(z.object({ path: z.string().min(1).max(4096) }).strict(), nothing),
  'publish.account.remove': operation(noInput, publishSettingsViewSchema),
  /** Checks one configured endpoint now. */
  'publish.test': operation(z.object({ endpoint: publishEndpointSchema }).strict(), publishTestResultSchema),
  /** Publishes files and folders of a root: one job each. */
  'publish.start': operation(z.object({ ...onConnection, root: rootIdSchema, targets: z.array(objectTargetSchema).min(1).max(1000) }).strict(), z.object({ jobs: z.array(z.string()) })),
  /** Publishes files and folders from the disk of the machine running the core (absolute paths): one job each. */
  'publish.startLocal': operation(z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100) }).strict(), z.object({ jobs: z.array(z.string()) })),
  /** Publish jobs, newest first, with the count per label (for the Crust page's filters). */
  'publish.list': operation(
    publishListInputSchema,
    z.object({ jobs: z.array(publishJobSchema), total: z.number().int(), counts: z.record(orderLabelSchema, z.number().int()) }),
  ),
  'publish.get': operation(z.object({ id: z.string().max(64) }).strict(), publishJobSchema),
  /** The newest publish of each path in a root (badges in the browser). */
  'publish.badges': operation(z.object({ ...onConnection, root: rootIdSchema }).strict(), z.array(publishBadgeSchema)),
  'publish.control': operation(
    z.object({ action: z.enum(['cancel', 'retry', 'recheck', 'renew', 'remove']), ids: z.array(z.string().max(64)).min(1).max(10_000) }).strict(),
    z.object({ affected: z.number().int() }),
  ),
  /** The seed's registry: the records of a study id (default: the one in the settings). */
  'publish.registry': operation(z.object({ studyId: z.string().trim().max(200).optional() }).strict(), z.array(registryRecordSchema)),
  /** User spaces of a connection whose `capabilities.userSpaces` says it has them (JCS-pub §4). */
  'spaces.list': operation(spaceOperationsInput.onConnection, z.array(spaceViewSchema)),
  'spaces.create': operation(spaceCreateSchema, spaceViewSchema),
  /** A new name and, for S3-compatible spaces, a credential (the stored secret is kept unless a new one is typed). */
  'spaces.update': operation(spaceUpdateSchema, spaceViewSchema),
  /** The service refuses a space that packages or tasks still use (its message says which). */
  'spaces.delete': operation(spaceOperationsInput.onSpace, nothing),
  /** The service really uses the storage (writes and removes a probe); a failure says what failed. */
  'spaces.test': operation(spaceTestSchema, spaceTestResultSchema),
  /** One level of a space's folder (the folder picker). */
  'spaces.browse': operation(spaceBrowseSchema, spaceFolderSchema),
  /** Imports a file or folder of a space as a new package in a bucket: a job to follow in `spaces.jobs`. */
  'spaces.import': operation(spaceImportSchema, spaceJobViewSchema),
  /** Writes a package's objects under a path of a space: a job to follow in `spaces.jobs`. */
  'spaces.export': operation(spaceExportSchema, spaceJobViewSchema),
  /** Imports and exports of this connection, newest first. */
  'spaces.jobs': operation(spaceOperationsInput.onConnection, z.array(spaceJobViewSchema)),
  /** Space sync tasks (JCS-pub §5): one way, from a space path to one or more space paths, on an interval. */
  'spaces.tasks.list': operation(spaceOperationsInput.onConnection, z.array(spaceTaskViewSchema)),
  'spaces.tasks.create': operation(spaceTaskCreateSchema, spaceTaskViewSchema),
  /** Final: a cancelled task never runs again. */
  'spaces.tasks.cancel': operation(spaceOperationsInput.onTask, nothing),
  'transfers.resolveConflict': operation(
    z.object({ jobId: z.string(), resolution: conflictResolutionSchema, applyToAll: z.boolean() }).strict(),
    z.object({ resolved: z.number().int() }),
  ),
  /** A page's beat: it still holds the files of these browser uploads (those no page names wait for their file). */
  'transfers.holdBrowserFiles': operation(z.object({ jobIds: z.array(z.string().max(64)).max(HOLD_MAX_IDS) }).strict(), nothing),
  /**
   * A file dropped again for an upload whose page went away (`next` > 0): the
   * SHA-256 of each chunk main acknowledged, read from the new file. Answers
   * the chunk to send next: where it stopped when they match, 0 when this is
   * another file (sent whole, over what was sent before).
   */
  'transfers.proveBrowserFile': operation(
    z.object({ jobId: z.string().max(64), digests: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000) }).strict(),
    z.object({ next: z.number().int().min(0) }),
  ),
  ...syncResolveOperations,
  ...shareOperations,
  ...sizeOperations,
  ...transferBatchOperations,
  ...searchOperations,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type ParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;
export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}
