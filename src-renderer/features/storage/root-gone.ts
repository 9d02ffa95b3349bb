/**
 * Whether a root the user has open was deleted elsewhere (another window,
 * another browser tab in headless mode, another client of the service). The
 * service's own word decides: `roots.get` refused as not found. A listing
 * refused as not found is only the hint to ask (a provider may say that of a
 * missing folder too), and `storage.changed` about roots refetches the answer
 * when the deletion was made through this app.
 */
import { useEffect } from 'react';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { useApiQuery } from '../../lib/api';

/** A refusal saying the thing named does not exist (any more). */
export function isNotFound(error: unknown): boolean {
  return error instanceof AppError && (error.code === AppErrorCode.DataNotFound || error.code === AppErrorCode.NotFound);
}

/** True once the service says `rootId` no longer exists (never for null: the connection's top); `hint`: a failure of something inside it, asking again when it is a not-found. */
export function useRootGone(connectionId: string, rootId: string | null, hint: unknown): boolean {
  // A not-found is the answer, not a failure to retry.
  const root = useApiQuery('roots.get', { connectionId, rootId: rootId ?? '' }, { enabled: rootId !== null, retry: (count, error) => !isNotFound(error) && count < 1 });
  const gone = root.isError && isNotFound(root.error);
  const hinted = isNotFound(hint);
  const { refetch } = root;
  useEffect(() => {
    if (hinted && !gone && rootId !== null) void refetch();
  }, [hinted, gone, refetch, rootId]);
  return gone;
}
