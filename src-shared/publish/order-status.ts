/**
 * The label an order shows, from what we know of it: our job's state, the
 * pinning service's status and the chain record (market.filesV2) read against
 * the best block. The rules are those of Crust's own apps (specs/crust-ipfs.md),
 * with one deliberate difference: an expired order stays Expired even with
 * 0 replicas (Crust Files lets "0 replicas" override it, a bug).
 */
import type { ChainOrder, OrderRoute, OrderStatus, PublishState } from '../contract/publish';

/** Crust blocks come every 6 s. */
export const CRUST_BLOCK_MS = 6_000;
/** With no chain record this long after the order was placed, the order failed. */
export const ORDER_RECORD_DEADLINE_MS = 2 * 60 * 60 * 1000;

export interface OrderFacts {
  state: PublishState;
  orderRoute: OrderRoute;
  placedAt: number | null;
  pinStatus: 'queued' | 'pinning' | 'pinned' | 'failed' | null;
  /** undefined: the chain was not read (no endpoint, or not yet); null: read, no record. */
  chain: ChainOrder | null | undefined;
  /** Why the chain record could not be read. */
  chainProblem: string | null;
  /** The job's own failure, in English. */
  failure: string | null;
  now: number;
}

export function orderStatus(facts: OrderFacts): OrderStatus {
  const status = (label: OrderStatus['label'], replicas: number | null = null, reason: string | null = null): OrderStatus => ({ label, replicas, reason });
  if (facts.state === 'failed' || facts.state === 'cancelled') return status('failed', null, facts.failure ?? facts.state);
  if (facts.state !== 'done' && facts.state !== 'recording' && facts.placedAt === null) return status('publishing');
  if (facts.orderRoute === 'none' && facts.placedAt === null) return status('ipfsOnly');

  const chain = facts.chain;
  if (chain) {
    if (chain.expiredAt !== 0 && chain.expiredAt <= chain.bestBlock) return status('expired', chain.reportedReplicaCount);
    if (chain.expiredAt > chain.bestBlock && chain.reportedReplicaCount > 0) return status('stored', chain.reportedReplicaCount);
    return status('pending', chain.reportedReplicaCount);
  }
  if (facts.pinStatus === 'failed') return status('failed', null, 'the pinning service reports the pin as failed');
  if (facts.pinStatus === 'pinned') return status('stored');
  if (chain === null && facts.placedAt !== null && facts.now - facts.placedAt > ORDER_RECORD_DEADLINE_MS && facts.pinStatus === null) {
    return status('failed', null, 'no order on chain two hours after it was placed');
  }
  if (facts.chainProblem && facts.pinStatus === null) return status('unknown', null, facts.chainProblem);
  return status('pending');
}

/** When an order ends, as a date: `expiredAt` is a block number, blocks come every 6 s. */
export function expiryDate(expiredAt: number, bestBlock: number, checkedAt: number): number | null {
  if (expiredAt === 0) return null;
  return checkedAt + (expiredAt - bestBlock) * CRUST_BLOCK_MS;
}
