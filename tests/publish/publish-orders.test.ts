/**
 * Orders end to end through the core: publish from the embedded node, order
 * through a pinning service (spec-checked fixture) or the seed's gateway,
 * record in the seed's registry, and read the status from the pinning service
 * and a chain fixture (records encoded by @polkadot/types): Pending → Stored,
 * Expired, Failed, Unknown, a refused token, and a restart mid-publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import { callOk, embeddedClient, openCore, putObjects, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';
import { CrustChainFixture } from '../fixtures/crust-chain/crust-chain-fixture';
import { startCrustSeedServices, type CrustSeedServices } from '../fixtures/crust-seed';
import { startPinningService, type PinningServiceServer } from '../fixtures/pinning-service';

const local = LOCAL_CONNECTION_ID;
const TOKEN = 'psa-token-for-tests';
const options = { publishing: { retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 }, checker: { intervalMs: 3_600_000 } } };

describe('Crust orders through the core', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let root: string;
  let pins: PinningServiceServer;
  let chain: CrustChainFixture;
  let seed: CrustSeedServices;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-orders');
    pins = await startPinningService({ token: TOKEN, script: (pin) => (pin.name?.startsWith('fail') ? ['queued', 'failed'] : ['queued', 'pinning', 'pinned']) });
    chain = await new CrustChainFixture().start();
    seed = await startCrustSeedServices();
    core = await openCore(temp.path, [], undefined, options);
    const bucket = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'orders' });
    const pkg = await callOk(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: 'p' });
    root = pkg.id;
    const client = embeddedClient(core);
    await putObjects(client, Number(pkg.extras.packageID), ['stored.txt', 'expired.txt', 'fail.txt', 'seed.txt', 'unknown.txt', 'refused.txt']);
    client.close();
    await callOk(core, 'publish.settings.update', {
      ipfsNode: 'embedded',
      orderRoute: 'pinning-service',
      pinningService: { url: pins.url, useCrustAccount: false },
      chain: { url: chain.url },
      secrets: { pinningToken: TOKEN },
    });
  });

  afterAll(async () => {
    await core?.close();
    await Promise.all([pins?.close(), chain?.stop(), seed?.close()]);
    await temp?.remove();
  });

  async function publish(path: string) {
    const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root, targets: [{ type: 'object', path }] });
    return waitFor(`publish of ${path}`, async () => {
      const job = await callOk(core, 'publish.get', { id: jobs[0]! });
      return ['done', 'failed', 'cancelled'].includes(job.state) && job;
    });
  }

  async function recheck(id: string) {
    await callOk(core, 'publish.control', { action: 'recheck', ids: [id] });
    return callOk(core, 'publish.get', { id });
  }

  it('is Pending while queued, then Stored with the chain’s replica count and expiry date', async () => {
    const job = await publish('stored.txt');
    expect(job).toMatchObject({ state: 'done', orderRoute: 'pinning-service', order: { pinStatus: 'queued' } });
    expect(job.order.requestId).toBeTruthy();
    expect(pins.pins.get(job.order.requestId!)?.pin.cid).toBe(job.cid);
    expect((await recheck(job.id)).status.label).toBe('pending');

    pins.step(job.order.requestId!);
    pins.step(job.order.requestId!);
    chain.bestBlock = 1_000;
    chain.setRecord(job.cid!, { fileSize: job.dagSize!, expiredAt: 1_000 + 2_592_000, reportedReplicaCount: 12, replicas: [] });
    const stored = await recheck(job.id);
    expect(stored.order.pinStatus).toBe('pinned');
    expect(stored.status).toEqual({ label: 'stored', replicas: 12, reason: null });
    const days = (stored.order.chain!.expiresAt! - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(179.9);
    expect(days).toBeLessThan(180.1);
    expect(pins.violations.filter((v) => !v.deliberate)).toEqual([]);
  });

  it('is Expired once the best block passes expired_at, even with replicas; Renew places the order again', async () => {
    const job = await publish('expired.txt');
    chain.bestBlock = 5_000;
    chain.setRecord(job.cid!, { fileSize: job.dagSize!, expiredAt: 4_999, reportedReplicaCount: 7 });
    expect((await recheck(job.id)).status.label).toBe('expired');
    const before = pins.pins.size;
    await callOk(core, 'publish.control', { action: 'renew', ids: [job.id] });
    const renewed = await waitFor('the renewed order', async () => {
      const j = await callOk(core, 'publish.get', { id: job.id });
      return j.state === 'done' && j.order.requestId !== job.order.requestId && j;
    });
    expect(pins.pins.size).toBe(before + 1);
    expect(renewed.cid).toBe(job.cid);
  });

  it('is Failed when the pinning service fails the pin', async () => {
    chain.setRecord('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', null);
    const job = await publish('fail.txt');
    pins.step(job.order.requestId!);
    const failed = await recheck(job.id);
    expect(failed.order.pinStatus).toBe('failed');
    expect(failed.status.label).toBe('failed');
  });

  it('is Unknown, with the reason, when the chain answers malformed data (and the publish itself stays done)', async () => {
    await callOk(core, 'publish.settings.update', { orderRoute: 'seed-gateway', seedGateway: { url: seed.gatewayUrl } });
    try {
      const job = await publish('unknown.txt');
      expect(seed.orders.at(-1)).toEqual({ hash: job.cid, size: String(job.dagSize) });
      chain.setRecord(job.cid!, { fileSize: 1, expiredAt: 9, reportedReplicaCount: 1 });
      chain.fault = 'garbage';
      const unknown = await recheck(job.id);
      expect(unknown.state).toBe('done');
      expect(unknown.status.label).toBe('unknown');
      expect(unknown.status.reason).toMatch(/chain: .*cannot be read/);
    } finally {
      chain.fault = null;
      await callOk(core, 'publish.settings.update', { orderRoute: 'pinning-service' });
    }
  });

  it('orders through the seed’s gateway (its `data: false` is not read as anything) and records in the registry once', async () => {
    await callOk(core, 'publish.settings.update', { orderRoute: 'seed-gateway', seedGateway: { url: seed.gatewayUrl }, registry: { url: seed.registryUrl, studyId: seed.studyId } });
    try {
      const job = await publish('seed.txt');
      expect(job).toMatchObject({ state: 'done', registeredStudyId: seed.studyId, status: { label: 'pending' } });
      expect(seed.records.filter((r) => r.file_cid === job.cid)).toHaveLength(1);
      const records = await callOk(core, 'publish.registry', {});
      expect(records.map((r) => r.cid)).toContain(job.cid);
    } finally {
      await callOk(core, 'publish.settings.update', { orderRoute: 'pinning-service', registry: { url: '', studyId: '' } });
    }
  });

  it('fails with TokenRefused when the pinning service refuses the token', async () => {
    await callOk(core, 'publish.settings.update', { secrets: { pinningToken: 'wrong' } });
    try {
      const job = await publish('refused.txt');
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('TokenRefused');
      expect(job.error?.message).toContain(pins.url.replace('http://', ''));
      expect(job.cid).not.toBeNull(); // the add went through; a retry goes on from the order
    } finally {
      await callOk(core, 'publish.settings.update', { secrets: { pinningToken: TOKEN } });
    }
  });
});

describe('a restart mid-publish', () => {
  it('goes on after the core restarts: the job finishes once, with the right CID', async () => {
    const temp = await makeTempDir('jcs-publish-restart');
    const pins = await startPinningService({ token: TOKEN });
    try {
      let core = await openCore(temp.path, [], undefined, options);
      const bucket = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'big' });
      const pkg = await callOk(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: 'p' });
      const client = embeddedClient(core);
      const big = Buffer.alloc(96 * 1024 * 1024, 7);
      await putObjects(client, Number(pkg.extras.packageID), ['big.bin'], () => big);
      client.close();
      await callOk(core, 'publish.settings.update', { ipfsNode: 'embedded', orderRoute: 'pinning-service', pinningService: { url: pins.url, useCrustAccount: false }, chain: { url: '' }, secrets: { pinningToken: TOKEN } });
      const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: pkg.id, targets: [{ type: 'object', path: 'big.bin' }] });
      await waitFor('the add to be under way', async () => {
        const job = await callOk(core, 'publish.get', { id: jobs[0]! });
        return job.state === 'adding' && job.bytesDone > 0 && job;
      });
      await core.close();
      core = await openCore(temp.path, [], undefined, options);
      try {
        const job = await waitFor(
          'the job to finish after the restart',
          async () => {
            const j = await callOk(core, 'publish.get', { id: jobs[0]! });
            return j.state === 'done' && j;
          },
          60_000,
        );
        const { cidOfBytes } = await import('../../src-main/common/ipfs/unixfs-file-hasher');
        expect(job.cid).toBe(cidOfBytes(big).cid);
        expect(pins.pins.size).toBe(1);
      } finally {
        await core.close();
      }
    } finally {
      await pins.close();
      await temp.remove();
    }
  }, 120_000);
});

describe('a settings change mid-publish', () => {
  it('does not cut off an add already streaming (the clients of the old settings are not closed under it)', async () => {
    const temp = await makeTempDir('jcs-publish-settings-change');
    const core = await openCore(temp.path, [], undefined, { publishing: { retry: { attempts: 1, baseDelayMs: 50, maxDelayMs: 50 } } });
    try {
      const bucket = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'big' });
      const pkg = await callOk(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: 'p' });
      const client = embeddedClient(core);
      await putObjects(client, Number(pkg.extras.packageID), ['big.bin'], () => Buffer.alloc(96 * 1024 * 1024, 3));
      client.close();
      await callOk(core, 'publish.settings.update', { ipfsNode: 'embedded', orderRoute: 'none', chain: { url: '' } });
      const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: pkg.id, targets: [{ type: 'object', path: 'big.bin' }] });
      await waitFor('the add to be under way', async () => {
        const job = await callOk(core, 'publish.get', { id: jobs[0]! });
        return job.state === 'adding' && job.bytesDone > 0 && job;
      });
      await callOk(core, 'publish.settings.update', { publicGateway: 'https://dweb.link/ipfs/' });
      const job = await waitFor('the publish to end', async () => {
        const j = await callOk(core, 'publish.get', { id: jobs[0]! });
        return ['done', 'failed'].includes(j.state) && j;
      }, 60_000);
      expect(job.error).toBeNull();
      expect(job.state).toBe('done');
    } finally {
      await core.close();
      await temp.remove();
    }
  }, 120_000);
});
