/** Domain shapes that cross the contract. Locations (roots, entries, capabilities) are in locations.ts. */
import { z } from 'zod';
import { capabilitiesSchema, remoteEntrySchema, rootIdSchema } from './locations';

/** The embedded storage node's connection: always present, cannot be removed. */
export const LOCAL_CONNECTION_ID = 'local';

export const connectionIdSchema = z.string().min(1).max(64);
export const idSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const operationIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const nodeStatusSchema = z.object({
  state: z.enum(['starting', 'running', 'stopped', 'failed']),
  url: z.string().nullable(),
  message: z.string().nullable(),
});
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  platform: z.string(),
  dataDir: z.string(),
  embeddedNode: nodeStatusSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const languageSchema = z.enum(['system', 'en', 'zh-CN']);
export const themeSchema = z.enum(['system', 'light', 'dark']);
export const transferSettingsSchema = z.object({
  /** Files transferred at the same time. */
  maxConcurrentFiles: z.number().int().min(1).max(16),
  /** Parts (upload parts, download ranges) in flight at the same time, over all files. */
  maxConcurrentParts: z.number().int().min(1).max(32),
  /** 0 = unlimited. */
  bandwidthLimitKiBps: z.number().int().min(0).max(10_000_000),
  /** Files at least this big go through multipart upload and parallel ranged download. */
  multipartThresholdMiB: z.number().int().min(1).max(4096),
  /**
   * Refuse to download an object whose fileHash cannot be checked (anything but `Full` + SHA-256), instead of
   * saving it marked "not verified". Optional on input (settings saved before it existed, callers that predate it): off.
   */
  requireVerifiedDownloads: z.boolean().default(false),
});
export type TransferSettings = z.infer<typeof transferSettingsSchema>;
export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8, requireVerifiedDownloads: false };
export const settingsSchema = z.object({
  language: languageSchema,
  theme: themeSchema,
  transfers: transferSettingsSchema,
  /** Desktop app: open at login (the OS's login items; on Linux an XDG autostart entry). Ignored in headless mode. */
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A connection's settings or secrets as form fields (the kind's schema in src-shared/providers/ says which). */
export const connectionFieldsSchema = z.record(z.string().max(64), z.string().max(4096));
export const connectionKindSchema = z.string().min(1).max(32).regex(/^[a-z][a-z0-9-]*$/);

/** A connection as the renderer sees it: never a secret's value. */
export const connectionViewSchema = z.object({
  id: connectionIdSchema,
  name: z.string(),
  /** Its kind of storage (the provider registry's key: 'jcs', ...). */
  kind: connectionKindSchema,
  /** The embedded storage node ("This computer"): always there, not editable. */
  embedded: z.boolean(),
  /** The kind's settings, as stored (the embedded node's as they are while it runs). */
  config: connectionFieldsSchema,
  /** Names of the secrets that are set. */
  secretsSet: z.array(z.string()),
  /** False when stored secrets cannot be decrypted here (e.g. saved by the desktop app, opened headless). */
  secretsReadable: z.boolean(),
  capabilities: capabilitiesSchema,
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const connectionNameSchema = z.string().trim().min(1, 'name is required').max(100);
export const baseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without query, fragment or credentials');
/** A new connection: its kind and that kind's settings and secrets (validated by the kind's schemas in main). */
export const connectionDraftSchema = z
  .object({
    name: connectionNameSchema,
    kind: connectionKindSchema,
    config: connectionFieldsSchema,
    secrets: connectionFieldsSchema.optional(),
  })
  .strict();
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>;

export const connectionUpdateSchema = z
  .object({
    id: connectionIdSchema,
    name: connectionNameSchema.optional(),
    /** Fields given replace the stored ones; fields left out stay. */
    config: connectionFieldsSchema.optional(),
    /** A secret given as '' is cleared; secrets left out keep what is stored. */
    secrets: connectionFieldsSchema.optional(),
  })
  .strict();

/** Test a saved connection, or a draft (optionally reusing a saved connection's secrets where the draft leaves them out). */
export const connectionTestSchema = z.union([
  z.object({ id: connectionIdSchema }).strict(),
  z.object({ draft: connectionDraftSchema.partial({ name: true }), reuseSecretOf: connectionIdSchema.optional() }).strict(),
]);
/** `roots`: how many roots the connection's top level lists (JCS: buckets). */
export const connectionTestResultSchema = z.object({ roots: z.number().int(), latencyMs: z.number() });

export const objectPageSchema = z.object({
  entries: z.array(remoteEntrySchema),
  /** Sub-folders, as full prefixes ending in '/'. */
  folders: z.array(z.string()),
  /** Token for the next page, or null on the last page. */
  nextToken: z.string().nullable(),
  /** Where the service counts them (`capabilities.listQuery.total`): how many entries match in all. */
  total: z.number().int().min(0).optional(),
});
export type ObjectPage = z.infer<typeof objectPageSchema>;

/** What an object operation acts on: one object (its path, and its `ref` from the listing), or a folder (every object under the prefix). */
export const objectTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('object'), path: z.string(), ref: z.string().max(200).optional(), size: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('folder'), prefix: z.string().endsWith('/') }),
]);
export type ObjectTarget = z.infer<typeof objectTargetSchema>;

export const objectSummarySchema = z.object({ objects: z.number().int(), bytes: z.number() });
export type ObjectSummary = z.infer<typeof objectSummarySchema>;

export const objectOpFailureSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
/** How many conflicts a transfer names one by one; the count says how many there are in all. */
export const TRANSFER_CONFLICTS_LISTED = 100;
/** A move or copy asked first ('ask'): destinations that are taken (nothing was changed). */
export const transferConflictsSchema = z.object({
  count: z.number().int(),
  /** The first of them: where each source would go. */
  items: z.array(z.object({ path: z.string(), to: z.string() })).max(TRANSFER_CONFLICTS_LISTED),
});
export type TransferConflicts = z.infer<typeof transferConflictsSchema>;
export const objectOpResultSchema = z.object({
  succeeded: z.number().int(),
  failed: z.array(objectOpFailureSchema),
  /** Transfers with conflict 'skip': objects left out because their destination was taken. */
  skipped: z.number().int().optional(),
  /** Transfers with conflict 'ask' that found taken destinations: nothing was moved or copied. */
  conflicts: transferConflictsSchema.optional(),
});
export type ObjectOpResult = z.infer<typeof objectOpResultSchema>;

export const operationProgressSchema = z.object({
  operationId: operationIdSchema,
  kind: z.enum(['delete', 'move', 'copy', 'rename']),
  /** Objects handled so far, and in all (0 while still counting). */
  done: z.number().int(),
  total: z.number().int(),
  finished: z.boolean(),
});
export type OperationProgress = z.infer<typeof operationProgressSchema>;

/**
 * What changed on a connection, so views can refetch: the roots under
 * `parentId` (a root added or removed there: `rootId`), or the objects of a root.
 */
export const storageChangeSchema = z.object({
  connectionId: connectionIdSchema,
  scope: z.enum(['roots', 'objects']),
  parentId: rootIdSchema.nullable(),
  rootId: rootIdSchema.nullable(),
});
export type StorageChange = z.infer<typeof storageChangeSchema>;

// ---- transfers ----

export const transferStateSchema = z.enum(['queued', 'running', 'paused', 'completed', 'failed', 'cancelled']);
export type TransferState = z.infer<typeof transferStateSchema>;
export const conflictPolicySchema = z.enum(['ask', 'overwrite', 'skip', 'keepBoth']);
export type ConflictPolicy = z.infer<typeof conflictPolicySchema>;
export const conflictResolutionSchema = z.enum(['overwrite', 'skip', 'keepBoth']);

export const transferJobSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  direction: z.enum(['upload', 'download']),
  source: z.enum(['disk', 'browser']),
  state: transferStateSchema,
  /**
   * Set while the job waits for the user: its destination already exists ('conflict'), or it is a
   * browser upload whose page went away and it waits for the same file to be dropped again ('file').
   */
  waiting: z.enum(['conflict', 'file']).nullable(),
  connectionId: z.string(),
  root: rootIdSchema,
  remotePath: z.string(),
  localPath: z.string(),
  displayName: z.string(),
  size: z.number(),
  bytesDone: z.number(),
  speed: z.number(),
  etaSeconds: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** What happened besides the plain transfer: 'skipped', or the name a file was saved under. */
  note: z.string().nullable(),
  /** A finished download: true when its bytes were checked against a hash the service computed, false when there was none to check ("not verified"); null otherwise. */
  verified: z.boolean().nullable(),
  /** The sync task that queued it; null for the user's own transfers. */
  syncTaskId: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  /** One file (absent means the same), or a folder read as one zip: saved as the zip, or unpacked. */
  kind: z.enum(['file', 'folderZip', 'folderUnpack']).optional(),
  /** A folder unpacked: the zip entries it refused (unsafe names, links) and skipped; the first 50, with the count of all. */
  refused: z.object({ count: z.number().int(), entries: z.array(z.object({ path: z.string(), reason: z.string() })) }).optional(),
});
export type TransferJob = z.infer<typeof transferJobSchema>;

export const transferTotalsSchema = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  paused: z.number().int(),
  failed: z.number().int(),
  /** Transferred; skipped files are counted in `skipped`, not here. */
  completed: z.number().int(),
  cancelled: z.number().int(),
  waiting: z.number().int(),
  /** Completed by leaving the file out (its destination existed and the answer was "skip"). */
  skipped: z.number().int(),
  /** Bytes and speed of the jobs running now. */
  bytesDone: z.number(),
  bytesTotal: z.number(),
  speed: z.number(),
});
export type TransferTotals = z.infer<typeof transferTotalsSchema>;

export const transferUpdateSchema = transferJobSchema.pick({ id: true, state: true, waiting: true, bytesDone: true, speed: true, etaSeconds: true, errorCode: true, errorMessage: true, note: true, verified: true });
export type TransferUpdate = z.infer<typeof transferUpdateSchema>;

export const browserFileSchema = z.object({
  /** Path relative to the drop target, '/'-separated (a dropped folder's files carry the folder name). */
  relativePath: z.string().min(1).max(1024),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  lastModified: z.number().optional(),
});
