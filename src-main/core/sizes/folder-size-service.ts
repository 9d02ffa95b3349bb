/**
 * Folder sizes in the background: each view names the folders it shows
 * (`watch`), and only those are counted — a few at a time across the whole
 * app, since each walks every object under its prefix. A folder no view
 * names any more has its walk aborted at the next page. Results are cached
 * per root until `storage.changed` says the root's objects changed, and are
 * announced as `sizes.folder` events.
 */
import type { FolderSize, UsageTotals } from '@shared/contract/sizes';
import { objectsUnder } from '../storage/operation-targets';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';

/** Walks at once, app-wide: listing pages are cheap for the service, but a walk of a huge folder is not; two keep the list responsive on 2 cores. */
export const FOLDER_SIZE_CONCURRENCY = 2;

type Totals = { objects: number; bytes: number };
interface Job {
  key: string;
  connectionId: string;
  root: string;
  prefix: string;
  controller: AbortController;
  /** Views waiting for it (for folder rows) and callers of `total` (for usage). */
  waiting: Set<string>;
  done: Promise<Totals>;
  start: () => void;
}

const keyOf = (connectionId: string, root: string, prefix: string) => `${connectionId}\u0000${root}\u0000${prefix}`;

export class FolderSizeService {
  private readonly cache = new Map<string, Totals>();
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  /** viewId → the keys it watches. */
  private readonly views = new Map<string, Set<string>>();
  private usageCalls = 0;

  constructor(
    private readonly connections: Pick<ConnectionService, 'provider' | 'capabilities'>,
    private readonly events: EventBus,
  ) {
    events.onAny((event) => {
      if (event.name !== 'storage.changed') return;
      const { connectionId, rootId, scope } = event.payload;
      const touched = (key: string) => {
        const [c, r] = key.split('\u0000');
        return c === connectionId && (scope === 'roots' || rootId === null || r === rootId);
      };
      // Sizes of that root (for a change of roots: of the connection) are no longer known,
      // and a walk under way may have read part of the old state: it starts again for whoever waits.
      for (const key of [...this.cache.keys()]) if (touched(key)) this.cache.delete(key);
      for (const job of [...this.jobs.values()]) if (touched(job.key)) this.restart(job);
    });
  }

  watch(viewId: string, connectionId: string, root: string, prefixes: readonly string[]): FolderSize[] {
    const wanted = new Set(prefixes.map((p) => keyOf(connectionId, root, p)));
    const before = this.views.get(viewId) ?? new Set<string>();
    this.views.set(viewId, wanted);
    for (const key of before) if (!wanted.has(key)) this.release(key, viewId);
    const known: FolderSize[] = [];
    for (const prefix of new Set(prefixes)) {
      const key = keyOf(connectionId, root, prefix);
      const cached = this.cache.get(key);
      if (cached) known.push({ prefix, ...cached });
      else this.acquire(key, connectionId, root, prefix, viewId);
    }
    return known;
  }

  unwatch(viewId: string): void {
    for (const key of this.views.get(viewId) ?? []) this.release(key, viewId);
    this.views.delete(viewId);
  }

  /** Storage used by `root`, the roots under its parent, and the whole connection (each root counted once, cached). */
  async usage(connectionId: string, root: string): Promise<UsageTotals> {
    const levels = this.connections.capabilities(connectionId).rootLevels.length;
    const provider = this.connections.provider(connectionId);
    const contentRoots: Array<{ id: string; parentId: string | null }> = [];
    const walk = async (parentId: string | null, level: number): Promise<void> => {
      for (const node of await provider.listRoots(parentId)) {
        if (level === levels - 1) contentRoots.push({ id: node.id, parentId });
        else await walk(node.id, level + 1);
      }
    };
    await walk(null, 0);
    const parentId = (await provider.getRoot(root)).parentId;
    const caller = `usage:${++this.usageCalls}`;
    const totals = await Promise.all(contentRoots.map(async (r) => ({ ...r, totals: await this.total(connectionId, r.id, '', caller) })));
    const sum = (list: typeof totals) => list.reduce((acc, r) => ({ objects: acc.objects + r.totals.objects, bytes: acc.bytes + r.totals.bytes }), { objects: 0, bytes: 0 });
    const own = totals.find((r) => r.id === root)?.totals ?? (await this.total(connectionId, root, '', caller));
    return { root: own, parent: parentId === null ? null : sum(totals.filter((r) => r.parentId === parentId)), connection: sum(totals) };
  }

  private async total(connectionId: string, root: string, prefix: string, caller: string): Promise<Totals> {
    const key = keyOf(connectionId, root, prefix);
    const cached = this.cache.get(key);
    if (cached) return cached;
    for (;;) {
      const job = this.acquire(key, connectionId, root, prefix, caller);
      try {
        return await job.done;
      } catch (error) {
        // Restarted after a change: wait for the new walk.
        if (!(job.controller.signal.aborted && this.jobs.has(key))) throw error;
      } finally {
        job.waiting.delete(caller);
      }
    }
  }

  private restart(job: Job): void {
    const waiting = [...job.waiting];
    this.jobs.delete(job.key);
    job.waiting.clear();
    this.stop(job);
    for (const waiter of waiting) this.acquire(job.key, job.connectionId, job.root, job.prefix, waiter);
  }

  private acquire(key: string, connectionId: string, root: string, prefix: string, waiter: string): Job {
    const existing = this.jobs.get(key);
    if (existing) {
      existing.waiting.add(waiter);
      return existing;
    }
    const controller = new AbortController();
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    const job: Job = {
      key,
      connectionId,
      root,
      prefix,
      controller,
      waiting: new Set([waiter]),
      start,
      done: started.then(() => this.count(connectionId, root, prefix, controller.signal)),
    };
    this.jobs.set(key, job);
    job.done.then(
      (totals) => {
        if (controller.signal.aborted) return;
        this.cache.set(key, totals);
        this.events.emit('sizes.folder', { connectionId, root, prefix, ...totals, failed: false });
      },
      () => {
        if (!controller.signal.aborted) this.events.emit('sizes.folder', { connectionId, root, prefix, objects: 0, bytes: 0, failed: true });
      },
    ).finally(() => {
      if (this.jobs.get(key) === job) this.jobs.delete(key);
      this.running--;
      this.next();
    });
    this.queue.push(job);
    this.next();
    return job;
  }

  private release(key: string, waiter: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    job.waiting.delete(waiter);
    if (job.waiting.size > 0) return;
    this.jobs.delete(key);
    this.stop(job);
  }

  /** A queued walk never starts; a running one stops at its next page. */
  private stop(job: Job): void {
    job.controller.abort();
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.running++; // balanced by the job's own finally
      job.start();
    }
  }

  private next(): void {
    while (this.running < FOLDER_SIZE_CONCURRENCY && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      job.start();
    }
  }

  private async count(connectionId: string, root: string, prefix: string, signal: AbortSignal): Promise<Totals> {
    signal.throwIfAborted();
    const provider = this.connections.provider(connectionId);
    let objects = 0;
    let bytes = 0;
    for await (const entries of objectsUnder(provider, root, prefix, signal)) {
      signal.throwIfAborted();
      objects += entries.length;
      for (const entry of entries) bytes += entry.size;
    }
    return { objects, bytes };
  }

  /** Tests: how many walks are running and queued now. */
  get activity(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }
}
