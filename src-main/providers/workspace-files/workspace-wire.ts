/**
 * What the client accepts from a Workspace Files service (seed 004): the
 * fields it uses, with types; other fields a newer service may add pass.
 * `success` must be true: an answer that says otherwise is not one to use.
 */
import { z } from 'zod';

export const uploadAnswer = z.object({
  success: z.literal(true),
  path: z.string().min(1),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex'),
});
export type UploadAnswer = z.infer<typeof uploadAnswer>;

export const listItem = z.object({
  name: z.string(),
  is_dir: z.boolean(),
  size: z.number().nonnegative(),
  modified_at: z.number(),
  path: z.string(),
});
export type ListItem = z.infer<typeof listItem>;

export const listAnswer = z.object({
  success: z.literal(true),
  base: z.string(),
  items: z.array(listItem),
});
