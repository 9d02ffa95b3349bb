import { describe, expect, it } from 'vitest';
import type { ChainOrder } from '../contract/publish';
import { expiryDate, orderStatus, ORDER_RECORD_DEADLINE_MS, type OrderFacts } from './order-status';

const now = 1_800_000_000_000;
const base: OrderFacts = { state: 'done', orderRoute: 'pinning-service', placedAt: now - 60_000, pinStatus: 'queued', chain: undefined, chainProblem: null, failure: null, now };
const chain = (expiredAt: number, replicas: number, bestBlock = 1_000): ChainOrder => ({ fileSize: 10, reportedReplicaCount: replicas, replicas, expiredAt, bestBlock, expiresAt: null });

describe('orderStatus', () => {
  it('is Publishing while the add runs, and On IPFS when no order was asked', () => {
    expect(orderStatus({ ...base, state: 'adding', placedAt: null, pinStatus: null }).label).toBe('publishing');
    expect(orderStatus({ ...base, state: 'waiting', placedAt: null, pinStatus: null }).label).toBe('publishing');
    expect(orderStatus({ ...base, orderRoute: 'none', placedAt: null, pinStatus: null }).label).toBe('ipfsOnly');
  });

  it('is Pending for a queued or pinning pin, and for a record with 0 replicas and expired_at 0', () => {
    expect(orderStatus(base).label).toBe('pending');
    expect(orderStatus({ ...base, pinStatus: 'pinning' }).label).toBe('pending');
    expect(orderStatus({ ...base, chain: chain(0, 0) })).toEqual({ label: 'pending', replicas: 0, reason: null });
  });

  it('is Stored with the replica count while expired_at is ahead of the best block', () => {
    expect(orderStatus({ ...base, chain: chain(2_000, 7) })).toEqual({ label: 'stored', replicas: 7, reason: null });
  });

  it('checks Expired before the replica count (0 replicas does not turn an expired order back into pending)', () => {
    expect(orderStatus({ ...base, chain: chain(1_000, 5) }).label).toBe('expired');
    expect(orderStatus({ ...base, chain: chain(999, 0) }).label).toBe('expired');
    expect(orderStatus({ ...base, pinStatus: 'pinned', chain: chain(10, 40) }).label).toBe('expired');
  });

  it('is Failed for a failed pin, a failed job, or no chain record two hours after the order', () => {
    expect(orderStatus({ ...base, pinStatus: 'failed' }).label).toBe('failed');
    expect(orderStatus({ ...base, state: 'failed', placedAt: null, failure: 'token refused' })).toEqual({ label: 'failed', replicas: null, reason: 'token refused' });
    const late = { ...base, orderRoute: 'seed-gateway' as const, pinStatus: null, chain: null, placedAt: now - ORDER_RECORD_DEADLINE_MS - 1 };
    expect(orderStatus(late).label).toBe('failed');
    expect(orderStatus({ ...late, placedAt: now - ORDER_RECORD_DEADLINE_MS + 60_000 }).label).toBe('pending');
  });

  it('is Unknown with the reason when the chain could not be read and no pinning service tells', () => {
    const facts = { ...base, orderRoute: 'seed-gateway' as const, pinStatus: null, chainProblem: 'chain: malformed FileInfoV2 (3 bytes left over)' };
    expect(orderStatus(facts)).toEqual({ label: 'unknown', replicas: null, reason: facts.chainProblem });
  });

  it('trusts a pinned pin when the chain is not read', () => {
    expect(orderStatus({ ...base, pinStatus: 'pinned' }).label).toBe('stored');
  });
});

describe('expiryDate', () => {
  it('turns a block number into a date at 6 s per block, and none while 0', () => {
    expect(expiryDate(0, 500, now)).toBeNull();
    expect(expiryDate(1_500, 500, now)).toBe(now + 1_000 * 6_000);
    expect(expiryDate(400, 500, now)).toBe(now - 100 * 6_000);
  });
});
