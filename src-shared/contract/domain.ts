/** Domain shapes that cross the contract. JCS shapes are the wire schemas of src-shared/jcs. */
import { z } from 'zod';
import { objectSchema } from '../jcs/wire';

export { bucketSchema, packageSchema, objectSchema, type Bucket, type Package, type JcsObject } from '../jcs/wire';

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
export const settingsSchema = z.object({ language: languageSchema, theme: themeSchema });
export type Settings = z.infer<typeof settingsSchema>;

/** A connection as the renderer sees it: never the secret key. */
export const connectionViewSchema = z.object({
  id: connectionIdSchema,
  name: z.string(),
  baseUrl: z.string(),
  kind: z.enum(['embedded', 'jcs']),
  accessKey: z.string().nullable(),
  hasSecretKey: z.boolean(),
  /** False when stored secrets cannot be decrypted here (e.g. saved by the desktop app, opened headless). */
  secretsReadable: z.boolean(),
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
const keySchema = z.string().max(512);

export const connectionDraftSchema = z
  .object({
    name: connectionNameSchema,
    baseUrl: baseUrlSchema,
    accessKey: keySchema.optional(),
    secretKey: keySchema.optional(),
  })
  .strict();
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>;

export const connectionUpdateSchema = z
  .object({
    id: connectionIdSchema,
    name: connectionNameSchema.optional(),
    baseUrl: baseUrlSchema.optional(),
    /** '' clears the key pair; undefined keeps what is stored. */
    accessKey: keySchema.optional(),
    secretKey: keySchema.optional(),
  })
  .strict();

/** Test a saved connection, or a draft (optionally reusing a saved connection's secret). */
export const connectionTestSchema = z.union([
  z.object({ id: connectionIdSchema }).strict(),
  z.object({ draft: connectionDraftSchema.partial({ name: true }), reuseSecretOf: connectionIdSchema.optional() }).strict(),
]);
export const connectionTestResultSchema = z.object({ buckets: z.number().int(), latencyMs: z.number() });

export const objectPageSchema = z.object({
  objects: z.array(objectSchema),
  /** Sub-folders, as full prefixes ending in '/'. */
  folders: z.array(z.string()),
  /** Token for the next page, or null on the last page. */
  nextToken: z.string().nullable(),
});
export type ObjectPage = z.infer<typeof objectPageSchema>;

/** What an object operation acts on: one object, or a folder (every object under the prefix). */
export const objectTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('object'), objectId: idSchema, path: z.string(), size: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('folder'), prefix: z.string().endsWith('/') }),
]);
export type ObjectTarget = z.infer<typeof objectTargetSchema>;

export const objectSummarySchema = z.object({ objects: z.number().int(), bytes: z.number() });
export type ObjectSummary = z.infer<typeof objectSummarySchema>;

export const objectOpFailureSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export const objectOpResultSchema = z.object({
  succeeded: z.number().int(),
  failed: z.array(objectOpFailureSchema),
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

/** What changed on a connection, so views can refetch. */
export const storageChangeSchema = z.object({
  connectionId: connectionIdSchema,
  scope: z.enum(['buckets', 'packages', 'objects']),
  bucketId: idSchema.nullable(),
  packageId: idSchema.nullable(),
});
export type StorageChange = z.infer<typeof storageChangeSchema>;
