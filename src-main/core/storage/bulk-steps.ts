/** Moves, copies and deletes sent to the provider a batch at a time, their per-item results added up. */
import type { ObjectOpResult } from '@shared/contract/domain';
import type { BulkResult } from '../../providers/storage-provider';
import type { requireTransfer } from './operation-capabilities';
import type { ProgressReporter } from './operation-progress';
import type { ResolvedObject } from './operation-targets';

export function entryRef(object: ResolvedObject): { path: string; ref?: string } {
  return object.ref !== undefined ? { path: object.path, ref: object.ref } : { path: object.path };
}

export function addResult(result: ObjectOpResult, bulk: BulkResult): void {
  result.succeeded += bulk.done.length;
  for (const failure of bulk.failed) result.failed.push({ path: failure.path, code: failure.code, message: failure.message });
}

/** Moves or copies (`send`) every step of the plan, a batch at a time. */
export async function moveAll(
  send: ReturnType<typeof requireTransfer>,
  root: string,
  plan: ReadonlyArray<{ object: ResolvedObject; to: string }>,
  targetRoot: string,
  signal: AbortSignal,
  progress: ProgressReporter,
  batchSize: number,
): Promise<ObjectOpResult> {
  const result: ObjectOpResult = { succeeded: 0, failed: [] };
  for (let i = 0; i < plan.length; i += batchSize) {
    signal.throwIfAborted();
    const batch = plan.slice(i, i + batchSize);
    addResult(result, await send(root, batch.map((step) => ({ from: entryRef(step.object), to: step.to })), targetRoot, signal));
    progress.add(batch.length);
  }
  return result;
}
