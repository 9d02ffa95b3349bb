/**
 * Operations on objects and whole folders, through the connection's storage
 * provider: delete, rename, move, copy. A folder target means every object
 * under its prefix, found by paging through the provider's recursive listing.
 * Work goes in batches; between batches the operation reports progress (at
 * most a few times a second) and honours cancellation. What the service
 * cannot do is refused up front (operation-capabilities.ts). Nothing is ever
 * overwritten silently: providers never overwrite on move, copy or rename,
 * so an item whose destination is taken comes back as a failure with code
 * Conflict (and one whose source is gone as DataNotFound) and stays where it
 * was.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy, ObjectOpResult, ObjectSummary, ObjectTarget, OperationProgress } from '@shared/contract/domain';
import { objectPathProblem } from '@shared/jcs/object-path';
import { ProviderError, ProviderErrorCode } from '../../providers/provider-errors';
import type { StorageProvider } from '../../providers/storage-provider';
import type { EventBus } from '../events/event-bus';
import { renameMethod, requireDelete, requireTransfer } from './operation-capabilities';
import { ProgressReporter } from './operation-progress';
import { addResult, entryRef, moveAll } from './bulk-steps';
import { transferWithPolicy, type ConflictDecision } from './transfer-policy';
import { arrivingPath, objectsUnder, planTransfer, requireDestinations, requireTargetFolder, resolveTargets, targetPath, type ResolvedObject } from './operation-targets';

const MOVE_BATCH = 1000;
const DELETE_BATCH = 1000;
const COPY_BATCH = 500;

type Failure = ObjectOpResult['failed'][number];

/** Where the core gets a connection's provider (the ConnectionService). */
export interface ProviderSource {
  provider(connectionId: string): StorageProvider;
}

export interface OperationContext {
  connectionId: string;
  operationId: string;
  root: string;
}

/**
 * Where the app changed objects (sync tasks watching that folder look
 * again): object paths, and folder prefixes (ending in '/') for whole
 * folders. `bySyncTask` names the task that made the change, when one did
 * (the user's own operations leave it out).
 */
export interface RemoteChange {
  connectionId: string;
  root: string;
  paths: readonly string[];
  bySyncTask?: string | null;
}

type Touched = Array<{ root: string; paths: string[] }>;
type Work = (provider: StorageProvider, signal: AbortSignal, progress: ProgressReporter) => Promise<ObjectOpResult>;

export class ObjectOperations {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly connections: ProviderSource,
    private readonly events: EventBus,
    /** Told where each operation changed objects, even one that failed or was cancelled part way. */
    private readonly onChange: (change: RemoteChange) => void = () => undefined,
  ) {}

  cancel(operationId: string): void {
    this.running.get(operationId)?.abort();
  }

  async summarize(connectionId: string, root: string, targets: readonly ObjectTarget[]): Promise<ObjectSummary> {
    const provider = this.connections.provider(connectionId);
    let objects = 0;
    let bytes = 0;
    for (const target of targets) {
      if (target.type === 'object') {
        objects++;
        bytes += target.size ?? 0;
        continue;
      }
      for await (const entries of objectsUnder(provider, root, target.prefix)) {
        objects += entries.length;
        for (const entry of entries) bytes += entry.size;
      }
    }
    return { objects, bytes };
  }

  async delete(ctx: OperationContext, targets: readonly ObjectTarget[]): Promise<ObjectOpResult> {
    const remove = requireDelete(this.connections.provider(ctx.connectionId));
    return await this.run(ctx, 'delete', [{ root: ctx.root, paths: targets.map(targetPath) }], async (provider, signal, progress) => {
      // Everything is listed first (the total is known before anything goes), then deleted in listing order.
      const objects = await resolveTargets(provider, ctx.root, targets, signal);
      progress.setTotal(objects.length);
      const result: ObjectOpResult = { succeeded: 0, failed: [] };
      for (let i = 0; i < objects.length; i += DELETE_BATCH) {
        signal.throwIfAborted();
        const batch = objects.slice(i, i + DELETE_BATCH);
        addResult(result, await remove(ctx.root, batch.map(entryRef), signal));
        progress.add(batch.length);
      }
      return result;
    });
  }

  async rename(ctx: OperationContext, target: ObjectTarget, newName: string): Promise<ObjectOpResult> {
    const nameProblem = newName.includes('/') ? "may not contain '/'" : objectPathProblem(newName);
    if (nameProblem) throw new AppError(AppErrorCode.InvalidInput, `newName: '${newName}' ${nameProblem}`);
    const provider = this.connections.provider(ctx.connectionId);
    const method = renameMethod(provider, target);
    const oldPath = target.type === 'object' ? target.path : target.prefix.slice(0, -1);
    const parent = oldPath.includes('/') ? oldPath.slice(0, oldPath.lastIndexOf('/') + 1) : '';
    const renamed = target.type === 'object' ? parent + newName : parent + newName + '/';
    requireDestinations([parent + newName]);
    return await this.run(ctx, 'rename', [{ root: ctx.root, paths: [targetPath(target), renamed] }], async (p, signal, progress) => {
      if (target.type === 'object') {
        progress.setTotal(1);
        const object = { path: target.path, ...(target.ref !== undefined ? { ref: target.ref } : {}) };
        if (method === 'rename') return renameOne(p, ctx.root, object, newName, renamed, signal, progress);
        return moveAll(requireTransfer(p, 'move', false), ctx.root, [{ object: { ...object, size: 0 }, to: renamed }], ctx.root, signal, progress, MOVE_BATCH);
      }
      const objects = await resolveTargets(p, ctx.root, [target], signal);
      progress.setTotal(objects.length);
      const plan = objects.map((object) => ({ object, to: renamed + object.path.slice(target.prefix.length) }));
      requireDestinations(plan.map((step) => step.to));
      return moveAll(requireTransfer(p, 'move', false), ctx.root, plan, ctx.root, signal, progress, MOVE_BATCH);
    });
  }

  async transfer(ctx: OperationContext, mode: 'move' | 'copy', targets: readonly ObjectTarget[], targetRoot: string, targetFolder: string, conflict?: ConflictPolicy, decisions: readonly ConflictDecision[] = []): Promise<ObjectOpResult> {
    requireTargetFolder(targetFolder);
    if (decisions.length > 0 && !conflict) throw new AppError(AppErrorCode.InvalidInput, 'decisions: only with a conflict policy');
    for (const target of targets) {
      if (target.type === 'folder' && targetRoot === ctx.root && targetFolder.startsWith(target.prefix)) {
        throw new AppError(AppErrorCode.InvalidInput, `cannot ${mode} the folder '${target.prefix}' into itself`);
      }
    }
    const send = requireTransfer(this.connections.provider(ctx.connectionId), mode, targetRoot !== ctx.root);
    const touched: Touched = [{ root: targetRoot, paths: targets.map((t) => arrivingPath(t, targetFolder)) }];
    if (mode === 'move') touched.push({ root: ctx.root, paths: targets.map(targetPath) });
    return await this.run(ctx, mode, touched, async (provider, signal, progress) => {
      const plan: Array<{ object: ResolvedObject; to: string }> = [];
      for (const target of targets) plan.push(...(await planTransfer(provider, ctx.root, target, targetFolder, signal)));
      requireDestinations(plan.map((step) => step.to));
      const batch = mode === 'move' ? MOVE_BATCH : COPY_BATCH;
      if (!conflict) {
        progress.setTotal(plan.length);
        return moveAll(send, ctx.root, plan, targetRoot, signal, progress, batch);
      }
      const decided = new Map(decisions.map((d) => [d.to, d.resolution]));
      return transferWithPolicy({ provider, send, root: ctx.root, targets, targetRoot, targetFolder, plan, conflict, decided, signal, progress, batch });
    });
  }

  /** Runs one cancellable operation with throttled progress events, then announces what it touched. */
  private async run(ctx: OperationContext, kind: OperationProgress['kind'], touched: Touched, work: Work): Promise<ObjectOpResult> {
    if (this.running.has(ctx.operationId)) throw new AppError(AppErrorCode.Conflict, 'this operation is already running');
    const provider = this.connections.provider(ctx.connectionId);
    const controller = new AbortController();
    this.running.set(ctx.operationId, controller);
    const progress = new ProgressReporter((done, total, finished) => this.events.emit('operation.progress', { operationId: ctx.operationId, kind, done, total, finished }));
    try {
      return await work(provider, controller.signal, progress);
    } catch (error) {
      if (controller.signal.aborted) throw new AppError(AppErrorCode.Cancelled, `cancelled after ${progress.done} of ${progress.total} objects`);
      throw error;
    } finally {
      this.running.delete(ctx.operationId);
      progress.finish();
      for (const root of new Set(touched.map((t) => t.root))) {
        this.events.emit('storage.changed', { connectionId: ctx.connectionId, scope: 'objects', parentId: null, rootId: root });
      }
      for (const { root, paths } of touched) this.onChange({ connectionId: ctx.connectionId, root, paths });
    }
  }
}

/** A rename through the provider's own rename: a taken name or a gone object is this item's failure, like a move's. */
async function renameOne(provider: StorageProvider, root: string, object: { path: string; ref?: string }, newName: string, to: string, signal: AbortSignal, progress: ProgressReporter): Promise<ObjectOpResult> {
  try {
    await provider.rename!(root, object, newName, signal);
    return { succeeded: 1, failed: [] };
  } catch (error) {
    if (error instanceof ProviderError && (error.code === ProviderErrorCode.Conflict || error.code === ProviderErrorCode.DataNotFound)) {
      const failure: Failure = { path: to, code: error.code, message: error.message };
      return { succeeded: 0, failed: [failure] };
    }
    throw error;
  } finally {
    progress.add(1);
  }
}
