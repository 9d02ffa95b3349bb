/**
 * A thumbnail as the renderer asks for it: an image URL (headless: a GET route
 * on the same origin; desktop: the app's own scheme) whose query names the
 * object, the service's etag of it, and the size. The URL changes whenever the
 * file does (the etag is in it), so a response may be cached as immutable and
 * an image on screen is fetched once. Both transports parse the query with the
 * same schema, so what one accepts the other does.
 */
import { z } from 'zod';
import { rootIdSchema } from '../contract/locations';

/** The desktop app's scheme for thumbnails (registered as privileged in src-main/app; allowed by the CSP's img-src). */
export const THUMBNAIL_SCHEME = 'jcs-thumb';
/** The headless route. */
export const THUMBNAIL_ROUTE = '/api/thumbnail';
/** Largest edge a thumbnail may be asked for, in device pixels (a card on a 3x screen is well under it). */
export const MAX_THUMBNAIL_SIZE = 1024;

export const thumbnailRequestSchema = z
  .object({
    connectionId: z.string().min(1).max(200),
    root: rootIdSchema,
    path: z.string().min(1).max(4096),
    ref: z.string().min(1).max(200).optional(),
    /** The entry's etag from the listing (what makes the URL immutable); '' when the service gave none. */
    etag: z.string().max(200),
    fit: z.enum(['short', 'long', 'crop']),
    size: z.number().int().min(16).max(MAX_THUMBNAIL_SIZE),
  })
  .strict();
export type ThumbnailRequest = z.infer<typeof thumbnailRequestSchema>;

/** The query string of a thumbnail URL (same for both transports). */
export function thumbnailQuery(request: ThumbnailRequest): string {
  const query = new URLSearchParams({ connection: request.connectionId, root: request.root, path: request.path, etag: request.etag, fit: request.fit, size: String(request.size) });
  if (request.ref !== undefined) query.set('ref', request.ref);
  return query.toString();
}

/** Reads a thumbnail URL's query back; a message naming what is wrong when it is malformed. */
export function parseThumbnailQuery(params: URLSearchParams): { ok: true; request: ThumbnailRequest } | { ok: false; message: string } {
  const size = params.get('size');
  const ref = params.get('ref');
  const parsed = thumbnailRequestSchema.safeParse({
    connectionId: params.get('connection') ?? undefined,
    root: params.get('root') ?? undefined,
    path: params.get('path') ?? undefined,
    etag: params.get('etag') ?? undefined,
    fit: params.get('fit') ?? undefined,
    size: size !== null && /^\d{1,5}$/.test(size) ? Number(size) : size,
    ...(ref !== null ? { ref } : {}),
  });
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0] === 'connectionId' ? 'connection' : String(issue?.path[0] ?? 'query');
  return { ok: false, message: `${field}: ${issue?.message ?? 'invalid'}` };
}
