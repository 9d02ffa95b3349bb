/**
 * The listing page's hand-written fast path (src-shared/jcs/list-page.ts)
 * against the zod schema it stands in for: every answer is accepted or
 * refused as `listByPathResponse` does, with the same value or the same
 * issues, and a refused page reaches the client's caller with zod's message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listByPathPage, parseListPageFast } from '@shared/jcs/list-page';
import { listByPathResponse } from '@shared/jcs/wire';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { JcsTransportError } from '../../src-main/providers/jcs/jcs-errors';

const object = () => ({
  objectID: 7,
  packageID: 3,
  path: 'sync/a.txt',
  size: '2048',
  fileHash: 'Full' + 'AB'.repeat(32),
  redundancy: { type: 'none' },
  createTime: '2026-12-05T03:00:00+08:00',
  updateTime: '2026-12-05T03:00:01+08:00',
});
const page = (fields: Record<string, unknown> = {}) => ({ objects: [object(), { ...object(), objectID: 8, path: 'sync/b.txt', size: 0 }], commonPrefixes: ['x/'], isTruncated: true, nextContinuationToken: 'sync/b.txt', ...fields });

/** Both parsers on their own copy (the fast path turns sizes into numbers in place). */
function both(input: unknown) {
  return { zod: listByPathResponse.safeParse(structuredClone(input)), ours: listByPathPage.safeParse(structuredClone(input)) };
}

function expectSame(input: unknown) {
  const { zod, ours } = both(input);
  expect(ours.success).toBe(zod.success);
  if (zod.success) expect(ours.data).toEqual(zod.data);
  else expect(ours.error?.issues).toEqual(zod.error.issues);
  return zod.success;
}

describe('the listing page fast path', () => {
  it('takes the usual answers itself and gives what zod gives', () => {
    const answers = [
      page(),
      page({ objects: null, commonPrefixes: null, isTruncated: null, nextContinuationToken: null }),
      {},
      { objects: [{ ...object(), size: 9007199254740991, redundancy: { type: 'multipartUpload', extra: [1] }, extra: { a: 1 } }] },
      { objects: [{ ...object(), size: '0000000000000000' }], more: 'ignored' },
    ];
    for (const answer of answers) {
      expect(parseListPageFast(structuredClone(answer))).toEqual(listByPathResponse.parse(structuredClone(answer)));
      expectSame(answer);
    }
    const parsed = parseListPageFast(page());
    expect(parsed?.objects.map((o) => o.size)).toEqual([2048, 0]);
    expect(parsed).not.toHaveProperty('more');
  });

  it('refuses what zod refuses, with zod issues, and vouches for none of it', () => {
    const hostile: unknown[] = [
      null,
      [],
      'page',
      page({ objects: {} }),
      page({ objects: [null] }),
      page({ objects: [[]] }),
      page({ commonPrefixes: [1] }),
      page({ commonPrefixes: 'x/' }),
      page({ isTruncated: 'true' }),
      page({ isTruncated: 1 }),
      page({ nextContinuationToken: 5 }),
    ];
    for (const answer of hostile) {
      expect(parseListPageFast(structuredClone(answer))).toBeUndefined();
      expect(expectSame(answer)).toBe(false);
    }
  });

  it('agrees with zod on every odd value in every field of an object', () => {
    const odd: unknown[] = [
      undefined, null, true, 0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.MAX_VALUE, '', '0', '1', '-1', ' 1', '1 ', '1\n', '1e3', '0x10', '１',
      '9007199254740991', '9007199254740992', '9999999999999999', '00000000000000001', [], [1], {}, { type: 'none' }, { type: 1 }, { type: null },
    ];
    let accepted = 0;
    let refused = 0;
    for (const field of Object.keys(object())) {
      for (const value of odd) {
        const o: Record<string, unknown> = object();
        if (value === undefined) delete o[field];
        else o[field] = value;
        if (expectSame({ objects: [object(), o] })) accepted++;
        else refused++;
        // The fast path never vouches for a page zod refuses.
        if (parseListPageFast(structuredClone({ objects: [o] })) !== undefined) expect(listByPathResponse.safeParse({ objects: [o] }).success).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(100);
  });
});

describe('a listing page refused on the wire', () => {
  let server: http.Server;
  let client: JcsClient;
  let answer = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new JcsClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const list = () => client.listByPath({ packageID: 3, path: 'sync/', isPrefix: true });

  it('fails with the field and the problem, and is not retryable', async () => {
    answer = JSON.stringify({ code: 'OK', message: '', data: page({ objects: [object(), { ...object(), size: '12a' }] }) });
    const error = await list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JcsTransportError);
    expect((error as JcsTransportError).message).toBe('unexpected answer to /object/listByPath: data.objects.1.size: Invalid string: must match pattern /^\\d{1,16}$/');
    expect((error as JcsTransportError).retryable).toBe(false);

    answer = JSON.stringify({ code: 'OK', message: '', data: page({ objects: [{ ...object(), objectID: 0 }], isTruncated: 'yes' }) });
    expect(((await list().catch((e: unknown) => e)) as Error).message).toBe(
      'unexpected answer to /object/listByPath: data.objects.0.objectID: Too small: expected number to be >=1; data.isTruncated: Invalid input: expected boolean, received string',
    );
  });

  it('parses a good page to numbers', async () => {
    answer = JSON.stringify({ code: 'OK', message: '', data: page() });
    const listed = await list();
    expect(listed.objects.map((o) => [o.path, o.size])).toEqual([
      ['sync/a.txt', 2048],
      ['sync/b.txt', 0],
    ]);
    expect(listed).toMatchObject({ commonPrefixes: ['x/'], isTruncated: true, nextContinuationToken: 'sync/b.txt' });
  });
});
