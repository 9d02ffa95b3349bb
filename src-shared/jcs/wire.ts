/**
 * The JCS-pub client API on the wire (seed 001, sections 1-3; specs/jcs-api.md).
 * Request schemas validate what a server receives; response schemas parse what
 * a client receives, tolerant of what a real JCS-pub service may send (sizes as
 * strings or numbers, `null` for empty arrays, extra fields).
 */
import { z } from 'zod';

const MAX_ID = Number.MAX_SAFE_INTEGER;
export const idSchema = z.number().int().min(1).max(MAX_ID);

/** A byte count: a JSON string of digits (Go's `json:",string"`) or a number. */
export const sizeSchema = z
  .union([z.string().regex(/^\d{1,16}$/), z.number().int().min(0)])
  .transform((value) => Number(value))
  .refine((n) => Number.isSafeInteger(n), 'size is too large');

export const redundancySchema = z.looseObject({ type: z.string() });
export type Redundancy = z.infer<typeof redundancySchema>;

const nullableArray = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

export const bucketSchema = z.looseObject({
  bucketID: idSchema,
  name: z.string(),
  createTime: z.string().optional(),
});
export type Bucket = z.infer<typeof bucketSchema>;

export const packageSchema = z.looseObject({
  packageID: idSchema,
  name: z.string(),
  bucketID: idSchema,
  createTime: z.string(),
});
export type Package = z.infer<typeof packageSchema>;

export const objectSchema = z.looseObject({
  objectID: idSchema,
  packageID: idSchema,
  path: z.string(),
  size: sizeSchema,
  fileHash: z.string(),
  redundancy: redundancySchema,
  createTime: z.string(),
  updateTime: z.string(),
});
/** An object as the client sees it: `size` is a number. */
export type JcsObject = z.output<typeof objectSchema>;

/** The envelope of every JSON response. */
export const envelopeSchema = z.object({
  code: z.string(),
  message: z.string().nullish().transform((m) => m ?? ''),
  data: z.unknown(),
});

// ---- Requests (what the storage node validates) ----

export const bucketCreateRequest = z.object({ userID: z.number().optional(), name: z.string() });
export const bucketDeleteRequest = z.object({ bucketID: idSchema });
export const packageCreateRequest = z.object({ userID: z.number().optional(), bucketID: idSchema, name: z.string() });
export const packageDeleteRequest = z.object({ userID: z.number().optional(), packageID: idSchema });
export const uploadInfoRequest = z.object({
  userID: z.number().optional(),
  packageID: idSchema,
  affinity: z.number().int().nullish(),
});
export const objectMoveRequest = z.object({
  movings: z.array(z.object({ objectID: idSchema, packageID: idSchema, path: z.string() })),
});
export const objectDeleteRequest = z.object({ objectIDs: z.array(idSchema) });
export const objectCloneRequest = z.object({
  clonings: z.array(z.object({ objectID: idSchema, newPath: z.string(), newPackageID: idSchema })),
});
export const newMultipartUploadRequest = z.object({ packageID: idSchema, path: z.string() });
export const uploadPartInfoRequest = z.object({ objectID: idSchema, index: z.number().int().min(0).max(1_000_000) });
export const completeMultipartUploadRequest = z.object({
  objectID: idSchema,
  indexes: z.array(z.number().int().min(0).max(1_000_000)).min(1),
});

// ---- Responses (what the client parses from `data`) ----

export const bucketResponse = z.object({ bucket: bucketSchema });
export const bucketListResponse = z.object({ buckets: nullableArray(bucketSchema) });
export const packageResponse = z.object({ package: packageSchema });
export const packageListResponse = z.object({ packages: nullableArray(packageSchema) });
export const uploadResponse = z.object({ uploadeds: nullableArray(objectSchema) });
export const objectListResponse = z.object({ objects: nullableArray(objectSchema) });
export const objectResponse = z.object({ object: objectSchema });
export const moveResponse = z.object({ successes: nullableArray(idSchema) });
export const listByPathResponse = z.object({
  objects: nullableArray(objectSchema),
  commonPrefixes: nullableArray(z.string()),
  isTruncated: z.boolean().nullish().transform((v) => v ?? false),
  nextContinuationToken: z.string().nullish().transform((v) => v ?? ''),
});
export type ListByPathResult = z.output<typeof listByPathResponse>;

/** `Full` + uppercase SHA-256 hex: the fileHash of a whole-content object. */
export function fullFileHash(sha256Hex: string): string {
  return 'Full' + sha256Hex.toUpperCase();
}

/** fileHash of a multipart object whose upload is not complete (seed example). */
export const PENDING_FILE_HASH = 'Full' + '0'.repeat(64);

/** Formats a zod error as "field: problem; field: problem" for BadArgument messages. */
export function describeZodError(error: z.ZodError, root = ''): string {
  return error.issues
    .map((issue) => {
      const field = [root, ...issue.path.map(String)].filter(Boolean).join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
