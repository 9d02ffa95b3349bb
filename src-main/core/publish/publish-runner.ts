/**
 * Runs publish jobs: read the object or folder through its provider → add it
 * to the chosen IPFS node while computing its CID here → check the node's CID
 * equals ours → place the Crust order by the chosen route → record it in the
 * registry when one is set. Each step's result is written to the job's row
 * before the next starts, so a restart goes on from the first step not done
 * (an add that was cut off starts again: it is content-addressed, so adding
 * the same bytes twice changes nothing). Endpoint failures wait and try again
 * with the app's backoff; anything else fails the job with its reason.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { CRUST_MAX_ORDER_BYTES } from '@shared/contract/publish';
import { backoffDelay, mayRetry, type RetryPolicy } from '@shared/retry/backoff';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import type { PublishEndpoints } from './publish-endpoints';
import { publishFailure } from './publish-errors';
import { kuboEntries, planLocalPublish, planPublish } from './publish-source';
import type { PublishStore } from './publish-store';

/** Tries in all before a job fails: 1 s, 2 s, … up to 5 min apart (about 20 minutes of an endpoint being down). */
export const PUBLISH_RETRY: RetryPolicy = { attempts: 12, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, jitter: 0.2 };
const PROGRESS_EVERY_MS = 250;

export interface PublishRunnerDeps {
  store: PublishStore;
  endpoints: PublishEndpoints;
  connections: Pick<ConnectionService, 'provider'>;
  events: EventBus;
  /** A job finished its steps (the order checker reads its status soon). */
  onDone: (id: string) => void;
  now?: () => number;
  concurrency?: number;
  retry?: RetryPolicy;
  log?: (message: string, error?: unknown) => void;
}

export class PublishRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: PublishRunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Picks up where the last run stopped: steps that were running start again, waiting jobs keep their time. */
  start(): void {
    this.stopped = false;
    for (const job of this.deps.store.unfinished()) {
      if (job.state === 'waiting') this.schedule(job.id, job.nextAttemptAt ?? this.now());
      else if (job.state !== 'queued') this.deps.store.update(job.id, { state: 'queued', bytesDone: 0 });
    }
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.running.values()) controller.abort(new AppError(AppErrorCode.Cancelled, 'the app is closing'));
  }

  /** New or re-queued jobs are there to run. */
  pump(): void {
    if (this.stopped) return;
    const limit = this.deps.concurrency ?? 2;
    for (const job of this.deps.store.unfinished()) {
      if (this.running.size >= limit) return;
      if (job.state === 'queued' && !this.running.has(job.id)) void this.run(job.id);
    }
  }

  cancel(ids: readonly string[]): number {
    let affected = 0;
    for (const id of ids) {
      const job = this.deps.store.get(id);
      if (!job || !['queued', 'adding', 'ordering', 'recording', 'waiting'].includes(job.state)) continue;
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.deps.store.update(id, { state: 'cancelled', finishedAt: this.now(), nextAttemptAt: null, error: { code: AppErrorCode.Cancelled, message: 'cancelled' } });
      this.running.get(id)?.abort(new AppError(AppErrorCode.Cancelled, 'cancelled'));
      affected++;
    }
    if (affected) this.changed();
    return affected;
  }

  /** Failed or cancelled jobs start over from their first step not done. */
  retry(ids: readonly string[]): number {
    let affected = 0;
    for (const id of ids) {
      const job = this.deps.store.get(id);
      if (!job || (job.state !== 'failed' && job.state !== 'cancelled' && job.state !== 'waiting')) continue;
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.deps.store.update(id, { state: 'queued', attempts: 0, error: null, nextAttemptAt: null, finishedAt: null });
      affected++;
    }
    if (affected) this.changed();
    this.pump();
    return affected;
  }

  /** Places the order of a published CID again (an expired or failed order), keeping the CID. */
  renew(ids: readonly string[]): number {
    let affected = 0;
    for (const id of ids) {
      const job = this.deps.store.get(id);
      if (!job || !job.cid || job.orderRoute === 'none' || this.running.has(id) || !['done', 'failed'].includes(job.state)) continue;
      this.deps.store.update(id, { state: 'queued', placedAt: null, requestId: null, pinStatus: null, chainUnread: true, chainProblem: null, checkedAt: null, attempts: 0, error: null, finishedAt: null });
      affected++;
    }
    if (affected) this.changed();
    this.pump();
    return affected;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  private async run(id: string): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await this.steps(id, controller.signal);
      // Cancelled (or the app closing) just as the last step ended: the row keeps what cancel wrote.
      if (controller.signal.aborted) return;
      this.deps.store.update(id, { state: 'done', finishedAt: this.now(), error: null, nextAttemptAt: null });
      this.changed();
      this.deps.onDone(id);
    } catch (error) {
      if (controller.signal.aborted) {
        // Cancelled (the row says so already) or the app closing (the row stays as it is; the next start re-queues it).
      } else {
        this.failed(id, error);
      }
    } finally {
      this.running.delete(id);
      this.pump();
    }
  }

  private async steps(id: string, signal: AbortSignal): Promise<void> {
    let job = this.deps.store.get(id);
    if (!job) return;
    if (!job.cid) {
      await this.add(id, signal);
      job = this.deps.store.get(id)!;
    }
    if (job.orderRoute !== 'none' && job.order.placedAt === null) {
      this.deps.store.update(id, { state: 'ordering' });
      this.changed();
      await this.order(id, signal);
      job = this.deps.store.get(id)!;
    }
    const registry = this.deps.endpoints.registry();
    if (registry && job.registeredStudyId === null) {
      this.deps.store.update(id, { state: 'recording' });
      this.changed();
      await registry.client.add({ cid: job.cid!, size: job.dagSize! }, { signal });
      this.deps.store.update(id, { registeredStudyId: registry.studyId });
    }
  }

  private async add(id: string, signal: AbortSignal): Promise<void> {
    const job = this.deps.store.get(id)!;
    const plan = job.source.local
      ? await planLocalPublish(job.source.path, signal)
      : await planPublish(this.deps.connections.provider(job.source.connectionId), job.source.root, job.source.rootName, job.source.path, job.source.folder, signal);
    if (job.orderRoute !== 'none' && plan.size >= CRUST_MAX_ORDER_BYTES) throw tooLarge(plan.size);
    this.deps.store.update(id, { state: 'adding', size: plan.size, bytesDone: 0 });
    this.changed();
    const kubo = await this.deps.endpoints.ipfsNode(job.ipfsNode);
    let bytesDone = 0;
    let lastReport = 0;
    const { entries, expected } = kuboEntries(
      plan,
      job.source.folder,
      (bytes) => {
        bytesDone += bytes;
        if (this.now() - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = this.now();
        this.deps.store.update(id, { bytesDone });
        this.changed();
      },
      signal,
    );
    const added = await kubo.add(entries, { signal });
    const ours = expected();
    if (added.root.cid !== ours.cid) {
      throw new AppError(AppErrorCode.CidMismatch, `the IPFS node returned ${added.root.cid}, but the content's CID is ${ours.cid}: nothing was ordered`, { params: { theirs: added.root.cid, ours: ours.cid } });
    }
    // Declare what the node reports (the order must not be for less than the DAG), never less than ours.
    const dagSize = Math.max(added.root.dagSize, ours.dagSize);
    if (job.orderRoute !== 'none' && dagSize >= CRUST_MAX_ORDER_BYTES) throw tooLarge(dagSize);
    this.deps.store.update(id, { cid: ours.cid, dagSize, bytesDone: plan.size, attempts: 0 });
  }

  private async order(id: string, signal: AbortSignal): Promise<void> {
    const job = this.deps.store.get(id)!;
    if (job.orderRoute === 'pinning-service') {
      const pins = await this.deps.endpoints.pinningService();
      const pin = await pins.add({ cid: job.cid!, name: job.name }, { signal });
      this.deps.store.update(id, { placedAt: this.now(), requestId: pin.requestId, pinStatus: pin.status, attempts: 0 });
    } else {
      // The seed's answer (`data`) is undocumented: it is not read as "placed"; the chain tells.
      await this.deps.endpoints.seedGateway().placeOrder({ cid: job.cid!, size: job.dagSize! }, { signal });
      this.deps.store.update(id, { placedAt: this.now(), attempts: 0 });
    }
  }

  private failed(id: string, error: unknown): void {
    const job = this.deps.store.get(id);
    if (!job || job.state === 'cancelled') return;
    const failure = publishFailure(error, this.deps.log);
    const attempts = job.attempts + 1;
    if (failure.retryable && mayRetry(attempts, this.deps.retry ?? PUBLISH_RETRY)) {
      const at = this.now() + backoffDelay(attempts - 1, this.deps.retry ?? PUBLISH_RETRY);
      this.deps.store.update(id, { state: 'waiting', attempts, error: failure.shape, nextAttemptAt: at });
      this.schedule(id, at);
    } else {
      this.deps.store.update(id, { state: 'failed', attempts, error: failure.shape, finishedAt: this.now(), nextAttemptAt: null });
      this.deps.log?.(`publish of ${job.name} failed: ${failure.shape.message}`);
    }
    this.changed();
  }

  private schedule(id: string, at: number): void {
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        if (this.deps.store.get(id)?.state !== 'waiting') return;
        this.deps.store.update(id, { state: 'queued', nextAttemptAt: null });
        this.changed();
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  private changed(): void {
    this.deps.events.emit('publish.changed', {});
  }
}

function tooLarge(bytes: number): AppError {
  return new AppError(AppErrorCode.TooLargeForOrder, `Crust takes orders for files under 8 GiB; this is ${bytes} bytes: publish it in parts, or publish to IPFS only`, { params: { bytes } });
}
