/**
 * Share links: a time-limited download link for one object of a storage node
 * (a SigV4 presigned URL, signed in main: the secret key never leaves it).
 */
import { z } from 'zod';
import { operation } from './define';
import { connectionIdSchema } from './domain';
import { rootIdSchema } from './locations';

/** A link lasts at least a minute (shorter is gone before it is pasted) and at most 7 days (SigV4's own limit for presigned URLs). */
export const SHARE_LINK_MIN_SECONDS = 60;
export const SHARE_LINK_MAX_SECONDS = 7 * 24 * 3600;

export const shareLinkSchema = z.object({
  url: z.string(),
  /** ISO 8601: when the node stops accepting the link. */
  expiresAt: z.string(),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

export const shareOperations = {
  /** A download link for one object, valid for `expiresSeconds` (JCS storage nodes with keys only). */
  'share.createLink': operation(
    z
      .object({
        connectionId: connectionIdSchema,
        root: rootIdSchema,
        path: z.string().min(1).max(4096),
        expiresSeconds: z.number().int().min(SHARE_LINK_MIN_SECONDS).max(SHARE_LINK_MAX_SECONDS),
      })
      .strict(),
    shareLinkSchema,
  ),
};
