/**
 * What the client accepts from a File Storage service (seed 002): the file
 * record of the seed's attribute list and the answers built from it. Extra
 * fields are allowed (a deployment may add some); the fields the client uses
 * must be there with the right types, or the answer is "not the File
 * Storage API".
 */
import { z } from 'zod';

export const wireFileSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  maintype: z.string().max(128),
  subtype: z.string().max(128),
  etag: z.string().max(1024),
  owner: z.string().max(128).optional(),
  created: z.number().nonnegative(),
  updated: z.number().nonnegative(),
});
export type WireFile = z.infer<typeof wireFileSchema>;

export const wireUploadSchema = z.object({ files: z.array(wireFileSchema) });
export const wireListSchema = z.object({ files: z.array(wireFileSchema), total: z.number().int().nonnegative() });

const countsSchema = z.object({
  total: z.number().nonnegative(),
  images: z.number().nonnegative(),
  audio: z.number().nonnegative(),
  video: z.number().nonnegative(),
});
export const wireStatSchema = z.object({ count: countsSchema, size: countsSchema });
export type WireStat = z.infer<typeof wireStatSchema>;

/** The seed's sortable fields the client asks for. */
export type WireOrderBy = 'name' | 'size' | 'updated' | 'created' | 'maintype';
