/**
 * A keep-alive connection the service closes between two requests makes the
 * next request on it fail at once ("socket hang up") before the service has
 * answered. The client sends such a request again, once, on a new connection
 * when its body can be replayed (none or JSON); a streamed upload is not
 * replayed (the transfer engine retries it from its own source).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { JcsTransportError } from '../../src-main/providers/jcs/jcs-errors';
import { CountingProxy } from '../helpers/counting-proxy';
import { startTestNode, type TestNode } from '../helpers/storage-node';

describe('stale keep-alive connections', () => {
  let node: TestNode;
  let proxy: CountingProxy;
  let client: JcsClient;

  beforeAll(async () => {
    node = await startTestNode();
    proxy = await CountingProxy.start(node.node.url);
    client = new JcsClient({ baseUrl: proxy.url, credentials: node.credentials });
  });
  afterAll(async () => {
    client.close();
    await proxy.close();
    await node.dispose();
  });

  /** Drops the connection of the next request to `route` (only that one). */
  function dropNext(route: string): void {
    let dropped = false;
    proxy.fault = (request) => {
      if (dropped || request.route !== route) return undefined;
      dropped = true;
      return { kind: 'drop' };
    };
  }

  it('sends a request again on a new connection when the reused one was closed', async () => {
    await client.listBuckets(); // opens the connection the next request reuses
    const mark = proxy.mark;
    dropNext('/bucket/listAll');
    await expect(client.listBuckets()).resolves.toEqual(expect.any(Array));
    expect(proxy.count('/bucket/listAll', mark)).toBe(2); // the dropped one and its replay
  });

  it('replays a JSON request once, exactly as signed', async () => {
    await client.listBuckets();
    const mark = proxy.mark;
    dropNext('/bucket/create');
    const bucket = await client.createBucket('replayed');
    expect(bucket.name).toBe('replayed');
    expect(proxy.count('/bucket/create', mark)).toBe(2);
    expect((await node.client.listBuckets()).filter((b) => b.name === 'replayed')).toHaveLength(1);
  });

  it('gives up after one replay: a service that keeps dropping is an error to retry later', async () => {
    await client.listBuckets();
    const mark = proxy.mark;
    proxy.fault = (request) => (request.route === '/bucket/listAll' ? { kind: 'drop' } : undefined);
    try {
      const error = await client.listBuckets().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(JcsTransportError);
      expect((error as JcsTransportError).retryable).toBe(true);
      expect(proxy.count('/bucket/listAll', mark)).toBe(2);
    } finally {
      proxy.fault = undefined;
    }
  });

  it('does not replay a streamed upload body', async () => {
    const bucket = await client.createBucket('streamed');
    const pkg = await client.createPackage(bucket.bucketID, 'p');
    const mark = proxy.mark;
    dropNext('/object/upload');
    const body = Buffer.from('hello');
    const error = await client.uploadObjects(pkg.packageID, [{ path: 'a.txt', body }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JcsTransportError);
    expect(proxy.count('/object/upload', mark)).toBe(1);
    expect((await node.client.listByPath({ packageID: pkg.packageID, path: 'a.txt' })).objects).toHaveLength(0);
  });
});
