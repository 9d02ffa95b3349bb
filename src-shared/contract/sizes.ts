/**
 * Sizes you can see: folder sizes and object counts for the folders in view
 * (computed in main in the background, a few at a time, dropped when they
 * leave the view), and storage used per package, bucket and connection.
 */
import { z } from 'zod';
import { nothing, operation } from './define';
import { connectionIdSchema } from './domain';
import { rootIdSchema } from './locations';

/** How many folders one view may ask for at once (a screenful with overscan is far fewer). */
export const MAX_WATCHED_FOLDERS = 500;

export const folderSizeSchema = z.object({ prefix: z.string(), objects: z.number().int().min(0), bytes: z.number().min(0) });
export type FolderSize = z.infer<typeof folderSizeSchema>;

const viewIdSchema = z.string().min(1).max(64);
const totalsSchema = z.object({ objects: z.number().int().min(0), bytes: z.number().min(0) });

export const usageTotalsSchema = z.object({
  /** The root being viewed (a package). */
  root: totalsSchema,
  /** The roots beside it under the same parent (a bucket), null at the top level. */
  parent: totalsSchema.nullable(),
  /** Every root of the connection that holds objects. */
  connection: totalsSchema,
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

export const sizeOperations = {
  /**
   * The folders a view shows now: sizes known already come back at once, the
   * others arrive as `sizes.folder` events. Folders the view no longer names
   * are dropped (a computation nobody waits for is cancelled).
   */
  'sizes.watch': operation(
    z.object({ viewId: viewIdSchema, connectionId: connectionIdSchema, root: rootIdSchema, prefixes: z.array(z.string().min(1).max(4096)).max(MAX_WATCHED_FOLDERS) }).strict(),
    z.object({ known: z.array(folderSizeSchema) }),
  ),
  /** The view is gone: everything it waited for is dropped. */
  'sizes.unwatch': operation(z.object({ viewId: viewIdSchema }).strict(), nothing),
  /** Storage used by the root, its parent and the whole connection. */
  'sizes.usage': operation(z.object({ connectionId: connectionIdSchema, root: rootIdSchema }).strict(), usageTotalsSchema),
};

export const sizeEvents = {
  /** A watched folder's size was computed (or could not be: `failed`). */
  'sizes.folder': z.object({ connectionId: connectionIdSchema, root: rootIdSchema, prefix: z.string(), objects: z.number().int(), bytes: z.number(), failed: z.boolean() }),
};
