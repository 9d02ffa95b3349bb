/**
 * Where an upload lands, decided as late as possible: the destination is
 * checked when the file is about to be put in place, and the job's conflict
 * policy applies (overwrite, keep both as `name (n).ext`, skip, or ask the user).
 */
import type { JcsObject } from '@shared/jcs/wire';
import { withRetry } from '../retry';
import { ConflictWaiting, SkippedByConflict, type RunContext } from '../run-context';
import { firstFreeName } from '../unique-name';

export async function objectAt(ctx: RunContext, path: string): Promise<JcsObject | undefined> {
  const page = await withRetry(() => ctx.client.listByPath({ packageID: ctx.job.package_id, path, isPrefix: false }, ctx.signal), ctx.signal, ctx.retry);
  return page.objects[0];
}

/**
 * Makes the job's remote path free for `ownObjectId` (or any object when
 * undefined) according to the policy. Returns the path to use.
 */
export async function claimDestination(ctx: RunContext, ownObjectId?: number): Promise<string> {
  const path = ctx.job.remote_path;
  const existing = await objectAt(ctx, path);
  if (!existing || existing.objectID === ownObjectId) return path;
  switch (ctx.job.conflict) {
    case 'overwrite':
      return path;
    case 'skip':
      throw new SkippedByConflict(path);
    case 'keepBoth': {
      const slash = path.lastIndexOf('/');
      const folder = path.slice(0, slash + 1);
      const taken = new Set<string>();
      // Probe names one by one: the folder may be huge, the probes are few.
      let candidate = path;
      for (let n = 0; n < 1000; n++) {
        candidate = folder + firstFreeName(path.slice(slash + 1), (name) => taken.has(name));
        if (!(await objectAt(ctx, candidate))) break;
        taken.add(candidate.slice(slash + 1));
      }
      ctx.patch({ remote_path: candidate });
      return candidate;
    }
    default:
      throw new ConflictWaiting(path);
  }
}
