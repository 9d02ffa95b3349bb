/**
 * Reads each order's status again: the pinning service's pin (by request id)
 * and the chain record of the CID against the best block. Runs in the
 * background (pending orders often, settled ones now and then) and on demand
 * (Re-check). A reading that fails is kept as the reason the status is
 * unknown; it never fails the job, and a malformed answer never crashes.
 */
import type { PublishJob } from '@shared/contract/publish';
import { expiryDate } from '@shared/publish/order-status';
import type { EventBus } from '../events/event-bus';
import type { PublishEndpoints } from './publish-endpoints';
import { publishFailure } from './publish-errors';
import type { PublishJobChange, PublishStore } from './publish-store';

export interface OrderCheckerOptions {
  /** How often the background sweep runs (default 1 min). */
  intervalMs?: number;
  /** Orders still pending are read again after this (default 1 min); settled ones (stored, expired) after `settledAfterMs` (default 1 h). */
  pendingAfterMs?: number;
  settledAfterMs?: number;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

/** Orders read per sweep at most, so that thousands of orders do not hammer the endpoints at once. */
const SWEEP_LIMIT = 200;

export class OrderChecker {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: PublishStore,
    private readonly endpoints: PublishEndpoints,
    private readonly events: EventBus,
    private readonly options: OrderCheckerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs ?? 60_000);
    this.timer.unref();
    void this.sweep();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads the named orders now (Re-check). */
  async check(ids: readonly string[]): Promise<number> {
    let checked = 0;
    for (const id of ids) {
      const job = this.store.get(id);
      if (!job || !checkable(job)) continue;
      await this.checkOne(job);
      checked++;
    }
    if (checked) this.events.emit('publish.changed', {});
    return checked;
  }

  /** The orders due for a reading. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const due = this.store.finished().filter((job) => checkable(job) && this.due(job)).slice(0, SWEEP_LIMIT);
        for (const job of due) await this.checkOne(job);
        if (due.length) this.events.emit('publish.changed', {});
      } catch (error) {
        this.options.log?.('reading order status failed', error);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  private due(job: PublishJob): boolean {
    if (job.order.checkedAt === null) return true;
    const settled = job.status.label === 'stored' || job.status.label === 'expired' || job.status.label === 'failed';
    const after = settled ? (this.options.settledAfterMs ?? 3_600_000) : (this.options.pendingAfterMs ?? 60_000);
    return this.now() - job.order.checkedAt >= after;
  }

  private async checkOne(job: PublishJob): Promise<void> {
    const change: PublishJobChange = { checkedAt: this.now() };
    const problems: string[] = [];
    if (job.orderRoute === 'pinning-service' && job.order.requestId) {
      try {
        const pins = await this.endpoints.pinningService();
        change.pinStatus = (await pins.get(job.order.requestId)).status;
      } catch (error) {
        problems.push(`pinning service: ${publishFailure(error).shape.message}`);
      }
    }
    const chain = this.endpoints.chain();
    if (chain) {
      try {
        const [info, best] = await Promise.all([chain.fileInfo(job.cid!), chain.bestBlock()]);
        change.chain = info
          ? {
              fileSize: info.fileSize,
              reportedReplicaCount: info.reportedReplicaCount,
              replicas: info.replicas,
              expiredAt: info.expiredAt,
              bestBlock: best,
              expiresAt: expiryDate(info.expiredAt, best, this.now()),
            }
          : null;
      } catch (error) {
        problems.push(`chain: ${publishFailure(error).shape.message}`);
      }
    }
    change.chainProblem = problems.length ? problems.join('; ') : null;
    this.store.update(job.id, change);
  }
}

/** Only a finished publish with an order placed has a status to read. */
function checkable(job: PublishJob): boolean {
  return job.state === 'done' && job.cid !== null && job.order.placedAt !== null;
}
