/**
 * "Replace" for a move or copy, on services whose move and copy never
 * overwrite. Deleting the old object first is not safe (the move may then
 * fail and both are gone), so each old object is first moved aside to a
 * free name in its own folder, the source is sent in, and only then is the
 * set-aside one deleted; where the source could not be sent, the old object
 * is moved back. An object is never replaced by itself.
 */
import { randomBytes } from 'node:crypto';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectOpResult } from '@shared/contract/domain';
import type { MoveItem, StorageProvider } from '../../providers/storage-provider';
import type { ProgressReporter } from './operation-progress';
import type { ConflictStep } from './transfer-conflicts';

type Send = (root: string, items: readonly MoveItem[], targetRoot: string, signal?: AbortSignal) => ReturnType<NonNullable<StorageProvider['move']>>;
type Failure = ObjectOpResult['failed'][number];

/** The service's own move and delete, needed to set an old object aside and drop it afterwards. */
export function requireReplace(provider: StorageProvider): { move: NonNullable<StorageProvider['move']>; remove: NonNullable<StorageProvider['delete']> } {
  const caps = provider.capabilities;
  if (!caps.move || !provider.move || !caps.delete || !provider.delete) {
    throw new AppError(AppErrorCode.Unsupported, 'this service cannot replace objects safely (it cannot move an object aside and delete it)');
  }
  return { move: provider.move.bind(provider), remove: provider.delete.bind(provider) };
}

/** A name next to `path` for the old object while its replacement arrives. */
function asidePath(path: string): string {
  return `${path}.~replacing-${randomBytes(4).toString('hex')}`;
}

export async function replaceAll(
  provider: StorageProvider,
  send: Send,
  root: string,
  steps: readonly ConflictStep[],
  targetRoot: string,
  signal: AbortSignal,
  progress: ProgressReporter,
  batchSize: number,
): Promise<ObjectOpResult> {
  const result: ObjectOpResult = { succeeded: 0, failed: [] };
  if (steps.length === 0) return result;
  const { move, remove } = requireReplace(provider);
  for (let i = 0; i < steps.length; i += batchSize) {
    signal.throwIfAborted();
    const batch = steps.slice(i, i + batchSize);
    const eligible: Array<ConflictStep & { aside: string }> = [];
    for (const step of batch) {
      if (root === targetRoot && step.object.path === step.to) result.failed.push({ path: step.to, code: AppErrorCode.InvalidInput, message: `'${step.to}' is the object itself: it cannot replace itself` });
      else eligible.push({ ...step, aside: asidePath(step.to) });
    }
    if (eligible.length === 0) {
      progress.add(batch.length);
      continue;
    }
    const byAside = new Map(eligible.map((s) => [s.aside, s]));
    // Not cancellable half way (a short request), so that what was set aside is always known and put back if need be.
    let setAside: Awaited<ReturnType<typeof move>>;
    try {
      setAside = await move(targetRoot, eligible.map((s) => ({ from: existingRef(s), to: s.aside })), targetRoot);
    } catch (error) {
      // No usable answer: some may have been set aside; each goes back (one that was not is simply not found).
      await restore(move, targetRoot, eligible).catch(() => undefined);
      throw error;
    }
    for (const failure of setAside.failed) result.failed.push(itemFailure(byAside.get(failure.path)?.to ?? failure.path, failure));
    const ready = setAside.done.map((path) => byAside.get(path)).filter((s): s is ConflictStep & { aside: string } => s !== undefined);
    if (ready.length === 0) {
      progress.add(batch.length);
      continue;
    }
    let sent: Awaited<ReturnType<Send>>;
    try {
      sent = await send(root, ready.map((s) => ({ from: sourceRef(s), to: s.to })), targetRoot, signal);
    } catch (error) {
      // Cancelled or no answer: every old object goes back (those that cannot stay at their set-aside name, not lost).
      await restore(move, targetRoot, ready).catch(() => undefined);
      throw error;
    }
    const arrived = new Set(sent.done);
    const failedSends = ready.filter((s) => !arrived.has(s.to));
    for (const failure of sent.failed) result.failed.push(itemFailure(failure.path, failure));
    result.failed.push(...(await restore(move, targetRoot, failedSends)));
    const replaced = ready.filter((s) => arrived.has(s.to));
    result.succeeded += replaced.length;
    const dropped = replaced.length > 0 ? await remove(targetRoot, replaced.map((s) => ({ path: s.aside }))) : { done: [], failed: [] };
    for (const failure of dropped.failed) result.failed.push({ path: failure.path, code: failure.code, message: `the replaced object stays at '${failure.path}': ${failure.message}` });
    progress.add(batch.length);
  }
  return result;
}

/** Moves set-aside objects back where they were; one that cannot go back stays at its set-aside name, said in its failure. */
async function restore(move: NonNullable<StorageProvider['move']>, targetRoot: string, steps: ReadonlyArray<ConflictStep & { aside: string }>): Promise<Failure[]> {
  if (steps.length === 0) return [];
  const back = await move(targetRoot, steps.map((s) => ({ from: { path: s.aside }, to: s.to })), targetRoot);
  return back.failed.map((f) => ({ path: f.path, code: f.code, message: `the original could not be put back and is kept at '${steps.find((s) => s.to === f.path)?.aside ?? f.path}': ${f.message}` }));
}

function itemFailure(path: string, failure: { code: string; message: string }): Failure {
  return { path, code: failure.code, message: failure.message };
}

function existingRef(step: ConflictStep): MoveItem['from'] {
  return step.existing.ref !== undefined ? { path: step.existing.path, ref: step.existing.ref } : { path: step.existing.path };
}

function sourceRef(step: ConflictStep): MoveItem['from'] {
  return step.object.ref !== undefined ? { path: step.object.path, ref: step.object.ref } : { path: step.object.path };
}
