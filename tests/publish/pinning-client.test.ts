/**
 * The pinning client against the PSA fixture, whose every answer is checked
 * against the v1.0.0 OpenAPI document (no test here may leave a violation the
 * fixture did not make on purpose).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PinningClient } from '../../src-main/core/publish/pinning/pinning-client';
import { PublishEndpointError } from '../../src-main/core/publish/publish-endpoint-error';
import { startPinningService, type PinningServiceOptions, type PinningServiceServer } from '../fixtures/pinning-service';

const TOKEN = 'c3ViLWNUTG9uZ0FkZHJlc3M6MHhzaWduYXR1cmU=';
const CID_A = 'QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J';
const CID_B = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o';

const running: Array<{ service: PinningServiceServer; client: PinningClient }> = [];

async function setUp(options: Partial<PinningServiceOptions> = {}, token = TOKEN) {
  const service = await startPinningService({ token: TOKEN, ...options });
  const client = new PinningClient({ url: service.url, token, timeoutMs: 20_000 });
  running.push({ service, client });
  return { service, client };
}

afterEach(async () => {
  for (const { service, client } of running.splice(0)) {
    client.close();
    await service.close();
    expect(service.violations.filter((v) => !v.deliberate)).toEqual([]);
  }
});

async function failure(promise: Promise<unknown>): Promise<PublishEndpointError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishEndpointError);
  return error as PublishEndpointError;
}

describe.each(['requestid', 'requestId'] as const)('pin lifecycle, the service spelling the id %s', (idCasing) => {
  it('add is queued, then follows the script to pinned as the service steps it', async () => {
    const { service, client } = await setUp({ idCasing });
    const added = await client.add({ cid: CID_A, name: 'scan.dcm', meta: { app: 'jcs' } });
    expect(added).toMatchObject({ status: 'queued', cid: CID_A, name: 'scan.dcm' });
    expect(service.pins.has(added.requestId)).toBe(true);
    expect(added.delegates.length).toBeGreaterThan(0);
    expect(Date.parse(added.created)).not.toBeNaN();
    service.step(added.requestId);
    expect((await client.get(added.requestId)).status).toBe('pinning');
    service.step(added.requestId);
    const pinned = await client.get(added.requestId);
    expect(pinned).toMatchObject({ requestId: added.requestId, status: 'pinned', cid: CID_A });
    expect(pinned.info?.status_details).toBe('step 3 of 3');
  });
});

describe('pinning client', () => {
  it("works under a base path, as Crust's service at /psa", async () => {
    const { service, client } = await setUp({ basePath: '/psa' });
    expect(service.url).toMatch(/\/psa$/);
    const added = await client.add({ cid: CID_A });
    expect(client.endpoint).toBe(service.url);
    expect((await client.get(added.requestId)).status).toBe('queued');
    const trailing = new PinningClient({ url: `${service.url}/`, token: TOKEN });
    expect((await trailing.list({ status: ['queued'] })).count).toBe(1);
    trailing.close();
  });

  it('a pin the service fails ends failed, with its info', async () => {
    const { service, client } = await setUp({ script: () => ['queued', 'failed'] });
    const added = await client.add({ cid: CID_B });
    service.step();
    const failed = await client.get(added.requestId);
    expect(failed.status).toBe('failed');
    expect(failed.info?.failure).toMatch(/failed/);
  });

  it('steps on a timer too', async () => {
    const { client } = await setUp({ autoStepMs: 20 });
    const added = await client.add({ cid: CID_A });
    let status = added.status;
    while (status !== 'pinned') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await client.get(added.requestId)).status;
    }
    expect(status).toBe('pinned');
  });

  it('lists by status and CID, and pages with before = the oldest created seen', async () => {
    const { service, client } = await setUp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.add({ cid: i % 2 ? CID_A : CID_B, name: `f${i}` })).requestId);
    // The spec's default is pinned only: nothing yet.
    expect(await client.list()).toEqual({ count: 0, results: [] });
    service.step(ids[0]);
    service.step(ids[0]);
    expect((await client.list({})).results.map((r) => r.requestId)).toEqual([ids[0]]);
    const pending = await client.list({ status: ['queued', 'pinning'], limit: 2 });
    expect(pending.count).toBe(4);
    expect(pending.results.map((r) => r.requestId)).toEqual([ids[4], ids[3]]);
    const next = await client.list({ status: ['queued', 'pinning'], limit: 2, before: pending.results.at(-1)!.created });
    expect(next.results.map((r) => r.requestId)).toEqual([ids[2], ids[1]]);
    const byCid = await client.list({ cid: [CID_A], status: ['queued', 'pinning', 'pinned', 'failed'] });
    expect(byCid.results.map((r) => r.requestId).sort()).toEqual([ids[1], ids[3]].sort());
  });

  it('remove takes the pin away; a pin the service does not know is NotFound', async () => {
    const { service, client } = await setUp();
    const added = await client.add({ cid: CID_A });
    await client.remove(added.requestId);
    expect(service.pins.size).toBe(0);
    const gone = await failure(client.get(added.requestId));
    expect([gone.code, gone.retryable]).toEqual(['NotFound', false]);
    expect(gone.message).toContain('NOT_FOUND');
    expect((await failure(client.remove(added.requestId))).code).toBe('NotFound');
  });

  it('a refused token is TokenRefused, says so with the service\'s reason, and never shows the token', async () => {
    const { service, client } = await setUp({}, 'wrong-token');
    const error = await failure(client.add({ cid: CID_A }));
    expect([error.code, error.retryable, error.httpStatus]).toEqual(['TokenRefused', false, 401]);
    expect(error.message).toMatch(/refused the token/);
    expect(error.message).toContain('UNAUTHORIZED');
    expect(error.message).not.toContain('wrong-token');
    expect(error.endpoint).toBe(service.url);
    expect(service.pins.size).toBe(0);
  });

  it('answers outside the spec are BadResponse, never a crash or a guess', async () => {
    const { service, client } = await setUp();
    const cases: Array<[unknown, RegExp]> = [
      [{ requestid: 'x', status: 'done', created: '2026-12-04T10:00:00Z', pin: { cid: CID_A }, delegates: ['/ip4/1.2.3.4/tcp/1/p2p/Qm'] }, /status/],
      [{ status: 'queued', created: '2026-12-04T10:00:00Z', pin: { cid: CID_A }, delegates: [] }, /requestid/],
      [{ requestid: 'x', requestId: 'y', status: 'queued', created: '2026-12-04T10:00:00Z', pin: { cid: CID_A }, delegates: [] }, /disagree/],
      [{ requestid: 'x', status: 'queued', created: 'yesterday', pin: { cid: CID_A }, delegates: [] }, /RFC 3339/],
      ['<html>maintenance</html>', /not JSON/],
    ];
    for (const [body, reason] of cases) {
      service.fault = { status: 202, body };
      const error = await failure(client.add({ cid: CID_A }));
      expect(error.code).toBe('BadResponse');
      expect(error.message).toMatch(reason);
    }
    // The fixture knew each of these broke the spec.
    expect(service.violations.filter((v) => v.deliberate)).toHaveLength(cases.length);
  });

  it('service errors carry reason and details; 409 (funds) is not retryable, 500 and 503 are', async () => {
    const { service, client } = await setUp();
    service.fault = { status: 409, body: { error: { reason: 'INSUFFICIENT_FUNDS', details: 'Unable to process request due to the lack of funds' } } };
    const funds = await failure(client.add({ cid: CID_A }));
    expect([funds.code, funds.retryable]).toEqual(['Refused', false]);
    expect(funds.message).toContain('INSUFFICIENT_FUNDS: Unable to process request due to the lack of funds');
    service.fault = { status: 500, body: { error: { reason: 'INTERNAL_SERVER_ERROR' } } };
    expect((await failure(client.get('x'))).retryable).toBe(true);
    service.fault = { status: 503, body: { error: { reason: 'MAINTENANCE' } } };
    const down = await failure(client.list({ status: ['pinned'] }));
    expect([down.code, down.retryable]).toEqual(['Unreachable', true]);
  });

  it('a service that never answers, or is not there, is Unreachable and retryable', async () => {
    const { service } = await setUp();
    service.fault = 'hang';
    const impatient = new PinningClient({ url: service.url, token: TOKEN, timeoutMs: 500 });
    const hang = await failure(impatient.get('x'));
    impatient.close();
    expect(hang.message).toMatch(/did not answer GET \/pins\/\{requestid\} for 1 s/);
    expect([hang.code, hang.retryable]).toEqual(['Unreachable', true]);
    const absent = new PinningClient({ url: 'http://127.0.0.1:1/psa', token: TOKEN, timeoutMs: 1_000 });
    const error = await failure(absent.get('x'));
    expect([error.code, error.retryable, error.endpoint]).toEqual(['Unreachable', true, 'http://127.0.0.1:1/psa']);
    absent.close();
  });

  it('refuses bad input before sending anything', async () => {
    const { service, client } = await setUp();
    await expect(client.list({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(client.list({ cid: Array.from({ length: 11 }, () => CID_A) })).rejects.toThrow(/10 CIDs/);
    await expect(client.add({ cid: '' })).rejects.toThrow(/CID/);
    await expect(client.get('')).rejects.toThrow(/request id/);
    expect(() => new PinningClient({ url: 'http://user:pw@127.0.0.1/psa', token: TOKEN })).toThrow(/credentials/);
    expect(() => new PinningClient({ url: service.url, token: 'a\r\nb' })).toThrow(/one line/);
    expect(service.pins.size).toBe(0);
  });
});
