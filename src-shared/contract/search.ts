/**
 * Search across the folders of a root: main walks the root's listing under a
 * prefix (recursively, page by page, through the provider interface) and
 * returns the objects and folders whose names contain the query. Each
 * `search.page` call does a bounded amount of walking and hands back a token
 * to go on from, so the renderer shows the first results while the walk
 * continues, and stops asking when it has enough or the query changes.
 *
 * A search is named by the renderer (`searchId`): `search.cancel` aborts the
 * walk of that search that is in flight (the query changed, the view went).
 */
import { z } from 'zod';
import { nothing, operation } from './define';
import { connectionIdSchema } from './domain';
import { remoteEntrySchema, rootIdSchema } from './locations';

/** The longest query (in characters). */
export const SEARCH_QUERY_MAX = 200;
/** At most this many matches in one page. */
export const SEARCH_PAGE_MAX_RESULTS = 500;

export const searchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const searchMatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('object'), entry: remoteEntrySchema }).strict(),
  /** `prefix`: the folder's full prefix, ending in '/'. */
  z.object({ kind: z.literal('folder'), prefix: z.string() }).strict(),
]);
export type SearchMatch = z.infer<typeof searchMatchSchema>;

export const searchPageSchema = z.object({
  matches: z.array(searchMatchSchema),
  /** Objects looked at by this call. */
  scanned: z.number().int().min(0),
  /** Pass back to go on; null once the whole prefix has been walked. */
  nextToken: z.string().nullable(),
});
export type SearchPage = z.infer<typeof searchPageSchema>;

export const searchPageInputSchema = z
  .object({
    connectionId: connectionIdSchema,
    root: rootIdSchema,
    /** Where the walk starts: '' (the whole root) or a folder prefix ending in '/'. */
    prefix: z.string().max(1024),
    /** Matched, ignoring case, against the name of each object and folder (not the folders above it). */
    query: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
    searchId: searchIdSchema,
    token: z.string().max(8192).optional(),
    maxResults: z.number().int().min(1).max(SEARCH_PAGE_MAX_RESULTS).optional(),
  })
  .strict();

export const searchOperations = {
  /** One step of a search: the matches found by walking on from `token` (from the start without one). */
  'search.page': operation(searchPageInputSchema, searchPageSchema),
  /** Stops the step of this search in flight, if any (its call fails with Cancelled); unknown ids are fine. */
  'search.cancel': operation(z.object({ searchId: searchIdSchema }).strict(), nothing),
};
