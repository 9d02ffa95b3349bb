/**
 * Reading Crust orders: our storage key and SCALE decoder against
 * @polkadot/types with Crust's type definitions, and the JSON-RPC client
 * (HTTP and WebSocket) against a chain fixture, faults included.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesV2StorageKey } from '../../src-main/core/publish/crust/chain-storage-key';
import { CrustChainClient } from '../../src-main/core/publish/crust/crust-chain-client';
import { ChainDataError, decodeFileInfoV2 } from '../../src-main/core/publish/crust/file-info-v2';
import { CrustChainFixture, encodeFileInfoV2, fixtureStorageKey, type FixtureRecord } from '../fixtures/crust-chain/crust-chain-fixture';

const SEED_CID = 'QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J';

function replica(createdAt: number | null, anchorBytes = 32) {
  return { who: randomBytes(32), validAt: 1234, anchor: randomBytes(anchorBytes), isReported: true, createdAt };
}

describe('market.filesV2 storage key', () => {
  it('equals the key derived with @polkadot/types and xxhash for the seed’s CID and others', () => {
    expect(filesV2StorageKey(SEED_CID)).toBe(fixtureStorageKey(SEED_CID));
    expect(filesV2StorageKey(SEED_CID).slice(0, 66)).toBe('0x5ebf094108ead4fefa73f7a3b13cb4a7' + filesV2StorageKey(SEED_CID).slice(34, 66));
    const long = `bafy${'a'.repeat(100)}`; // past 63 bytes the length prefix takes two bytes
    expect(filesV2StorageKey(long)).toBe(fixtureStorageKey(long));
  });
});

describe('FileInfoV2 decoder', () => {
  const records: Array<[string, FixtureRecord]> = [
    ['a new order', { fileSize: 526_717, expiredAt: 0, reportedReplicaCount: 0 }],
    ['a stored order with replicas, some without created_at', { fileSize: 104_882_589, spower: 3n << 40n, expiredAt: 3_000_000, calculatedAt: 2_999_000, amount: 123_456_789_012_345_678_901n, prepaid: 7n, reportedReplicaCount: 3, remainingPaidCount: 2, replicas: [replica(5), replica(null, 0), replica(900_000, 300)] }],
    ['u128 amounts past 2^64, many replicas', { fileSize: Number.MAX_SAFE_INTEGER, expiredAt: 4_294_967_295, amount: (1n << 127n) + 5n, prepaid: 1n << 64n, reportedReplicaCount: 50, replicas: Array.from({ length: 50 }, () => replica(1)) }],
  ];

  it.each(records)('reads %s exactly as @polkadot/types wrote it', (_name, record) => {
    expect(decodeFileInfoV2(encodeFileInfoV2(record))).toEqual({
      fileSize: Number(record.fileSize),
      spower: Number(record.spower ?? 0),
      expiredAt: record.expiredAt,
      calculatedAt: record.calculatedAt ?? 0,
      amount: String(record.amount ?? 0n),
      prepaid: String(record.prepaid ?? 0n),
      reportedReplicaCount: record.reportedReplicaCount,
      remainingPaidCount: record.remainingPaidCount ?? 0,
      replicas: record.replicas?.length ?? 0,
    });
  });

  it('refuses short data, trailing bytes, absurd map lengths, non-canonical compacts and sizes past 2^53', () => {
    const good = encodeFileInfoV2(records[1]![1]);
    for (let cut = 0; cut < good.length; cut += 7) expect(() => decodeFileInfoV2(good.subarray(0, cut)), `cut at ${cut}`).toThrow(ChainDataError);
    expect(() => decodeFileInfoV2(new Uint8Array([...good, 0]))).toThrow(/left over/);
    const huge = encodeFileInfoV2({ fileSize: 1, expiredAt: 0, reportedReplicaCount: 0 });
    const mapAt = huge.length - 1; // an empty map: one compact byte 0x00
    const claim = new Uint8Array([...huge.subarray(0, mapAt), 0x03, 0xff, 0xff, 0xff, 0xff]); // 2^32-ish entries
    expect(() => decodeFileInfoV2(claim)).toThrow(/claims .* items/);
    const tooBig = encodeFileInfoV2({ fileSize: 2n ** 60n, expiredAt: 0, reportedReplicaCount: 0 });
    expect(() => decodeFileInfoV2(tooBig)).toThrow(/too large/);
    // amount (at byte 24) 0 written in two bytes
    expect(() => decodeFileInfoV2(new Uint8Array([...huge.subarray(0, 24), 0x01, 0x00, ...huge.subarray(25)]))).toThrow(ChainDataError);
  });
});

describe.each(['http', 'ws'] as const)('the chain client over %s', (transport) => {
  let chain: CrustChainFixture;
  let client: CrustChainClient;

  beforeAll(async () => {
    chain = await new CrustChainFixture().start();
    client = new CrustChainClient({ url: transport === 'http' ? chain.url : chain.wsUrl, timeoutMs: 500 });
  });
  afterAll(async () => {
    client?.close();
    await chain?.stop();
  });

  it('reads a record, no record, and the best block', async () => {
    chain.fault = null;
    chain.bestBlock = 0x1e8480;
    chain.setRecord(SEED_CID, { fileSize: 526_717, expiredAt: 3_000_000, reportedReplicaCount: 4, replicas: [replica(1)] });
    expect(await client.fileInfo(SEED_CID)).toMatchObject({ fileSize: 526_717, expiredAt: 3_000_000, reportedReplicaCount: 4, replicas: 1 });
    expect(await client.fileInfo('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')).toBeNull();
    expect(await client.bestBlock()).toBe(2_000_000);
  });

  it('turns malformed data, an RPC error and silence into clear errors naming the endpoint', async () => {
    chain.setRecord(SEED_CID, { fileSize: 1, expiredAt: 5, reportedReplicaCount: 0 });
    chain.fault = 'garbage';
    await expect(client.fileInfo(SEED_CID)).rejects.toMatchObject({ code: 'BadResponse', message: expect.stringMatching(/cannot be read: .*ends early/) as unknown });
    chain.fault = 'rpc-error';
    await expect(client.bestBlock()).rejects.toMatchObject({ code: 'Refused', message: expect.stringContaining('state pruned') as unknown });
    chain.fault = 'silence';
    await expect(client.bestBlock()).rejects.toMatchObject({ code: 'Unreachable', retryable: true, message: expect.stringContaining('127.0.0.1') as unknown });
    chain.fault = null;
    expect(await client.bestBlock()).toBe(chain.bestBlock);
  });
});

it('says which endpoint cannot be reached', async () => {
  const client = new CrustChainClient({ url: 'http://127.0.0.1:9', timeoutMs: 2_000 });
  await expect(client.bestBlock()).rejects.toMatchObject({ code: 'Unreachable', message: expect.stringContaining('127.0.0.1:9') as unknown });
  expect(() => new CrustChainClient({ url: 'ftp://x' })).toThrow(/http\(s\) or ws\(s\)/);
});
