/**
 * Operations on objects and whole folders: delete, rename, move, copy. A
 * folder target means every object under its prefix, found by paging through
 * the listing. Work goes in batches; between batches the operation reports
 * progress (at most a few times a second) and honours cancellation. Nothing is
 * ever overwritten silently: an item whose destination is taken is reported
 * as a failure with code Conflict and left where it was.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectOpResult, ObjectSummary, ObjectTarget, OperationProgress } from '@shared/contract/domain';
import { baseName, objectPathProblem } from '@shared/jcs/object-path';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';

const MOVE_BATCH = 1000;
const DELETE_BATCH = 1000;
const CLONE_BATCH = 500;
const PROGRESS_INTERVAL_MS = 250;

interface ResolvedObject {
  objectId: number;
  path: string;
  size: number;
}

type Failure = ObjectOpResult['failed'][number];

export interface OperationContext {
  connectionId: string;
  operationId: string;
  packageId: number;
}

/** Where an operation changed objects: object paths, and folder prefixes (ending in '/') for whole folders. */
export interface ObjectsChanged {
  connectionId: string;
  packageId: number;
  paths: string[];
}

type Touched = Array<{ packageId: number; paths: string[] }>;

const targetPath = (target: ObjectTarget) => (target.type === 'object' ? target.path : target.prefix);

export class ObjectOperations {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly connections: ConnectionService,
    private readonly events: EventBus,
    /** Told where each operation changed objects, even one that failed or was cancelled part way (sync tasks look again). */
    private readonly onChanged: (change: ObjectsChanged) => void = () => undefined,
  ) {}

  cancel(operationId: string): void {
    this.running.get(operationId)?.abort();
  }

  async summarize(connectionId: string, packageId: number, targets: readonly ObjectTarget[]): Promise<ObjectSummary> {
    const client = this.connections.client(connectionId);
    let objects = 0;
    let bytes = 0;
    for (const target of targets) {
      if (target.type === 'object') {
        objects++;
        bytes += target.size ?? 0;
        continue;
      }
      for await (const page of client.listAllByPath({ packageID: packageId, path: target.prefix, maxKeys: 1000 })) {
        objects += page.objects.length;
        for (const object of page.objects) bytes += object.size;
      }
    }
    return { objects, bytes };
  }

  delete(ctx: OperationContext, targets: readonly ObjectTarget[]): Promise<ObjectOpResult> {
    return this.run(ctx, 'delete', [{ packageId: ctx.packageId, paths: targets.map(targetPath) }], async (client, signal, progress) => {
      const objects = await resolveTargets(client, ctx.packageId, targets, signal);
      progress.setTotal(objects.length);
      for (let i = 0; i < objects.length; i += DELETE_BATCH) {
        signal.throwIfAborted();
        const batch = objects.slice(i, i + DELETE_BATCH);
        await client.deleteObjects(batch.map((o) => o.objectId), signal);
        progress.add(batch.length);
      }
      return { succeeded: objects.length, failed: [] };
    });
  }

  rename(ctx: OperationContext, target: ObjectTarget, newName: string): Promise<ObjectOpResult> {
    const nameProblem = newName.includes('/') ? "may not contain '/'" : objectPathProblem(newName);
    if (nameProblem) throw new AppError(AppErrorCode.InvalidInput, `newName: '${newName}' ${nameProblem}`);
    const oldPath = target.type === 'object' ? target.path : target.prefix.slice(0, -1);
    const parent = oldPath.includes('/') ? oldPath.slice(0, oldPath.lastIndexOf('/') + 1) : '';
    const renamed = target.type === 'object' ? parent + newName : parent + newName + '/';
    return this.run(ctx, 'rename', [{ packageId: ctx.packageId, paths: [targetPath(target), renamed] }], async (client, signal, progress) => {
      if (target.type === 'object') {
        progress.setTotal(1);
        return moveAll(client, [{ objectId: target.objectId, path: target.path, size: 0 }], () => parent + newName, ctx.packageId, signal, progress);
      }
      const objects = await resolveTargets(client, ctx.packageId, [target], signal);
      progress.setTotal(objects.length);
      const newPrefix = parent + newName + '/';
      return moveAll(client, objects, (o) => newPrefix + o.path.slice(target.prefix.length), ctx.packageId, signal, progress);
    });
  }

  transfer(ctx: OperationContext, mode: 'move' | 'copy', targets: readonly ObjectTarget[], targetPackageId: number, targetFolder: string): Promise<ObjectOpResult> {
    if (targetFolder !== '' && !targetFolder.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: must be empty or end with '/'`);
    if (targetFolder && objectPathProblem(targetFolder.slice(0, -1))) throw new AppError(AppErrorCode.InvalidInput, `targetFolder: '${targetFolder}' ${objectPathProblem(targetFolder.slice(0, -1))}`);
    for (const target of targets) {
      if (target.type === 'folder' && targetPackageId === ctx.packageId && targetFolder.startsWith(target.prefix)) {
        throw new AppError(AppErrorCode.InvalidInput, `cannot ${mode} the folder '${target.prefix}' into itself`);
      }
    }
    const arriving = targets.map((t) => targetFolder + (t.type === 'object' ? baseName(t.path) : baseName(t.prefix.slice(0, -1)) + '/'));
    const touched: Touched = [{ packageId: targetPackageId, paths: arriving }];
    if (mode === 'move') touched.push({ packageId: ctx.packageId, paths: targets.map(targetPath) });
    return this.run(ctx, mode, touched, async (client, signal, progress) => {
      const plan: Array<{ object: ResolvedObject; to: string }> = [];
      for (const target of targets) {
        const objects = await resolveTargets(client, ctx.packageId, [target], signal);
        const base = target.type === 'object' ? '' : baseName(target.prefix.slice(0, -1)) + '/';
        for (const object of objects) {
          const relative = target.type === 'object' ? baseName(object.path) : base + object.path.slice(target.prefix.length);
          plan.push({ object, to: targetFolder + relative });
        }
      }
      progress.setTotal(plan.length);
      const destinations = new Map(plan.map((p) => [p.object.objectId, p.to]));
      if (mode === 'move') return moveAll(client, plan.map((p) => p.object), (o) => destinations.get(o.objectId)!, targetPackageId, signal, progress);
      return copyAll(client, plan, targetPackageId, targetFolder, signal, progress);
    });
  }

  /** Runs one cancellable operation with throttled progress events and a final storage.changed. */
  private async run(
    ctx: OperationContext,
    kind: OperationProgress['kind'],
    touched: Touched,
    work: (client: JcsClient, signal: AbortSignal, progress: ProgressReporter) => Promise<ObjectOpResult>,
  ): Promise<ObjectOpResult> {
    if (this.running.has(ctx.operationId)) throw new AppError(AppErrorCode.Conflict, `operation ${ctx.operationId} is already running`);
    const client = this.connections.client(ctx.connectionId);
    const controller = new AbortController();
    this.running.set(ctx.operationId, controller);
    const progress = new ProgressReporter((done, total, finished) => this.events.emit('operation.progress', { operationId: ctx.operationId, kind, done, total, finished }));
    try {
      return await work(client, controller.signal, progress);
    } catch (error) {
      if (controller.signal.aborted) throw new AppError(AppErrorCode.Cancelled, `cancelled after ${progress.done} of ${progress.total} objects`);
      throw error;
    } finally {
      this.running.delete(ctx.operationId);
      progress.finish();
      for (const packageId of new Set(touched.map((t) => t.packageId))) {
        this.events.emit('storage.changed', { connectionId: ctx.connectionId, scope: 'objects', bucketId: null, packageId });
      }
      for (const { packageId, paths } of touched) this.onChanged({ connectionId: ctx.connectionId, packageId, paths });
    }
  }
}

class ProgressReporter {
  done = 0;
  total = 0;
  private lastSent = 0;

  constructor(private readonly send: (done: number, total: number, finished: boolean) => void) {}

  setTotal(total: number): void {
    this.total = total;
    this.maybeSend(true);
  }

  add(count: number): void {
    this.done += count;
    this.maybeSend(false);
  }

  finish(): void {
    this.send(this.done, this.total, true);
  }

  private maybeSend(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSent < PROGRESS_INTERVAL_MS) return;
    this.lastSent = now;
    this.send(this.done, this.total, false);
  }
}

/** Every object the targets stand for (folders expanded by paging the listing). */
async function resolveTargets(client: JcsClient, packageId: number, targets: readonly ObjectTarget[], signal: AbortSignal): Promise<ResolvedObject[]> {
  const out: ResolvedObject[] = [];
  for (const target of targets) {
    if (target.type === 'object') {
      out.push({ objectId: target.objectId, path: target.path, size: target.size ?? 0 });
      continue;
    }
    for await (const page of client.listAllByPath({ packageID: packageId, path: target.prefix, maxKeys: 1000 }, signal)) {
      for (const object of page.objects) out.push({ objectId: object.objectID, path: object.path, size: object.size });
    }
  }
  return out;
}

async function moveAll(
  client: JcsClient,
  objects: readonly ResolvedObject[],
  destination: (object: ResolvedObject) => string,
  targetPackageId: number,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<ObjectOpResult> {
  const failed: Failure[] = [];
  let succeeded = 0;
  for (let i = 0; i < objects.length; i += MOVE_BATCH) {
    signal.throwIfAborted();
    const batch = objects.slice(i, i + MOVE_BATCH);
    const movings = batch.map((o) => ({ objectID: o.objectId, packageID: targetPackageId, path: destination(o) }));
    for (const m of movings) {
      const problem = objectPathProblem(m.path);
      if (problem) throw new AppError(AppErrorCode.InvalidInput, `the new path '${m.path}' ${problem}`);
    }
    const moved = new Set(await client.moveObjects(movings, signal));
    for (const m of movings) {
      if (moved.has(m.objectID)) succeeded++;
      else failed.push(await explainMoveFailure(client, m.packageID, m.path, signal));
    }
    progress.add(batch.length);
  }
  return { succeeded, failed };
}

/** JCS only lists what moved; tell the user why the rest did not. */
async function explainMoveFailure(client: JcsClient, packageId: number, path: string, signal: AbortSignal): Promise<Failure> {
  const existing = await client.listByPath({ packageID: packageId, path, isPrefix: false }, signal).catch(() => undefined);
  if (existing && existing.objects.length > 0) return { path, code: AppErrorCode.Conflict, message: `'${path}' already exists` };
  return { path, code: AppErrorCode.DataNotFound, message: `the object for '${path}' no longer exists or could not be moved` };
}

async function copyAll(
  client: JcsClient,
  plan: ReadonlyArray<{ object: ResolvedObject; to: string }>,
  targetPackageId: number,
  targetFolder: string,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<ObjectOpResult> {
  // Clone replaces what is at its destination; find what is there first so nothing is overwritten.
  const taken = new Set<string>();
  for await (const page of client.listAllByPath({ packageID: targetPackageId, path: targetFolder, maxKeys: 1000 }, signal)) {
    for (const object of page.objects) taken.add(object.path);
  }
  const failed: Failure[] = [];
  let succeeded = 0;
  const todo = plan.filter((p) => {
    if (!taken.has(p.to)) {
      taken.add(p.to); // two items of this copy landing on one path would overwrite each other too
      return true;
    }
    failed.push({ path: p.to, code: AppErrorCode.Conflict, message: `'${p.to}' already exists` });
    return false;
  });
  progress.add(plan.length - todo.length);
  for (let i = 0; i < todo.length; i += CLONE_BATCH) {
    signal.throwIfAborted();
    const batch = todo.slice(i, i + CLONE_BATCH);
    await client.cloneObjects(
      batch.map((p) => ({ objectID: p.object.objectId, newPath: p.to, newPackageID: targetPackageId })),
      signal,
    );
    succeeded += batch.length;
    progress.add(batch.length);
  }
  return { succeeded, failed };
}
