/**
 * The seed's order gateway and registry clients against fixtures that answer
 * as the seed's examples do.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrustGatewayClient } from '../../src-main/core/publish/seed-services/crust-gateway-client';
import { RegistryClient } from '../../src-main/core/publish/seed-services/registry-client';
import { PublishEndpointError } from '../../src-main/core/publish/publish-endpoint-error';
import { SEED_STUDY_ID, startCrustSeedServices, type CrustSeedServices } from '../fixtures/crust-seed';

const SEED_CID = 'QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J';

let seed: CrustSeedServices;
let gateway: CrustGatewayClient;
let registry: RegistryClient;

beforeAll(async () => {
  seed = await startCrustSeedServices();
  gateway = new CrustGatewayClient({ url: seed.gatewayUrl, timeoutMs: 20_000 });
  registry = new RegistryClient({ url: seed.registryUrl, timeoutMs: 20_000 });
});
afterAll(async () => {
  gateway.close();
  registry.close();
  await seed.close();
});
afterEach(() => {
  seed.gatewayFault = null;
  seed.registryFault = null;
  seed.placeOrderData = false;
});

async function failure(promise: Promise<unknown>): Promise<PublishEndpointError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishEndpointError);
  return error as PublishEndpointError;
}

describe('Crust order gateway', () => {
  it("places an order with the seed's query and hands back the seed's answer as it came", async () => {
    const answer = await gateway.placeOrder({ cid: SEED_CID, size: 526717 });
    expect(answer).toEqual({ status: 200, data: false });
    expect(seed.orders.at(-1)).toEqual({ hash: SEED_CID, size: '526717' });
    seed.placeOrderData = { orderId: 7 };
    expect((await gateway.placeOrder({ cid: SEED_CID, size: 1 })).data).toEqual({ orderId: 7 });
  });

  it('refuses sizes Crust would refuse, before sending anything', async () => {
    const before = seed.orders.length;
    await expect(gateway.placeOrder({ cid: SEED_CID, size: 8 * 1024 ** 3 })).rejects.toThrow(/under 8 GiB/);
    await expect(gateway.placeOrder({ cid: SEED_CID, size: -1 })).rejects.toThrow(/whole number/);
    await expect(gateway.placeOrder({ cid: 'not a cid', size: 1 })).rejects.toThrow(/not a CID/);
    expect(seed.orders.length).toBe(before);
  });

  it('an envelope status outside 2xx is Refused, with what the gateway said', async () => {
    seed.gatewayFault = { status: 200, body: JSON.stringify({ status: 500, data: 'chain not reachable' }) };
    const error = await failure(gateway.placeOrder({ cid: SEED_CID, size: 1 }));
    expect(error.code).toBe('Refused');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('chain not reachable');
    expect(error.message).toContain(seed.gatewayUrl);
  });

  it('an HTML page or a shape that is not the envelope is BadResponse; a 502 and a hang are Unreachable', async () => {
    seed.gatewayFault = { status: 200, body: '<!DOCTYPE html><html>portal</html>', contentType: 'text/html' };
    expect((await failure(gateway.placeOrder({ cid: SEED_CID, size: 1 }))).code).toBe('BadResponse');
    seed.gatewayFault = { status: 200, body: JSON.stringify({ ok: true }) };
    const shape = await failure(gateway.placeOrder({ cid: SEED_CID, size: 1 }));
    expect(shape.code).toBe('BadResponse');
    expect(shape.message).toMatch(/status/);
    seed.gatewayFault = { status: 502, body: 'Bad Gateway', contentType: 'text/plain' };
    const down = await failure(gateway.placeOrder({ cid: SEED_CID, size: 1 }));
    expect([down.code, down.retryable]).toEqual(['Unreachable', true]);
    seed.gatewayFault = 'hang';
    const impatient = new CrustGatewayClient({ url: seed.gatewayUrl, timeoutMs: 1_000 });
    const hang = await failure(impatient.placeOrder({ cid: SEED_CID, size: 1 }));
    impatient.close();
    expect([hang.code, hang.retryable]).toEqual(['Unreachable', true]);
    expect(hang.message).toMatch(/did not answer/);
  });
});

describe('registry', () => {
  it('records {cid, size} with size as a string and lists records as cid/size', async () => {
    await registry.add({ cid: SEED_CID, size: 526717 });
    await registry.add({ cid: 'QmXoBE3bgwF5fQ733pDWRGPWc6Shz5hiJtAouG6YBQ7XgJ', size: 251569 });
    const records = await registry.listByStudyId(SEED_STUDY_ID);
    expect(records).toEqual([
      { id: 1, cid: SEED_CID, size: 526717, studyId: SEED_STUDY_ID, status: 1 },
      { id: 2, cid: 'QmXoBE3bgwF5fQ733pDWRGPWc6Shz5hiJtAouG6YBQ7XgJ', size: 251569, studyId: SEED_STUDY_ID, status: 1 },
    ]);
    expect(await registry.listByStudyId('another-study')).toEqual([]);
  });

  it("reads the seed's own example answer (status a number, msg in Chinese, file_size a number)", async () => {
    const example = '{"timestamp":"2021-07-08T09:35:46.450+00:00","status":200,"msg":"操作成功","data":[{"file_cid":"QmXoBE3bgwF5fQ733pDWRGPWc6Shz5hiJtAouG6YBQ7XgJ","studyId":"N2pHZll0aGI5aWo5N3p5SHBJL0ZOQT09","id":1,"file_size":251569,"status":1}]}';
    seed.registryFault = { status: 200, body: example };
    expect(await registry.listByStudyId(SEED_STUDY_ID)).toEqual([{ id: 1, cid: 'QmXoBE3bgwF5fQ733pDWRGPWc6Shz5hiJtAouG6YBQ7XgJ', size: 251569, studyId: SEED_STUDY_ID, status: 1 }]);
    seed.registryFault = { status: 200, body: '{"timestamp":"2021-07-08T09:35:46.450+00:00","status":"200","msg":"操作成功","data":null}' };
    await expect(registry.add({ cid: SEED_CID, size: 1 })).resolves.toBeUndefined();
  });

  it("a refusal in the envelope is Refused with the registry's msg; a malformed record is BadResponse", async () => {
    seed.registryFault = { status: 200, body: JSON.stringify({ timestamp: 't', status: 400, msg: 'cid 已存在', data: null }) };
    const refused = await failure(registry.add({ cid: SEED_CID, size: 1 }));
    expect([refused.code, refused.retryable]).toEqual(['Refused', false]);
    expect(refused.message).toContain('cid 已存在');
    seed.registryFault = { status: 200, body: JSON.stringify({ timestamp: 't', status: 200, msg: 'ok', data: [{ file_cid: SEED_CID, studyId: 's', id: 1, file_size: 'big', status: 1 }] }) };
    const malformed = await failure(registry.listByStudyId('s'));
    expect(malformed.code).toBe('BadResponse');
    expect(malformed.message).toMatch(/file_size/);
  });

  it('an unreachable registry is Unreachable and retryable, naming the endpoint', async () => {
    const closed = new RegistryClient({ url: 'http://127.0.0.1:1', timeoutMs: 1_000 });
    const error = await failure(closed.listByStudyId('s'));
    expect([error.code, error.retryable, error.endpoint]).toEqual(['Unreachable', true, 'http://127.0.0.1:1']);
    expect(error.message).toMatch(/cannot reach registry at http:\/\/127\.0\.0\.1:1/);
    closed.close();
  });
});
