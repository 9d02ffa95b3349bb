/**
 * What an upload replaces: kept at the job's trash path when it has one (sync
 * keeps every version it replaces), otherwise deleted when the upload cannot
 * replace it itself (a staged upload is placed by a move, which never
 * overwrites). Done with whatever the service can do: a server-side move, a
 * server-side copy (then the original goes by delete or by the upload
 * replacing it), or, on a service that can do neither, a copy of the bytes
 * through this machine.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { ProviderErrorCode } from '../../../providers/provider-errors';
import type { BulkResult, RemoteEntry, UploadBody } from '../../../providers/storage-provider';
import { withRetry } from '../retry';
import type { RunContext } from '../run-context';
import { numberedName } from '../unique-name';
import { entryAt } from './remote-destination';

/**
 * Makes way for the upload at `existing.path`. `mustRemove`: the upload will
 * not replace it (a staged upload's `place` never overwrites), so the path
 * must be empty afterwards.
 */
export async function setAsideReplaced(ctx: RunContext, existing: RemoteEntry, mustRemove: boolean): Promise<void> {
  if (ctx.job.trash_root) await keepInTrash(ctx, existing, ctx.job.trash_root, mustRemove);
  else if (mustRemove) await deleteEntry(ctx, existing);
}

async function keepInTrash(ctx: RunContext, existing: RemoteEntry, trash: string, mustRemove: boolean): Promise<void> {
  const { provider } = ctx;
  const moveOrCopy = provider.move ? 'move' : provider.copy ? 'copy' : undefined;
  // An earlier version replaced in the same second may hold the trash path (nothing overwrites it): then `name (n).ext`.
  const slash = trash.lastIndexOf('/');
  for (let n = 0; n <= 100; n++) {
    const path = n === 0 ? trash : trash.slice(0, slash + 1) + numberedName(trash.slice(slash + 1), n);
    if (await entryAt(ctx, path)) continue;
    if (moveOrCopy) {
      const result = await withRetry(() => provider[moveOrCopy]!(ctx.job.root, [{ from: existing, to: path }], ctx.job.root, ctx.signal), ctx.signal, ctx.retry);
      const failure = outcome(result, path);
      if (failure === ProviderErrorCode.Conflict) continue; // taken meanwhile: the next name
      if (failure !== undefined) throw new AppError(AppErrorCode.OperationFailed, `could not keep the replaced '${existing.path}' at '${path}' (${failure})`);
      if (moveOrCopy === 'copy' && mustRemove) await deleteEntry(ctx, existing);
    } else {
      await copyThroughHere(ctx, existing, path);
      if (mustRemove) await deleteEntry(ctx, existing);
    }
    return;
  }
  throw new AppError(AppErrorCode.OperationFailed, `could not move the replaced '${ctx.job.remote_path}' to '${trash}'`);
}

/** undefined when the item went through, else its failure's code. */
function outcome(result: BulkResult, path: string): string | undefined {
  if (result.done.includes(path)) return undefined;
  return result.failed.find((f) => f.path === path)?.code ?? ProviderErrorCode.OperationFailed;
}

async function deleteEntry(ctx: RunContext, entry: RemoteEntry): Promise<void> {
  const { provider } = ctx;
  if (!provider.delete) throw new AppError(AppErrorCode.Unsupported, `'${entry.path}' exists and this service cannot delete it to make way for the upload`);
  const result = await withRetry(() => provider.delete!(ctx.job.root, [{ path: entry.path, ref: entry.ref }], ctx.signal), ctx.signal, ctx.retry);
  const failure = result.failed.find((f) => f.path === entry.path);
  if (failure && failure.code !== ProviderErrorCode.DataNotFound) throw new AppError(AppErrorCode.OperationFailed, `could not delete '${entry.path}' to make way for the upload: ${failure.message}`);
}

/** A copy of `entry` at `path` with its bytes read and sent again (a service with neither move nor copy). */
async function copyThroughHere(ctx: RunContext, entry: RemoteEntry, path: string): Promise<void> {
  const { provider, job, signal } = ctx;
  const body: UploadBody = {
    size: entry.size,
    async *open() {
      const { stream } = await provider.read(job.root, { path: entry.path, ref: entry.ref }, undefined, { signal });
      yield* stream as AsyncIterable<Buffer>;
    },
  };
  await withRetry(() => provider.put(job.root, [{ path, body }], { signal }), signal, ctx.retry);
}
