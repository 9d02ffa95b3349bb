/**
 * Where an upload lands, decided as late as possible: the destination is
 * checked when the file is about to be put in place, and the job's conflict
 * policy applies (overwrite, keep both as `name (n).ext`, skip, or ask the user).
 */
import type { RemoteEntry } from '../../../providers/storage-provider';
import { withRetry } from '../retry';
import { ConflictWaiting, SkippedByConflict, type RunContext } from '../run-context';
import { firstFreeName } from '../unique-name';

/** What is at exactly `path` in the job's root now, or undefined. */
export async function entryAt(ctx: RunContext, path: string): Promise<RemoteEntry | undefined> {
  const entry = await withRetry(() => ctx.provider.stat(ctx.job.root, path, ctx.signal), ctx.signal, ctx.retry);
  // An exact lookup may answer with another path (a service is not trusted): that is not what is at `path`.
  return entry?.path === path ? entry : undefined;
}

/** Whether `entry` is the object this job wrote (its own upload, placed before a crash or a lost answer). */
export function isOwn(entry: RemoteEntry, ownRef: string | null | undefined): boolean {
  return ownRef != null && entry.ref === ownRef;
}

/**
 * Makes the job's remote path free for the object `ownRef` names (or for any
 * object when it names none) according to the policy. Returns the path to use
 * and what is there now when the policy lets the upload replace it.
 */
export async function claimDestination(ctx: RunContext, ownRef?: string | null): Promise<{ path: string; replaces: RemoteEntry | undefined }> {
  const path = ctx.job.remote_path;
  const existing = await entryAt(ctx, path);
  if (!existing || isOwn(existing, ownRef)) return { path, replaces: undefined };
  switch (ctx.job.conflict) {
    case 'overwrite':
      return { path, replaces: existing };
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
        if (!(await entryAt(ctx, candidate))) break;
        taken.add(candidate.slice(slash + 1));
      }
      ctx.patch({ remote_path: candidate });
      return { path: candidate, replaces: undefined };
    }
    default:
      throw new ConflictWaiting(path);
  }
}
