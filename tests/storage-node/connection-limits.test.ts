/**
 * Connections that cost the node without doing work: headers that never end,
 * bodies that stop arriving, more connections than the node serves, and
 * clients that hang up. Limits are shortened through `limits`; the rules are
 * the node's own. Waits are on the events themselves (a socket closing, a log
 * line appearing), bounded so that a node that never acts fails the test.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { startStorageNode, type RunningStorageNode, type StorageNodeOptions } from '../../src-main/storage-node/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { listFiles } from './routes-support';

interface LogLine {
  message: string;
  error: unknown;
}

let running: { node: RunningStorageNode; client: JcsClient; remove: () => Promise<void> } | undefined;
afterEach(async () => {
  running?.client.close();
  await running?.node.close(500);
  await running?.remove();
  running = undefined;
});

async function start(limits: StorageNodeOptions['limits']): Promise<{ node: RunningStorageNode; client: JcsClient; logs: LogLine[] }> {
  const temp = await makeTempDir('jcs-node-limits');
  const logs: LogLine[] = [];
  const node = await startStorageNode({ dataDir: temp.path, limits, log: (message, error) => logs.push({ message, error }) });
  const client = new JcsClient({ baseUrl: node.url });
  running = { node, client, remove: () => temp.remove() };
  return { node, client, logs };
}

/** Opens a raw connection and writes `text`; resolves with everything the node sent once it closes the connection. */
function rawConnection(node: RunningStorageNode, text: string, boundMs = 10_000): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(node.port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  const closed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the node kept the connection open for ${boundMs} ms`)), boundMs);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
  if (text) socket.write(text);
  return { socket, closed };
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, boundMs = 10_000): Promise<void> {
  const deadline = performance.now() + boundMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('header timeout', () => {
  it('closes a connection whose headers never end, or that never sends any, with 408', async () => {
    const { node } = await start({ headersTimeoutMs: 400 });
    const partial = rawConnection(node, 'GET /v1/bucket/listAll HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const silent = rawConnection(node, '');
    expect(await partial.closed).toMatch(/^HTTP\/1\.1 408/);
    await silent.closed;
    expect(await running!.client.listBuckets()).toEqual([]);
  });
});

describe('request body idle timeout', () => {
  it('cuts off a JSON body that stops arriving, logs one line, and changes nothing', async () => {
    const { node, client, logs } = await start({ bodyIdleTimeoutMs: 400 });
    const head = 'POST /v1/bucket/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const stalled = rawConnection(node, head + '{"name":"st');
    await stalled.closed;
    expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^request body stalled for 400 ms; connection closed \(POST \/v1\/bucket\/create from 127\.0\.0\.1:\d+\)$/)]);
    expect(logs[0]!.error).toBeUndefined();
    expect(await client.listBuckets()).toEqual([]);
  });

  it('cuts off an upload whose body stops arriving and leaves no temp file', async () => {
    const { node, client, logs } = await start({ bodyIdleTimeoutMs: 400 });
    const bucket = await client.createBucket('b');
    const pkg = await client.createPackage(bucket.bucketID, 'p');
    const boundary = 'stall-boundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="info"\r\n\r\n${JSON.stringify({ packageID: pkg.packageID })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="stalled.bin"\r\n\r\n` +
      'x'.repeat(300_000);
    const head = `POST /v1/object/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length + 5_000_000}\r\n\r\n`;
    const stalled = rawConnection(node, head + body);
    await stalled.closed;
    await waitFor('the stall to be logged', () => logs.length > 0);
    expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^request body stalled .*POST \/v1\/object\/upload/)]);
    await waitFor('temp files to go', async () => (await listFiles(`${node.dataDir}/tmp`)).length === 0);
    expect(await client.getPackageObjects(pkg.packageID)).toEqual([]);
  });

  it('lets a slow body through as long as bytes keep coming', async () => {
    const { node, client } = await start({ bodyIdleTimeoutMs: 1_000 });
    const json = JSON.stringify({ name: 'slow-but-steady' });
    const socket = net.connect(node.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.write(`POST /v1/bucket/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`);
    // About 2 s in all, far longer than the idle timeout, with a byte every 100 ms.
    for (const char of json) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.write(char);
    }
    await waitFor('the answer', () => received.includes('"code":"OK"'));
    socket.destroy();
    expect((await client.listBuckets()).map((b) => b.name)).toEqual(['slow-but-steady']);
  });
});

describe('connection cap', () => {
  it('closes connections beyond the cap as they arrive, logs it once, and serves again when one goes', async () => {
    const { node, logs } = await start({ maxConnections: 3 });
    const held = [rawConnection(node, ''), rawConnection(node, ''), rawConnection(node, '')];
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
    // The cap counts connections the node accepted: a request answered on the third proves all three are in.
    held[2]!.socket.write('GET /v1/bucket/listAll HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor('an answer on the third connection', () => held[2]!.socket.bytesRead > 0);

    const beyond = rawConnection(node, 'GET /v1/bucket/listAll HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await beyond.closed).toBe('');
    const beyondAgain = rawConnection(node, '');
    expect(await beyondAgain.closed).toBe('');
    expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^refused a connection: 3 are open, the most this node serves at once/)]);

    held[0]!.socket.destroy();
    const client = new JcsClient({ baseUrl: node.url });
    try {
      await waitFor('the node to serve again', () => client.listBuckets().then(() => true, () => false));
    } finally {
      client.close();
    }
    for (const { socket } of held) socket.destroy();
  });
});

describe('clients that hang up', () => {
  it('logs a download cut off by its client as one line, with no stack trace', async () => {
    const { node, client, logs } = await start({});
    const bucket = await client.createBucket('b');
    const pkg = await client.createPackage(bucket.bucketID, 'p');
    const [object] = await client.uploadObjects(pkg.packageID, [{ path: 'big.bin', body: randomBytes(8 * 1024 * 1024) }]);
    await new Promise<void>((resolve, reject) => {
      http.get(`${node.url}/v1/object/download?objectID=${object!.objectID}`, (res) => {
        res.once('data', () => {
          res.destroy();
          resolve();
        });
      }).on('error', reject);
    });
    await waitFor('the hang-up to be logged', () => logs.length > 0);
    // A later request is served, and nothing more was logged meanwhile.
    expect((await client.listBuckets()).map((b) => b.name)).toEqual(['b']);
    expect(logs).toEqual([{ message: expect.stringMatching(/^client went away during GET \/v1\/object\/download from 127\.0\.0\.1:\d+$/) as unknown, error: undefined }]);
  });

  it('logs an upload cut off by its client as one line', async () => {
    const { node, client, logs } = await start({});
    const bucket = await client.createBucket('b');
    const pkg = await client.createPackage(bucket.bucketID, 'p');
    const boundary = 'cut-boundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="info"\r\n\r\n${JSON.stringify({ packageID: pkg.packageID })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.bin"\r\n\r\n` +
      'x'.repeat(200_000);
    const cut = rawConnection(node, `POST /v1/object/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length + 1_000_000}\r\n\r\n${body}`);
    await waitFor('the node to start storing the upload', async () => (await listFiles(`${node.dataDir}/tmp`)).length > 0);
    cut.socket.destroy();
    await waitFor('the hang-up to be logged', () => logs.length > 0);
    await waitFor('temp files to go', async () => (await listFiles(`${node.dataDir}/tmp`)).length === 0);
    expect(logs).toEqual([{ message: expect.stringMatching(/^client went away during POST \/v1\/object\/upload from 127\.0\.0\.1:\d+$/) as unknown, error: undefined }]);
  });
});
