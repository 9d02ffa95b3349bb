/**
 * A move or copy with a conflict policy. The destinations are looked up
 * first; then 'ask' with any taken changes nothing at all and returns them
 * (Finder asks before it does anything; the caller runs again with the
 * answer), 'skip' leaves those items out, 'keepBoth' sends them to a free
 * "name (n).ext", 'overwrite' replaces them safely (transfer-replace.ts).
 * A destination taken after the look-up is still that item's Conflict
 * failure: the provider never overwrites.
 */
import type { ConflictPolicy, ObjectOpResult, ObjectTarget } from '@shared/contract/domain';
import type { StorageProvider } from '../../providers/storage-provider';
import { moveAll } from './bulk-steps';
import type { requireTransfer } from './operation-capabilities';
import type { ProgressReporter } from './operation-progress';
import { conflictReport, keepBothPlan, splitConflicts, takenDestinations, type PlanStep } from './transfer-conflicts';
import { replaceAll, requireReplace } from './transfer-replace';

export interface PolicyTransfer {
  provider: StorageProvider;
  send: ReturnType<typeof requireTransfer>;
  root: string;
  targets: readonly ObjectTarget[];
  targetRoot: string;
  targetFolder: string;
  plan: readonly PlanStep[];
  conflict: ConflictPolicy;
  signal: AbortSignal;
  progress: ProgressReporter;
  batch: number;
}

export async function transferWithPolicy(t: PolicyTransfer): Promise<ObjectOpResult> {
  const taken = await takenDestinations(t.provider, t.targetRoot, t.targets, t.targetFolder, t.signal);
  const { free, conflicting } = splitConflicts(t.plan, taken);
  if (conflicting.length === 0) {
    t.progress.setTotal(t.plan.length);
    return moveAll(t.send, t.root, t.plan, t.targetRoot, t.signal, t.progress, t.batch);
  }
  switch (t.conflict) {
    case 'ask':
      return { succeeded: 0, failed: [], conflicts: conflictReport(conflicting) };
    case 'skip': {
      t.progress.setTotal(free.length);
      return { ...(await moveAll(t.send, t.root, free, t.targetRoot, t.signal, t.progress, t.batch)), skipped: conflicting.length };
    }
    case 'keepBoth':
      t.progress.setTotal(t.plan.length);
      return moveAll(t.send, t.root, keepBothPlan(free, conflicting, taken), t.targetRoot, t.signal, t.progress, t.batch);
    case 'overwrite': {
      // Refused before anything moves when the old objects cannot be set aside.
      requireReplace(t.provider);
      t.progress.setTotal(t.plan.length);
      const sent = await moveAll(t.send, t.root, free, t.targetRoot, t.signal, t.progress, t.batch);
      const replaced = await replaceAll(t.provider, t.send, t.root, conflicting, t.targetRoot, t.signal, t.progress, t.batch);
      return { succeeded: sent.succeeded + replaced.succeeded, failed: [...sent.failed, ...replaced.failed] };
    }
  }
}
