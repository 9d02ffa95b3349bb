/**
 * A move or copy with a conflict policy. The destinations are looked up
 * first; then 'ask' with any taken changes nothing at all and returns them
 * (Finder asks before it does anything; the caller runs again with the
 * answer), 'skip' leaves those items out, 'keepBoth' sends them to a free
 * "name (n).ext", 'overwrite' replaces them safely (transfer-replace.ts). The user may
 * answer for single destinations (`decided`) and leave the rest to the policy.
 * A destination taken after the look-up is still that item's Conflict
 * failure: the provider never overwrites.
 */
import type { ConflictPolicy, ObjectOpResult, ObjectTarget } from '@shared/contract/domain';
import type { StorageProvider } from '../../providers/storage-provider';
import { moveAll } from './bulk-steps';
import type { requireTransfer } from './operation-capabilities';
import type { ProgressReporter } from './operation-progress';
import { conflictReport, keepBothPlan, splitConflicts, takenDestinations, type ConflictStep, type PlanStep } from './transfer-conflicts';
import { replaceAll, requireReplace } from './transfer-replace';

export type ConflictResolution = Exclude<ConflictPolicy, 'ask'>;
export interface ConflictDecision {
  to: string;
  resolution: ConflictResolution;
}

export interface PolicyTransfer {
  provider: StorageProvider;
  send: ReturnType<typeof requireTransfer>;
  root: string;
  targets: readonly ObjectTarget[];
  targetRoot: string;
  targetFolder: string;
  plan: readonly PlanStep[];
  conflict: ConflictPolicy;
  /** Answers for single destinations; `conflict` for the rest. */
  decided: ReadonlyMap<string, ConflictResolution>;
  signal: AbortSignal;
  progress: ProgressReporter;
  batch: number;
}

export async function transferWithPolicy(t: PolicyTransfer): Promise<ObjectOpResult> {
  const taken = await takenDestinations(t.provider, t.targetRoot, t.targets, t.targetFolder, t.signal);
  const { free, conflicting } = splitConflicts(t.plan, taken);
  const by: Record<ConflictPolicy, ConflictStep[]> = { ask: [], skip: [], keepBoth: [], overwrite: [] };
  for (const step of conflicting) by[t.decided.get(step.to) ?? t.conflict].push(step);
  // Finder's way: while any conflict is unanswered, nothing at all is sent.
  if (by.ask.length > 0) return { succeeded: 0, failed: [], conflicts: conflictReport(by.ask) };
  // Refused before anything moves when the old objects cannot be set aside.
  if (by.overwrite.length > 0) requireReplace(t.provider);
  t.progress.setTotal(t.plan.length - by.skip.length);
  const sent = await moveAll(t.send, t.root, keepBothPlan(free, by.keepBoth, taken), t.targetRoot, t.signal, t.progress, t.batch);
  const replaced = await replaceAll(t.provider, t.send, t.root, by.overwrite, t.targetRoot, t.signal, t.progress, t.batch);
  return { succeeded: sent.succeeded + replaced.succeeded, failed: [...sent.failed, ...replaced.failed], ...(by.skip.length > 0 ? { skipped: by.skip.length } : {}) };
}
