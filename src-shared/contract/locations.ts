/**
 * Where things are, in words every kind of storage shares: a connection, a
 * *root* inside it (an opaque id its provider hands out: a JCS package, the one
 * space of a flat file service, an S3 bucket) and a `/`-separated path in the
 * root. Roots form a small tree whose levels the connection's capabilities
 * name (JCS: bucket → package); only roots of the last level hold content.
 * Service-specific fields travel in `extras`, for the details panel to show.
 */
import { z } from 'zod';

export const rootIdSchema = z.string().min(1).max(200);
export type RootId = z.infer<typeof rootIdSchema>;

/** Service fields worth showing, as the service gave them. */
export const extrasSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const rootNodeSchema = z.object({
  id: rootIdSchema,
  name: z.string(),
  /** Index into the connection's `capabilities.rootLevels`. */
  level: z.number().int().min(0),
  /** The node above, null at the top. */
  parentId: rootIdSchema.nullable(),
  createdAt: z.string().nullable(),
  extras: extrasSchema,
});
export type RootNode = z.infer<typeof rootNodeSchema>;

export const hashAlgorithmSchema = z.literal('sha256');
export const contentHashSchema = z.object({ algorithm: hashAlgorithmSchema, value: z.string() });
export type ContentHash = z.infer<typeof contentHashSchema>;

/** One object in a listing. */
export const remoteEntrySchema = z.object({
  path: z.string(),
  size: z.number(),
  /** RFC 3339, as the service gave it. */
  modified: z.string(),
  hash: contentHashSchema.optional(),
  etag: z.string().optional(),
  /** The provider's handle for this very object (JCS: its objectID), passed back so an operation acts on it and not on whatever is at the path by then. */
  ref: z.string().optional(),
  /** Still being written by someone (not content yet). */
  pending: z.boolean().optional(),
  /** A transfer of it can be checked against a hash the service computed (a trusted hash is present). */
  verifiable: z.boolean(),
  extras: extrasSchema,
});
export type RemoteEntry = z.infer<typeof remoteEntrySchema>;

export const sortFieldSchema = z.enum(['name', 'size', 'modified', 'created', 'type']);
export type SortField = z.infer<typeof sortFieldSchema>;
export const listSortSchema = z.object({ field: sortFieldSchema, order: z.enum(['asc', 'desc']) }).strict();
export type ListSort = z.infer<typeof listSortSchema>;
/** `type`: a MIME main type ('image', 'audio'...). */
export const listFilterSchema = z.object({ name: z.string().max(255).optional(), type: z.string().regex(/^[a-z0-9.+-]{1,64}$/).optional() }).strict();
export type ListFilter = z.infer<typeof listFilterSchema>;

/** How much a service holds ('service': everyone's files; 'self': this account's). */
export const storageUsageSchema = z.object({
  scopes: z.array(
    z.object({
      scope: z.enum(['service', 'self']),
      byType: z.array(z.object({ type: z.enum(['total', 'image', 'audio', 'video']), count: z.number().int().min(0), bytes: z.number().min(0) })),
    }),
  ),
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

export const rootLevelSchema = z.object({
  /** A word the renderer translates: 'bucket', 'package', 'space'... */
  key: z.string(),
  create: z.boolean(),
  delete: z.boolean(),
});

/**
 * What a kind of storage can do (src-main/providers/storage-provider.ts has
 * each field's meaning). The renderer offers an action only where these say
 * the service can do it.
 */
export const capabilitiesSchema = z.object({
  rootLevels: z.array(rootLevelSchema).min(1),
  hash: z.object({ algorithm: hashAlgorithmSchema, trusted: z.boolean() }).nullable(),
  ranges: z.boolean(),
  folders: z.enum(['prefix', 'real', 'none']),
  move: z.boolean(),
  moveAcrossRoots: z.boolean(),
  copy: z.boolean(),
  copyAcrossRoots: z.boolean(),
  rename: z.boolean(),
  delete: z.boolean(),
  batchUpload: z.object({ maxFiles: z.number().int(), maxBytes: z.number() }).nullable(),
  multipart: z.object({ minPartSize: z.number(), maxPartSize: z.number(), maxParts: z.number().int(), listParts: z.boolean(), staged: z.boolean() }).nullable(),
  thumbnails: z.boolean(),
  folderAsZip: z.boolean(),
  maxObjectSize: z.number().nullable(),
  reservedPrefixes: z.array(z.string()),
  /** The service sorts, filters and pages listings itself (`objects.list`'s `sort`, `filter`, `offset`), with these fields. */
  listQuery: z
    .object({
      sortFields: z.array(sortFieldSchema),
      filters: z.array(z.enum(['name', 'type'])),
      offsets: z.boolean(),
      total: z.boolean(),
    })
    .nullable(),
  /** `objects.usage` answers (counts and bytes per type). */
  usage: z.boolean(),
  /** The `spaces.*` operations answer (JCS-pub user spaces and space sync tasks). */
  userSpaces: z.boolean(),
});
export type CapabilitiesView = z.infer<typeof capabilitiesSchema>;
