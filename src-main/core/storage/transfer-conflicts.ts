/**
 * Destinations of a move or copy that are already taken, found before
 * anything is sent, and what each conflict policy makes of the plan. Like
 * Finder, the user is asked once before anything changes ('ask'), then the
 * operation runs again with the answer. A folder target conflicts object by
 * object: only the objects under it whose path is taken.
 */
import { TRANSFER_CONFLICTS_LISTED, type ObjectTarget, type TransferConflicts } from '@shared/contract/domain';
import type { RemoteEntry, StorageProvider } from '../../providers/storage-provider';
import { firstFreeName } from '../transfers/unique-name';
import { arrivingPath, type ResolvedObject } from './operation-targets';

const LIST_PAGE = 1000;

export interface PlanStep {
  object: ResolvedObject;
  to: string;
}

/** A step whose destination is taken, with what is there now. */
export interface ConflictStep extends PlanStep {
  existing: RemoteEntry;
}

/**
 * What is already at the destinations, by path: the target folder's own
 * objects (where objects arrive) and every object under each arriving folder.
 * These are also all the names next to a destination ("keep both" needs them).
 */
export async function takenDestinations(provider: StorageProvider, targetRoot: string, targets: readonly ObjectTarget[], targetFolder: string, signal: AbortSignal): Promise<Map<string, RemoteEntry>> {
  const taken = new Map<string, RemoteEntry>();
  const collect = async (prefix: string, recursive: boolean) => {
    let token: string | undefined;
    do {
      signal.throwIfAborted();
      const page = await provider.listFolder(targetRoot, prefix, { recursive, token, maxKeys: LIST_PAGE, signal });
      for (const entry of page.entries) taken.set(entry.path, entry);
      token = page.nextToken ?? undefined;
    } while (token);
  };
  if (targets.some((t) => t.type === 'object')) await collect(targetFolder, false);
  for (const target of targets) if (target.type === 'folder') await collect(arrivingPath(target, targetFolder), true);
  return taken;
}

export function splitConflicts(plan: readonly PlanStep[], taken: ReadonlyMap<string, RemoteEntry>): { free: PlanStep[]; conflicting: ConflictStep[] } {
  const free: PlanStep[] = [];
  const conflicting: ConflictStep[] = [];
  for (const step of plan) {
    const existing = taken.get(step.to);
    if (existing) conflicting.push({ ...step, existing });
    else free.push(step);
  }
  return { free, conflicting };
}

export function conflictReport(conflicting: readonly PlanStep[]): TransferConflicts {
  return { count: conflicting.length, items: conflicting.slice(0, TRANSFER_CONFLICTS_LISTED).map((s) => ({ path: s.object.path, to: s.to })) };
}

/**
 * "Keep both": each conflicting step goes to the first free "name (n).ext" in
 * its folder, free of what is there and of what this operation puts there.
 */
export function keepBothPlan(free: readonly PlanStep[], conflicting: readonly PlanStep[], taken: ReadonlyMap<string, RemoteEntry>): PlanStep[] {
  const used = new Set<string>([...taken.keys(), ...free.map((s) => s.to)]);
  const renamed = conflicting.map((step) => {
    const slash = step.to.lastIndexOf('/');
    const folder = step.to.slice(0, slash + 1);
    const to = folder + firstFreeName(step.to.slice(slash + 1), (name) => used.has(folder + name));
    used.add(to);
    return { object: step.object, to };
  });
  return [...free, ...renamed];
}
